import { CutterError, refusal } from '../errors.js';
import type { GateCheck } from './views.js';

/**
 * The error of a failed automatic gate, with the one way on: G0 (live mode not allowed) is a
 * refusal the operator can lift, G2 a verification failure, G1 either a policy limit the plan
 * can raise or a cut the document must fix; for G1 the saved cut is what a retry would check
 * again, so the way on is a new run of the edited plan, never a resume.
 */
export function gateError(gate: string, checks: readonly GateCheck[], planFile: string | null): CutterError {
  const failed = checks.filter((c) => !c.passed);
  const message = `gate ${gate} failed: ${failed.map((c) => c.message).join('; ')}`;
  const details = { gate, checks };
  if (gate === 'G0') {
    return refusal('execution_disabled', message, {
      hint: 'use mode: dryrun, or have the operator enable execution (execution.enabled: true in cutter.config.yaml, or CUTTER_EXECUTION_ENABLED=1)', details,
    });
  }
  if (gate === 'G2') return new CutterError('verification_failed', message, { details });
  // G1: the saved cut is what a retry would check again, so the way on is a new run.
  const again = `then start a new run of the edited plan: cutter apply ${planFile ?? '<plan.yaml>'}`;
  if (failed.every((c) => c.name.startsWith('max-'))) {
    return refusal('policy_gate_failed', message, { hint: `if the change is intended, raise the plan's policy limit, ${again}`, details });
  }
  return new CutterError('cut_invalid', message, { hint: `fix the document (see cutter cut <file>), ${again}`, details });
}
