import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { readSeed } from '../../src/hub/seed.js';
import type { ApprovalIndexEntry } from '../../src/orchestrator/ports.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { schemaValidator } from '../../src/plan/schemas.js';
import { ICX_PLAN, REPO } from '../support/project.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function setup(store?: (dir: string) => FileStateStore) {
  const stateDir = mkdtempSync(join(tmpdir(), 'cutter-decisions-'));
  dirs.push(stateDir);
  const live = new InMemoryDiscoverer(readSeed(join(REPO, 'examples', 'hub')));
  const files = store ? store(stateDir) : new FileStateStore(stateDir);
  const runner = new OrchestratorRunner({ store: files, reporter: new DryRunReporter(stateDir), discoverer: live });
  const stateFile = (runId: string) => readFileSync(join(stateDir, 'runs', runId, 'state.json'));
  return { stateDir, store: files, runner, stateFile };
}

async function refusalOf(p: Promise<unknown>): Promise<{ code: string; exitCode: number; message: string; details: Record<string, unknown> }> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).not.toBeNull();
  return e as never;
}

describe('OrchestratorRunner: decisions', () => {
  it('an approval bound to what the command saw is refused once the run moved on, and changes nothing', async () => {
    const { runner, stateFile } = setup();
    const a = await runner.cut(ICX_PLAN);
    const seen = { gate: 'SG_1', fingerprint: a.state.fingerprint!, bound: 'seen' as const };
    await runner.resume(a.state.runId, { approval: { id: 'KB-7001', ...seen } });
    const before = stateFile(a.state.runId);
    const late = await refusalOf(runner.resume(a.state.runId, { approval: { id: 'KB-7002', ...seen } }));
    expect(late).toMatchObject({ code: 'run_moved_on', exitCode: 4 });
    expect(late.message).toContain('it now waits at SG_2');
    expect(stateFile(a.state.runId)).toEqual(before);
  });

  it('abort ends a paused run ABORTED, frees its document and journals why; an ended run cannot be aborted', async () => {
    const { runner, store } = setup();
    const a = await runner.cut(ICX_PLAN);
    const aborted = await runner.abort(a.state.runId, { reason: 'superseded' });
    expect(aborted.state).toMatchObject({ status: 'ABORTED', gate: null, error: { code: 'aborted', message: 'aborted: superseded' } });
    expect(await store.activeRun({ source: 'embedded', document: 'KB-6839' })).toBeNull();
    expect((await store.readEvents(a.state.runId)).at(-1)).toMatchObject({ type: 'run_aborted', reason: 'superseded', from: { status: 'PAUSED', gate: 'SG_1' } });
    expect(await refusalOf(runner.abort(a.state.runId))).toMatchObject({ code: 'run_ended' });
    const valid = schemaValidator('run-state.schema.json');
    expect(valid(aborted.state), JSON.stringify(valid.errors)).toBe(true);
    expect((await runner.cut(ICX_PLAN)).state.status).toBe('PAUSED');
  });

  it('a rejection uses its id up in the store-wide index, like an approval', async () => {
    const { runner, store } = setup();
    const a = await runner.cut(ICX_PLAN);
    const rejected = await runner.reject(a.state.runId, { id: 'KB-7003' }, { reason: 'no' });
    expect(rejected.state.status).toBe('REJECTED');
    const valid = schemaValidator('run-state.schema.json');
    expect(valid(rejected.state), JSON.stringify(valid.errors)).toBe(true);
    expect(await store.findApproval('KB-7003')).toMatchObject({ runId: a.state.runId, gate: 'SG_1', decision: 'rejected' });
    const b = await runner.cut(ICX_PLAN);
    expect(await refusalOf(runner.resume(b.state.runId, { approval: { id: 'KB-7003' } }))).toMatchObject({
      code: 'approval_reused', details: { runId: a.state.runId },
    });
  });

  it('a pinned approval already used is refused before a run is created', async () => {
    const { runner, store } = setup();
    const a = await runner.cut(ICX_PLAN);
    await runner.resume(a.state.runId, { approval: { id: 'KB-7001' } });
    await runner.abort(a.state.runId);
    const fingerprint = (await runner.preview(ICX_PLAN)).fingerprint;
    const e = await refusalOf(runner.cut({ ...ICX_PLAN, approvals: { SG_1: { id: 'KB-7001', fingerprint } } }));
    expect(e).toMatchObject({ code: 'approval_reused', details: { runId: a.state.runId, gate: 'SG_1' } });
    expect((await store.list()).runs).toHaveLength(1);
  });

  it('a pinned approval another process used between the check and the gate leaves the run waiting, with a note', async () => {
    // The race: apply checked the index, then another run used the id before this run reached SG_1.
    class Racing extends FileStateStore {
      override async findApproval(): Promise<ApprovalIndexEntry | null> { return null; }
    }
    const { runner, store } = setup((dir) => new Racing(dir));
    const fingerprint = (await runner.preview(ICX_PLAN)).fingerprint;
    const other = await runner.cut({ ...ICX_PLAN, document: 'KB-6839', source: 'elsewhere' });
    await store.recordDecision({ ...other.state, status: 'RUNNING' }, { runId: other.state.runId, gate: 'SG_1', id: 'KB-7001', fingerprint: other.state.fingerprint!, decision: 'approved', via: 'cli', at: other.state.createdAt });
    const pinned = await runner.cut({ ...ICX_PLAN, approvals: { SG_1: { id: 'KB-7001', fingerprint } } });
    expect(pinned.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1', approvals: [] });
    expect(pinned.view!.notes.join(' ')).toContain(`the plan pins approval KB-7001 for SG_1, but approval KB-7001 was already used: approved at SG_1 of run ${other.state.runId}; it was not used`);
  });

  it('waits up to lockWaitMs for another process to let go of a run', async () => {
    const { stateDir, runner, store } = setup();
    const a = await runner.cut(ICX_PLAN);
    const held = await store.lock(a.state.runId);
    const patient = new OrchestratorRunner({
      store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir),
      discoverer: new InMemoryDiscoverer(readSeed(join(REPO, 'examples', 'hub'))), lockWaitMs: 10_000,
    });
    expect(await refusalOf(runner.abort(a.state.runId))).toMatchObject({ code: 'lock_held' });
    setTimeout(() => { void held.release(); }, 200);
    expect((await patient.abort(a.state.runId)).state.status).toBe('ABORTED');
  });
});
