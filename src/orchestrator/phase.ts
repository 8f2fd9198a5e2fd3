import type { Discoverer } from '../discovery/discoverer.js';
import type { LiveDryRunDiscoverer } from '../discovery/live-dry-run-discoverer.js';
import type { ChangesetDelta } from '../diff/stale.js';
import type { ExecutionSwitch } from '../plan/config.js';
import type { Plan, SovereignGate } from '../plan/plan.js';
import type { Executor } from './executor.js';
import type { Reporter } from './ports.js';
import type { ApprovalRecord, AutomaticGate, PhaseName } from './run-state.js';
import type { GateCheck } from './views.js';

/** What phases may use; built once per runner. */
export interface PhaseDeps {
  /** Reads the live hub (read-only). */
  readonly discoverer: Discoverer;
  /** Dry-run target; seeded from `discoverer` when execution starts. */
  readonly simulator: LiveDryRunDiscoverer;
  /** Writes to the hub in live mode; absent when the source cannot execute. */
  readonly liveExecutor: Executor | undefined;
  readonly executionEnabled: boolean;
  /** Which of the operator's switches enabled execution, recorded by preflight; empty when disabled. */
  readonly executionEnabledBy: readonly ExecutionSwitch[];
  readonly reporter: Reporter;
  /** The only clock phases see; results that are hashed never contain its readings. */
  readonly now: () => Date;
}

export interface PhaseContext {
  readonly plan: Plan;
  readonly runId: string | null;
  readonly deps: PhaseDeps;
  /** True for `cutter plan`: nothing is persisted and no lock is taken. */
  readonly preview: boolean;
  readonly approvals: readonly ApprovalRecord[];
  /** When the run was created (ISO 8601). */
  readonly startedAt: string;
  /** The persisted result of an earlier phase of this run. */
  result<T>(phase: PhaseName): Promise<T>;
  /**
   * Entries a phase persists before its result, beside the run (the execution journal); each
   * write is durable when it returns. Null for `cutter plan`, which persists nothing.
   */
  readonly journal: RunJournal | null;
}

export interface RunJournal {
  read<T>(entry: string): Promise<T | null>;
  write(entry: string, value: unknown): Promise<void>;
}

export type GateOutcome =
  | { readonly kind: 'automatic'; readonly gate: AutomaticGate; readonly checks: readonly GateCheck[] }
  | { readonly kind: 'sovereign'; readonly gate: SovereignGate; readonly fingerprint: string }
  /** The source changed after it was approved: the run cannot go on. */
  | {
      readonly kind: 'stale';
      /** The gate whose approval no longer holds. */
      readonly gate: SovereignGate;
      readonly reasons: readonly string[];
      readonly delta: ChangesetDelta | null;
    };

export interface PhaseOutcome<T> {
  readonly result: T;
  readonly gate?: GateOutcome;
}

/** One step of a run: reads earlier results through the context, returns its own. */
export interface Phase<T = unknown> {
  readonly name: PhaseName;
  run(ctx: PhaseContext): Promise<PhaseOutcome<T>>;
}

export function check(name: string, passed: boolean, message: string): GateCheck {
  return { name, passed, message };
}
