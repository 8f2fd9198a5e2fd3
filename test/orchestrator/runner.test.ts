import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { LiveDryRunDiscoverer } from '../../src/discovery/live-dry-run-discoverer.js';
import { CutterError } from '../../src/errors.js';
import { readSeed } from '../../src/hub/seed.js';
import { SimulatorExecutor } from '../../src/orchestrator/executor.js';
import { savedGateView } from '../../src/orchestrator/gate-view.js';
import { OrchestratorRunner, type RunnerOptions } from '../../src/orchestrator/runner.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { schemaValidator } from '../../src/plan/schemas.js';
import { ICX_PLAN, REPO } from '../support/project.js';

const PLAN = ICX_PLAN;

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function setup(options: Partial<RunnerOptions> = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'cutter-runner-'));
  dirs.push(stateDir);
  const live = new InMemoryDiscoverer(readSeed(join(REPO, 'examples', 'hub')));
  const make = (extra: Partial<RunnerOptions> = {}) => new OrchestratorRunner({
    store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir), discoverer: live, ...options, ...extra,
  });
  return { stateDir, live, runner: make(), make };
}

async function refusalOf(p: Promise<unknown>): Promise<CutterError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(CutterError);
  return e as CutterError;
}

describe('OrchestratorRunner: the canonical recipe', () => {
  it('cut -> SG_1, resume -> SG_2, resume -> CLOSEOUT_REPORTED, and the live hub is untouched', async () => {
    const { runner, live } = setup();
    const before = await live.readUnits('KB-6839', 'ICX-CONST');

    const first = await runner.cut(PLAN);
    expect(first.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1', phase: 'rebase' });
    expect(first.state.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { summary } = first.view!.changeset;
    expect(summary.add).toBeGreaterThan(0);
    expect(summary.change).toBeGreaterThan(0);
    expect(summary.retire).toBeGreaterThan(0);

    const second = await runner.resume(first.state.runId, { approval: { id: 'KB-7001' } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2', phase: 'execute' });
    expect(second.view!.operations!.length).toBeGreaterThan(0);
    expect(second.state.fingerprint).not.toBe(first.state.fingerprint);

    const third = await runner.resume(first.state.runId, { approval: { id: 'KB-7002' } });
    expect(third.state.status).toBe('CLOSEOUT_REPORTED');
    const report = third.closeout!.report;
    expect(report.verification.passed).toBe(true);
    expect(report.execution.target).toBe('simulator');
    expect(report.execution.applied).toBe(second.view!.operations!.length);
    expect(report.fingerprints).toEqual({ SG_1: first.state.fingerprint, SG_2: second.state.fingerprint });

    expect(await live.readUnits('KB-6839', 'ICX-CONST')).toEqual(before);
    for (const s of [first.state, second.state, third.state]) {
      const valid = schemaValidator('run-state.schema.json');
      expect(valid(s), JSON.stringify(valid.errors)).toBe(true);
    }
  });

  it('refuses to drive a run another process holds (lock_held, exit 4)', async () => {
    const { runner, stateDir } = setup();
    const { state } = await runner.cut(PLAN);
    const held = await new FileStateStore(stateDir).lock(state.runId);
    try {
      const e = await refusalOf(runner.resume(state.runId, { approval: { id: 'KB-1' } }));
      expect(e).toMatchObject({ code: 'lock_held', exitCode: 4 });
    } finally {
      held.release();
    }
    expect((await runner.resume(state.runId, { approval: { id: 'KB-1' } })).state.gate).toBe('SG_2');
  });

  it('the original recipe: a LiveDryRunDiscoverer over a read-only live discoverer', async () => {
    const { live, make } = setup();
    const discoverer = LiveDryRunDiscoverer.fromLive(live, { prefix: 'ICX-CONST' });
    const runner = make({ discoverer });
    const before = await live.readUnits('KB-6839', 'ICX-CONST');
    const a = await runner.cut(PLAN);
    await runner.resume(a.state.runId, { approval: { id: 'KB-7001' } });
    const done = await runner.resume(a.state.runId, { approval: { id: 'KB-7002' } });
    expect(done.state.status).toBe('CLOSEOUT_REPORTED');
    expect(done.closeout!.report.verification.passed).toBe(true);
    // Execution went to the simulator: it now serves the cut units, the live facts are as they were.
    const cutCount = a.view!.changeset.entries.filter((e) => e.kind !== 'retire').length;
    expect((await discoverer.readUnits('KB-6839', 'ICX-CONST')).filter((u) => u.status === 'active')).toHaveLength(cutCount);
    expect(await live.readUnits('KB-6839', 'ICX-CONST')).toEqual(before);
  });

  it('the SG_1 fingerprint is the same for the same inputs and differs for another plan', async () => {
    const a = await setup().runner.preview(PLAN);
    const b = await setup().runner.preview(PLAN);
    const c = await setup().runner.preview({ ...PLAN, policy: { ...PLAN.policy, maxUnits: 4000 } });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('refuses a wrong, reused or mismatched approval and leaves the run as it was', async () => {
    const { runner } = setup();
    const { state } = await runner.cut(PLAN);
    const refused = [
      [{ id: 'nope' }, 'approval_malformed'],
      [{ id: 'KB-1', gate: 'SG_2' }, 'approval_wrong_gate'],
      [{ id: 'KB-1', fingerprint: 'sha256:' + 'f'.repeat(64) }, 'approval_mismatch'],
    ] as const;
    for (const [approval, code] of refused) {
      expect(await refusalOf(runner.resume(state.runId, { approval }))).toMatchObject({ code, exitCode: 4 });
    }
    expect(await runner.status(state.runId)).toEqual(state);
    await runner.resume(state.runId, { approval: { id: 'KB-1' } });
    const reused = await refusalOf(runner.resume(state.runId, { approval: { id: 'KB-1' } }));
    expect(reused.code).toBe('approval_reused');
    expect((await runner.status(state.runId)).gate).toBe('SG_2');
  });

  it('a rejection ends the run REJECTED and it cannot be resumed', async () => {
    const { runner } = setup();
    const { state } = await runner.cut(PLAN);
    const rejected = await runner.resume(state.runId, { reject: { id: 'KB-9' } });
    expect(rejected.state).toMatchObject({ status: 'REJECTED', approvals: [{ gate: 'SG_1', decision: 'rejected', id: 'KB-9' }] });
    expect((await refusalOf(runner.resume(state.runId, { approval: { id: 'KB-10' } }))).exitCode).toBe(4);
  });
});

describe('OrchestratorRunner: gates', () => {
  it('G0 refuses live mode while execution is disabled', async () => {
    const { runner } = setup();
    const { state } = await runner.cut({ ...PLAN, mode: 'live' });
    expect(state).toMatchObject({ status: 'FAILED', gate: 'G0', phase: 'preflight', error: { code: 'execution_disabled', refusal: true } });
    expect(state.completed).toEqual(['preflight']);
  });

  it('G0 refuses live mode when the source has no live executor, even with execution enabled', async () => {
    const { runner } = setup({ executionEnabled: true });
    const { state } = await runner.cut({ ...PLAN, mode: 'live' });
    expect(state).toMatchObject({ status: 'FAILED', gate: 'G0' });
    expect(state.error!.message).toContain('no live executor');
  });

  it('G1 refuses a cut that would retire more than the policy allows', async () => {
    const { runner } = setup();
    const { state } = await runner.cut({ ...PLAN, policy: { maxUnits: 5000, maxRetireRatio: 0 } });
    expect(state).toMatchObject({ status: 'FAILED', gate: 'G1', phase: 'validate', error: { code: 'policy_gate_failed', refusal: true } });
    expect(state.error!.message).toMatch(/would retire/);
  });

  it('a hub that changed after SG_1 makes the run STALE at rebase', async () => {
    const { runner, live, stateDir } = setup();
    const { state } = await runner.cut(PLAN);
    const doc = (await live.readDocument('KB-6839'))!;
    live.putDocument({ ...doc, revision: doc.revision + 1, body: `${doc.body}\nĐiều 26. Mới\n` });
    const after = await runner.resume(state.runId, { approval: { id: 'KB-7001' } });
    expect(after.state).toMatchObject({ status: 'STALE', phase: 'rebase' });
    expect(after.state.error!.message).toContain('revision changed from 7 to 8');
    // The diff of diffs names what the approval no longer covers: the new article.
    expect(after.stale).toMatchObject({ gate: 'SG_1' });
    expect(after.stale!.delta!.entries.map((e) => [e.id, e.reasons])).toContainEqual(['ICX-CONST-D26', ['new']]);
    // What the run last showed is SG_1: the stale rebase never showed an SG_2.
    expect(await savedGateView(new FileStateStore(stateDir), state.runId)).toMatchObject({ gate: 'SG_1', fingerprint: state.fingerprint });
  });

  it('a hub that changed after SG_2 makes the run STALE at execute, with nothing executed', async () => {
    const { runner, live } = setup();
    const { state } = await runner.cut(PLAN);
    const sg2 = await runner.resume(state.runId, { approval: { id: 'KB-7001' } });
    const retired = sg2.view!.operations!.find((o) => o.op === 'retire')!;
    const unit = live.getUnit(retired.iuId)!;
    live.putUnit({ ...unit, body: `${unit.body} (sửa)`, contentSha256: 'e'.repeat(64) });
    const after = await runner.resume(state.runId, { approval: { id: 'KB-7002' } });
    expect(after.state).toMatchObject({ status: 'STALE', phase: 'execute', error: { code: 'stale', details: { gate: 'SG_2' } } });
    expect(after.state.error!.message).toContain(`${retired.iuId} changed in the hub since it was planned`);
  });

  it('a unit no operation touches that changed after SG_2 also makes the run STALE at execute', async () => {
    const { runner, live } = setup();
    const { state } = await runner.cut(PLAN);
    const sg2 = await runner.resume(state.runId, { approval: { id: 'KB-7001' } });
    const touched = new Set(sg2.view!.operations!.map((o) => o.iuId));
    const untouched = (await live.readUnits('KB-6839', 'ICX-CONST')).find((u) => !touched.has(u.iuId))!;
    live.putUnit({ ...untouched, contentSha256: 'f'.repeat(64) });
    const after = await runner.resume(state.runId, { approval: { id: 'KB-7002' } });
    expect(after.state).toMatchObject({ status: 'STALE', phase: 'execute' });
    expect(after.state.error!.message).toContain('units under the prefix that no operation touches changed');
  });

  it('a live run killed right after its write committed resumes to closeout, writing nothing twice', async () => {
    const { stateDir, live } = setup();
    // The live hub is the in-memory one; its executor writes to it with the same guards as HubExecutor.
    const liveExecutor = new SimulatorExecutor(live);
    const store = new FileStateStore(stateDir);
    let dying = false;
    const dyingStore = new (class extends FileStateStore {
      override async writeArtifact(id: string, name: string, value: unknown): Promise<void> {
        if (dying && name.endsWith('-execute')) throw new Error('killed after the commit');
        return super.writeArtifact(id, name, value);
      }
    })(stateDir);
    const opts = { reporter: new DryRunReporter(stateDir), discoverer: live, liveExecutor, executionEnabled: true };
    const first = new OrchestratorRunner({ ...opts, store: dyingStore });
    const livePlan = { ...PLAN, mode: 'live' as const };
    const { state } = await first.cut(livePlan);
    await first.resume(state.runId, { approval: { id: 'KB-7001' } });
    dying = true;
    await expect(first.resume(state.runId, { approval: { id: 'KB-7002' } })).resolves.toMatchObject({ state: { status: 'FAILED', phase: 'execute' } });
    const written = await live.readUnits('KB-6839', 'ICX-CONST');

    const done = await new OrchestratorRunner({ ...opts, store }).resume(state.runId);
    expect(done.state.status).toBe('CLOSEOUT_REPORTED');
    expect(done.closeout!.report.execution.applied).toBe(0);
    expect(done.closeout!.report.verification.passed).toBe(true);
    expect(await live.readUnits('KB-6839', 'ICX-CONST')).toEqual(written);
  });

  it('an approval pinned in the plan passes its gate only for the fingerprint it names', async () => {
    const { runner, make } = setup();
    const fingerprint = (await runner.preview(PLAN)).fingerprint;
    const pinned = await make().cut({ ...PLAN, approvals: { SG_1: { id: 'KB-7001', fingerprint } } });
    expect(pinned.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2', approvals: [{ gate: 'SG_1', id: 'KB-7001', via: 'plan' }] });
    // A second state folder: the first run still holds the document (one active run per document).
    const wrong = await setup().runner.cut({ ...PLAN, approvals: { SG_1: { id: 'KB-7001', fingerprint: `sha256:${'1'.repeat(64)}` } } });
    expect(wrong.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1', approvals: [] });
    expect(wrong.view!.notes.join(' ')).toContain('was not used');
  });
});
