import { summarize, type ChangeEntry, type Changeset, type UnitRecord } from './changeset.js';
import { movedFlags, retirementAnchors } from './document-order.js';
import { Pairing } from './pairing.js';

export { SIMILARITY_THRESHOLD } from './pairing.js';

/**
 * The changeset that turns `existing` into `candidate`: pure, deterministic, in document order.
 *
 * Pairs are found in four passes, each only among what the previous ones left (`pairing.ts`):
 * 1. same id, same text: unchanged (linear: a walk along both lists, then a map by id);
 * 2. same text apart from the unit's own leading number (`leading-number.ts`): a renumber, or a
 *    change if the id is the same (linear: a walk, then a map) — this is what makes an article
 *    inserted at the top of a law read as 1 add + N renumbers;
 * 3. word similarity of at least SIMILARITY_THRESHOLD, best pairs first: between neighbours
 *    first, then within the bound stated in `similarity.ts` — renumbered-and-edited (or
 *    changed, same id);
 * 4. same id, whatever the text: change.
 * Candidate units left are adds; existing units left retire, each shown where it stood.
 *
 * @example
 * ```ts
 * const existing = segment(oldText, getProfile('vn-legal'), { prefix: 'ICX-CONST' }).units.map(toRecord);
 * const candidate = segment(newText, getProfile('vn-legal'), { prefix: 'ICX-CONST' }).units.map(toRecord);
 * const changeset = diffUnits(existing, candidate);
 * changeset.summary; // { add: 1, change: 0, renumber: 212, retire: 0, unchanged: 3, moved: 0 }
 * ```
 */
export function diffUnits(existing: readonly UnitRecord[], candidate: readonly UnitRecord[]): Changeset {
  const olds = inOrder(existing);
  const news = inOrder(candidate);
  const p = new Pairing(olds, news);
  p.sameIdSameText();
  p.sameTextButNumber();
  p.similarText();
  p.sameId();

  const moved = movedFlags(p.oldOf);
  const retiresAfter = retirementAnchors(olds.length, p.newOfOld, moved);
  const entries: ChangeEntry[] = [];
  const retire = (o: number): void => {
    const before = olds[o]!;
    entries.push({ kind: 'retire', id: before.id, heading: before.heading, ordinal: before.ordinal, before });
  };
  retiresAfter.get(-1)?.forEach(retire);
  const anyRetired = retiresAfter.size > 0;
  for (let n = 0; n < news.length; n += 1) {
    const o = p.oldOf[n]!;
    entries.push(entryFor(news[n]!, o >= 0 ? olds[o] : undefined, p.similarity[n]!, moved[n] === 1));
    if (anyRetired) retiresAfter.get(n)?.forEach(retire);
  }
  return { entries, summary: summarize(entries) };
}

function entryFor(after: UnitRecord, before: UnitRecord | undefined, similarity: number, moved: boolean): ChangeEntry {
  const { id, heading, ordinal } = after;
  if (!before) return moved ? { kind: 'add', id, heading, ordinal, after, moved } : { kind: 'add', id, heading, ordinal, after };
  if (before.id !== id) {
    const e: ChangeEntry = { kind: 'renumber', id, fromId: before.id, heading, ordinal, before, after, similarity };
    return moved ? { ...e, moved } : e;
  }
  const kind = before.sha256 === after.sha256 ? 'unchanged' : 'change';
  return moved ? { kind, id, heading, ordinal, before, after, moved } : { kind, id, heading, ordinal, before, after };
}

/** By ordinal, then id: the same output whatever order the hub returned its rows in. */
function inOrder(units: readonly UnitRecord[]): readonly UnitRecord[] {
  let sorted = true;
  for (let i = 1; i < units.length && sorted; i += 1) sorted = compare(units[i - 1]!, units[i]!) <= 0;
  return sorted ? units : [...units].sort(compare);
}

function compare(a: UnitRecord, b: UnitRecord): number {
  return a.ordinal - b.ordinal || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
