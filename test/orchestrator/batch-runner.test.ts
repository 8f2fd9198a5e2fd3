import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { CutterError } from '../../src/errors.js';
import { readSeed } from '../../src/hub/seed.js';
import { BatchRunner, type BatchRunnerOptions } from '../../src/orchestrator/batch-runner.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import type { ProgressEvent } from '../../src/orchestrator/progress.js';
import { activeDocuments } from '../../src/orchestrator/run-state.js';
import type { BatchPlan } from '../../src/plan/batch-plan.js';
import type { Plan } from '../../src/plan/plan.js';
import { schemaValidator } from '../../src/plan/schemas.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { REPO } from '../support/project.js';

const doc = (document: string, prefix: string, profile = 'vn-legal', policy: Partial<Plan['policy']> = {}): Plan => ({
  version: 1, document, prefix, mode: 'dryrun', source: 'embedded', cut: { profile, unit: profile === 'markdown' ? 'h6' : 'clause' },
  policy: { maxUnits: 5000, maxRetireRatio: 0.2, ...policy }, approvals: {},
});

const BATCH: BatchPlan = {
  version: 1, mode: 'dryrun', source: 'embedded', approvals: {},
  documents: [doc('KB-6839', 'ICX-CONST'), doc('KB-6840', 'ICX-GOV'), doc('KB-6841', 'ICX-SEC', 'markdown')],
};

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function setup(options: Partial<BatchRunnerOptions> = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'cutter-batch-'));
  dirs.push(stateDir);
  const live = new InMemoryDiscoverer(readSeed(join(REPO, 'examples', 'hub')));
  const events: ProgressEvent[] = [];
  const store = new FileStateStore(stateDir);
  const runner = new BatchRunner({
    store, reporter: new DryRunReporter(stateDir), discoverer: live, parallel: 2, onProgress: (e) => events.push(e), ...options,
  });
  return { stateDir, live, runner, events, store };
}

describe('BatchRunner', () => {
  it('one approval per gate takes a batch of three from SG_1 to CLOSEOUT_REPORTED; the hub is untouched', async () => {
    const { runner, live, events, stateDir } = setup();
    const before = await live.readUnits('KB-6840', 'ICX-GOV');

    const first = await runner.cut(BATCH);
    expect(first.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(first.view!.documents.map((d) => d.document.id)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    expect(first.state.batch!.documents.every((d) => d.status === 'PAUSED' && d.gate === 'SG_1')).toBe(true);
    // The batch fingerprint is not any one document's: it covers all three.
    const own = first.state.batch!.documents.map((d) => d.fingerprint);
    expect(own).not.toContain(first.state.fingerprint);
    expect(activeDocuments(first.state).map((k) => k.document)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    expect(schemaValidator('run-state.schema.json')(first.state)).toBe(true);

    const second = await runner.resume(first.state.runId, { approval: { id: 'KB-7001', gate: 'SG_1', fingerprint: first.state.fingerprint! } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2', phase: 'execute' });
    expect(second.view!.documents).toHaveLength(3);
    expect(second.view!.documents.every((d) => d.operations!.length > 0)).toBe(true);

    const third = await runner.resume(first.state.runId, { approval: { id: 'KB-7002' } });
    expect(third.state.status).toBe('CLOSEOUT_REPORTED');
    expect(third.state.approvals.map((a) => `${a.gate}:${a.id}`)).toEqual(['SG_1:KB-7001', 'SG_2:KB-7002']);
    const report = third.closeout!.report;
    expect(report.closed.map((r) => r.document.id)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    expect(report.closed.every((r) => r.verification.passed)).toBe(true);
    expect(report.notClosed).toEqual([]);
    expect(readFileSync(join(stateDir, 'reports', first.state.runId, 'closeout.md'), 'utf8')).toContain('3 closed, 0 not closed');
    expect(await live.readUnits('KB-6840', 'ICX-GOV')).toEqual(before);

    // Execution ran one document at a time, in the plan's order.
    const executed = events.filter((e) => e.type === 'phase_started' && e.phase === 'execute').map((e) => (e as { document: string }).document);
    expect(executed).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
  });

  it('a document that fails its policy does not hold the others back; fixed in the hub, resume retries only it', async () => {
    const { runner, live, events } = setup();
    // KB-6841 cuts into 9 units; allow 8.
    const batch: BatchPlan = { ...BATCH, documents: [BATCH.documents[0]!, BATCH.documents[1]!, doc('KB-6841', 'ICX-SEC', 'markdown', { maxUnits: 8 })] };
    const first = await runner.cut(batch);
    expect(first.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(first.view!.documents.map((d) => d.document.id)).toEqual(['KB-6839', 'KB-6840']);
    expect(first.view!.others).toMatchObject([{ document: 'KB-6841', status: 'FAILED', gate: 'G1', error: { code: 'policy_gate_failed' } }]);
    expect(first.view!.notes.join(' ')).toContain('KB-6841');

    const second = await runner.resume(first.state.runId, { approval: { id: 'KB-7001' } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(second.state.batch!.documents.map((d) => `${d.document}:${d.status}:${d.gate}`)).toEqual(['KB-6839:PAUSED:SG_2', 'KB-6840:PAUSED:SG_2', 'KB-6841:FAILED:G1']);

    // Fix the cause in the hub (a new revision without section 3.3), then resume without an approval.
    const current = (await live.readDocument('KB-6841'))!;
    live.putDocument({ ...current, revision: current.revision + 1, body: current.body.replace(/### 3\.3[\s\S]*?(?=## 4)/u, '') });
    events.length = 0;
    const third = await runner.resume(first.state.runId);
    const retried = new Set(events.filter((e) => e.type === 'phase_started').map((e) => (e as { document: string }).document));
    expect([...retried]).toEqual(['KB-6841']);
    // It is behind the others: the batch waits at SG_1 for it alone, under a new fingerprint.
    expect(third.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(third.view!.documents.map((d) => d.document.id)).toEqual(['KB-6841']);
    expect(third.state.fingerprint).not.toBe(first.state.fingerprint);

    const fourth = await runner.resume(first.state.runId, { approval: { id: 'KB-7003' } });
    expect(fourth.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(fourth.view!.documents).toHaveLength(3);
    expect(fourth.state.fingerprint).not.toBe(second.state.fingerprint);
    const fifth = await runner.resume(first.state.runId, { approval: { id: 'KB-7004' } });
    expect(fifth.state.status).toBe('CLOSEOUT_REPORTED');
    expect(fifth.closeout!.report.closed).toHaveLength(3);
  });

  it('--exclude drops a failed document, which changes the fingerprint: the gate needs an approval of what it shows now', async () => {
    const { runner } = setup();
    const batch: BatchPlan = { ...BATCH, documents: [BATCH.documents[0]!, doc('KB-6840', 'ICX-GOV', 'vn-legal', { maxUnits: 3 }), BATCH.documents[2]!] };
    const first = await runner.cut(batch);
    expect(first.state.status).toBe('PAUSED');
    const dropped = await runner.resume(first.state.runId, { exclude: ['KB-6840'] });
    expect(dropped.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(dropped.state.fingerprint).not.toBe(first.state.fingerprint);
    expect(activeDocuments(dropped.state).map((k) => k.document)).toEqual(['KB-6839', 'KB-6841']);
    const stale = await runner.resume(first.state.runId, { approval: { id: 'KB-7001', fingerprint: first.state.fingerprint! } }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(CutterError);
    expect((stale as CutterError).code).toBe('approval_mismatch');
    await runner.resume(first.state.runId, { approval: { id: 'KB-7001', fingerprint: dropped.state.fingerprint! } });
    const done = await runner.resume(first.state.runId, { approval: { id: 'KB-7002' } });
    expect(done.state.status).toBe('CLOSEOUT_REPORTED');
    expect(done.closeout!.report.notClosed).toMatchObject([{ document: 'KB-6840', status: 'EXCLUDED' }]);
  });

  it('a batch holds every one of its documents: a run of one of them is refused while it is active, and its approvals are used once in the store', async () => {
    const { runner, store, stateDir, live } = setup();
    const first = await runner.cut(BATCH);
    const single = new OrchestratorRunner({ store, reporter: new DryRunReporter(stateDir), discoverer: live });
    const refused = await single.cut({ ...BATCH.documents[1]! }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CutterError);
    expect(refused).toMatchObject({ code: 'run_active', details: { runId: first.state.runId } });

    await runner.resume(first.state.runId, { approval: { id: 'KB-7001' } });
    // The SG_1 id cannot pass SG_2, here or in any other run.
    const replay = await runner.resume(first.state.runId, { approval: { id: 'KB-7001' } }).catch((e: unknown) => e);
    expect(replay).toMatchObject({ code: 'approval_reused' });
    expect((await store.load(first.state.runId))!.gate).toBe('SG_2');
    expect(await store.findApproval('KB-7001')).toMatchObject({ runId: first.state.runId, gate: 'SG_1' });
  });
});

describe('BatchRunner when the hub moves under one document', () => {
  it('makes that document STALE after SG_1 while the others reach SG_2; resume plans it again from the hub as it is', async () => {
    const { runner, live } = setup();
    const first = await runner.cut(BATCH);
    const current = (await live.readDocument('KB-6840'))!;
    live.putDocument({ ...current, revision: current.revision + 1, body: `${current.body}\n### Điều 8. Hiệu lực\n\n1. Quy chế này có hiệu lực kể từ ngày ký.\n` });
    const second = await runner.resume(first.state.runId, { approval: { id: 'KB-7501' } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(second.state.batch!.documents.map((d) => d.status)).toEqual(['PAUSED', 'STALE', 'PAUSED']);
    expect(second.view!.others).toMatchObject([{ document: 'KB-6840', status: 'STALE', error: { code: 'stale' } }]);

    const replanned = await runner.resume(first.state.runId);
    expect(replanned.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(replanned.view!.documents.map((d) => [d.document.id, d.document.revision])).toEqual([['KB-6840', 4]]);
    await runner.resume(first.state.runId, { approval: { id: 'KB-7502' } });
    const done = await runner.resume(first.state.runId, { approval: { id: 'KB-7503' } });
    expect(done.state.status).toBe('CLOSEOUT_REPORTED');
    expect(done.closeout!.report.closed.find((r) => r.document.id === 'KB-6840')!.document.revision).toBe(4);
  });
});

describe('BatchRunner with approvals pinned in the plan', () => {
  it('passes a gate whose pinned fingerprint is what the batch shows, and only that one', async () => {
    const { runner } = setup();
    const preview = await runner.preview(BATCH);
    const pinned: BatchPlan = { ...BATCH, approvals: { SG_1: { id: 'KB-7401', fingerprint: preview.fingerprint }, SG_2: { id: 'KB-7402', fingerprint: `sha256:${'0'.repeat(64)}` } } };
    const outcome = await runner.cut(pinned);
    expect(outcome.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(outcome.state.approvals).toMatchObject([{ gate: 'SG_1', id: 'KB-7401', via: 'plan', fingerprint: preview.fingerprint }]);
    expect(outcome.view!.notes.join(' ')).toContain('the plan pins approval KB-7402 for SG_2, but for sha256:0000');
  });
});

describe('BatchRunner when a phase result cannot be written', () => {
  it('fails that document alone; resume goes on from the last persisted phase to the same gate and fingerprint', async () => {
    const clean = setup();
    const expected = await clean.runner.cut(BATCH);

    const { stateDir, live, store } = setup();
    // The 10th phase result is never written (a full disk, a store that went away).
    let writes = 0;
    const dying = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'writeArtifact') {
          return async (runId: string, name: string, value: unknown) => {
            writes += 1;
            if (writes === 10) throw new Error('killed');
            return target.writeArtifact(runId, name, value);
          };
        }
        const v = Reflect.get(target, key, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const crashed = new BatchRunner({ store: dying, reporter: new DryRunReporter(stateDir), discoverer: live, parallel: 3 });
    const first = await crashed.cut(BATCH);
    // The document whose write failed is FAILED (internal_error); the others went on to SG_1.
    expect(first.state.batch!.documents.filter((d) => d.status === 'FAILED')).toHaveLength(1);

    const again = new BatchRunner({ store, reporter: new DryRunReporter(stateDir), discoverer: live, parallel: 3 });
    const resumed = await again.resume(first.state.runId);
    expect(resumed.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1', fingerprint: expected.state.fingerprint });
  });
});
