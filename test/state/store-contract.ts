import { describe, expect, it } from 'vitest';
import type { ApprovalIndexEntry, StateStore } from '../../src/orchestrator/ports.js';
import type { RunState, RunStatus } from '../../src/orchestrator/run-state.js';
import type { SovereignGate } from '../../src/plan/plan.js';
import { ICX_PLAN } from '../support/project.js';

/**
 * One backing storage (a folder, a database schema) for one test. `open` may be called several
 * times: each call gives a separate store on the same storage, as separate processes would have
 * (separate connections for a database store), so concurrency is tested between them.
 */
export interface StoreHarness {
  open(): Promise<StateStore>;
  /** Makes the run's state unreadable, as a disk fault or a hand edit would. */
  corrupt(runId: string): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The StateStore contract (src/orchestrator/ports.ts) every store must pass: the file store and
 * the PostgreSQL store run the same bodies.
 *
 * @example
 * describeStoreContract('FileStateStore', async () => fileHarness());
 */
export function describeStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  const withStores = async (count: number, body: (stores: StateStore[], h: StoreHarness) => Promise<void>): Promise<void> => {
    const h = await makeHarness();
    const stores: StateStore[] = [];
    try {
      for (let i = 0; i < count; i += 1) stores.push(await h.open());
      await body(stores, h);
    } finally {
      for (const s of stores) await s.close();
      await h.cleanup();
    }
  };

  describe(`StateStore contract: ${name}`, () => {
    it('creates, loads and replaces a run; an existing id is refused run_exists', async () => {
      await withStores(1, async ([store]) => {
        const a = runState('run-a');
        await store!.create(a);
        expect(await store!.load('run-a')).toEqual(a);
        expect(await store!.load('run-none')).toBeNull();
        const paused = { ...a, status: 'PAUSED' as const, gate: 'SG_1' as const, fingerprint: 'sha256:aa', phase: 'rebase' as const };
        await store!.save(paused);
        expect(await store!.load('run-a')).toEqual(paused);
        await expect(store!.create({ ...a, plan: { ...a.plan, document: 'KB-OTHER' } })).rejects.toMatchObject({ code: 'run_exists' });
        expect(typeof store!.description).toBe('string');
      });
    });

    it('refuses a second active run on a document (run_active naming the holder) and creates nothing', async () => {
      await withStores(1, async ([store]) => {
        const a = { ...runState('run-a', 'PAUSED'), gate: 'SG_1' as const, fingerprint: 'sha256:aa' };
        await store!.create(a);
        const refusal = await store!.create(runState('run-b')).then(() => null, (e: unknown) => e);
        expect(refusal).toMatchObject({
          code: 'run_active', exitCode: 4,
          details: { runId: 'run-a', status: 'PAUSED', gate: 'SG_1', phase: a.phase, createdAt: a.createdAt },
        });
        expect(await store!.load('run-b')).toBeNull();
        expect((await store!.activeRun({ source: 'embedded', document: 'KB-6839' }))?.runId).toBe('run-a');
        // Another document, or the same document on another source, is free.
        await store!.create(runState('run-c', 'RUNNING', { document: 'KB-1' }));
        await store!.create(runState('run-d', 'RUNNING', { source: 'other' }));
        expect((await store!.activeRun({ source: 'other', document: 'KB-6839' }))?.runId).toBe('run-d');
        expect(await store!.activeRun({ source: 'embedded', document: 'KB-404' })).toBeNull();
      });
    });

    it('frees a document when its run stops being active, and lets a failed run take it back only while free', async () => {
      await withStores(1, async ([store]) => {
        const a = runState('run-a');
        await store!.create(a);
        await store!.save({ ...a, status: 'FAILED' });
        expect(await store!.activeRun({ source: 'embedded', document: 'KB-6839' })).toBeNull();
        const b = runState('run-b');
        await store!.create(b);
        // run-a retried while run-b holds the document: refused, run-a unchanged.
        await expect(store!.save({ ...a, status: 'RUNNING' })).rejects.toMatchObject({ code: 'run_active', details: { runId: 'run-b' } });
        expect((await store!.load('run-a'))?.status).toBe('FAILED');
        await store!.save({ ...b, status: 'ABORTED' });
        await store!.save({ ...a, status: 'RUNNING' });
        expect((await store!.activeRun({ source: 'embedded', document: 'KB-6839' }))?.runId).toBe('run-a');
        for (const status of ['CLOSEOUT_REPORTED', 'REJECTED', 'ABORTED', 'STALE'] as const) {
          await store!.save({ ...a, status });
          expect(await store!.activeRun({ source: 'embedded', document: 'KB-6839' })).toBeNull();
          await store!.save({ ...a, status: 'RUNNING' });
        }
      });
    });

    it('lets exactly one of eight concurrent creates on one document through, from separate stores', async () => {
      await withStores(8, async (stores) => {
        const results = await Promise.allSettled(stores.map((s, i) => s.create(runState(`run-${i}`))));
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`run-${i}`] : []));
        expect(won).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'run_active', details: { runId: won[0] } });
        }
        const { runs } = await stores[0]!.list();
        expect(runs.map((r) => r.runId)).toEqual(won);
      });
    });

    it('records a decision with the state, finds it, and refuses its id in any other run (approval_reused naming the run)', async () => {
      await withStores(1, async ([store]) => {
        const a = paused('run-a', 'SG_1');
        await store!.create(a);
        expect(await store!.findApproval('KB-7001')).toBeNull();
        const entry = decision(a, 'KB-7001');
        const after: RunState = { ...a, status: 'RUNNING', gate: null, fingerprint: null, approvals: [strip(entry)] };
        await store!.recordDecision(after, entry);
        expect(await store!.load('run-a')).toEqual(after);
        expect(await store!.findApproval('KB-7001')).toEqual(entry);

        const b = paused('run-b', 'SG_1', { document: 'KB-2' });
        await store!.create(b);
        const replay = decision(b, 'KB-7001');
        const refusal = await store!.recordDecision({ ...b, status: 'RUNNING', approvals: [strip(replay)] }, replay).then(() => null, (e: unknown) => e);
        expect(refusal).toMatchObject({ code: 'approval_reused', exitCode: 4, details: { runId: 'run-a', gate: 'SG_1' } });
        expect(await store!.load('run-b')).toEqual(b);
        expect(await store!.findApproval('KB-7001')).toEqual(entry);
        // The same run cannot use it again at its next gate either.
        const again = decision({ ...after, gate: 'SG_2', fingerprint: 'sha256:bb' }, 'KB-7001');
        await expect(store!.recordDecision({ ...after, approvals: [strip(entry), strip(again)] }, again)).rejects.toMatchObject({ code: 'approval_reused' });
        // Ids are compared exactly: another case is another id.
        expect(await store!.findApproval('kb-7001')).toBeNull();
      });
    });

    it('saves a rejection through the index and frees the document', async () => {
      await withStores(1, async ([store]) => {
        const a = paused('run-a', 'SG_2');
        await store!.create(a);
        const entry = { ...decision(a, 'KB-7009'), decision: 'rejected' as const };
        await store!.recordDecision({ ...a, status: 'REJECTED', approvals: [strip(entry)] }, entry);
        expect((await store!.findApproval('KB-7009'))?.decision).toBe('rejected');
        expect(await store!.activeRun({ source: 'embedded', document: 'KB-6839' })).toBeNull();
      });
    });

    it('lets exactly one of eight concurrent decisions with one id through, from separate stores', async () => {
      await withStores(8, async (stores) => {
        const runs = stores.map((_, i) => paused(`run-${i}`, 'SG_1', { document: `KB-${i}` }));
        for (const r of runs) await stores[0]!.create(r);
        const results = await Promise.allSettled(stores.map((s, i) => {
          const entry = decision(runs[i]!, 'KB-7777');
          return s.recordDecision({ ...runs[i]!, status: 'RUNNING', gate: null, fingerprint: null, approvals: [strip(entry)] }, entry);
        }));
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        expect((await stores[0]!.findApproval('KB-7777'))?.runId).toBe(`run-${won[0]}`);
        for (const [i, r] of results.entries()) {
          if (r.status === 'rejected') {
            expect(r.reason).toMatchObject({ code: 'approval_reused', details: { runId: `run-${won[0]}` } });
            expect(await stores[0]!.load(`run-${i}`)).toEqual(runs[i]);
          }
        }
      });
    });

    it('holds a run lock exclusively across stores, waits up to waitMs, and frees it on release', async () => {
      await withStores(2, async ([one, two]) => {
        await one!.create(runState('run-a'));
        await expect(one!.lock('run-none')).rejects.toMatchObject({ code: 'run_not_found' });
        const held = await one!.lock('run-a');
        await expect(two!.lock('run-a')).rejects.toMatchObject({ code: 'lock_held', exitCode: 4 });
        await expect(two!.lock('run-a', { waitMs: 150 })).rejects.toMatchObject({ code: 'lock_held' });
        setTimeout(() => { void held.release(); }, 100);
        const waited = await two!.lock('run-a', { waitMs: 10_000 });
        await expect(one!.lock('run-a')).rejects.toMatchObject({ code: 'lock_held' });
        await waited.release();
        await (await one!.lock('run-a')).release();
      });
    });

    it('lists runs oldest first and names the unreadable ones without hiding the rest', async () => {
      await withStores(1, async ([store], h) => {
        expect(await store!.list()).toEqual({ runs: [], broken: [] });
        await store!.create({ ...runState('run-late'), createdAt: '2026-01-02T00:00:00.000Z' });
        await store!.create({ ...runState('run-early', 'RUNNING', { document: 'KB-2' }), createdAt: '2026-01-01T00:00:00.000Z' });
        await store!.create(runState('run-bad', 'RUNNING', { document: 'KB-3' }));
        await h.corrupt('run-bad');
        const { runs, broken } = await store!.list();
        expect(runs.map((r) => r.runId)).toEqual(['run-early', 'run-late']);
        expect(broken.map((b) => b.runId)).toEqual(['run-bad']);
        expect(broken[0]!.problem).not.toBe('');
      });
    });

    it('keeps artifacts and an append-only event journal per run', async () => {
      await withStores(1, async ([store]) => {
        await store!.create(runState('run-a'));
        expect(await store!.readArtifact('run-a', 'phases/diff')).toBeNull();
        expect(await store!.readEvents('run-a')).toEqual([]);
        await store!.writeArtifact('run-a', 'phases/diff', { units: [1, 2, 3] });
        await store!.writeArtifact('run-a', 'phases/diff', { units: [4] });
        expect(await store!.readArtifact('run-a', 'phases/diff')).toEqual({ units: [4] });
        await store!.appendEvent('run-a', { at: '2026-01-01T00:00:00.000Z', type: 'run_created', plan: 'KB-6839' });
        await store!.appendEvent('run-a', { at: '2026-01-01T00:00:01.000Z', type: 'run_aborted', reason: 'no longer needed' });
        expect((await store!.readEvents('run-a')).map((e) => e.type)).toEqual(['run_created', 'run_aborted']);
      });
    });
  });
}

let clock = 0;

/** A minimal run state for the store: the store reads only ids, plan source and document, status. */
export function runState(runId: string, status: RunStatus = 'RUNNING', plan: { document?: string; source?: string } = {}): RunState {
  clock += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, clock)).toISOString();
  return {
    formatVersion: 1, runId, createdAt: at, updatedAt: at, toolVersion: '0.0.0-test',
    plan: { ...ICX_PLAN, ...plan }, planFile: 'plans/icx.yaml', status, phase: 'preflight', gate: null, fingerprint: null,
    completed: [], approvals: [], error: null,
  };
}

export function paused(runId: string, gate: SovereignGate, plan: { document?: string; source?: string } = {}): RunState {
  return { ...runState(runId, 'PAUSED', plan), gate, fingerprint: `sha256:${gate === 'SG_1' ? 'aa' : 'bb'}`, phase: gate === 'SG_1' ? 'rebase' : 'execute' };
}

export function decision(state: RunState, id: string): ApprovalIndexEntry {
  return { runId: state.runId, gate: state.gate as SovereignGate, id, fingerprint: state.fingerprint!, decision: 'approved', via: 'cli', at: '2026-01-01T00:00:00.000Z' };
}

function strip(entry: ApprovalIndexEntry): RunState['approvals'][number] {
  const { runId: _runId, ...record } = entry;
  return record;
}
