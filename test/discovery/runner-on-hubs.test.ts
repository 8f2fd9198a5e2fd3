import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { digestOf } from '../../src/discovery/discoverer.js';
import { DEFAULT_QUERIES, LiveReadOnlyDiscoverer } from '../../src/discovery/live-read-only-discoverer.js';
import { readSeed } from '../../src/hub/seed.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import type { Plan } from '../../src/plan/plan.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { describeEachEngine, type TestHub } from '../support/hubs.js';
import { REPO } from '../support/project.js';

const PLAN: Plan = {
  version: 1, document: 'KB-6839', prefix: 'ICX-CONST', mode: 'dryrun', source: 'hub',
  cut: { profile: 'vn-legal', unit: 'clause' }, policy: { maxUnits: 5000, maxRetireRatio: 0.2 }, approvals: {},
};

const dirs: string[] = [];
afterAll(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function runnerOn(discoverer: LiveReadOnlyDiscoverer | InMemoryDiscoverer): OrchestratorRunner {
  const stateDir = mkdtempSync(join(tmpdir(), 'cutter-runner-hub-'));
  dirs.push(stateDir);
  // A fixed clock and run id: the runs on each engine must be comparable to the in-memory one.
  return new OrchestratorRunner({
    store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir), discoverer,
    now: () => new Date('2026-01-01T00:00:00Z'), newRunId: () => 'run-1',
  });
}

/**
 * The governed flow with discovery reading a real database, on each engine: the run must see
 * exactly what it sees from the same facts held in memory (same fingerprints, same changeset),
 * reach CLOSEOUT_REPORTED in dry run, and leave the hub untouched.
 */
await describeEachEngine('the runner over a database hub', (engine) => {
  let hub: TestHub;
  const unitsDigest = async (): Promise<unknown> =>
    (await hub.admin("SELECT md5(string_agg(u::text, '|' ORDER BY iu_id)) AS h FROM kb_information_units u"))[0]!['h'];

  beforeAll(async () => {
    hub = await engine.open('runner');
  });
  afterAll(async () => hub?.close());

  it('pauses at SG_1 and SG_2 with the same fingerprints as in memory, closes out, writes nothing', async () => {
    const before = await unitsDigest();
    const memory = runnerOn(new InMemoryDiscoverer(readSeed(join(REPO, 'examples', 'hub'))));
    const database = runnerOn(new LiveReadOnlyDiscoverer(hub.select));

    const expected = await memory.cut(PLAN);
    const first = await database.cut(PLAN);
    expect(first.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(first.state.fingerprint).toBe(expected.state.fingerprint);
    expect(first.view!.changeset.summary).toEqual(expected.view!.changeset.summary);

    const expected2 = await memory.resume('run-1', { approval: { id: 'KB-7001' } });
    const second = await database.resume('run-1', { approval: { id: 'KB-7001' } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(second.state.fingerprint).toBe(expected2.state.fingerprint);

    const third = await database.resume('run-1', { approval: { id: 'KB-7002' } });
    expect(third.state.status).toBe('CLOSEOUT_REPORTED');
    expect(third.closeout!.report.verification.passed).toBe(true);
    expect(await unitsDigest()).toBe(before);
  });

  it('a document changed in the database after SG_1 makes the run STALE', async () => {
    const runner = runnerOn(new LiveReadOnlyDiscoverer(hub.select));
    const { state } = await runner.cut(PLAN);
    await hub.admin("UPDATE kb_documents SET revision = revision + 1, body = body || E'\\n' WHERE id = 'KB-6839'");
    const resumed = await runner.resume(state.runId, { approval: { id: 'KB-7001' } });
    expect(resumed.state.status).toBe('STALE');
  });

  // A server's hash of the same text can differ from ours: a bpchar body reaches the client with
  // its trailing spaces and the server's sha256 without them. That is no drift: the text is read
  // and hashed here before a run is called STALE.
  it("a document whose server-side hash differs from ours for the same text is not drift", async () => {
    const padded = { ...DEFAULT_QUERIES, document: "SELECT id, title, CAST(body || '  ' AS bpchar) AS body, revision, status FROM kb_documents WHERE id = :id" };
    const live = new LiveReadOnlyDiscoverer(hub.select, padded);
    const document = (await live.readDocument('KB-6839'))!;
    expect((await live.readDocumentDigest('KB-6839'))!.bodySha256).not.toBe(digestOf(document).bodySha256);
    const runner = runnerOn(live);
    const { state } = await runner.cut(PLAN);
    const second = await runner.resume(state.runId, { approval: { id: 'KB-7201' } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    const third = await runner.resume(second.state.runId, { approval: { id: 'KB-7202' } });
    expect(third.state.status).toBe('CLOSEOUT_REPORTED');
  });

  // Rebase and execute read the document's hash, taken by the server, not its text: a change of
  // the text alone (same revision, same units) must still be seen, at either gate.
  it('a document text changed without a new revision makes the run STALE at rebase, and at execute', async () => {
    for (const gate of ['SG_1', 'SG_2'] as const) {
      const runner = runnerOn(new LiveReadOnlyDiscoverer(hub.select));
      const { state } = await runner.cut(PLAN);
      let runId = state.runId;
      if (gate === 'SG_2') {
        const second = await runner.resume(runId, { approval: { id: 'KB-7101' } });
        expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
        runId = second.state.runId;
      }
      await hub.admin("UPDATE kb_documents SET body = body || ' ' WHERE id = 'KB-6839'");
      const resumed = await runner.resume(runId, { approval: { id: gate === 'SG_1' ? 'KB-7102' : 'KB-7103' } });
      expect(resumed.state).toMatchObject({ status: 'STALE', phase: gate === 'SG_1' ? 'rebase' : 'execute' });
      expect(resumed.stale!.drift).toContain('document text changed');
    }
  });
});
