import { CutterError } from '../../errors.js';
import type { HubDocument, HubUnit } from '../../discovery/facts.js';
import { cutDocument, knownUnitsOf } from '../cut-and-compare.js';
import type { Phase } from '../phase.js';

export interface DiscoverResult {
  readonly document: HubDocument;
  readonly units: readonly HubUnit[];
}

/**
 * Phase 2: read the document and its existing units, read-only. The document is cut first (the
 * segment phase reuses that cut) so that a unit whose hash is the hash of a unit just cut takes
 * that text: the hub is asked only for the bodies of the units that differ (DESIGN: discovery
 * reads what it needs; a source without a `unitHashes` query is read whole).
 */
export const discover: Phase<DiscoverResult> = {
  name: 'discover',
  async run({ plan, deps }) {
    const document = await deps.discoverer.readDocument(plan.document);
    if (!document) {
      throw new CutterError('document_not_found', `document ${plan.document} is not in source "${plan.source}"`, {
        hint: 'check the document id in the plan, or the source it names',
        details: { document: plan.document, source: plan.source },
      });
    }
    // A cut that fails (custom rules over their time limit) is the segment phase's to report,
    // with the same error (the cut is kept): discovery then reads every body.
    const cut = await cutDocument(plan, document.body).catch(() => null);
    const units = await deps.discoverer.readUnits(plan.document, plan.prefix, cut ? { knownUnits: knownUnitsOf(cut) } : {});
    return { result: { document, units } };
  },
};
