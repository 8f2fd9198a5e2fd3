import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { pgServer } from '../support/pg.js';
import { cli, LIVE_ENGINES, nextApproval, runIdOf, unitRows, type LiveHub } from '../support/live-hubs.js';

/** apply and the SG_1 approval; returns the run id, paused at SG_2. */
function toSg2(hub: LiveHub): string {
  const applied = cli(hub, ['apply', hub.plan]);
  expect(applied.code, applied.stderr).toBe(3);
  const runId = runIdOf(applied);
  expect(cli(hub, ['resume', runId, '--approval', nextApproval()]).code).toBe(3);
  return runId;
}

const server = await pgServer();
const postgres = LIVE_ENGINES.find((e) => e.name === 'postgres')!;

// What a writer meets on a real server: every failure clear, with its exit code, nothing written,
// and the run retried with cutter resume once the cause is gone.
describe.skipIf(!server)('live execution on a real server: the writer refused', () => {
  let hub: LiveHub;
  beforeAll(async () => {
    hub = await postgres.open({ execution: true, lockTimeoutMs: 300 });
  });
  afterAll(async () => hub?.close());

  it('a missing table, permission denied, a lock timeout: clear errors, nothing written; then it completes', async () => {
    const seeded = await unitRows(hub);
    const runId = toSg2(hub);

    const config = readFileSync(join(hub.project.dir, 'cutter.config.yaml'), 'utf8');
    hub.project.write('cutter.config.yaml', config.replace('    lockTimeoutMs:', [
      '    writes:',
      '      upsertUnit: >-',
      '        INSERT INTO kb_units_gone (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256)',
      '        VALUES (:iu_id, :document_id, :prefix, :path, :ordinal, :heading, :body, :content_sha256)',
      '    lockTimeoutMs:',
    ].join('\n')));
    const missing = cli(hub, ['resume', runId, '--approval', nextApproval()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[hub_missing_table]');
    expect(missing.stderr).toContain('relation "kb_units_gone" does not exist (SQLSTATE 42P01) (in the upsertUnit statement; nothing was written)');
    expect(missing.stderr).toContain('sources.hub.writes.upsertUnit');
    expect(await unitRows(hub)).toEqual(seeded);
    hub.project.write('cutter.config.yaml', config);

    await hub.sql(`REVOKE INSERT ON kb_information_units FROM ${hub.writer!}`);
    const denied = cli(hub, ['resume', runId]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/error\[hub_permission_denied\]: .*permission denied for table kb_information_units \(SQLSTATE 42501\) \(in the upsertUnit statement; nothing was written\)/u);
    expect(denied.stderr).toContain('grant the writer role');
    expect(denied.stderr).not.toMatch(/^\s+at /mu);
    expect(await unitRows(hub)).toEqual(seeded);
    await hub.sql(`GRANT INSERT ON kb_information_units TO ${hub.writer!}`);

    // Another session holds the document row.
    const holder = new pg.Client({ connectionString: hubUrl(hub) });
    await holder.connect();
    try {
      await holder.query("BEGIN; SELECT 1 FROM kb_documents WHERE id = 'KB-6839' FOR UPDATE");
      const locked = cli(hub, ['resume', runId]);
      expect(locked.code).toBe(4);
      expect(locked.stderr).toContain('error[hub_lock_timeout]');
      expect(locked.stderr).toContain('lockTimeoutMs');
      expect(await unitRows(hub)).toEqual(seeded);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }

    const done = cli(hub, ['resume', runId]);
    expect(done.code, done.stderr).toBe(0);
    const after = await unitRows(hub);
    expect(after.journal).toBe(1);
    expect(after.rows).not.toEqual(seeded.rows);
  });
});

/** An unrestricted URL of the hub's database (the writer's URL with the admin user). */
function hubUrl(hub: LiveHub): string {
  const url = new URL(hub.env['HUB_WRITE_URL']!);
  url.username = 'postgres';
  return url.toString();
}
