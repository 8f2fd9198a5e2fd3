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
const UPPER_ID_CHARS = /^[A-Z0-9-]+$/;

/** Phase 5: check the ids the cut assigned: unique, unambiguous, well-formed. */
export const identify: Phase<IdentifyResult> = {
  name: 'identify',
  async run(ctx) {
    const { units } = await ctx.result<SegmentResult>('segment');
    // One pass with one map entry per id; lists and sets are made only for the ids that clash
    // (a large law has 100,000 ids and, as a rule, no clash at all).
    const firstLine = new Map<string, number>();
    const repeated = new Map<string, number[]>();
    const malformed: string[] = [];
    // Ids made only of A-Z, 0-9 and '-' are their own upper case, and two distinct ones never
    // fold together: the folding pass (a second map of 100,000 new strings) is needed only when
    // some id has another character (a lower-case letter, a non-ASCII one).
    let anyFolds = false;
    for (const u of units) {
      const id = u.id;
      const seenAt = firstLine.get(id);
      if (seenAt === undefined) {
        firstLine.set(id, u.line);
        if (!UPPER_ID_CHARS.test(id)) {
          anyFolds = true;
          if (!ID_CHARS.test(id)) malformed.push(id);
        }
      } else {
        const lines = repeated.get(id);
        if (lines) lines.push(u.line);
        else repeated.set(id, [seenAt, u.line]);
      }
    }
    const firstOfFolded = new Map<string, string>();
    const sharingFolded = new Map<string, Set<string>>();
    if (anyFolds) {
      for (const id of firstLine.keys()) {
        const folded = id.toUpperCase();
        const first = firstOfFolded.get(folded);
        if (first === undefined) firstOfFolded.set(folded, id);
        else (sharingFolded.get(folded) ?? sharingFolded.set(folded, new Set([first])).get(folded)!).add(id);
      }
    }
    // In the order each id (each folded id) first appears, as the reader meets them.
    const duplicates = repeated.size === 0 ? [] : [...firstLine.keys()].filter((id) => repeated.has(id)).map((id) => ({ id, lines: repeated.get(id)! }));
    const collisions = sharingFolded.size === 0 ? [] : [...firstOfFolded.keys()].filter((f) => sharingFolded.has(f)).map((f) => ({ ids: [...sharingFolded.get(f)!].sort() }));
    return { result: { count: units.length, duplicates, collisions, malformed } };
  },
};
