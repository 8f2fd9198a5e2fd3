import { CutterError } from '../errors.js';
import type { DocumentKey } from './ports.js';
import type { Plan, SovereignGate } from '../plan/plan.js';
import type { BatchRunState } from './batch-state.js';

/** The 11 phases of DESIGN §5, in order. */
export const PHASES = [
  'preflight', 'discover', 'snapshot', 'segment', 'identify', 'validate',
  'diff', 'rebase', 'execute', 'verify', 'closeout',
] as const;
export type PhaseName = (typeof PHASES)[number];

export type AutomaticGate = 'G0' | 'G1' | 'G2';
export type GateName = AutomaticGate | SovereignGate;

export type RunStatus = 'RUNNING' | 'PAUSED' | 'CLOSEOUT_REPORTED' | 'FAILED' | 'REJECTED' | 'ABORTED' | 'STALE';

/** A recorded sovereign decision, bound to what the gate showed. */
export interface ApprovalRecord {
  readonly gate: SovereignGate;
  readonly id: string;
  readonly fingerprint: string;
  readonly decision: 'approved' | 'rejected';
  /** `cli` for --approval, `plan` for an approval pinned in the plan file. */
  readonly via: 'cli' | 'plan';
  readonly at: string;
}

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  /** Set when the error is a refusal (exit 4) rather than a failure (exit 1). */
  readonly refusal: boolean;
}

/** Everything needed to resume a run; persisted after every phase (schemas/run-state.schema.json). */
export interface RunState {
  readonly formatVersion: 1;
  readonly runId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly toolVersion: string;
  readonly plan: Plan;
  /** The plan file as given on the command line, for messages only. */
  readonly planFile: string | null;
  readonly status: RunStatus;
  /** RUNNING/FAILED: the phase to run (again); PAUSED: the phase after the gate. */
  readonly phase: PhaseName;
  /** PAUSED: the sovereign gate waited at; FAILED: the automatic gate that failed, if any. */
  readonly gate: GateName | null;
  /** PAUSED: the fingerprint of what the gate shows. */
  readonly fingerprint: string | null;
  /** Phases whose results are persisted, in order. */
  readonly completed: readonly PhaseName[];
  readonly approvals: readonly ApprovalRecord[];
  readonly error: RunError | null;
  /** Who started the run, for `cutter runs` on a shared store. Absent in runs of older cutters. */
  readonly startedBy?: StartedBy | undefined;
  /**
   * A batch run (src/orchestrator/batch-runner.ts): the batch plan and one sub-state per document.
   * The fields above are then the batch's own (its status, the gate it waits at, the combined
   * fingerprint, its approvals), and `plan` is its first document's plan.
   */
  readonly batch?: BatchRunState;
}

/** The person and machine that created a run (DESIGN §9: runs a team shares). */
export interface StartedBy {
  readonly user: string;
  readonly host: string;
}

export function nextPhase(phase: PhaseName): PhaseName | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

export function phaseNumber(phase: PhaseName): number {
  return PHASES.indexOf(phase) + 1;
}

/** The one "no such run" error, wherever a run id is looked up. */
export function runNotFound(runId: string): CutterError {
  return new CutterError('run_not_found', `there is no run ${runId}`, { hint: 'cutter runs lists the runs', details: { runId } });
}

/**
 * The documents a run holds while it is active (DESIGN §5: one active run per source and document):
 * every document of a batch, except those excluded from it (`resume --exclude`).
 */
export function activeDocuments(state: RunState): DocumentKey[] {
  if (state.batch) {
    return state.batch.documents.filter((d) => d.status !== 'EXCLUDED').map((d) => ({ source: state.batch!.plan.source, document: d.document }));
  }
  return [{ source: state.plan.source, document: state.plan.document }];
}

/** RUNNING and PAUSED runs hold their documents; every other status frees them. */
export function isActive(status: RunStatus): boolean {
  return status === 'RUNNING' || status === 'PAUSED';
}
