import { openSource } from '../hub/open-source.js';
import { OrchestratorRunner } from '../orchestrator/runner.js';
import type { Config } from '../plan/config.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';
import { FileStateStore } from '../state/file-state-store.js';

/** Opens a plan's source, builds a runner on it, runs `body`, and closes the source whatever happens. */
export async function withRunner<T>(cfg: Config, sourceName: string, body: (runner: OrchestratorRunner) => Promise<T>): Promise<T> {
  const source = await openSource(cfg, sourceName);
  try {
    const runner = new OrchestratorRunner({
      store: new FileStateStore(cfg.stateDir),
      reporter: new DryRunReporter(cfg.stateDir),
      discoverer: source.discoverer,
      liveExecutor: source.liveExecutor,
      executionEnabled: cfg.execution.enabled,
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
