import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { LiveDryRunDiscoverer } from '../discovery/live-dry-run-discoverer.js';
import { CutterError, refusal } from '../errors.js';
import type { BatchPlan } from '../plan/batch-plan.js';
import { DEFAULT_APPROVAL_PATTERN, type Plan, type SovereignGate } from '../plan/plan.js';
import { TOOL_VERSION } from '../version.js';
import { checkPinnedApprovals, validateSovereignApproval } from './approval.js';
import { batchCloseoutReport } from './batch-closeout.js';
import { BatchDrive } from './batch-drive.js';
import { excludeDocuments } from './batch-exclude.js';
import { previewBatch } from './batch-preview.js';
import { batchFingerprint, batchGate, buildBatchGateView, documentNote } from './batch-gate.js';
import { initialDocumentState, isProblem, retryPhase } from './batch-state.js';
import type { BatchCloseoutReport, BatchGateView, BatchReporter } from './batch-views.js';
import { documentResults } from './batch-saved.js';
import type { PhaseDeps } from './phase.js';
import type { Reporter } from './ports.js';
import type { ProgressSink } from './progress.js';
import { PHASES, runNotFound, type ApprovalRecord, type RunState } from './run-state.js';
import { executionSwitches, type ResumeOptions, type RunnerOptions } from './runner.js';

export interface BatchRunnerOptions extends Omit<RunnerOptions, 'reporter' | 'newRunId'> {
  readonly reporter: BatchReporter;
  /** Documents run at once in the read-only and pure phases; default: the number of cores. */
  readonly parallel?: number | undefined;
  readonly onProgress?: ProgressSink | undefined;
  readonly newRunId?: ((batch: BatchPlan, now: Date) => string) | undefined;
}

export interface BatchOutcome {
  readonly state: RunState;
  /** PAUSED: what the gate shows. */
  readonly view?: BatchGateView;
  /** At the end (also when some documents failed): which closed and which did not. */
  readonly closeout?: { readonly report: BatchCloseoutReport; readonly files: readonly string[] };
}

/** A rejection of a batch goes through OrchestratorRunner.reject, as for one document (cutter reject). */
export interface BatchResumeOptions extends Omit<ResumeOptions, 'reject' | 'reason'> {
  /** Drop these documents from the batch; the gate then shows something else and needs a new approval. */
  readonly exclude?: readonly string[] | undefined;
}

/** A batch just created holds its lock for this process alone; wait out a slow file system. */
const NEW_RUN_LOCK_WAIT_MS = 5_000;

/** Phases write no per-document report in a batch: the batch writes one for all of them. */
const BATCH_MEMBER_REPORTER: Reporter = { gate: async () => [], closeout: async () => [] };

/**
 * Drives a batch plan as one run: every document through the same phases as a run of one
 * document, each sovereign gate showing all of them under one fingerprint and passed by one
 * approval. A document that fails stops alone; the batch pauses at its next gate with the failed
 * ones named, and `resume` retries only them.
 *
 * @example
 * const runner = new BatchRunner({ store, reporter: new DryRunReporter('.cutter'), discoverer });
 * const a = await runner.cut(batch);                                            // PAUSED at SG_1, all documents
 * await runner.resume(a.state.runId, { approval: { id: 'KB-7001' } });         // PAUSED at SG_2
 * const c = await runner.resume(a.state.runId, { approval: { id: 'KB-7002' } }); // CLOSEOUT_REPORTED
 */
export class BatchRunner {
  readonly #options: BatchRunnerOptions;
  readonly #now: () => Date;
  readonly #approvalPattern: RegExp;
  readonly #deps = new Map<string, PhaseDeps>();

  constructor(options: BatchRunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#approvalPattern = options.approvalPattern ?? new RegExp(DEFAULT_APPROVAL_PATTERN, 'u');
  }

  /** Creates the batch run and drives every document to SG_1 (or to its failure). */
  async cut(batch: BatchPlan, options: { planFile?: string | null } = {}): Promise<BatchOutcome> {
    // Every refusal a pinned approval can meet is checked before the batch exists, as for one document.
    await checkPinnedApprovals({ ...batch.documents[0]!, approvals: batch.approvals }, this.#approvalPattern, this.#options.store);
    const now = this.#now();
    const runId = (this.#options.newRunId ?? defaultRunId)(batch, now);
    const state: RunState = {
      formatVersion: 1, runId, createdAt: now.toISOString(), updatedAt: now.toISOString(), toolVersion: TOOL_VERSION,
      plan: { ...batch.documents[0]!, approvals: batch.approvals }, planFile: options.planFile ?? null,
      status: 'RUNNING', phase: PHASES[0], gate: null, fingerprint: null, completed: [], approvals: [], error: null,
      batch: { plan: batch, documents: batch.documents.map((d) => initialDocumentState(d.document, d.prefix)) },
      ...(this.#options.startedBy ? { startedBy: this.#options.startedBy } : {}),
    };
    await this.#options.store.create(state);
    const lock = await this.#options.store.lock(runId, { waitMs: Math.max(this.#options.lockWaitMs ?? 0, NEW_RUN_LOCK_WAIT_MS) });
    try {
      const drive = this.#drive(state);
      await drive.save('run_created', { documents: batch.documents.map((d) => d.document), mode: batch.mode });
      this.#started(drive, false);
      await drive.run();
      return await this.#settle(drive);
    } finally {
      await lock.release();
    }
  }

  /**
   * Continues a batch: past its gate with an approval; without one, retries the documents that
   * failed (and goes on after a crash); `exclude` drops documents first.
   */
  async resume(runId: string, options: BatchResumeOptions = {}): Promise<BatchOutcome> {
    const lock = await this.#options.store.lock(runId, { waitMs: this.#options.lockWaitMs ?? 0 });
    try {
      const state = await this.#options.store.load(runId);
      if (!state) throw runNotFound(runId);
      if (!state.batch) throw new CutterError('not_a_batch', `run ${runId} is a run of one document, not a batch`, { hint: `cutter resume ${runId}` });
      const drive = this.#drive(state);
      this.#started(drive, true);
      const exclude = options.exclude ?? [];
      if (exclude.length > 0) {
        await excludeDocuments(drive, exclude, options);
        return await this.#settle(drive);
      }
      switch (state.status) {
        case 'PAUSED':
          if (options.approval) {
            const gate = validateSovereignApproval(state, options.approval, this.#approvalPattern);
            await this.#pass(drive, gate, options.approval.id, 'cli');
          } else if (drive.documents().some((d) => isProblem(d) || d.status === 'RUNNING')) {
            // Failed documents are retried; a document that was moving when a process died goes on.
            await this.#retryProblems(drive);
          } else {
            throw refusal('approval_required', `run ${runId} waits at ${state.gate} for an approval`, {
              hint: `cutter resume ${runId} --approval KB-NNNN --gate ${state.gate} --fingerprint ${state.fingerprint}  (KB-NNNN: the KB document recording the decision)`,
              details: { runId, gate: state.gate, fingerprint: state.fingerprint },
            });
          }
          break;
        case 'FAILED':
        case 'RUNNING':
          if (options.approval) {
            validateSovereignApproval(state, options.approval, this.#approvalPattern);
          }
          await this.#retryProblems(drive);
          break;
        case 'CLOSEOUT_REPORTED':
          return { state, ...(await this.#savedCloseout(runId)) };
        case 'REJECTED':
        case 'ABORTED':
        case 'STALE':
          throw refusal(`run_${state.status.toLowerCase()}`, `run ${runId} is ${state.status} and cannot continue`, {
            hint: `start a new run: cutter apply ${state.planFile ?? '<plan.yaml>'}`,
          });
      }
      await drive.run();
      return await this.#settle(drive);
    } finally {
      await lock.release();
    }
  }

  /** Phases 1–7 of every document in memory, for `cutter plan`: nothing is persisted, no run is created. */
  async preview(batch: BatchPlan, options: { planFile?: string | null } = {}): Promise<BatchGateView> {
    return previewBatch(batch, {
      deps: (plan) => this.#depsFor(plan), parallel: this.#parallel(), now: this.#now, executionEnabled: this.#options.executionEnabled ?? false,
    }, options.planFile ?? null);
  }

  #drive(state: RunState): BatchDrive {
    return new BatchDrive({
      store: this.#options.store, deps: (plan) => this.#depsFor(plan), now: this.#now, parallel: this.#parallel(), onProgress: this.#options.onProgress,
    }, state);
  }

  #parallel(): number {
    return Math.max(1, this.#options.parallel ?? availableParallelism());
  }

  #started(drive: BatchDrive, resumed: boolean): void {
    drive.emit({
      type: 'run_started', runId: drive.state.runId, resumed,
      documents: drive.documents().map((d) => ({ document: d.document, prefix: d.prefix, status: d.status, phase: d.phase })),
    });
  }

  /** Every document waiting at `gate` goes on; the batch records one decision for all of them. */
  async #pass(drive: BatchDrive, gate: SovereignGate, id: string, via: ApprovalRecord['via']): Promise<void> {
    // No earlier save may still be waiting to write: it would write the decision before the store accepts it.
    await drive.flush();
    const before = drive.state;
    const passing = drive.documents().filter((d) => d.status === 'PAUSED' && d.gate === gate).map((d) => d.document);
    const record = this.#record(gate, id, before.fingerprint!, 'approved', via);
    // With approvals.verify, the id must name a decision recorded in the hub for this fingerprint.
    await this.#options.approvalVerifier?.verify({ ...record, runId: before.runId });
    for (const document of passing) drive.setDocument(document, { status: 'RUNNING', gate: null, fingerprint: null });
    drive.set({ status: 'RUNNING', gate: null, fingerprint: null, error: null, approvals: [...before.approvals, record] });
    try {
      await drive.recordDecision({ ...record, runId: before.runId }, 'gate_approved', { gate, approval: id, fingerprint: record.fingerprint, via, documents: passing });
    } catch (e) {
      drive.set({ ...before }); // the store refused the decision: nothing changed, in memory either
      throw e;
    }
    drive.emit({ type: 'gate_passed', runId: drive.state.runId, gate, approval: id, via, documents: passing });
  }

  async #retryProblems(drive: BatchDrive): Promise<void> {
    const retried: string[] = [];
    for (const d of drive.documents()) {
      if (!isProblem(d)) continue;
      drive.setDocument(d.document, { status: 'RUNNING', phase: retryPhase(d), gate: null, fingerprint: null, error: null });
      retried.push(d.document);
    }
    if (drive.state.status !== 'PAUSED') drive.set({ status: 'RUNNING', gate: null, fingerprint: null, error: null });
    await drive.save('run_resumed', { retried });
  }

  /** Where the batch stands once no document can move: at its next gate, closed, or failed. */
  async #settle(drive: BatchDrive): Promise<BatchOutcome> {
    for (;;) {
      const { runId } = drive.state;
      const plan = drive.state.batch!.plan;
      const all = drive.documents();
      const active = all.filter((d) => d.status !== 'EXCLUDED');
      const completed = PHASES.filter((p) => active.every((d) => d.completed.includes(p)));
      const gate = batchGate(active);
      if (gate) {
        const fingerprint = batchFingerprint(gate, plan, all);
        const waiting = active.filter((d) => d.status === 'PAUSED' && d.gate === gate);
        const failed = active.filter(isProblem).map((d) => d.document);
        drive.set({ status: 'PAUSED', gate, fingerprint, phase: waiting[0]!.phase, completed, error: null });
        await drive.save('gate_paused', { gate, fingerprint, documents: waiting.map((d) => d.document), failed });
        drive.emit({ type: 'gate_paused', runId, gate, fingerprint, documents: waiting.map((d) => d.document), failed });
        const view = await buildBatchGateView({ gate, runId, plan, documents: all, fingerprint, reader: (doc) => documentResults(this.#options.store, runId, plan, doc) });
        await this.#options.reporter.batchGate(view);
        const pinned = plan.approvals[gate];
        if (!pinned) return { state: drive.state, view };
        if (pinned.fingerprint !== fingerprint) {
          return { state: drive.state, view: { ...view, notes: [...view.notes,
            `the plan pins approval ${pinned.id} for ${gate}, but for ${pinned.fingerprint}, not what the gate shows now; it was not used`] } };
        }
        try {
          validateSovereignApproval(drive.state, pinned, this.#approvalPattern);
          await this.#pass(drive, gate, pinned.id, 'plan');
        } catch (e) {
          // A refused pin (used meanwhile by another run) leaves the batch paused, never half-passed.
          if (!(e instanceof CutterError) || e.exitCode !== 4) throw e;
          drive.set({ status: 'PAUSED', gate, fingerprint });
          return { state: drive.state, view: { ...view, notes: [...view.notes, `the plan pins approval ${pinned.id} for ${gate}, but ${e.message}; it was not used`] } };
        }
        await drive.run();
        continue;
      }
      const problems = active.filter(isProblem);
      const closed = active.filter((d) => d.status === 'CLOSEOUT_REPORTED');
      const closeout = closed.length > 0 ? await this.#closeout(drive, problems.length === 0 ? 'CLOSEOUT_REPORTED' : 'FAILED') : undefined;
      if (problems.length === 0) {
        drive.set({ status: 'CLOSEOUT_REPORTED', phase: 'closeout', gate: null, fingerprint: null, completed, error: null });
        await drive.save('run_closed', { documents: closed.map((d) => d.document) });
      } else {
        const first = problems[0]!;
        drive.set({
          status: 'FAILED', phase: first.phase, gate: null, fingerprint: null, completed,
          error: {
            code: 'batch_documents_failed',
            message: `${problems.length} of ${active.length} documents did not get through: ${problems.map((d) => `${d.document} (${d.error?.code ?? d.status}: ${d.error?.message ?? ''})`).join('; ')}`,
            hint: `once the cause is fixed in the hub, cutter resume ${runId} retries only them; cutter resume ${runId} ${problems.map((d) => `--exclude ${d.document}`).join(' ')} drops them (a changed plan needs a new run)`,
            details: { documents: problems.map(documentNote) },
            refusal: problems.every((d) => d.error?.refusal ?? false),
          },
        });
        await drive.save('run_failed', { documents: problems.map((d) => d.document) });
      }
      return { state: drive.state, ...(closeout ? { closeout } : {}) };
    }
  }

  async #closeout(drive: BatchDrive, status: 'CLOSEOUT_REPORTED' | 'FAILED'): Promise<NonNullable<BatchOutcome['closeout']>> {
    const report = await batchCloseoutReport(this.#options.store, drive.state, status, this.#now());
    const files = await this.#options.reporter.batchCloseout(report);
    await this.#options.store.writeArtifact(drive.state.runId, 'batch-closeout', { report, files });
    return { report, files };
  }

  async #savedCloseout(runId: string): Promise<{ closeout?: NonNullable<BatchOutcome['closeout']> }> {
    const saved = await this.#options.store.readArtifact<NonNullable<BatchOutcome['closeout']>>(runId, 'batch-closeout');
    return saved ? { closeout: saved } : {};
  }

  #depsFor(plan: Plan): PhaseDeps {
    let deps = this.#deps.get(plan.prefix);
    if (!deps) {
      const given = this.#options.discoverer;
      const live = given instanceof LiveDryRunDiscoverer ? given.live : given;
      const simulator = LiveDryRunDiscoverer.fromLive(live, { prefix: plan.prefix });
      deps = {
        discoverer: live, simulator, liveExecutor: this.#options.liveExecutor,
        executionEnabled: this.#options.executionEnabled ?? false, executionEnabledBy: executionSwitches(this.#options),
        reporter: BATCH_MEMBER_REPORTER, now: this.#now,
      };
      this.#deps.set(plan.prefix, deps);
    }
    return deps;
  }

  #record(gate: SovereignGate, id: string, fingerprint: string, decision: ApprovalRecord['decision'], via: ApprovalRecord['via']): ApprovalRecord {
    return { gate, id, fingerprint, decision, via, at: this.#now().toISOString() };
  }
}

function defaultRunId(batch: BatchPlan, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const first = batch.documents[0]!.document.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `${stamp}-batch-${first}-${batch.documents.length}-${randomBytes(2).toString('hex')}`;
}
