import { randomBytes } from 'node:crypto';
import type { Discoverer } from '../discovery/discoverer.js';
import type { ChangesetDelta } from '../diff/stale.js';
import { LiveDryRunDiscoverer } from '../discovery/live-dry-run-discoverer.js';
import { CutterError, refusal } from '../errors.js';
import type { ExecutionSwitch } from '../plan/config.js';
import { DEFAULT_APPROVAL_PATTERN, type Plan, type SovereignGate } from '../plan/plan.js';
import { TOOL_VERSION } from '../version.js';
import { checkPinnedApprovals, validateSovereignApproval, type ApprovalInput, type ApprovalVerifier } from './approval.js';
import { packResult, requiredResults } from './compact-results.js';
import { gateError } from './gates.js';
import type { Executor } from './executor.js';
import { artifactName } from './artifact-name.js';
import { buildGateView } from './gate-view.js';
import type { GateOutcome, PhaseContext, PhaseDeps } from './phase.js';
import { PHASE_MODULES } from './phases/index.js';
import type { CloseoutResult } from './phases/closeout.js';
import type { DiffResult } from './phases/diff.js';
import { sg2Of } from './phases/rebase.js';
import type { Snapshot } from './phases/snapshot.js';
import type { Reporter, StateStore } from './ports.js';
import { nextPhase, PHASES, runNotFound, type ApprovalRecord, type PhaseName, type RunError, type RunState, type StartedBy } from './run-state.js';
import type { GateView } from './views.js';
import { missingPhaseResult } from './state-errors.js';

export interface RunnerOptions {
  readonly store: StateStore;
  readonly reporter: Reporter;
  /** Reads the hub. A LiveDryRunDiscoverer is also used as the dry-run simulator. */
  readonly discoverer: Discoverer;
  /** Writes to the hub in live mode; without it live plans are refused at G0. */
  readonly liveExecutor?: Executor | undefined;
  /** From the operator's configuration, never from a plan. Default false. */
  readonly executionEnabled?: boolean | undefined;
  /** Checks each approval against the hub before it is recorded (config `approvals.verify`). */
  readonly approvalVerifier?: ApprovalVerifier | undefined;
  /** Which switch enabled it (config, environment), recorded by the run. */
  readonly executionEnabledBy?: readonly ExecutionSwitch[] | undefined;
  /** What an approval id must look like. Default `^KB-[0-9]+$`. */
  readonly approvalPattern?: RegExp | undefined;
  readonly now?: (() => Date) | undefined;
  /**
   * How long to wait for another process to let go of a run before refusing `lock_held` (like
   * PostgreSQL's lock_timeout). Default 0: refuse at once.
   */
  readonly lockWaitMs?: number | undefined;
  /** Who starts runs through this runner, recorded in each new run (shown by `cutter runs`). */
  readonly startedBy?: StartedBy | undefined;
  readonly newRunId?: ((plan: Plan, now: Date) => string) | undefined;
}

/** The switches that enabled execution, as a run records them (none when it is disabled). */
export function executionSwitches(options: Pick<RunnerOptions, 'executionEnabled' | 'executionEnabledBy'>): readonly ExecutionSwitch[] {
  return options.executionEnabled ? (options.executionEnabledBy ?? ['config']) : [];
}

/** Where a run stands after `cut` or `resume`, with what to show. */
export interface RunOutcome {
  readonly state: RunState;
  /** PAUSED: what the gate shows. */
  readonly view?: GateView;
  /** CLOSEOUT_REPORTED: the closeout report and the files it was written to. */
  readonly closeout?: CloseoutResult;
  /** STALE: what changed, and what the approved changeset no longer matches. */
  readonly stale?: { readonly gate: SovereignGate; readonly drift: readonly string[]; readonly delta: ChangesetDelta | null };
}

export interface ResumeOptions {
  readonly approval?: ApprovalInput | undefined;
  /** Record a rejection instead: the run ends REJECTED (the same as `reject`). */
  readonly reject?: ApprovalInput | undefined;
  /** Why, with a rejection; kept in the journal and the run's error. */
  readonly reason?: string | undefined;
}

/** How long `cut` waits for the lock of the run it has just created (`cutter status` may be trying it for an instant). */
const NEW_RUN_LOCK_WAIT_MS = 5_000;

/**
 * Drives runs through the 11 phases, persisting each phase's result before the next starts,
 * pausing at the sovereign gates SG_1 and SG_2.
 *
 * @example
 * const runner = new OrchestratorRunner({ store, reporter, discoverer });
 * const a = await runner.cut(plan);                                   // PAUSED at SG_1
 * const b = await runner.resume(a.state.runId, { approval: { id: 'KB-7001' } }); // PAUSED at SG_2
 * const c = await runner.resume(a.state.runId, { approval: { id: 'KB-7002' } }); // CLOSEOUT_REPORTED
 */
export class OrchestratorRunner {
  readonly #options: RunnerOptions;
  readonly #now: () => Date;
  readonly #approvalPattern: RegExp;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#approvalPattern = options.approvalPattern ?? new RegExp(DEFAULT_APPROVAL_PATTERN, 'u');
  }

  /** Creates a run for the plan and drives it to the first sovereign gate (or a failure). */
  async cut(plan: Plan, options: { planFile?: string | null } = {}): Promise<RunOutcome> {
    // Every refusal a pinned approval can meet is checked before the run exists, so a refused
    // apply leaves nothing behind (a race with another run for the same id is a note at the gate).
    await checkPinnedApprovals(plan, this.#approvalPattern, this.#options.store);
    const now = this.#now();
    const runId = (this.#options.newRunId ?? defaultRunId)(plan, now);
    const state: RunState = {
      formatVersion: 1, runId, createdAt: now.toISOString(), updatedAt: now.toISOString(), toolVersion: TOOL_VERSION,
      plan, planFile: options.planFile ?? null, status: 'RUNNING', phase: PHASES[0], gate: null, fingerprint: null,
      completed: [], approvals: [], error: null,
      ...(this.#options.startedBy ? { startedBy: this.#options.startedBy } : {}),
    };
    await this.#options.store.create(state);
    try {
      const lock = await this.#options.store.lock(runId, { waitMs: Math.max(this.#options.lockWaitMs ?? 0, NEW_RUN_LOCK_WAIT_MS) });
      try {
        await this.#event(runId, 'run_created', { plan: plan.document, prefix: plan.prefix, mode: plan.mode });
        return await this.#drive(state);
      } finally {
        await lock.release();
      }
    } catch (e) {
      // The run exists now: whatever went wrong, the person must learn its id to resume or abort it.
      throw naming(runId, e);
    }
  }

  /**
   * Continues a run: past its sovereign gate with an approval, from a failed phase, or from the
   * last persisted phase after a crash. A refused approval leaves the run exactly as it was.
   */
  async resume(runId: string, options: ResumeOptions = {}): Promise<RunOutcome> {
    if (options.reject) return this.reject(runId, options.reject, { reason: options.reason });
    return this.#holding(runId, async () => {
      let state = await this.#load(runId);
      // Check first, then write: every saved result the run stands on is read (and checked against
      // its schema) before a decision is recorded or a phase runs, so a damaged file is a
      // state_corrupt error with nothing changed.
      const goesOn = state.status === 'PAUSED' || state.status === 'RUNNING' || state.status === 'FAILED';
      const results = goesOn ? await this.#readCompleted(state) : new Map<PhaseName, unknown>();
      if (state.status === 'PAUSED') await this.#repairGateReport(state, results);
      if (options.approval) {
        const gate = validateSovereignApproval(state, options.approval, this.#approvalPattern);
        const record = this.#record(gate, options.approval.id, state.fingerprint!, 'approved', 'cli');
        await this.#options.approvalVerifier?.verify({ ...record, runId });
        state = this.#with(state, { status: 'RUNNING', gate: null, fingerprint: null, approvals: [...state.approvals, record] });
        await this.#options.store.recordDecision(state, { ...record, runId });
        await this.#event(runId, 'gate_approved', { gate, approval: record.id, fingerprint: record.fingerprint });
        return await this.#drive(state, results);
      }
      switch (state.status) {
        case 'PAUSED':
          throw refusal('approval_required', `run ${runId} waits at ${state.gate} for an approval`, {
            hint: `record the decision as a KB document and give its id in place of KB-NNNN: cutter resume ${runId} --approval KB-NNNN --gate ${state.gate} --fingerprint ${state.fingerprint}`,
            details: { runId, gate: state.gate, fingerprint: state.fingerprint },
          });
        case 'FAILED':
        case 'RUNNING':
          // A failed phase is retried; a RUNNING run was interrupted and goes on from its last
          // persisted phase. A failed run takes its document back only if no other run holds it.
          state = this.#with(state, { status: 'RUNNING', gate: null, error: null });
          await this.#save(state, 'run_resumed', { phase: state.phase });
          return await this.#drive(state, results);
        case 'CLOSEOUT_REPORTED':
          return { state, closeout: (await this.#artifact<CloseoutResult>(state.runId, 'closeout')) ?? undefined };
        case 'REJECTED':
        case 'ABORTED':
        case 'STALE':
          throw refusal(`run_${state.status.toLowerCase()}`, `run ${runId} is ${state.status} and cannot continue`, {
            hint: `start a new run: cutter apply ${state.planFile ?? '<plan.yaml>'}`,
            details: { status: state.status, error: state.error },
          });
      }
    });
  }

  /**
   * Records a rejection of the gate the run waits at (bound like an approval to its gate and
   * fingerprint, and using up the id the same way): the run ends REJECTED.
   */
  async reject(runId: string, decision: ApprovalInput, options: { reason?: string | undefined } = {}): Promise<RunOutcome> {
    return this.#holding(runId, async () => {
      let state = await this.#load(runId);
      const gate = validateSovereignApproval(state, decision, this.#approvalPattern);
      const record = this.#record(gate, decision.id, state.fingerprint!, 'rejected', 'cli');
      await this.#options.approvalVerifier?.verify({ ...record, runId });
      state = this.#with(state, {
        status: 'REJECTED',
        approvals: [...state.approvals, record],
        error: { code: 'rejected', message: `${gate} was rejected by ${decision.id}${options.reason ? `: ${options.reason}` : ''}`, refusal: true,
          details: { gate, approval: decision.id, reason: options.reason ?? null } },
      });
      await this.#options.store.recordDecision(state, { ...record, runId });
      await this.#event(runId, 'gate_rejected', { gate, approval: decision.id, fingerprint: record.fingerprint, reason: options.reason ?? null });
      return { state };
    });
  }

  /**
   * Abandons a run that has not ended (RUNNING, interrupted, PAUSED or FAILED): it ends ABORTED
   * and frees its document. Nothing is written to the hub.
   */
  async abort(runId: string, options: { reason?: string | undefined } = {}): Promise<RunOutcome> {
    return this.#holding(runId, async () => {
      let state = await this.#load(runId);
      if (!['RUNNING', 'PAUSED', 'FAILED'].includes(state.status)) {
        throw refusal('run_ended', `run ${runId} is ${state.status} already; there is nothing to abort and nothing was changed`, {
          hint: `cutter status ${runId}`, details: { status: state.status },
        });
      }
      const from = { status: state.status, phase: state.phase, gate: state.gate };
      state = this.#with(state, {
        status: 'ABORTED', gate: null, fingerprint: null,
        error: { code: 'aborted', message: `aborted${options.reason ? `: ${options.reason}` : ''}`, refusal: true, details: { reason: options.reason ?? null, from } },
      });
      await this.#save(state, 'run_aborted', { reason: options.reason ?? null, from });
      return { state };
    });
  }

  async #holding<T>(runId: string, body: () => Promise<T>): Promise<T> {
    const lock = await this.#options.store.lock(runId, { waitMs: this.#options.lockWaitMs ?? 0 });
    try {
      return await body();
    } finally {
      await lock.release();
    }
  }

  /** Phases 1–7 in memory, for `cutter plan`: nothing is persisted, no run is created. */
  async preview(plan: Plan, { planFile }: { planFile?: string | null } = {}): Promise<GateView> {
    const results = new Map<PhaseName, unknown>();
    const ctx = this.#context(plan, null, [], this.#now().toISOString(), results, true);
    for (const name of PHASES.slice(0, PHASES.indexOf('diff') + 1)) {
      const outcome = await PHASE_MODULES[name].run(ctx);
      results.set(name, outcome.result);
      if (outcome.gate?.kind === 'automatic' && !outcome.gate.checks.every((c) => c.passed)) {
        throw gateError(outcome.gate.gate, outcome.gate.checks, planFile ?? null);
      }
    }
    const notes = plan.mode === 'live' && !this.#options.executionEnabled
      ? ['mode is live but execution is disabled: cutter apply will refuse this plan at G0']
      : [];
    const view = await buildGateView('SG_1', null, plan, <T>(p: PhaseName) => Promise.resolve(results.get(p) as T | undefined), notes);
    const sg2 = sg2Of(plan, results.get('snapshot') as Snapshot, results.get('diff') as DiffResult);
    return { ...view, pins: { SG_1: view.fingerprint, SG_2: sg2.fingerprint } };
  }

  /** The run's state, or a `run_not_found` error. */
  async status(runId: string): Promise<RunState> {
    return this.#load(runId);
  }

  async #drive(initial: RunState, results = new Map<PhaseName, unknown>()): Promise<RunOutcome> {
    let state = initial;
    for (;;) {
      const name = state.phase;
      const ctx = this.#context(state.plan, state.runId, state.approvals, state.createdAt, results, false);
      await this.#event(state.runId, 'phase_started', { phase: name });
      let result: unknown;
      let gate: GateOutcome | undefined;
      try {
        ({ result, gate } = await PHASE_MODULES[name].run(ctx));
        await this.#options.store.writeArtifact(state.runId, artifactName(name), await packResult(name, result, state.plan, ctx.result));
      } catch (e) {
        state = this.#with(state, { status: 'FAILED', error: toRunError(e) });
        await this.#save(state, 'phase_failed', { phase: name, code: state.error!.code });
        return { state };
      }
      results.set(name, result);
      const completed = state.completed.includes(name) ? state.completed : [...state.completed, name];
      state = this.#with(state, { completed });
      await this.#event(state.runId, 'phase_completed', { phase: name });

      if (gate?.kind === 'automatic') {
        const passed = gate.checks.every((c) => c.passed);
        await this.#event(state.runId, 'gate_evaluated', { gate: gate.gate, passed });
        if (!passed) {
          const error = gateError(gate.gate, gate.checks, state.planFile);
          state = this.#with(state, { status: 'FAILED', gate: gate.gate, error: toRunError(error) });
          await this.#save(state, 'run_failed', { gate: gate.gate });
          return { state };
        }
      } else if (gate?.kind === 'stale') {
        state = this.#with(state, {
          status: 'STALE',
          error: { code: 'stale', message: `the hub changed after ${gate.gate} was approved: ${gate.reasons.join('; ')}`,
            hint: `start a new run: cutter apply ${state.planFile ?? '<plan.yaml>'}`, details: { gate: gate.gate, reasons: gate.reasons }, refusal: true },
        });
        await this.#save(state, 'run_stale', { gate: gate.gate, reasons: gate.reasons });
        return { state, stale: { gate: gate.gate, drift: gate.reasons, delta: gate.delta } };
      } else if (gate?.kind === 'sovereign') {
        state = this.#with(state, { status: 'PAUSED', gate: gate.gate, fingerprint: gate.fingerprint, phase: nextPhase(name)! });
        await this.#save(state, 'gate_paused', { gate: gate.gate, fingerprint: gate.fingerprint });
        const view = await buildGateView(gate.gate, state.runId, state.plan, (p) => ctx.result(p), []);
        await this.#options.reporter.gate(view);
        const pinned = state.plan.approvals[gate.gate];
        if (!pinned) return { state, view };
        const unused = (why: string): RunOutcome => ({ state, view: { ...view, notes: [...view.notes,
          `the plan pins approval ${pinned.id} for ${gate.gate}, but ${why}; it was not used`] } });
        if (pinned.fingerprint !== gate.fingerprint) return unused(`for ${pinned.fingerprint}, not what the gate shows now`);
        const record = this.#record(gate.gate, pinned.id, gate.fingerprint, 'approved', 'plan');
        const passed = this.#with(state, { status: 'RUNNING', gate: null, fingerprint: null, approvals: [...state.approvals, record] });
        try {
          validateSovereignApproval(state, pinned, this.#approvalPattern);
          await this.#options.approvalVerifier?.verify({ ...record, runId: state.runId });
          await this.#options.store.recordDecision(passed, { ...record, runId: state.runId });
        } catch (e) {
          // The run is already paused here: a refused pin leaves it waiting, never half-passed.
          if (e instanceof CutterError && e.exitCode === 4) return unused(e.message);
          throw e;
        }
        state = passed;
        await this.#event(state.runId, 'gate_approved', { gate: gate.gate, approval: pinned.id, fingerprint: gate.fingerprint, via: 'plan' });
        continue;
      }

      const next = nextPhase(name);
      if (next === null) {
        state = this.#with(state, { status: 'CLOSEOUT_REPORTED' });
        await this.#save(state, 'run_closed', {});
        return { state, closeout: result as CloseoutResult };
      }
      state = this.#with(state, { phase: next });
      await this.#save(state, 'phase_advanced', { phase: next });
    }
  }

  #context(
    plan: Plan, runId: string | null, approvals: readonly ApprovalRecord[], startedAt: string,
    results: Map<PhaseName, unknown>, preview: boolean,
  ): PhaseContext {
    const deps = this.#deps(plan);
    const store = this.#options.store;
    const ctx: PhaseContext = {
      plan, runId, deps, preview, approvals, startedAt,
      journal: runId === null ? null : {
        read: <T>(entry: string) => store.readArtifact<T>(runId, `journal/${entry}`),
        write: (entry: string, value: unknown) => store.writeArtifact(runId, `journal/${entry}`, value),
      },
      // A result not in memory is read from the store (unpacked: compact-results.ts).
      result: runId === null
        ? async <T>(phase: PhaseName): Promise<T> => {
          if (results.has(phase)) return results.get(phase) as T;
          throw missingPhaseResult(`the preview of ${plan.document}, ${artifactName(phase)}`, phase);
        }
        : requiredResults({ store, runId, plan }, results),
    };
    return ctx;
  }

  #depsCache = new Map<string, PhaseDeps>();

  #deps(plan: Plan): PhaseDeps {
    let deps = this.#depsCache.get(plan.prefix);
    if (!deps) {
      const given = this.#options.discoverer;
      // Given a dry-run discoverer (the original recipe), phases read the live facts behind it
      // (drift checks must never see the simulator's own writes) and execute on its simulator.
      const simulator = given instanceof LiveDryRunDiscoverer ? given : LiveDryRunDiscoverer.fromLive(given, { prefix: plan.prefix });
      deps = {
        discoverer: simulator.live,
        simulator,
        liveExecutor: this.#options.liveExecutor,
        executionEnabled: this.#options.executionEnabled ?? false,
        executionEnabledBy: executionSwitches(this.#options),
        reporter: this.#options.reporter,
        now: this.#now,
      };
      this.#depsCache.set(plan.prefix, deps);
    }
    return deps;
  }

  async #artifact<T>(runId: string, phase: PhaseName): Promise<T | null> {
    return this.#options.store.readArtifact<T>(runId, artifactName(phase));
  }

  /** Writes the report of the gate a run waits at again if a crash left it unwritten. */
  async #repairGateReport(state: RunState, results: Map<PhaseName, unknown>): Promise<void> {
    const gate = state.gate;
    if ((gate !== 'SG_1' && gate !== 'SG_2') || !(await this.#options.reporter.gateReportMissing?.(state.runId, gate))) return;
    const view = await buildGateView(gate, state.runId, state.plan, <T>(p: PhaseName) => Promise.resolve(results.get(p) as T | undefined), []);
    await this.#options.reporter.gate(view);
  }

  /** The saved result of every completed phase; a missing or damaged one is `state_corrupt`. */
  async #readCompleted(state: RunState): Promise<Map<PhaseName, unknown>> {
    const results = new Map<PhaseName, unknown>();
    const read = requiredResults({ store: this.#options.store, runId: state.runId, plan: state.plan }, results);
    for (const phase of state.completed) await read(phase);
    return results;
  }

  async #load(runId: string): Promise<RunState> {
    const state = await this.#options.store.load(runId);
    if (!state) {
      throw runNotFound(runId);
    }
    return state;
  }

  #with(state: RunState, patch: Partial<RunState>): RunState {
    return { ...state, ...patch, updatedAt: this.#now().toISOString() };
  }

  #record(gate: SovereignGate, id: string, fingerprint: string, decision: ApprovalRecord['decision'], via: ApprovalRecord['via']): ApprovalRecord {
    return { gate, id, fingerprint, decision, via, at: this.#now().toISOString() };
  }

  async #save(state: RunState, type: string, data: Record<string, unknown>): Promise<void> {
    await this.#options.store.save(state);
    await this.#event(state.runId, type, data);
  }

  async #event(runId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.#options.store.appendEvent(runId, { at: this.#now().toISOString(), type, ...data });
  }
}

/** The error, saying which run it happened to (kept as is when it already does). */
function naming(runId: string, e: unknown): unknown {
  if (e instanceof CutterError) {
    if (e.message.includes(runId)) return e;
    return new CutterError(e.code, `run ${runId}: ${e.message}`, {
      hint: e.hint ?? `cutter status ${runId}`, details: { ...e.details, runId }, cause: e.cause ?? e, exitCode: e.exitCode,
    });
  }
  // An unexpected error keeps its own stack (for --debug); only its message learns the run.
  const err = e instanceof Error ? e : new Error(String(e));
  if (!err.message.includes(runId)) err.message = `run ${runId}: ${err.message}`;
  return err;
}

export function toRunError(e: unknown): RunError {
  if (e instanceof CutterError) {
    return { code: e.code, message: e.message, hint: e.hint, details: e.details, refusal: e.exitCode === 4 };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: 'internal_error', message: err.message, details: { name: err.name, stack: err.stack }, refusal: false };
}

function defaultRunId(plan: Plan, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${plan.document.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(2).toString('hex')}`;
}
