/** The sovereign gates, where a run waits for a recorded human approval. */
export type SovereignGate = 'SG_1' | 'SG_2';
export const SOVEREIGN_GATES: readonly SovereignGate[] = ['SG_1', 'SG_2'];

export type Mode = 'dryrun' | 'live';

export interface PinnedApproval {
  readonly id: string;
  readonly fingerprint: string;
}

/** One custom marker rule of `cut.rules` (schemas/plan.schema.json, `$defs/cutRule`). */
export interface CutRule {
  readonly level: string;
  readonly pattern: string;
  readonly token: string;
  readonly parent?: string;
  readonly container?: boolean;
  readonly ignoreCase?: boolean;
  readonly label?: string;
}

/** A plan after validation, with every default filled in. */
export interface Plan {
  readonly version: 1;
  readonly document: string;
  readonly prefix: string;
  readonly mode: Mode;
  readonly source: string;
  /** `profile` is `custom` when the plan gives its own `rules`. */
  readonly cut: { readonly profile: string; readonly unit: string; readonly rules?: readonly CutRule[] };
  readonly policy: { readonly maxUnits: number; readonly maxRetireRatio: number };
  readonly approvals: Readonly<Partial<Record<SovereignGate, PinnedApproval>>>;
}

/** The part of a plan that decides what a gate shows (approvals are excluded: they refer to it). */
export function planIdentity(plan: Plan): Omit<Plan, 'approvals'> {
  const { approvals: _approvals, ...identity } = plan;
  return identity;
}

/** What an approval id must look like unless cutter.config.yaml says otherwise: a KB document id. */
export const DEFAULT_APPROVAL_PATTERN = '^KB-[0-9]+$';
