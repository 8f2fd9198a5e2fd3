import { CutterError } from '../../errors.js';
import type { HubDocument, HubUnit } from '../../discovery/facts.js';
import type { Phase } from '../phase.js';

export interface DiscoverResult {
  readonly document: HubDocument;
  readonly units: readonly HubUnit[];
}

/** Phase 2: read the document and its existing units, read-only. */
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
    const units = await deps.discoverer.readUnits(plan.document, plan.prefix);
    return { result: { document, units } };
  },
};
