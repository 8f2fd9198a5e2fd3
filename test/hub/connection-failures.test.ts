import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutterError } from '../../src/errors.js';
import { isConnectionError } from '../../src/hub/database-errors.js';
import { openSource } from '../../src/hub/open-source.js';
import type { Config } from '../../src/plan/config.js';
import { PG_ADMIN_URL, pgServer, REQUIRE_PG } from '../support/pg.js';

/** What plan and apply open: the source a plan names, with its queries checked on first contact. */
function configWith(): Config {
  return {
    file: null, root: '/', stateDir: '/tmp', state: { kind: 'files', dir: '/tmp' }, execution: { enabled: false, enabledBy: [] }, approvals: { pattern: /^KB-\d+$/u },
    sources: { hub: { kind: 'postgres', urlEnv: 'HUB_URL', statementTimeoutMs: 5_000, connectTimeoutMs: 3_000, queries: {}, writeUrlEnv: null, lockTimeoutMs: 5_000, writes: {} } },
  };
}

async function openFailure(url: string): Promise<CutterError> {
  const e = await openSource(configWith(), 'hub', { env: { HUB_URL: url } }).then(async (s) => { await s.close(); return null; }, (x: unknown) => x);
  expect(e).toBeInstanceOf(CutterError);
  return e as CutterError;
}

const server = await pgServer();

// A server without TLS answers a client's SSLRequest with a single 'N', as PostgreSQL with ssl=off does.
const noTls = createServer((socket: Socket) => {
  socket.once('data', () => socket.write('N'));
  socket.on('error', () => {});
});

beforeAll(async () => {
  noTls.listen(0, '127.0.0.1');
  await once(noTls, 'listening');
});
afterAll(() => { noTls.close(); });

describe('connection failures in plan and apply are named as connection failures, as doctor names them', () => {
  it('sslmode=require against a server without TLS is hub_tls_refused, not a query problem', async () => {
    const { port } = noTls.address() as AddressInfo;
    const e = await openFailure(`postgres://me@127.0.0.1:${port}/hub?sslmode=require`);
    expect(e.code).toBe('hub_tls_refused');
    expect(isConnectionError(e)).toBe(true);
    expect(e.message).toContain('the server does not offer it');
    expect(e.hint).toContain('sslmode');
  });

  it('a certificate file named in the URL that is not there is hub_connection_options_invalid', async () => {
    const { port } = noTls.address() as AddressInfo;
    const e = await openFailure(`postgres://me@127.0.0.1:${port}/hub?sslmode=verify-full&sslcert=/nonexistent/client.crt&sslkey=/nonexistent/client.key`);
    expect(e.code).toBe('hub_connection_options_invalid');
    expect(e.message).toContain('/nonexistent/client.');
  });

  it.skipIf(server === null && !REQUIRE_PG)('a setting in options= that the server refuses is hub_connection_options_invalid', async () => {
    const url = new URL(PG_ADMIN_URL);
    for (const option of ['-c statement_timeout=abc', '-c no_such_setting=1']) {
      url.searchParams.set('options', option);
      const e = await openFailure(url.toString());
      expect(e.code, option).toBe('hub_connection_options_invalid');
      expect(e.hint, option).toBe('check the options= part of $HUB_URL');
      expect(isConnectionError(e), option).toBe(true);
    }
  });
});
