import { SOVEREIGN_GATES, type Plan, type SovereignGate } from './plan.js';

/** Longer ids are refused: an id names a KB document, and it is stored in every index entry. */
export const APPROVAL_ID_MAX_LENGTH = 128;

/** A problem with an approval id itself, whatever run it is for; null when the id is well formed. */
export function approvalIdProblem(id: string, pattern: RegExp | null): string | null {
  if (id.length > APPROVAL_ID_MAX_LENGTH) return `approval id is ${id.length} characters long; the limit is ${APPROVAL_ID_MAX_LENGTH}`;
  if (pattern !== null && !pattern.test(id)) return `approval "${id}" is not a valid approval id (must match ${pattern.source})`;
  return null;
}

/**
 * Problems of the approvals pinned in a plan: an id that is malformed or too long, or one id
 * pinned for both gates (each gate needs its own decision). For `validate`, and for `apply`
 * before it creates a run. `pattern` null: the project's pattern is not known here; skip it.
 */
export function pinnedApprovalProblems(plan: Pick<Plan, 'approvals'>, pattern: RegExp | null): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  const seen = new Map<string, SovereignGate>();
  for (const gate of SOVEREIGN_GATES) {
    const pinned = plan.approvals[gate];
    if (!pinned) continue;
    const problem = approvalIdProblem(pinned.id, pattern);
    if (problem) problems.push({ pointer: `/approvals/${gate}/id`, message: problem });
    const other = seen.get(pinned.id);
    if (other) problems.push({ pointer: `/approvals/${gate}/id`, message: `approval ${pinned.id} is pinned for ${other} too; each gate needs its own recorded decision` });
    seen.set(pinned.id, gate);
  }
  return problems;
}
