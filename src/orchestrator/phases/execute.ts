import { CutterError, refusal } from '../../errors.js';
import type { SimulatorState } from '../../discovery/live-dry-run-discoverer.js';
import { SimulatorExecutor, type OperationOutcome } from '../executor.js';
import type { Phase } from '../phase.js';
import type { RebaseResult } from './rebase.js';
import type { DiscoverResult } from './discover.js';
import { driftOutside, type Snapshot } from './snapshot.js';

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
    // G0 checked this when the run started; check again because a run can be resumed under
    // another configuration (an operator may have disabled execution since).
    if (plan.mode === 'live' && (!deps.executionEnabled || !deps.liveExecutor)) {
      throw refusal('execution_disabled', 'live execution is refused: execution is disabled or the source has no live executor', {
        hint: 'have the operator set execution.enabled: true in cutter.config.yaml, then cutter resume this run',
      });
    }
    const target = plan.mode === 'live' ? 'hub' : 'simulator';
    // Anything that moved since the discovery voids SG_2, even a unit no operation touches. The
    // units the operations touch are left to their own guards (checked again inside the write):
    // after a crash that followed a committed live write, they hold our own writes, which the
    // guards recognise and skip, so the run resumes to the same outcome.
    const discovered = await ctx.result<DiscoverResult>('discover');
    const document = await deps.discoverer.readDocument(plan.document);
    const touched = new Set(operations.map((o) => o.iuId));
    // Bodies discovery read are not read again (issue 14): only those of units changed since.
    const bodies = new Map(discovered.units.map((u) => [u.contentSha256, u.body]));
    const known = { knownBodies: (sha256: string) => bodies.get(sha256) };
    const now = document ? await deps.discoverer.readUnits(plan.document, plan.prefix, known) : [];
    const drift = document
      ? driftOutside(snap, discovered.units, document, now, touched)
      : [`document ${plan.document} is no longer in the hub`];
    if (drift.length > 0) {
      return { result: { target, outcomes: [], simulator: null }, gate: { kind: 'stale', gate: 'SG_2', reasons: drift, delta: null } };
    }
    try {
      if (plan.mode === 'live') {
        return { result: { target, outcomes: await deps.liveExecutor!.execute(input), simulator: null } };
      }
      // The simulator starts from the live facts just read (not read a second time).
      if (!deps.simulator.isSeeded(plan.document)) deps.simulator.importState({ document: document!, prefix: plan.prefix, units: now });
      const simulator = await deps.simulator.seed(plan.document);
      const outcomes = await new SimulatorExecutor(simulator).execute(input);
      return { result: { target, outcomes, simulator: await deps.simulator.exportState(plan.document) } };
    } catch (e) {
      // The hub moved between SG_2 and execution: nothing was written (the transaction rolled
      // back), and the SG_2 approval no longer describes what would be done.
      if (!(e instanceof CutterError) || e.code !== 'execution_conflict') throw e;
      const reasons = (e.details['reasons'] as string[] | undefined) ?? [e.message];
      return { result: { target, outcomes: [], simulator: null }, gate: { kind: 'stale', gate: 'SG_2', reasons, delta: null } };
    }
  },
};
