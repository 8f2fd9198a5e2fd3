import type { CutDiagnostic } from '../cut/unit.js';
import type { Changeset } from '../diff/changeset.js';
import type { ExecutionSwitch } from '../plan/config.js';
import type { Plan, SovereignGate } from '../plan/plan.js';
import type { Operation } from './operations.js';
import type { ApprovalRecord, GateName, RunStatus } from './run-state.js';

/** What a sovereign gate shows (and `cutter plan` prints): the input of every renderer. */
export interface GateView {
  readonly gate: SovereignGate;
  /** Null for `cutter plan`, which creates no run. */
  readonly runId: string | null;
  readonly plan: Plan;
  readonly document: { readonly id: string; readonly title: string; readonly revision: number };
  readonly fingerprint: string;
  readonly changeset: Changeset;
  /** SG_2 only: the ordered operations execution will perform. */
  readonly operations?: readonly Operation[];
  readonly diagnostics: readonly CutDiagnostic[];
  /** Things the reader should know, e.g. that live mode would be refused. */
  readonly notes: readonly string[];
  /**
   * `cutter plan` only: the fingerprint of each sovereign gate a run of this plan will show, SG_2's
   * as it will be if the hub does not change meanwhile; what a reviewer pins in the plan's approvals.
   */
  readonly pins?: Readonly<Record<SovereignGate, string>>;
}

export interface GateCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface CloseoutReport {
  readonly formatVersion: 1;
  readonly runId: string;
  readonly status: RunStatus;
  readonly mode: Plan['mode'];
  readonly plan: Plan;
  readonly document: { readonly id: string; readonly title: string; readonly revision: number };
  readonly summary: Changeset['summary'];
  readonly execution: {
    readonly target: 'simulator' | 'hub';
    /** The journal token written to the hub with the operations; null when nothing was executed. */
    readonly token: string | null;
    /** Which of the operator's switches enabled a live execution (empty for a dry run). */
    readonly enabledBy: readonly ExecutionSwitch[];
    /** Applied operations by kind. */
    readonly counts: { readonly insert: number; readonly update: number; readonly retire: number };
    readonly applied: number;
    readonly skipped: number;
    readonly operations: readonly { readonly op: Operation['op']; readonly iuId: string; readonly outcome: 'applied' | 'skipped' }[];
  };
  readonly verification: { readonly gate: GateName; readonly passed: boolean; readonly checks: readonly GateCheck[] };
  readonly approvals: readonly ApprovalRecord[];
  readonly fingerprints: Readonly<Partial<Record<SovereignGate, string>>>;
  readonly startedAt: string;
  readonly finishedAt: string;
}
