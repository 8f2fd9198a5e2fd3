import type { SimulatorState } from '../../discovery/live-dry-run-discoverer.js';
import { SimulatorExecutor, type OperationOutcome } from '../executor.js';
import type { Phase } from '../phase.js';
import type { RebaseResult } from './rebase.js';
import type { Snapshot } from './snapshot.js';

export interface ExecuteResult {
  readonly target: 'simulator' | 'hub';
  readonly outcomes: readonly OperationOutcome[];
  /** Dry run: the simulator after execution, so verification can resume in another process. */
  readonly simulator: SimulatorState | null;
}

/**
 * Phase 9: perform the operations. Dry run writes only to the simulator seeded from the live
 * (read-only) facts; live mode writes through the source's executor. Both skip operations that
 * are already applied, so re-running this phase after a crash writes nothing twice.
 */
export const execute: Phase<ExecuteResult> = {
  name: 'execute',
  async run(ctx) {
    const { plan, deps } = ctx;
    const { operations } = await ctx.result<RebaseResult>('rebase');
    const snap = await ctx.result<Snapshot>('snapshot');
    const input = { documentId: plan.document, prefix: plan.prefix, sourceRevision: snap.revision, operations };
    if (plan.mode === 'live') {
      // Preflight (G0) refused live mode unless execution is enabled and an executor exists;
      // check again here because a run can be resumed under another configuration.
      if (!deps.executionEnabled || !deps.liveExecutor) {
        throw new Error('live execution reached without an enabled executor; G0 should have refused it');
      }
      return { result: { target: 'hub', outcomes: await deps.liveExecutor.execute(input), simulator: null } };
    }
    const simulator = await deps.simulator.seed(plan.document);
    const outcomes = await new SimulatorExecutor(simulator).execute(input);
    return { result: { target: 'simulator', outcomes, simulator: await deps.simulator.exportState(plan.document) } };
  },
};
