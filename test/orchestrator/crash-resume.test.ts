import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { readSeed } from '../../src/hub/seed.js';
import type { ApprovalIndexEntry, DocumentKey, RunEvent, StateStore } from '../../src/orchestrator/ports.js';
import type { RunState } from '../../src/orchestrator/run-state.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import type { CloseoutReport } from '../../src/orchestrator/views.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { ICX_PLAN, REPO } from '../support/project.js';

const PLAN = ICX_PLAN;
const APPROVALS = { SG_1: 'KB-7001', SG_2: 'KB-7002' } as const;
const seed = readSeed(join(REPO, 'examples', 'hub'));

class ProcessDied extends Error {}

/** A store whose process "dies" at its k-th write: that write and every later one fail. */
class DyingStore implements StateStore {
  writes = 0;
  readonly #inner: FileStateStore;
  readonly #dieAt: number;
  constructor(inner: FileStateStore, dieAt: number) { this.#inner = inner; this.#dieAt = dieAt; }
  #write(): void {
    this.writes += 1;
    if (this.writes >= this.#dieAt) throw new ProcessDied(`died at write ${this.#dieAt}`);
  }
  async create(s: RunState) { this.#write(); return this.#inner.create(s); }
  async save(s: RunState) { this.#write(); return this.#inner.save(s); }
  async writeArtifact(id: string, n: string, v: unknown) { this.#write(); return this.#inner.writeArtifact(id, n, v); }
  async appendEvent(id: string, e: RunEvent) { this.#write(); return this.#inner.appendEvent(id, e); }
  load(id: string) { return this.#inner.load(id); }
  list() { return this.#inner.list(); }
  readArtifact<T>(id: string, n: string) { return this.#inner.readArtifact<T>(id, n); }
  readEvents(id: string) { return this.#inner.readEvents(id); }
  lock(id: string) { return this.#inner.lock(id); }
  get description() { return this.#inner.description; }
  async recordDecision(s: RunState, e: ApprovalIndexEntry) { this.#write(); return this.#inner.recordDecision(s, e); }
  findApproval(id: string) { return this.#inner.findApproval(id); }
  activeRun(k: DocumentKey) { return this.#inner.activeRun(k); }
  close() { return this.#inner.close(); }
}

/** Drives a run from wherever it stands to the end, as an operator would after a crash. */
async function finish(stateDir: string, live: InMemoryDiscoverer, runId: string | null): Promise<CloseoutReport> {
  const runner = new OrchestratorRunner({ store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir), discoverer: live });
  let state = runId ? await runner.status(runId) : (await runner.cut(PLAN)).state;
  for (let step = 0; step < 10 && state.status !== 'CLOSEOUT_REPORTED'; step += 1) {
    const gate = state.status === 'PAUSED' ? (state.gate as 'SG_1' | 'SG_2') : null;
    state = (await runner.resume(state.runId, gate ? { approval: { id: APPROVALS[gate] } } : {})).state;
  }
  expect(state.status).toBe('CLOSEOUT_REPORTED');
  return (await runner.resume(state.runId)).closeout!.report;
}

/** What must not depend on where the run was interrupted. */
const essence = (r: CloseoutReport) => ({
  summary: r.summary, fingerprints: r.fingerprints, verification: r.verification,
  operations: r.execution.operations.map((o) => [o.op, o.iuId]), approvals: r.approvals.map((a) => [a.gate, a.id, a.fingerprint]),
});

describe('a run killed at any write resumes to the same outcome', () => {
  it('for every write of the whole flow', async () => {
    const cleanDir = mkdtempSync(join(tmpdir(), 'cutter-crash-'));
    const reference = essence(await finish(cleanDir, new InMemoryDiscoverer(seed), null));
    rmSync(cleanDir, { recursive: true, force: true });

    // Count the writes of an uninterrupted run, then die at each one in turn.
    const counter = new DyingStore(new FileStateStore(mkdtempSync(join(tmpdir(), 'cutter-crash-'))), Number.POSITIVE_INFINITY);
    const countRunner = new OrchestratorRunner({ store: counter, reporter: new DryRunReporter(tmpdir()), discoverer: new InMemoryDiscoverer(seed) });
    const c = await countRunner.cut(PLAN);
    await countRunner.resume(c.state.runId, { approval: { id: APPROVALS.SG_1 } });
    await countRunner.resume(c.state.runId, { approval: { id: APPROVALS.SG_2 } });
    expect(counter.writes).toBeGreaterThan(40);

    for (let k = 1; k <= counter.writes; k += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'cutter-crash-'));
      const live = new InMemoryDiscoverer(seed);
      const dying = new DyingStore(new FileStateStore(dir), k);
      const runner = new OrchestratorRunner({ store: dying, reporter: new DryRunReporter(dir), discoverer: live });
      let runId: string | null = null;
      try {
        const a = await runner.cut(PLAN);
        runId = a.state.runId;
        await runner.resume(runId, { approval: { id: APPROVALS.SG_1 } });
        await runner.resume(runId, { approval: { id: APPROVALS.SG_2 } });
      } catch (e) {
        expect(e, `write ${k}`).toBeInstanceOf(ProcessDied);
      }
      runId ??= (await new FileStateStore(dir).list()).runs[0]?.runId ?? null;
      const report = await finish(dir, live, runId);
      expect(essence(report), `died at write ${k}`).toEqual(reference);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
