import { profileFor } from '../../cut/profiles/index.js';
import { segment as cut } from '../../cut/segment.js';
import type { SegmentResult } from '../../cut/unit.js';
import type { Phase } from '../phase.js';
import type { DiscoverResult } from './discover.js';

/** Phase 4: cut the document body into units by the plan's profile. */
export const segment: Phase<SegmentResult> = {
  name: 'segment',
  async run(ctx) {
    const { document } = await ctx.result<DiscoverResult>('discover');
    const { plan } = ctx;
    return { result: cut(document.body, profileFor(plan.cut), { prefix: plan.prefix, unit: plan.cut.unit }) };
  },
};
