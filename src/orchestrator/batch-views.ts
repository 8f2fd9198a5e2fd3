import type { ChangeSummary } from '../diff/changeset.js';
import type { BatchPlan } from '../plan/batch-plan.js';
import type { SovereignGate } from '../plan/plan.js';
import type { DocumentStatus } from './batch-state.js';
import type { ApprovalRecord, PhaseName, RunError, RunStatus } from './run-state.js';
import type { CloseoutReport, GateView } from './views.js';

/** A document of the batch that is not shown at this gate, and why. */
export interface BatchDocumentNote {
  readonly document: string;
  readonly prefix: string;
  readonly status: DocumentStatus;
  readonly phase: PhaseName;
  /** PAUSED at another gate (ahead of the batch). */
  readonly gate: string | null;
  readonly error: RunError | null;
}

/** What a batch's sovereign gate shows: every document waiting there, and the others named. */
export interface BatchGateView {
  readonly gate: SovereignGate;
  /** Null for `cutter plan`. */
  readonly runId: string | null;
  readonly plan: BatchPlan;
  /** The batch's fingerprint: one approval passes all `documents` at once. */
  readonly fingerprint: string;
  /** In the plan's order. */
  readonly documents: readonly GateView[];
  /** Failed, stale, excluded or further-on documents, in the plan's order. */
  readonly others: readonly BatchDocumentNote[];
  readonly notes: readonly string[];
}

/** The end of a batch: which documents closed, which failed and why. */
export interface BatchCloseoutReport {
  readonly formatVersion: 1;
  readonly runId: string;
  readonly status: RunStatus;
  readonly mode: BatchPlan['mode'];
  readonly plan: BatchPlan;
  readonly closed: readonly CloseoutReport[];
  readonly notClosed: readonly BatchDocumentNote[];
  /** Summed over the closed documents. */
  readonly summary: ChangeSummary;
  readonly approvals: readonly ApprovalRecord[];
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** Publishes a batch's reports (the DryRunReporter writes them as local files). */
export interface BatchReporter {
  batchGate(view: BatchGateView): Promise<string[]>;
  batchCloseout(report: BatchCloseoutReport): Promise<string[]>;
}
