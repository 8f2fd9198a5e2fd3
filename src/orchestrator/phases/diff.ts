import type { SegmentResult } from '../../cut/unit.js';
import type { Changeset } from '../../diff/changeset.js';
import { changesetFingerprint } from '../../diff/fingerprint.js';
import { planIdentity } from '../../plan/plan.js';
import { FORMAT_VERSION } from '../../version.js';
import type { Phase } from '../phase.js';
import { changesetFor } from '../cut-and-compare.js';
import { operationsFor } from '../operations.js';
import type { DiscoverResult } from './discover.js';
import type { Snapshot } from './snapshot.js';

export interface DiffResult {
  readonly changeset: Changeset;
  readonly fingerprint: string;
}

/** Phase 7 (gate SG_1): the changeset against the existing units, and its fingerprint. */
export const diff: Phase<DiffResult> = {
  name: 'diff',
  async run(ctx) {
    const { units: existing } = await ctx.result<DiscoverResult>('discover');
    const snap = await ctx.result<Snapshot>('snapshot');
    const cut = await ctx.result<SegmentResult>('segment');
    const changeset = changesetFor(existing, cut);
    const fingerprint = changesetFingerprint({
      gate: 'SG_1',
      formatVersion: FORMAT_VERSION,
      plan: planIdentity(ctx.plan),
      snapshot: snap,
      changeset,
    });
    // Nothing to write means nothing to approve: the run goes on to an empty execution and closes
    // out, so applying a plan again after its closeout shows no changes and succeeds.
    if (ctx.preview || operationsFor(changeset).length > 0) {
      return { result: { changeset, fingerprint }, gate: { kind: 'sovereign', gate: 'SG_1', fingerprint } };
    }
    return { result: { changeset, fingerprint } };
  },
};
