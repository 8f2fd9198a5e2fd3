import { refusal } from '../errors.js';
import { SOVEREIGN_GATES, type SovereignGate } from '../plan/plan.js';
import type { RunState } from './run-state.js';

export interface ApprovalInput {
  /** The KB document recording the decision, e.g. KB-7001. */
  readonly id: string;
  /** The gate the approver meant; refused when the run waits at another. */
  readonly gate?: string | undefined;
  /** The fingerprint the approver saw; refused when the gate now shows something else. */
  readonly fingerprint?: string | undefined;
}

/**
 * Structural validation of a sovereign approval (after the original validate_sovereign_approval):
 * well-formed id, for the gate the run waits at, for the content it shows, and not already used in
 * this run. Throws a refusal (exit 4) and leaves the run as it was.
 */
export function validateSovereignApproval(state: RunState, approval: ApprovalInput, pattern: RegExp): SovereignGate {
  const gate = state.gate;
  if (state.status !== 'PAUSED' || gate === null || !SOVEREIGN_GATES.includes(gate as SovereignGate)) {
    throw refusal('not_waiting', `run ${state.runId} is ${state.status}, not waiting at a sovereign gate`, {
      hint: `cutter status ${state.runId}`,
      details: { status: state.status },
    });
  }
  if (!pattern.test(approval.id)) {
    throw refusal('approval_malformed', `approval "${approval.id}" is not a valid approval id (must match ${pattern.source})`, {
      hint: 'give the id of the KB document that records the decision, e.g. KB-7001',
      details: { approval: approval.id, pattern: pattern.source },
    });
  }
  if (approval.gate !== undefined && approval.gate !== gate) {
    throw refusal('approval_wrong_gate', `approval ${approval.id} is for ${approval.gate}, but run ${state.runId} waits at ${gate}`, {
      hint: `an approval passes only the gate it was given for; get one for ${gate}`,
      details: { approval: approval.id, given: approval.gate, waiting: gate },
    });
  }
  if (approval.fingerprint !== undefined && approval.fingerprint !== state.fingerprint) {
    throw refusal('approval_mismatch', `approval ${approval.id} was given for ${approval.fingerprint}, but ${gate} shows ${state.fingerprint}`, {
      hint: `review what ${gate} shows now (cutter show ${state.runId}) and approve that`,
      details: { approval: approval.id, given: approval.fingerprint, shown: state.fingerprint },
    });
  }
  const used = state.approvals.find((a) => a.id === approval.id);
  if (used) {
    throw refusal('approval_reused', `approval ${approval.id} was already used at ${used.gate} of this run`, {
      hint: `each gate needs its own recorded decision; give a new approval for ${gate}`,
      details: { approval: approval.id, usedAt: used.gate },
    });
  }
  return gate as SovereignGate;
}
