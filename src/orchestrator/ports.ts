import type { ApprovalRecord, RunState } from './run-state.js';
import type { CloseoutReport, GateView } from './views.js';
import type { SovereignGate } from '../plan/plan.js';

/**
 * The key of the one-active-run rule (DESIGN §5): at most one RUNNING or PAUSED run per
 * (source, document). A batch run holds one key per document it drives.
 */
export interface DocumentKey {
  readonly source: string;
  readonly document: string;
}

/** One entry of the store-wide approval index: an approval id is used once, ever, in any run. */
export interface ApprovalIndexEntry extends ApprovalRecord {
  readonly runId: string;
}

export interface RunListing {
  readonly runs: RunState[];
  readonly broken: readonly BrokenRun[];
}

/** A run whose state could not be read: `cutter runs` flags it instead of failing. */
export interface BrokenRun {
  readonly runId: string;
  /** The `state_corrupt` message: which file, what is wrong, what to do. */
  readonly problem: string;
}

/** A held lock on a run. Release it in a `finally`; a store's lock also dies with its process. */
export interface StoreLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /**
   * How long to wait for another process to let go before refusing with `lock_held` (like
   * PostgreSQL's lock_timeout). 0, the default, refuses at once.
   */
  readonly waitMs?: number | undefined;
}

/**
 * Where runs live: the file store (`.cutter/`, one machine) and the PostgreSQL store (a team).
 * Both pass the same contract suite (test/state/). Every write is atomic; the journal is
 * append-only. The guarantees that make approvals mean something are the store's, not a
 * check-then-write in the caller: `create` enforces one active run per document and
 * `recordDecision` the uniqueness of approval ids, each as one atomic step.
 */
export interface StateStore {
  /** What the store is, for messages: a folder, or a server, database and schema. Never a password. */
  readonly description: string;
  /**
   * Creates the run. If any of its documents (`activeDocuments(state)`) already has an active run,
   * nothing is created and a refusal `run_active` is thrown whose details name that run
   * (`runId`, `status`, `gate`, `phase`, `createdAt`). Fails with `run_exists` if the id exists.
   */
  create(state: RunState): Promise<void>;
  /**
   * Replaces the run state atomically. A run that stops being active frees its documents; a run
   * that becomes active again (a FAILED run retried) takes them back under the same rule as
   * `create`, and is refused `run_active` if another run holds one of them meanwhile.
   */
  save(state: RunState): Promise<void>;
  /**
   * Adds `entry` to the approval index and saves `state` (the run after the decision) as one
   * atomic step. If the index already holds `entry.id`, nothing changes and a refusal
   * `approval_reused` is thrown whose details name the run and gate that used it.
   */
  recordDecision(state: RunState, entry: ApprovalIndexEntry): Promise<void>;
  /** The index entry of an approval id, or null if it was never used. */
  findApproval(id: string): Promise<ApprovalIndexEntry | null>;
  load(runId: string): Promise<RunState | null>;
  /** The active (RUNNING or PAUSED) run holding the document, if any. */
  activeRun(key: DocumentKey): Promise<RunState | null>;
  /**
   * Every readable run, oldest first, and the runs whose state cannot be read (each named with
   * what is wrong), so one corrupt run never hides the others.
   */
  list(): Promise<RunListing>;
  /** Phase results and other large values kept beside the state. */
  writeArtifact(runId: string, name: string, value: unknown): Promise<void>;
  readArtifact<T>(runId: string, name: string): Promise<T | null>;
  /**
   * Appends to the run's journal. Kept across a killed process at once; across a machine that
   * stops, at the latest once the run's state is next saved or its lock let go (the file store
   * fsyncs the journal then, once per phase instead of once per event).
   */
  appendEvent(runId: string, event: RunEvent): Promise<void>;
  readEvents(runId: string): Promise<RunEvent[]>;
  /**
   * Takes the run's lock (one process drives a run at a time); `lock_held` after `waitMs`,
   * `run_not_found` when there is no such run. Only the holder writes the run's state.
   */
  lock(runId: string, options?: LockOptions): Promise<StoreLock>;
  /** Lets go of connections; the store is not used afterwards. */
  close(): Promise<void>;
}

export interface RunEvent {
  readonly at: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Publishes what a run shows: a report at each sovereign gate and the closeout report. */
export interface Reporter {
  gate(view: GateView): Promise<string[]>;
  closeout(report: CloseoutReport): Promise<string[]>;
  /**
   * True when the report of a run's gate is not where `gate` writes it (a process killed between
   * pausing the run and writing the report); `resume` then writes it again. Optional: a reporter
   * that cannot tell is never asked to repair.
   */
  gateReportMissing?(runId: string, gate: SovereignGate): Promise<boolean>;
}
