import { savedGateView } from '../orchestrator/gate-view.js';
import type { StateStore } from '../orchestrator/ports.js';
import type { RunState } from '../orchestrator/run-state.js';
import type { Config } from '../plan/config.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';

/**
 * Writes a paused run's gate report again when it is missing: a process killed between pausing
 * the run and writing the report left the run waiting at a gate nobody can read. The report is
 * rendered from the run's saved results alone, so it is the one the run would have written.
 * Returns the path written, or null when nothing was missing.
 */
export async function repairGateReport(cfg: Config, store: StateStore, state: RunState): Promise<string | null> {
  if (state.status !== 'PAUSED' || (state.gate !== 'SG_1' && state.gate !== 'SG_2')) return null;
  const reporter = new DryRunReporter(cfg.stateDir);
  if (!(await reporter.gateReportMissing(state.runId, state.gate))) return null;
  const view = await savedGateView(store, state.runId);
  if (!view || view.gate !== state.gate) return null;
  const [path] = await reporter.gate(view);
  return path ?? null;
}
