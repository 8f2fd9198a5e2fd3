import type { Plan } from '../plan/plan.js';
import { documentArtifact, type DocumentRunState } from './batch-state.js';
import { packResult, requiredResults } from './compact-results.js';
import type { GateOutcome, PhaseContext, PhaseDeps } from './phase.js';
import { PHASE_MODULES } from './phases/index.js';
import type { SegmentResult } from '../cut/unit.js';
import type { DiffResult } from './phases/diff.js';
import type { ApprovalIndexEntry, RunEvent, StateStore } from './ports.js';
import type { ProgressEvent, ProgressSink } from './progress.js';
import { nextPhase, type PhaseName, type RunError, type RunState } from './run-state.js';
import { gateError } from './gates.js';
import { toRunError } from './runner.js';

/** What driving a batch's documents needs from the runner. */
export interface DriveEnvironment {
  readonly store: StateStore;
  readonly deps: (plan: Plan) => PhaseDeps;
  readonly now: () => Date;
  /** Documents run at once in the read-only and pure phases. */
  readonly parallel: number;
  readonly onProgress: ProgressSink | undefined;
}

/**
 * Drives the documents of one batch run, each through the same phase modules a run of one
 * document uses, each persisting its results under its own name, until every document stops: at
 * a sovereign gate, failed, stale or closed. One document's failure stops only that document.
 *
 * The state lives here while the batch moves; every change is saved (in order) before the next
 * phase of that document starts, so a crash resumes each document from its last persisted phase.
 */
export class BatchDrive {
  readonly #env: DriveEnvironment;
  #state: RunState;
  #saving: Promise<void> = Promise.resolve();
  readonly #results = new Map<string, Map<PhaseName, unknown>>();

  constructor(env: DriveEnvironment, state: RunState) {
    this.#env = env;
    this.#state = state;
  }

  get state(): RunState {
    return this.#state;
  }

  documents(): readonly DocumentRunState[] {
    return this.#state.batch!.documents;
  }

  /**
   * Read-only and pure phases of all documents at once (up to `parallel`), then execution one
   * document at a time in the plan's order (each its own transaction in live mode), then
   * verification and closeout at once again.
   */
  async run(): Promise<void> {
    const running = (): DocumentRunState[] => this.documents().filter((d) => d.status === 'RUNNING');
    await pool(running(), this.#env.parallel, (d) => this.#driveDocument(d.document, 'execute'));
    for (const d of running()) {
      if (d.phase === 'execute') await this.#driveDocument(d.document, 'verify');
    }
    await pool(running(), this.#env.parallel, (d) => this.#driveDocument(d.document, null));
  }

  /** Replaces the batch-level fields (status, gate, fingerprint, approvals…). */
  set(patch: Partial<RunState>): void {
    this.#state = { ...this.#state, ...patch, updatedAt: this.#env.now().toISOString() };
  }

  setDocument(document: string, patch: Partial<DocumentRunState>): void {
    const batch = this.#state.batch!;
    this.set({ batch: { ...batch, documents: batch.documents.map((d) => (d.document === document ? { ...d, ...patch } : d)) } });
  }

  /**
   * Saves the state as it is now, after any save already under way, and journals `type`. Documents
   * that change while a save waits its turn join it: one write of the state covers all of them
   * (the state read when the write starts holds every change made before), each event journaled.
   */
  async save(type: string, data: Record<string, unknown>): Promise<void> {
    const waiting = this.#waiting;
    if (waiting) {
      waiting.events.push({ type, data });
      return waiting.written;
    }
    const events = [{ type, data }];
    const written = this.#saving.then(async () => {
      this.#waiting = null;
      await this.#env.store.save(this.#state);
      for (const e of events) await this.#journal(e.type, e.data);
    });
    this.#waiting = { events, written };
    this.#saving = written.catch(() => {});
    return written;
  }

  #waiting: { readonly events: { type: string; data: Record<string, unknown> }[]; readonly written: Promise<void> } | null = null;

  /** Waits until every save asked for so far is written. */
  async flush(): Promise<void> {
    await this.#saving;
  }

  /**
   * Records a sovereign decision and saves the state that follows from it as one step of the
   * store (`recordDecision`): an id used anywhere before is refused and nothing changes.
   */
  async recordDecision(entry: ApprovalIndexEntry, type: string, data: Record<string, unknown>): Promise<void> {
    const next = this.#saving.then(async () => {
      await this.#env.store.recordDecision(this.#state, entry);
      await this.#journal(type, data);
    });
    this.#saving = next.catch(() => {});
    await next;
  }

  emit(event: ProgressEvent): void {
    this.#env.onProgress?.(event);
  }

  /** The phase context of one document: its plan, its own results, the batch's approvals. */
  context(plan: Plan): PhaseContext {
    const runId = this.#state.runId;
    let results = this.#results.get(plan.document);
    if (!results) this.#results.set(plan.document, (results = new Map()));
    const held = results;
    return {
      plan, runId, deps: this.#env.deps(plan), preview: false, approvals: this.#state.approvals, startedAt: this.#state.createdAt,
      // The execute phase's crash journal (issue 11), kept per document beside its phase results.
      journal: {
        read: <T>(entry: string) => this.#env.store.readArtifact<T>(runId, `documents/${plan.document}/journal/${entry}`),
        write: (entry: string, value: unknown) => this.#env.store.writeArtifact(runId, `documents/${plan.document}/journal/${entry}`, value),
      },
      // Stored packed like a single run's (compact-results.ts), and missing the same way.
      result: requiredResults({ store: this.#env.store, runId, plan, name: (phase) => documentArtifact(plan.document, phase) }, held),
    };
  }

  async #driveDocument(document: string, stopBefore: PhaseName | null): Promise<void> {
    const plan = this.#state.batch!.plan.documents.find((p) => p.document === document)!;
    const runId = this.#state.runId;
    const ctx = this.context(plan);
    for (;;) {
      const d = this.documents().find((x) => x.document === document)!;
      if (d.status !== 'RUNNING' || d.phase === stopBefore) return;
      const name = d.phase;
      this.emit({ type: 'phase_started', runId, document, phase: name });
      let result: unknown;
      let gate: GateOutcome | undefined;
      try {
        ({ result, gate } = await PHASE_MODULES[name].run(ctx));
        await this.#env.store.writeArtifact(runId, documentArtifact(document, name), await packResult(name, result, plan, ctx.result));
      } catch (e) {
        const error = toRunError(e);
        this.setDocument(document, { status: 'FAILED', error });
        await this.save('document_failed', { document, phase: name, code: error.code });
        this.emit({ type: 'document_failed', runId, document, phase: name, status: 'FAILED', code: error.code, message: error.message });
        return;
      }
      this.#results.get(document)!.set(name, result);
      const facts: { units?: number; changes?: number } = {};
      if (name === 'segment') facts.units = (result as SegmentResult).units.length;
      const summary = name === 'diff' ? (result as DiffResult).changeset.summary : null;
      if (summary) facts.changes = summary.add + summary.change + summary.renumber + summary.retire;
      this.setDocument(document, {
        completed: d.completed.includes(name) ? d.completed : [...d.completed, name],
        ...(facts.units !== undefined ? { units: facts.units } : {}),
        ...(summary ? { summary } : {}),
      });
      this.emit({ type: 'phase_completed', runId, document, phase: name, ...facts });

      if (gate?.kind === 'automatic') {
        const passed = gate.checks.every((c) => c.passed);
        this.emit({ type: 'gate_evaluated', runId, document, gate: gate.gate, passed });
        if (!passed) {
          const error = batchHint(toRunError(gateError(gate.gate, gate.checks, this.#state.planFile)), gate.gate, runId, document);
          this.setDocument(document, { status: 'FAILED', gate: gate.gate, error });
          await this.save('document_failed', { document, gate: gate.gate, code: error.code });
          this.emit({ type: 'document_failed', runId, document, phase: name, status: 'FAILED', code: error.code, message: error.message });
          return;
        }
      } else if (gate?.kind === 'stale') {
        const message = `the hub changed after ${gate.gate} was approved: ${gate.reasons.join('; ')}`;
        this.setDocument(document, {
          status: 'STALE', gate: gate.gate,
          error: { code: 'stale', message, details: { gate: gate.gate, reasons: gate.reasons }, refusal: true,
            hint: 'cutter resume <run> plans this document again from the hub as it is now (it then waits at SG_1 again)' },
        });
        await this.save('document_stale', { document, gate: gate.gate, reasons: gate.reasons });
        this.emit({ type: 'document_failed', runId, document, phase: name, status: 'STALE', code: 'stale', message });
        return;
      } else if (gate?.kind === 'sovereign') {
        this.setDocument(document, { status: 'PAUSED', gate: gate.gate, fingerprint: gate.fingerprint, phase: nextPhase(name)! });
        await this.save('document_waiting', { document, gate: gate.gate, fingerprint: gate.fingerprint });
        this.emit({ type: 'document_waiting', runId, document, gate: gate.gate, fingerprint: gate.fingerprint });
        return;
      }
      const next = nextPhase(name);
      if (next === null) {
        this.setDocument(document, { status: 'CLOSEOUT_REPORTED' });
        await this.save('document_closed', { document });
        this.emit({ type: 'document_closed', runId, document });
        return;
      }
      this.setDocument(document, { phase: next });
      await this.save('phase_advanced', { document, phase: next });
    }
  }

  async #journal(type: string, data: Record<string, unknown>): Promise<void> {
    const event: RunEvent = { at: this.#env.now().toISOString(), type, ...data };
    await this.#env.store.appendEvent(this.#state.runId, event);
  }
}

/**
 * A document of a batch cannot start a run of its own while the batch holds it: the ways on are
 * retrying it in the batch (after fixing the hub document) or dropping it from the batch.
 */
function batchHint(error: RunError, gate: string, runId: string, document: string): RunError {
  if (gate !== 'G1') return error;
  return {
    ...error,
    hint: `if the hub document is at fault, fix it and cutter resume ${runId} retries ${document}; if the plan's limit should change, ` +
      `a run keeps its plan: drop it with cutter resume ${runId} --exclude ${document} and plan it again once the batch is done`,
  };
}

/** Runs `fn` over `items`, at most `n` at a time. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

