import { summarize, type ChangeEntry, type Changeset, type UnitRecord } from './changeset.js';
import { movedFlags, retirementAnchors } from './document-order.js';
import { maskLeadingNumber } from './leading-number.js';
import { similarPairs } from './similarity.js';

/** Below this word similarity two texts are different units, not one unit edited. */
export const SIMILARITY_THRESHOLD = 0.6;
/**
 * Ranks a pair with the same id above a cross-id pair unless the latter is clearly more alike,
 * so an edited clause reads as a change of itself, not as a renumber of a look-alike neighbour.
 */
const SAME_ID_BONUS = 0.1;
/** An edited text is never shown as 100% the same, however alike its words are. */
const MAX_EDITED_SIMILARITY = 0.9999;

/**
 * The changeset that turns `existing` into `candidate`: pure, deterministic, in document order.
 *
 * Pairs are found in four passes, each only among what the previous ones left:
 * 1. same id, same text: unchanged (linear, by map);
 * 2. same text apart from the unit's own leading number (`leading-number.ts`): a renumber, or a
 *    change if the id is the same (linear, by map) — this is what makes an article inserted at
 *    the top of a law read as 1 add + N renumbers;
 * 3. word similarity of at least SIMILARITY_THRESHOLD, best pairs first, within the bound
 *    stated in `similarity.ts`: renumbered-and-edited (or changed, same id);
 * 4. same id, whatever the text: change.
 * Candidate units left are adds; existing units left retire.
 */
export function diffUnits(existing: readonly UnitRecord[], candidate: readonly UnitRecord[]): Changeset {
  const olds = inOrder(existing);
  const news = inOrder(candidate);
  const oldOf = new Int32Array(news.length).fill(-1);
  const newOfOld = new Int32Array(olds.length).fill(-1);
  const similarity = new Float64Array(news.length).fill(1);
  const pair = (n: number, o: number, s: number): void => {
    oldOf[n] = o;
    newOfOld[o] = n;
    similarity[n] = s;
  };
  const oldById = new Map<string, number>();
  olds.forEach((u, o) => {
    if (!oldById.has(u.id)) oldById.set(u.id, o);
  });
  const freeOldWithId = (id: string): number => {
    const o = oldById.get(id);
    return o !== undefined && newOfOld[o]! < 0 ? o : -1;
  };

  // 1. Same id, same text.
  news.forEach((u, n) => {
    const o = freeOldWithId(u.id);
    if (o >= 0 && olds[o]!.sha256 === u.sha256) pair(n, o, 1);
  });

  // 2. Same text but for the leading number: same id first, then in document order.
  const masked = new Map<UnitRecord, string>();
  const maskOf = (u: UnitRecord): string => {
    let m = masked.get(u);
    if (m === undefined) masked.set(u, (m = maskLeadingNumber(u.body)));
    return m;
  };
  const buckets = new Map<string, number[]>();
  olds.forEach((u, o) => {
    if (newOfOld[o]! >= 0) return;
    const list = buckets.get(maskOf(u));
    if (list) list.push(o);
    else buckets.set(maskOf(u), [o]);
  });
  news.forEach((u, n) => {
    if (oldOf[n]! >= 0) return;
    const o = freeOldWithId(u.id);
    if (o >= 0 && buckets.has(maskOf(u)) && maskOf(olds[o]!) === maskOf(u)) pair(n, o, 1);
  });
  const cursor = new Map<string, number>();
  news.forEach((u, n) => {
    if (oldOf[n]! >= 0) return;
    const list = buckets.get(maskOf(u));
    if (!list) return;
    let i = cursor.get(maskOf(u)) ?? 0;
    while (i < list.length && newOfOld[list[i]!]! >= 0) i += 1;
    cursor.set(maskOf(u), i);
    if (i < list.length) pair(n, list[i]!, 1);
  });

  // 3. Similar text, best pairs first.
  const leftNew = news.flatMap((_, n) => (oldOf[n]! < 0 ? [n] : []));
  const leftOld = olds.flatMap((_, o) => (newOfOld[o]! < 0 ? [o] : []));
  const leftOldPosition = new Map(leftOld.map((o, k) => [o, k]));
  const ranked = similarPairs(
    leftOld.map((o) => maskOf(olds[o]!)),
    leftNew.map((n) => maskOf(news[n]!)),
    (k) => leftOldPosition.get(freeOldWithId(news[leftNew[k]!]!.id)) ?? -1,
  )
    .filter((p) => p.similarity >= SIMILARITY_THRESHOLD)
    .map((p) => {
      const n = leftNew[p.newIndex]!;
      const o = leftOld[p.oldIndex]!;
      return { n, o, similarity: p.similarity, rank: p.similarity + (news[n]!.id === olds[o]!.id ? SAME_ID_BONUS : 0) };
    })
    .sort((a, b) => b.rank - a.rank || a.n - b.n || a.o - b.o);
  for (const p of ranked) {
    if (oldOf[p.n]! < 0 && newOfOld[p.o]! < 0) pair(p.n, p.o, Math.min(round4(p.similarity), MAX_EDITED_SIMILARITY));
  }

  // 4. Same id, however different the text.
  for (const n of leftNew) {
    if (oldOf[n]! >= 0) continue;
    const o = freeOldWithId(news[n]!.id);
    if (o >= 0) pair(n, o, 0);
  }

  const moved = movedFlags(oldOf);
  const retiresAfter = retirementAnchors(olds.length, newOfOld, moved);
  const retire = (o: number): ChangeEntry => {
    const before = olds[o]!;
    return { kind: 'retire', id: before.id, heading: before.heading, ordinal: before.ordinal, before };
  };
  const entries: ChangeEntry[] = (retiresAfter.get(-1) ?? []).map(retire);
  news.forEach((after, n) => {
    entries.push(entryFor(after, oldOf[n]! >= 0 ? olds[oldOf[n]!]! : undefined, similarity[n]!, moved[n] === 1));
    for (const o of retiresAfter.get(n) ?? []) entries.push(retire(o));
  });
  return { entries, summary: summarize(entries) };
}

function entryFor(after: UnitRecord, before: UnitRecord | undefined, similarity: number, moved: boolean): ChangeEntry {
  const base = { id: after.id, heading: after.heading, ordinal: after.ordinal, after, ...(moved ? { moved } : {}) };
  if (!before) return { kind: 'add', ...base };
  if (before.id !== after.id) return { kind: 'renumber', fromId: before.id, before, similarity, ...base };
  return { kind: before.sha256 === after.sha256 ? 'unchanged' : 'change', before, ...base };
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

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
