import { changesetFingerprint } from '../../diff/fingerprint.js';
import { planIdentity, type Plan } from '../../plan/plan.js';
import { explainStale, type ChangesetDelta } from '../../diff/stale.js';
import { FORMAT_VERSION } from '../../version.js';
import { changesetFor, cutDocument, knownHubUnits } from '../cut-and-compare.js';
import { operationsFor, type Operation } from '../operations.js';
import type { Phase } from '../phase.js';
import type { DiffResult } from './diff.js';
import type { DiscoverResult } from './discover.js';
import { currentDocument, driftBetween, snapshotOf, type Snapshot } from './snapshot.js';

export interface RebaseResult {
  /** Empty when the hub still matches the snapshot. */
  readonly drift: readonly string[];
  /** With drift: the approved changeset against the one the hub and document give now. */
  readonly delta: ChangesetDelta | null;
  readonly operations: readonly Operation[];
  readonly fingerprint: string | null;
}

/**
 * Phase 8 (gate SG_2): re-read the hub; if anything changed since the snapshot the SG_1 approval
 * no longer describes reality and the run is stale. Otherwise fix the ordered operations.
 */
export const rebase: Phase<RebaseResult> = {
  name: 'rebase',
  async run(ctx) {
    const { plan, deps } = ctx;
    const before = await ctx.result<Snapshot>('snapshot');
    const { changeset, fingerprint: sg1 } = await ctx.result<DiffResult>('diff');
    // The document's text is not read again, only its hash (the server takes it where it can).
    const document = await currentDocument(deps.discoverer, plan.document, before);
    // Bodies discovery already read are not read again: only those of units that changed since.
    const { units: discovered } = await ctx.result<DiscoverResult>('discover');
    const units = document ? await deps.discoverer.readUnits(plan.document, plan.prefix, { knownUnits: knownHubUnits(discovered) }) : [];
    const drift = document ? driftBetween(before, snapshotOf(document, units)) : [`document ${plan.document} is no longer in the hub`];
    if (drift.length > 0) {
      // Say what the approval no longer covers, unit by unit, not just that something moved: the
      // text is read now (the cut of what the hub holds).
      const body = document ? (await deps.discoverer.readDocument(plan.document))?.body ?? '' : '';
      const current = changesetFor(units, await cutDocument(plan, body));
      const delta = explainStale(changeset, current);
      return { result: { drift, delta, operations: [], fingerprint: null }, gate: { kind: 'stale', gate: 'SG_1', reasons: drift, delta } };
    }
    const { operations, fingerprint } = sg2Of(plan, before, { changeset, fingerprint: sg1 });
    // Nothing to do: no second approval is asked for (issue 11: an up-to-date plan closes out at once).
    if (operations.length === 0) return { result: { drift, delta: null, operations, fingerprint } };
    return { result: { drift, delta: null, operations, fingerprint }, gate: { kind: 'sovereign', gate: 'SG_2', fingerprint } };
  },
};

/**
 * SG_2's operations and fingerprint when the hub still matches the snapshot. `cutter plan` calls
 * it too, so a reviewer can pin SG_2's fingerprint before any run exists: the run's SG_2 shows
 * the same one unless the hub drifts (and then the run is stale anyway).
 */
export function sg2Of(plan: Plan, snapshot: Snapshot, diffed: DiffResult): { operations: Operation[]; fingerprint: string } {
  const operations = operationsFor(diffed.changeset);
  const fingerprint = changesetFingerprint({
    gate: 'SG_2',
    formatVersion: FORMAT_VERSION,
    plan: planIdentity(plan),
    snapshot,
    changeset: diffed.changeset,
    extra: { sg1: diffed.fingerprint, operations: operations.map((o) => [o.op, o.iuId, 'sha256' in o ? o.sha256 : o.expectSha256]) },
  });
  return { operations, fingerprint };
}
