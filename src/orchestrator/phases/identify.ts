import type { SegmentResult } from '../../cut/unit.js';
import type { Phase } from '../phase.js';

export interface IdentifyResult {
  readonly count: number;
  /** Ids given to more than one unit, with the lines where they start. */
  readonly duplicates: readonly { readonly id: string; readonly lines: readonly number[] }[];
  /** Distinct ids that only differ in letter case: a hub with case-insensitive keys would merge them. */
  readonly collisions: readonly { readonly ids: readonly string[] }[];
  /** Ids with characters outside A-Z a-z 0-9 and '-'. */
  readonly malformed: readonly string[];
}

const ID_CHARS = /^[A-Za-z0-9-]+$/;

/** Phase 5: check the ids the cut assigned: unique, unambiguous, well-formed. */
export const identify: Phase<IdentifyResult> = {
  name: 'identify',
  async run(ctx) {
    const { units } = await ctx.result<SegmentResult>('segment');
    const byId = new Map<string, number[]>();
    const byFolded = new Map<string, Set<string>>();
    for (const u of units) {
      byId.set(u.id, [...(byId.get(u.id) ?? []), u.line]);
      const folded = u.id.toUpperCase();
      byFolded.set(folded, (byFolded.get(folded) ?? new Set()).add(u.id));
    }
    return {
      result: {
        count: units.length,
        duplicates: [...byId].filter(([, lines]) => lines.length > 1).map(([id, lines]) => ({ id, lines })),
        collisions: [...byFolded.values()].filter((s) => s.size > 1).map((s) => ({ ids: [...s].sort() })),
        malformed: [...byId.keys()].filter((id) => !ID_CHARS.test(id)),
      },
    };
  },
};
