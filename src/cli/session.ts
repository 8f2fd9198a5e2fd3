import { openSource } from '../hub/open-source.js';
import type { CliContext } from './context.js';
import { OrchestratorRunner } from '../orchestrator/runner.js';
import type { Config } from '../plan/config.js';
import type { Plan } from '../plan/plan.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';
import { FileStateStore } from '../state/file-state-store.js';

/**
 * Opens a plan's source (with a write handle only `as-planned` for a live plan, never `read-only`),
 * builds a runner on it, runs `body`, and closes the source whatever happens.
 */
export async function withRunner<T>(
  session: { readonly ctx: CliContext; readonly cfg: Config; readonly plan: Plan; readonly access: 'read-only' | 'as-planned' },
  body: (runner: OrchestratorRunner) => Promise<T>,
): Promise<T> {
  const { ctx, cfg, plan, access } = session;
  const source = await openSource(cfg, plan.source, { write: access === 'as-planned' && plan.mode === 'live', env: ctx.env });
  try {
    const runner = new OrchestratorRunner({
      store: new FileStateStore(cfg.stateDir),
      reporter: new DryRunReporter(cfg.stateDir),
      discoverer: source.discoverer,
      liveExecutor: source.liveExecutor,
      executionEnabled: cfg.execution.enabled,
      executionEnabledBy: cfg.execution.enabledBy,
      approvalPattern: cfg.approvals.pattern,
    });
    return await body(runner);
  } finally {
    await source.close();
  }
}

export function stateStore(cfg: Config): FileStateStore {
  return new FileStateStore(cfg.stateDir);
}
