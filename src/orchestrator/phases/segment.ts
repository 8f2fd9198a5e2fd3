import type { SegmentResult } from '../../cut/unit.js';
import { cutDocument } from '../cut-and-compare.js';
import type { Phase } from '../phase.js';
import type { DiscoverResult } from './discover.js';

/** Phase 4: cut the document body into units by the plan's profile. */
export const segment: Phase<SegmentResult> = {
  name: 'segment',
  async run(ctx) {
    const { document } = await ctx.result<DiscoverResult>('discover');
    return { result: await cutDocument(ctx.plan, document.body) };
  },
};
