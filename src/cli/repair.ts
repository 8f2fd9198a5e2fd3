import { requiredResults } from '../orchestrator/compact-results.js';
import { buildGateView, type ResultReader } from '../orchestrator/gate-view.js';
import type { RebaseResult } from '../orchestrator/phases/rebase.js';
import type { StateStore } from '../orchestrator/ports.js';
import type { RunState } from '../orchestrator/run-state.js';
import type { Config } from '../plan/config.js';
import type { SovereignGate } from '../plan/plan.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';

/**
 * Writes again the report of each sovereign gate the run has reached whose file is missing: a
 * process killed between pausing the run and writing the report left a gate nobody can read.
 * Each report is rendered from the run's saved results alone, so it is the one the run wrote.
 * The phase results are read only when a report is missing. Returns the paths written.
 */
export async function repairGateReport(cfg: Config, store: StateStore, state: RunState): Promise<string[]> {
  const reporter = new DryRunReporter(cfg.stateDir);
  // Results are stored packed (compact-results.ts): read them unpacked, as the run does.
  const read: ResultReader = requiredResults({ store, runId: state.runId, plan: state.plan });
  const written: string[] = [];
  for (const gate of ['SG_1', 'SG_2'] as const satisfies readonly SovereignGate[]) {
    if (!(await reporter.gateReportMissing(state.runId, gate))) continue;
    // SG_1 shows once diff is saved; SG_2 once rebase is, unless rebase found drift (the run went STALE).
    const reached = gate === 'SG_1'
      ? state.completed.includes('diff')
      : state.completed.includes('rebase') && (await read<RebaseResult>('rebase'))?.fingerprint != null;
    if (!reached) continue;
    written.push(...(await reporter.gate(await buildGateView(gate, state.runId, state.plan, read, []))));
  }
  return written;
}
