import { refusal } from '../errors.js';
import { approvalIdProblem, APPROVAL_ID_MAX_LENGTH, pinnedApprovalProblems } from '../plan/pinned-approvals.js';
import { SOVEREIGN_GATES, type Plan, type SovereignGate } from '../plan/plan.js';
import type { StateStore } from './ports.js';
import type { RunState } from './run-state.js';

export interface ApprovalInput {
  /** The KB document recording the decision, e.g. KB-7001. */
  readonly id: string;
  /** The gate the approver meant; refused when the run waits at another. */
  readonly gate?: string | undefined;
  /** The fingerprint the approver saw; refused when the gate now shows something else. */
  readonly fingerprint?: string | undefined;
  /**
   * `seen`: gate and fingerprint were not given by the approver but taken from what the run showed
   * when the command started, so a refusal says the run moved on meanwhile. Default `given`.
   */
  readonly bound?: 'given' | 'seen' | undefined;
}

/** What an approval must be shown to record, for an `ApprovalVerifier`. */
export interface ApprovalClaim {
  readonly id: string;
  readonly runId: string;
  readonly gate: SovereignGate;
  /** The fingerprint of what the gate shows. */
  readonly fingerprint: string;
  readonly decision: 'approved' | 'rejected';
}

/**
 * Checks that an approval id names a recorded decision about this gate (config
 * `approvals.verify`), not just any string of the right shape. Throws a refusal saying what was
 * looked for; the run is left as it was.
 */
export interface ApprovalVerifier {
  verify(claim: ApprovalClaim): Promise<void>;
}

/**
 * Structural validation of a sovereign approval (after the original validate_sovereign_approval):
 * well-formed id, for the gate the run waits at, for the content it shows, not already used in
 * this run nor pinned in its plan for another gate. Throws a refusal (exit 4) and leaves the run
 * as it was. Uniqueness across runs is the store's (`recordDecision`).
 */
export function validateSovereignApproval(state: RunState, approval: ApprovalInput, pattern: RegExp): SovereignGate {
  const gate = state.gate;
  const waiting = state.status === 'PAUSED' && gate !== null && SOVEREIGN_GATES.includes(gate as SovereignGate);
  if (approval.bound === 'seen' && (!waiting || gate !== approval.gate || state.fingerprint !== approval.fingerprint)) {
    const now = waiting ? `waits at ${gate} showing ${state.fingerprint}` : `is ${state.status}`;
    throw refusal('run_moved_on', `run ${state.runId} waited at ${approval.gate} showing ${approval.fingerprint} when this command started; it now ${now}, so approval ${approval.id} was not used`, {
      hint: waiting ? `review what ${gate} shows now (cutter show ${state.runId}) and record a decision for it` : `cutter status ${state.runId}`,
      details: { approval: approval.id, seenGate: approval.gate, seenFingerprint: approval.fingerprint, status: state.status, gate, fingerprint: state.fingerprint },
    });
  }
  if (!waiting) {
    throw refusal('not_waiting', `run ${state.runId} is ${state.status}, not waiting at a sovereign gate; nothing was changed`, {
      hint: `cutter status ${state.runId}`,
      details: { status: state.status },
    });
  }
  const problem = approvalIdProblem(approval.id, pattern);
  if (problem) {
    throw refusal('approval_malformed', problem.length > 200 ? `${problem.slice(0, 200)}…` : problem, {
      hint: 'give the id of the KB document that records the decision, e.g. KB-7001',
      details: { approval: approval.id.slice(0, APPROVAL_ID_MAX_LENGTH + 1), pattern: pattern.source },
    });
  }
  if (approval.gate !== undefined && approval.gate !== gate) {
    throw refusal('approval_wrong_gate', `approval ${approval.id} is for ${approval.gate}, but run ${state.runId} waits at ${gate}`, {
      hint: `an approval passes only the gate it was given for; get one for ${gate}`,
      details: { approval: approval.id, given: approval.gate, waiting: gate },
    });
  }
  if (approval.fingerprint !== undefined && approval.fingerprint !== state.fingerprint) {
    const short = state.fingerprint!.startsWith(approval.fingerprint);
    throw refusal('approval_mismatch', short
      ? `--fingerprint ${approval.fingerprint} is shortened; ${gate} shows ${state.fingerprint}`
      : `approval ${approval.id} was given for ${approval.fingerprint}, but ${gate} shows ${state.fingerprint}`, {
      hint: short ? 'give the full fingerprint, as the gate header and cutter show print it' : `review what ${gate} shows now (cutter show ${state.runId}) and approve that`,
      details: { approval: approval.id, given: approval.fingerprint, shown: state.fingerprint },
    });
  }
  const used = state.approvals.find((a) => a.id === approval.id);
  if (used) {
    throw refusal('approval_reused', `approval ${approval.id} was already used at ${used.gate} of this run`, {
      hint: `each gate needs its own recorded decision; give a new approval for ${gate}`,
      details: { approval: approval.id, runId: state.runId, gate: used.gate },
    });
  }
  const pinnedFor = SOVEREIGN_GATES.find((g) => g !== gate && state.plan.approvals[g]?.id === approval.id);
  if (pinnedFor) {
    throw refusal('approval_reused', `approval ${approval.id} is pinned in the plan for ${pinnedFor}; it cannot also pass ${gate}`, {
      hint: `each gate needs its own recorded decision; give a new approval for ${gate}`,
      details: { approval: approval.id, runId: state.runId, gate: pinnedFor, pinned: true },
    });
  }
  return gate as SovereignGate;
}

/**
 * Refuses the approvals pinned in a plan that could only be refused at their gate (malformed, one
 * id for both gates, or used before in any run), so `apply` refuses before it creates a run.
 */
export async function checkPinnedApprovals(plan: Plan, pattern: RegExp, store: Pick<StateStore, 'findApproval'>): Promise<void> {
  const problems = pinnedApprovalProblems(plan, pattern);
  if (problems.length > 0) {
    throw refusal('approval_malformed', `the plan's pinned approvals are refused: ${problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, {
      hint: 'fix the approvals: section of the plan (cutter validate checks it)', details: { problems },
    });
  }
  for (const [gate, pinned] of Object.entries(plan.approvals)) {
    const used = await store.findApproval(pinned.id);
    if (used) {
      throw refusal('approval_reused', `approval ${pinned.id}, pinned in the plan for ${gate}, was already used: ${used.decision} at ${used.gate} of run ${used.runId}`, {
        hint: `an approval id records one decision; remove it from the plan or pin a new decision for ${gate}`,
        details: { approval: pinned.id, runId: used.runId, gate: used.gate, pinnedFor: gate },
      });
    }
  }
}
