import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutterError } from '../../src/errors.js';
import { scrub } from '../../src/hub/database-errors.js';
import { openSource } from '../../src/hub/open-source.js';
import { openPostgresHub } from '../../src/hub/postgres-hub.js';
import type { Config, PostgresSourceConfig } from '../../src/plan/config.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { pgServer, type TestDatabase } from '../support/pg.js';

const SECRET = 'hunter2-Zq9';
const server = await pgServer();

function source(overrides: Partial<PostgresSourceConfig> = {}): PostgresSourceConfig {
  return { kind: 'postgres', urlEnv: 'CUTTER_DATABASE_URL', statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, queries: {}, writeUrlEnv: null, lockTimeoutMs: 5_000, writes: {}, ...overrides };
}

/** The error, after checking the password is nowhere in it: message, hint, details, cause, stack. */
async function failure(p: Promise<unknown>): Promise<CutterError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(CutterError);
  const everything = [inspect(e, { depth: 20, showHidden: true }), JSON.stringify(e), String((e as Error).stack)].join('\n');
  expect(everything).not.toContain(SECRET);
  return e as CutterError;
}

async function selectThrough(url: string, overrides: Partial<PostgresSourceConfig> = {}, sql = 'SELECT 1 AS one'): Promise<unknown> {
  const hub = await openPostgresHub('hub', source(overrides), { CUTTER_DATABASE_URL: url });
  try {
    return await hub.select(sql, {});
  } finally {
    await hub.close();
  }
}

describe('scrub', () => {
  it('hides a password written into a URL and any listed secret', () => {
    expect(scrub(`connect postgres://me:${SECRET}@db:5432/hub failed; ${SECRET}`, [SECRET]))
      .toBe('connect postgres://me:***@db:5432/hub failed; ***');
  });
});

describe('connection settings', () => {
  it('refuses a URL that does not parse without echoing it', async () => {
    const e = await failure(openPostgresHub('hub', source(), { CUTTER_DATABASE_URL: `postgres://me:${SECRET}@[::1` }));
    expect(e).toMatchObject({ code: 'source_url_invalid', message: 'source "hub": $CUTTER_DATABASE_URL is not a valid URL' });
  });

  it('refuses a URL of another scheme', async () => {
    const e = await failure(openPostgresHub('hub', source(), { CUTTER_DATABASE_URL: `mysql://me:${SECRET}@db/hub` }));
    expect(e.code).toBe('source_url_invalid');
  });

  it('names the variable to set when there is no connection at all', async () => {
    const e = await failure(openPostgresHub('hub', source({ urlEnv: 'HUB_URL' }), {}));
    expect(e).toMatchObject({ code: 'source_url_missing', hint: expect.stringContaining('export HUB_URL=postgres://') });
  });
});

describe.skipIf(!server)('errors from a real server say what to check, keep the SQLSTATE, never show the password', () => {
  const base = new URL(process.env['CUTTER_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test');
  const url = (change: (u: URL) => void): string => {
    const u = new URL(base);
    u.password = SECRET;
    change(u);
    return u.toString();
  };

  it('connection refused', async () => {
    const e = await failure(selectThrough(url((u) => { u.port = '1'; })));
    expect(e).toMatchObject({ code: 'hub_connection_refused', exitCode: 1 });
    expect(e.message).toBe(`source "hub": cannot connect to postgres://${base.username}@${base.hostname}:1${base.pathname}: connection refused`);
    expect(e.hint).toContain('$CUTTER_DATABASE_URL');
  });

  it('unknown database', async () => {
    const e = await failure(selectThrough(url((u) => { u.pathname = '/cutter_no_such_db'; })));
    expect(e).toMatchObject({ code: 'hub_unknown_database', details: { sqlstate: '3D000' } });
    expect(e.message).toContain('database "cutter_no_such_db" does not exist (SQLSTATE 3D000)');
  });

  it('authentication failed (a role the server does not know)', async () => {
    const e = await failure(selectThrough(url((u) => { u.username = 'cutter_no_such_role'; })));
    expect(e).toMatchObject({ code: 'hub_auth_failed', details: { sqlstate: '28000' } });
    expect(e.hint).toMatch(/user name and password/);
  });

  it('statement timeout, set for every statement from the source configuration', async () => {
    const e = await failure(selectThrough(url(() => {}), { statementTimeoutMs: 50 }, 'SELECT pg_sleep(5) AS slept'));
    expect(e).toMatchObject({ code: 'hub_statement_timeout', details: { sqlstate: '57014' } });
    expect(e.hint).toContain('statementTimeoutMs');
  });

  it('missing table, with the server position of the name', async () => {
    const e = await failure(selectThrough(url(() => {}), {}, 'SELECT id FROM kb_no_such_table'));
    expect(e).toMatchObject({ code: 'hub_missing_table', details: { sqlstate: '42P01', position: 16 } });
    expect(e.message).toBe('source "hub": relation "kb_no_such_table" does not exist (SQLSTATE 42P01)');
  });

  it('falls back to the PG* variables when the URL variable is unset, and describes them without the password', async () => {
    const hub = await openPostgresHub('hub', source(), {
      PGHOST: base.hostname, PGPORT: base.port || '5432', PGUSER: base.username, PGDATABASE: base.pathname.slice(1), PGPASSWORD: SECRET,
    });
    try {
      expect(await hub.select('SELECT current_database() AS db', {})).toEqual([{ db: base.pathname.slice(1) }]);
      expect(hub.description).toBe(`postgres://${base.username}@${base.hostname}:${base.port || '5432'}${base.pathname}`);
      expect(hub.context.from).toBe('the PG* variables');
    } finally {
      await hub.close();
    }
  });
});

describe('connect timeout', () => {
  // Not a database: a socket that accepts and never answers, as a hung network path does.
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((s) => sockets.push(s)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });

  it('gives up after connectTimeoutMs and says so', async () => {
    const port = (silent.address() as { port: number }).port;
    const e = await failure(selectThrough(`postgres://me:${SECRET}@127.0.0.1:${port}/hub`, { connectTimeoutMs: 200 }));
    expect(e).toMatchObject({ code: 'hub_connect_timeout' });
    expect(e.hint).toContain('connectTimeoutMs');
  });
});

describe.skipIf(!server)('openSource for a postgres source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await server!.createDatabase('open_source');
    await db.admin.query(readFileSync(join(SCHEMAS_DIR, 'hub.sql'), 'utf8'));
    await db.admin.query("INSERT INTO kb_documents (id, title, body, revision) VALUES ('KB-1', 'One', 'Điều 1. Body', 2)");
  });
  afterAll(async () => db?.drop());

  const config = (queries: PostgresSourceConfig['queries'] = {}): Config => ({
    file: null, root: '/', stateDir: '/tmp', state: { kind: 'files', dir: '/tmp' }, execution: { enabled: false, enabledBy: [] }, approvals: { pattern: /^KB-[0-9]+$/u },
    sources: { hub: source({ urlEnv: 'HUB_URL', queries }) },
  });

  it('opens a read-only discoverer on the configured connection', async () => {
    const opened = await openSource(config(), 'hub', { env: { HUB_URL: db.url } });
    try {
      expect(opened).toMatchObject({ kind: 'postgres', liveExecutor: undefined });
      expect(await opened.discoverer.readDocument('KB-1')).toMatchObject({ id: 'KB-1', revision: 2, status: 'published' });
    } finally {
      await opened.close();
    }
  });

  it('refuses at start-up a source whose queries lack columns, naming them', async () => {
    const e = await failure(openSource(config({ document: 'SELECT id, title FROM kb_documents WHERE id = :id' }), 'hub', { env: { HUB_URL: db.url } }));
    expect(e).toMatchObject({ code: 'source_queries_invalid' });
    expect(e.message).toContain('the document query does not return the columns body, revision, status');
  });

  it('refuses at start-up a source whose query writes (exit 4)', async () => {
    const e = await failure(openSource(config({ units: 'DELETE FROM kb_information_units' }), 'hub', { env: { HUB_URL: db.url } }));
    expect(e).toMatchObject({ code: 'source_queries_invalid', exitCode: 4 });
  });
});
