import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutterError } from '../../src/errors.js';
import type { ApprovalIndexEntry } from '../../src/orchestrator/ports.js';
import type { RunState } from '../../src/orchestrator/run-state.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { importRuns } from '../../src/state/import-runs.js';
import { openPostgresStateStore } from '../../src/state/open-state-store.js';
import type { PostgresStateStore } from '../../src/state/postgres/postgres-state-store.js';
import { LATEST_VERSION } from '../../src/state/postgres/migrations.js';
import { pgServer, type TestDatabase } from '../support/pg.js';
import { ICX_PLAN, REPO } from '../support/project.js';
import { describeStoreContract, type StoreHarness } from './store-contract.js';

const server = await pgServer();

/** The contract's storage: a schema of its own in one database made for this file. */
let contractDb: Promise<TestDatabase> | undefined;
let contractSchemas = 0;
async function postgresHarness(): Promise<StoreHarness> {
  const db = await (contractDb ??= server!.createDatabase('pg_contract'));
  const schema = `contract_${++contractSchemas}`;
  return {
    open: () => openPostgresStateStore({ kind: 'postgres', urlEnv: 'STATE_URL', schema, connectTimeoutMs: 5_000 }, { env: { STATE_URL: db.url } }),
    corrupt: async (runId) => void (await db.admin.query(`UPDATE ${schema}.runs SET state = '{"formatVersion": 1}' WHERE run_id = $1`, [runId])),
    cleanup: async () => void (await db.admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
  };
}

if (server) {
  describeStoreContract('PostgresStateStore', postgresHarness);
  afterAll(async () => (await contractDb)?.drop());
}

function run(runId: string, patch: Partial<RunState> = {}): RunState {
  return {
    formatVersion: 1, runId, createdAt: '2026-12-07T05:00:00.000Z', updatedAt: '2026-12-07T05:00:00.000Z', toolVersion: '0.1.0',
    plan: ICX_PLAN, planFile: 'plans/icx.yaml', status: 'RUNNING', phase: 'preflight', gate: null, fingerprint: null,
    completed: [], approvals: [], error: null, startedBy: { user: 'alice', host: 'laptop' }, ...patch,
  };
}

function entry(id: string, runId: string): ApprovalIndexEntry {
  return { id, runId, gate: 'SG_1', fingerprint: `sha256:${'a'.repeat(64)}`, decision: 'approved', via: 'cli', at: '2026-12-07T05:01:00.000Z' };
}

async function failure(p: Promise<unknown>): Promise<CutterError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(CutterError);
  return e as CutterError;
}

describe.skipIf(!server)('PostgresStateStore on a real server', () => {
  let db: TestDatabase;
  const opened: PostgresStateStore[] = [];
  let schemaCount = 0;
  /** A store on its own schema, so each test starts from nothing. */
  const open = async (schema = `s${++schemaCount}`): Promise<PostgresStateStore> => {
    const store = await openPostgresStateStore(
      { kind: 'postgres', urlEnv: 'STATE_URL', schema, connectTimeoutMs: 5_000 },
      { env: { STATE_URL: db.url }, applicationName: 'cutter test' },
    );
    opened.push(store);
    return store;
  };

  beforeAll(async () => { db = await server!.createDatabase('pg_state'); });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await db?.drop();
  });

  it('reads an empty database without creating anything, and creates its tables on the first write', async () => {
    const store = await open('fresh');
    expect(await store.list()).toEqual({ runs: [], broken: [] });
    expect(await store.load('r1')).toBeNull();
    const before = await db.admin.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'fresh'");
    expect(before.rowCount).toBe(0);

    await store.create(run('r1'));
    const versions = await db.admin.query<{ version: number }>('SELECT version FROM fresh.schema_version ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual([LATEST_VERSION]);
    expect(await store.load('r1')).toEqual(run('r1'));
    expect(store.description).toMatch(/^the PostgreSQL state store postgres:\/\/postgres@127\.0\.0\.1:5432\/cutter_test_pg_state_\w+ \(schema fresh\)$/u);
  });

  it('migrates once when many stores start at the same moment', async () => {
    const stores = await Promise.all(Array.from({ length: 6 }, () => open('race')));
    const reports = await Promise.all(stores.map((s) => s.migrate()));
    expect(reports.filter((r) => r.applied.length > 0)).toHaveLength(1);
    expect(reports.every((r) => r.to === LATEST_VERSION)).toBe(true);
  });

  it('refuses a schema made by a newer cutter, reading and writing nothing', async () => {
    const store = await open('newer');
    await store.migrate();
    await db.admin.query("INSERT INTO newer.schema_version (version, description, tool_version) VALUES (99, 'from the future', '9.0.0')");
    const later = await open('newer');
    for (const attempt of [later.list(), later.create(run('x')), later.load('x')]) {
      const e = await failure(attempt);
      expect(e.code).toBe('state_schema_newer');
      expect(e.exitCode).toBe(1);
      expect(e.message).toContain('schema version 99, made by a newer cutter');
      expect(e.message).toContain('(schema newer)');
      expect(e.hint).toMatch(/upgrade cutter/u);
    }
    expect((await db.admin.query('SELECT 1 FROM newer.runs')).rowCount).toBe(0);
  });

  it('saves, lists oldest first, and refuses a second run with the same id', async () => {
    const store = await open();
    await store.create(run('b', { createdAt: '2026-12-07T06:00:00.000Z', plan: { ...ICX_PLAN, document: 'KB-2' } }));
    await store.create(run('a', { plan: { ...ICX_PLAN, document: 'KB-1' } }));
    expect((await failure(store.create(run('a', { plan: { ...ICX_PLAN, document: 'KB-9' } })))).code).toBe('run_exists');
    const paused = run('a', { plan: { ...ICX_PLAN, document: 'KB-1' }, status: 'PAUSED', gate: 'SG_1', phase: 'rebase', fingerprint: `sha256:${'b'.repeat(64)}` });
    await store.save(paused);
    const { runs } = await store.list();
    expect(runs.map((r) => r.runId)).toEqual(['a', 'b']);
    expect(runs[0]).toEqual(paused);
    expect((await failure(store.save(run('nobody')))).code).toBe('run_not_found');
  });

  it('lets exactly one of 8 concurrent creates hold a document, and the 7 others name it', async () => {
    const first = await open();
    await first.migrate();
    const stores = [first, ...(await Promise.all(Array.from({ length: 7 }, () => open(`s${schemaCount}`))))];
    const results = await Promise.allSettled(stores.map((s, i) => s.create(run(`race-${i}`))));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`race-${i}`] : []));
    expect(won).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as CutterError] : []));
    expect(refusals).toHaveLength(7);
    for (const e of refusals) {
      expect(e).toMatchObject({ code: 'run_active', exitCode: 4 });
      expect(e.details).toMatchObject({ runId: won[0], status: 'RUNNING', source: 'embedded', document: 'KB-6839' });
      expect(e.message).toContain(`already has an active run: ${won[0]} (RUNNING in phase preflight)`);
      expect(e.hint).toContain(`cutter abort ${won[0]}`);
    }
    // The refused runs left nothing behind.
    expect((await first.list()).runs.map((r) => r.runId)).toEqual(won);
    expect((await first.activeRun({ source: 'embedded', document: 'KB-6839' }))?.runId).toBe(won[0]);
    expect(await first.activeRun({ source: 'other', document: 'KB-6839' })).toBeNull();
  });

  it('frees a document when its run ends, and refuses a retried run whose document another run took meanwhile', async () => {
    const store = await open();
    await store.create(run('one'));
    await store.save(run('one', { status: 'FAILED', error: { code: 'x', message: 'x', refusal: false } }));
    expect(await store.activeRun({ source: 'embedded', document: 'KB-6839' })).toBeNull();
    await store.create(run('two', { status: 'PAUSED', gate: 'SG_1', phase: 'rebase' }));
    const e = await failure(store.save(run('one')));
    expect(e).toMatchObject({ code: 'run_active', exitCode: 4, details: { runId: 'two', gate: 'SG_1' } });
    expect(e.message).toContain('paused at SG_1');
    expect((await store.load('one'))?.status).toBe('FAILED');
    await store.save(run('two', { status: 'ABORTED' }));
    await store.save(run('one'));
    expect((await store.activeRun({ source: 'embedded', document: 'KB-6839' }))?.runId).toBe('one');
  });

  it('records an approval id once in the whole store: of 8 concurrent decisions one wins, and the state moves with it', async () => {
    const first = await open();
    await first.create(run('r', { plan: { ...ICX_PLAN, document: 'KB-1' } }));
    await first.create(run('s', { plan: { ...ICX_PLAN, document: 'KB-2' } }));
    const stores = [first, ...(await Promise.all(Array.from({ length: 7 }, () => open(`s${schemaCount}`))))];
    const results = await Promise.allSettled(stores.map((s, i) => {
      const runId = i % 2 === 0 ? 'r' : 's';
      const state = run(runId, { plan: { ...ICX_PLAN, document: i % 2 === 0 ? 'KB-1' : 'KB-2' }, phase: 'rebase', updatedAt: `2026-12-07T05:0${i}:00.000Z` });
      return s.recordDecision(state, entry('KB-7001', runId));
    }));
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = won % 2 === 0 ? 'r' : 's';
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toMatchObject({ code: 'approval_reused', exitCode: 4, details: { runId: winner, gate: 'SG_1', approval: 'KB-7001' } });
      }
    }
    expect(await first.findApproval('KB-7001')).toEqual(entry('KB-7001', winner));
    expect(await first.findApproval('KB-7002')).toBeNull();
    expect((await first.load(winner))?.updatedAt).toBe(`2026-12-07T05:0${won}:00.000Z`);
    // The losers' states were not written: the decision and the save are one step.
    const loser = winner === 'r' ? 's' : 'r';
    expect((await first.load(loser))?.phase).toBe('preflight');
  });

  it('keeps artifacts compactly and the journal in order; both refuse an unknown run', async () => {
    const store = await open();
    await store.create(run('r'));
    // Not a phase result's name: those are checked against their schema when read (issue 10).
    const big = { units: Array.from({ length: 2_000 }, (_, i) => ({ id: `U-${i}`, body: 'Điều 1. '.repeat(20) })) };
    await store.writeArtifact('r', 'journal/bulk', big);
    await store.writeArtifact('r', 'journal/bulk', { ...big, again: true });
    expect(await store.readArtifact('r', 'journal/bulk')).toEqual({ ...big, again: true });
    expect(await store.readArtifact('r', 'phases/05-identify')).toBeNull();
    const stored = await db.admin.query<{ n: number }>(`SELECT octet_length(body) AS n FROM s${schemaCount}.artifacts`);
    expect(stored.rows[0]!.n).toBeLessThan(JSON.stringify(big).length / 10);

    for (let i = 0; i < 5; i += 1) await store.appendEvent('r', { at: `t${i}`, type: 'phase_started', phase: i, z: 1, a: 2 });
    const events = await store.readEvents('r');
    expect(events.map((e) => e['phase'])).toEqual([0, 1, 2, 3, 4]);
    expect(Object.keys(events[0]!)).toEqual(['at', 'type', 'phase', 'z', 'a']);
    expect((await failure(store.appendEvent('ghost', { at: 't', type: 'x' }))).code).toBe('run_not_found');
    expect((await failure(store.writeArtifact('ghost', 'x', 1))).code).toBe('run_not_found');
  });

  it('names a run whose stored state is damaged instead of failing the list', async () => {
    const store = await open();
    await store.create(run('good', { plan: { ...ICX_PLAN, document: 'KB-1' } }));
    await store.create(run('bad', { plan: { ...ICX_PLAN, document: 'KB-2' } }));
    await db.admin.query(`UPDATE s${schemaCount}.runs SET state = '{"formatVersion": 7}' WHERE run_id = 'bad'`);
    const { runs, broken } = await store.list();
    expect(runs.map((r) => r.runId)).toEqual(['good']);
    expect(broken).toEqual([{ runId: 'bad', problem: expect.stringContaining('run bad: run state format 7') }]);
  });

  it('locks a run for one holder, waits up to waitMs, and names the holder when it gives up', async () => {
    const a = await open();
    const b = await open(`s${schemaCount}`);
    await a.create(run('r'));
    const held = await a.lock('r');
    const e = await failure(b.lock('r'));
    expect(e).toMatchObject({ code: 'lock_held', exitCode: 4 });
    expect(e.message).toMatch(/^run r is in use by cutter test \(server process \d+/u);
    const waiting = b.lock('r', { waitMs: 10_000 });
    setTimeout(() => void held.release(), 200);
    const second = await waiting;
    await second.release();
    await second.release();
    (await a.lock('r')).release();
    expect((await failure(a.lock('ghost'))).code).toBe('run_not_found');
  });

  it('lets go of the lock by itself when the process holding it is killed', async () => {
    const store = await open();
    const schema = `s${schemaCount}`;
    await store.create(run('r'));
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      const { openPostgresStateStore } = await import(${JSON.stringify(join(REPO, 'dist', 'state', 'open-state-store.js'))});
      const store = await openPostgresStateStore({ kind: 'postgres', urlEnv: 'STATE_URL', schema: ${JSON.stringify(schema)}, connectTimeoutMs: 5000 }, { env: process.env });
      await store.lock('r');
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000);
    `], { env: { ...process.env, STATE_URL: db.url }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => { if (d.toString().includes('locked')) resolve(); });
      holder.on('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
    });
    expect((await failure(store.lock('r'))).code).toBe('lock_held');
    holder.kill('SIGKILL');
    // No unlock by hand: the server ends the dead client's session and its lock with it.
    const lock = await store.lock('r', { waitMs: 10_000 });
    await lock.release();
  });

  it('imports local runs once each, refusing one whose document a shared run holds, and one that reuses an approval', async () => {
    const store = await open();
    const dir = mkdtempSync(join(tmpdir(), 'cutter-import-'));
    try {
      const files = new FileStateStore(dir);
      const closed = run('local-closed', { status: 'CLOSEOUT_REPORTED', phase: 'closeout', plan: { ...ICX_PLAN, document: 'KB-1' },
        approvals: [{ gate: 'SG_1', id: 'KB-7001', fingerprint: `sha256:${'a'.repeat(64)}`, decision: 'approved', via: 'cli', at: '2026-12-07T05:01:00.000Z' }] });
      await files.create(closed);
      await files.writeArtifact('local-closed', 'journal/notes', { units: [1, 2, 3] });
      await files.appendEvent('local-closed', { at: 't', type: 'run_created' });
      await files.create(run('local-active', { status: 'PAUSED', gate: 'SG_1', phase: 'rebase', fingerprint: `sha256:${'b'.repeat(64)}` }));
      await files.create(run('local-replay', { status: 'REJECTED', plan: { ...ICX_PLAN, document: 'KB-2' },
        approvals: [{ gate: 'SG_1', id: 'KB-7001', fingerprint: `sha256:${'c'.repeat(64)}`, decision: 'rejected', via: 'cli', at: '2026-12-07T05:01:00.000Z' }], error: { code: 'rejected', message: 'SG_1 was rejected by KB-7001', refusal: true } }));
      await store.create(run('shared-active'));

      const report = await importRuns(dir, store);
      expect(report.imported).toEqual(['local-closed']);
      expect(report.present).toEqual([]);
      expect(report.refused.map((r) => [r.runId, r.code])).toEqual([['local-active', 'run_active'], ['local-replay', 'approval_reused']]);
      expect(await store.readArtifact('local-closed', 'journal/notes')).toEqual({ units: [1, 2, 3] });
      expect(await store.readEvents('local-closed')).toEqual([{ at: 't', type: 'run_created' }]);
      expect(await store.findApproval('KB-7001')).toMatchObject({ runId: 'local-closed' });
      // A refused run left nothing behind, and a second import changes nothing.
      expect(await store.load('local-replay')).toBeNull();
      expect((await importRuns(dir, store)).present).toEqual(['local-closed']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which store it cannot reach, with a hint, and never prints the password', async () => {
    const store = await openPostgresStateStore(
      { kind: 'postgres', urlEnv: 'STATE_URL', schema: 'cutter', connectTimeoutMs: 2_000 },
      { env: { STATE_URL: 'postgres://alice:s3cret-pw@127.0.0.1:1/state' } },
    );
    try {
      const e = await failure(store.list());
      expect(e).toMatchObject({ code: 'state_connection_refused', exitCode: 1 });
      expect(e.message).toBe('the PostgreSQL state store postgres://alice@127.0.0.1:1/state (schema cutter): cannot connect to the database: connection refused');
      expect(e.hint).toContain('$STATE_URL');
      expect(JSON.stringify({ m: e.message, h: e.hint, d: e.details })).not.toContain('s3cret-pw');
    } finally {
      await store.close();
    }
    // The server trusts loopback, so a wrong password passes; a role it does not know is the
    // credentials failure it can show (28000), with a password in the URL that must not leak.
    const wrong = new URL(db.url);
    wrong.username = 'cutter_no_such_role';
    wrong.password = 's3cret-pw';
    const stranger = await openPostgresStateStore(
      { kind: 'postgres', urlEnv: 'STATE_URL', schema: 'cutter', connectTimeoutMs: 5_000 }, { env: { STATE_URL: wrong.toString() } },
    );
    try {
      const e = await failure(stranger.create(run('r')));
      expect(e).toMatchObject({ code: 'state_auth_failed', exitCode: 1, details: { sqlstate: '28000' } });
      expect(e.message).toMatch(/^the PostgreSQL state store postgres:\/\/cutter_no_such_role@127\.0\.0\.1:5432\/\w+ \(schema cutter\): authentication failed/u);
      expect(e.hint).toMatch(/user name and password in \$STATE_URL/u);
      expect(JSON.stringify({ m: e.message, h: e.hint, d: e.details, s: e.stack })).not.toContain('s3cret-pw');
    } finally {
      await stranger.close();
    }
    const missing = await failure(openPostgresStateStore({ kind: 'postgres', urlEnv: 'NOT_SET', schema: 'cutter', connectTimeoutMs: 1_000 }, { env: {} }));
    expect(missing).toMatchObject({ code: 'state_url_missing', exitCode: 1 });
    expect(missing.message).toMatch(/^the state store: \$NOT_SET is not set/u);
  });
});
