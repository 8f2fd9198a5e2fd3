import type { ExecutionSwitch } from '../../plan/config.js';
import { check, type Phase } from '../phase.js';
import type { GateCheck } from '../views.js';

export interface PreflightResult {
  readonly mode: 'dryrun' | 'live';
  /** Which of the operator's switches enabled execution when the run started (empty: disabled). */
  readonly executionEnabledBy?: readonly ExecutionSwitch[];
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
            ? `execution is enabled by ${describeSwitches(deps.executionEnabledBy)}`
            : 'live mode is refused: execution is disabled (neither execution.enabled: true in cutter.config.yaml nor CUTTER_EXECUTION_ENABLED=1; a plan cannot enable it)',
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
    return { result: { mode: plan.mode, executionEnabledBy: deps.executionEnabledBy, checks }, gate: ctx.preview ? undefined : { kind: 'automatic', gate: 'G0', checks } };
  },
};

/** The switches in the operator's words. */
export function describeSwitches(by: readonly ExecutionSwitch[]): string {
  const words = { config: 'execution.enabled: true in cutter.config.yaml', environment: 'CUTTER_EXECUTION_ENABLED=1 in the environment' };
  return by.length === 0 ? 'nothing' : by.map((b) => words[b]).join(' and ');
}
