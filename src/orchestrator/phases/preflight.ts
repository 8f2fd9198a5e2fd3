import { check, type Phase } from '../phase.js';
import type { GateCheck } from '../views.js';

export interface PreflightResult {
  readonly mode: 'dryrun' | 'live';
  readonly checks: readonly GateCheck[];
}

/** Phase 1 (gate G0): the plan may run in its mode. The plan was validated when it was loaded. */
export const preflight: Phase<PreflightResult> = {
  name: 'preflight',
  async run(ctx) {
    const { plan, deps } = ctx;
    const checks: GateCheck[] = [check('plan', true, `plan for ${plan.document} (${plan.prefix}) is valid`)];
    if (plan.mode === 'live') {
      checks.push(
        check(
          'execution-enabled',
          deps.executionEnabled,
          deps.executionEnabled
            ? 'execution is enabled in the configuration'
            : 'live mode is refused: execution is disabled (execution.enabled is false in cutter.config.yaml)',
        ),
        check(
          'live-executor',
          deps.liveExecutor !== undefined,
          deps.liveExecutor ? 'the source can execute live operations' : `source "${plan.source}" has no live executor`,
        ),
      );
    } else {
      checks.push(check('mode', true, 'dry run: execution writes only to the in-memory simulator'));
    }
    // `cutter plan` shows what would change even for a live plan; only apply is refused.
    return { result: { mode: plan.mode, checks }, gate: ctx.preview ? undefined : { kind: 'automatic', gate: 'G0', checks } };
  },
};
