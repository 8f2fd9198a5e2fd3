import type { UnitRecord } from './changeset.js';
import { alignedWalk } from './aligned-walk.js';
import { leadingNumberSpan, maskLeadingNumber, sameButLeadingNumber, type PackedSpan } from './leading-number.js';
import { dice, similarPairs, textBag } from './similarity.js';

/** Below this word similarity two texts are different units, not one unit edited. */
export const SIMILARITY_THRESHOLD = 0.6;
/**
 * Ranks a pair with the same id above a cross-id pair unless the latter is clearly more alike,
 * so an edited clause reads as a change of itself, not as a renumber of a look-alike neighbour.
 */
const SAME_ID_BONUS = 0.1;
/** An edited text is never shown as 100% the same, however alike its words are. */
const MAX_EDITED_SIMILARITY = 0.9999;
interface Edge {
  readonly n: number;
  readonly o: number;
  readonly similarity: number;
}
/** Not looked for yet (a real span or NO_NUMBER is never negative but -1). */
const UNKNOWN = -2;
/** Leftover old units looked at around where a leftover new unit most likely sat. */
const GAP_NEIGHBOURS = 8;

/**
 * Which existing unit each candidate unit continues, found in passes over what the previous
 * passes left (see `diffUnits`).
 */
export class Pairing {
  /** For each candidate index, the existing index it continues, or -1. */
  readonly oldOf: Int32Array;
  /** For each existing index, the candidate index that continues it, or -1. */
  readonly newOfOld: Int32Array;
  /** For each paired candidate, how alike the texts are (1: same but for the leading number). */
  readonly similarity: Float64Array;
  readonly #olds: readonly UnitRecord[];
  readonly #news: readonly UnitRecord[];
  #oldById = new Map<string, number>();
  // Word multisets of masked texts, by index, for the local comparisons of pass 3.
  readonly #oldBags: (Int32Array | undefined)[] = [];
  readonly #newBags: (Int32Array | undefined)[] = [];
  // Where each text's leading number is, by index, found only for units the first pass left.
  readonly #oldSpans: Int32Array;
  readonly #newSpans: Int32Array;

  constructor(olds: readonly UnitRecord[], news: readonly UnitRecord[]) {
    this.#olds = olds;
    this.#news = news;
    this.oldOf = new Int32Array(news.length).fill(-1);
    this.newOfOld = new Int32Array(olds.length).fill(-1);
    this.similarity = new Float64Array(news.length).fill(1);
    this.#oldSpans = new Int32Array(olds.length).fill(UNKNOWN);
    this.#newSpans = new Int32Array(news.length).fill(UNKNOWN);
  }

  pair(n: number, o: number, similarity: number): void {
    this.oldOf[n] = o;
    this.newOfOld[o] = n;
    this.similarity[n] = similarity;
  }

  /**
   * 1. Same id, same text, found by walking along both lists. Units this misses (moved far)
   * are found by id in pass 2, after its own walk: a renumbered law leaves almost every unit
   * unpaired here, and hashing 100k ids into a map costs more than that walk pairing them.
   */
  sameIdSameText(): void {
    const olds = this.#olds;
    const news = this.#news;
    alignedWalk(this.#freeOlds(), this.#freeNews(), (o, n) => olds[o]!.id === news[n]!.id && olds[o]!.sha256 === news[n]!.sha256, (o, n) => this.pair(n, o, 1));
  }

  /**
   * 2. Same text apart from the leading number. The walk along both lists comes first, because
   * after an insertion the renumbered units line up; then, over what is left, the rest of pass 1
   * (same id, same text, by map) and a map of masked texts (same id first, then in order).
   */
  sameTextButNumber(): void {
    alignedWalk(this.#freeOlds(), this.#freeNews(), (o, n) => this.#sameMasked(o, n), (o, n) => this.pair(n, o, 1));
    const freeOlds = this.#freeOlds();
    for (const o of freeOlds) {
      if (!this.#oldById.has(this.#olds[o]!.id)) this.#oldById.set(this.#olds[o]!.id, o);
    }
    for (const n of this.#freeNews()) {
      const o = this.#freeOldWithId(this.#news[n]!.id);
      if (o >= 0 && this.#olds[o]!.sha256 === this.#news[n]!.sha256) this.pair(n, o, 1);
    }
    const buckets = new Map<string, number[]>();
    for (const o of this.#freeOlds()) {
      const key = maskLeadingNumber(this.#olds[o]!.body, this.#span(o, 'old'));
      const list = buckets.get(key);
      if (list) list.push(o);
      else buckets.set(key, [o]);
    }
    if (buckets.size === 0) return;
    for (const n of this.#freeNews()) {
      const o = this.#freeOldWithId(this.#news[n]!.id);
      if (o >= 0 && this.#sameMasked(o, n)) this.pair(n, o, 1);
    }
    const cursor = new Map<string, number>();
    for (const n of this.#freeNews()) {
      const key = maskLeadingNumber(this.#news[n]!.body, this.#span(n, 'new'));
      const list = buckets.get(key);
      if (!list) continue;
      let i = cursor.get(key) ?? 0;
      while (i < list.length && this.newOfOld[list[i]!]! >= 0) i += 1;
      cursor.set(key, i);
      if (i < list.length) this.pair(n, list[i]!, 1);
    }
  }

  /**
   * 3. Similar words, best pairs first: first locally (at most GAP_NEIGHBOURS + 1 comparisons
   * per unit), then the bounded search of `similarity.ts` over what is left.
   */
  similarText(): void {
    const leftNew = this.#freeNews();
    const leftOld = this.#freeOlds();
    if (leftNew.length === 0 || leftOld.length === 0) return;
    // When every unit left has a namesake on the other side (edits, nothing inserted or
    // removed), similarity could only swap texts between edited units, which reads worse than
    // each unit changed: skip it, which is also what keeps a 1%-edited law cheap to diff.
    const namesakes = new Set(leftNew.map((n) => this.#news[n]!.id));
    if (leftNew.length === leftOld.length && leftOld.every((o) => namesakes.has(this.#olds[o]!.id) && this.#freeOldWithId(this.#olds[o]!.id) === o)) return;
    const gaps = this.#gapNeighbours(leftNew, leftOld).around;
    // First locally: each unit against the old units left between its paired neighbours (and
    // its namesake). After a renumbering that also rewrote cross-references that settles almost
    // every leftover with a few comparisons each, far cheaper than the search over all of them.
    const local: Edge[] = [];
    leftNew.forEach((n, k) => {
      const namesake = this.#freeOldWithId(this.#news[n]!.id);
      const olds = gaps[k]!.map((i) => leftOld[i]!);
      if (namesake >= 0 && !olds.includes(namesake)) olds.push(namesake);
      for (const o of olds) local.push({ n, o, similarity: dice(this.#bag(o, 'old'), this.#bag(n, 'new')) });
    });
    this.#pairBestFirst(local);
    const stillNew = leftNew.filter((n) => this.oldOf[n]! < 0);
    const stillOld = leftOld.filter((o) => this.newOfOld[o]! < 0);
    this.#search(stillNew, stillOld);
  }

  /** Pairs edges at or above the threshold, most alike first (a namesake a little ahead). */
  #pairBestFirst(edges: readonly Edge[]): void {
    const ranked = edges
      .filter((e) => e.similarity >= SIMILARITY_THRESHOLD)
      .map((e) => ({ ...e, rank: e.similarity + (this.#news[e.n]!.id === this.#olds[e.o]!.id ? SAME_ID_BONUS : 0) }))
      .sort((a, b) => b.rank - a.rank || a.n - b.n || a.o - b.o);
    for (const e of ranked) {
      if (this.oldOf[e.n]! < 0 && this.newOfOld[e.o]! < 0) {
        this.pair(e.n, e.o, Math.min(Math.round(e.similarity * 10_000) / 10_000, MAX_EDITED_SIMILARITY));
      }
    }
  }

  #bag(i: number, side: 'old' | 'new'): Int32Array {
    const cache = side === 'old' ? this.#oldBags : this.#newBags;
    return (cache[i] ??= textBag((side === 'old' ? this.#olds : this.#news)[i]!.body, this.#span(i, side)));
  }

  /** The bounded search of `similarity.ts` over what is left, best pairs first. */
  #search(leftNew: readonly number[], leftOld: readonly number[]): void {
    if (leftNew.length === 0 || leftOld.length === 0) return;
    const position = new Map(leftOld.map((o, k) => [o, k]));
    const gaps = this.#gapNeighbours(leftNew, leftOld).around;
    const pairs = similarPairs(
      leftOld.map((o) => maskLeadingNumber(this.#olds[o]!.body, this.#span(o, 'old'))),
      leftNew.map((n) => maskLeadingNumber(this.#news[n]!.body, this.#span(n, 'new'))),
      (k) => {
        const namesake = position.get(this.#freeOldWithId(this.#news[leftNew[k]!]!.id));
        return namesake === undefined ? gaps[k]! : [namesake, ...gaps[k]!];
      },
    );
    this.#pairBestFirst(pairs.map((p) => ({ n: leftNew[p.newIndex]!, o: leftOld[p.oldIndex]!, similarity: p.similarity })));
  }

  /** 4. Same id, however different the text. */
  sameId(): void {
    for (const n of this.#freeNews()) {
      const o = this.#freeOldWithId(this.#news[n]!.id);
      if (o >= 0) this.pair(n, o, 0);
    }
  }

  /**
   * For each leftover new unit, the leftover old units (as positions in `leftOld`) between the
   * old units its nearest paired neighbours continue: where an edited unit most likely sat. Up
   * to GAP_NEIGHBOURS of them, centred on its rank among the new units in the same gap; and
   * whether it is the only leftover new unit in its gap.
   */
  #gapNeighbours(leftNew: readonly number[], leftOld: readonly number[]): { around: number[][]; alone: boolean[] } {
    const before = new Int32Array(this.oldOf.length);
    let last = -1;
    for (let n = 0; n < this.oldOf.length; n += 1) {
      before[n] = last;
      if (this.oldOf[n]! >= 0) last = this.oldOf[n]!;
    }
    const after = new Int32Array(this.oldOf.length);
    let next = this.newOfOld.length;
    for (let n = this.oldOf.length - 1; n >= 0; n -= 1) {
      after[n] = next;
      if (this.oldOf[n]! >= 0) next = this.oldOf[n]!;
    }
    let rank = 0;
    const sameGap = (a: number | undefined, b: number): boolean => a !== undefined && before[a] === before[b] && after[a] === after[b];
    const alone = leftNew.map((n, k) => !sameGap(leftNew[k - 1], n) && !sameGap(leftNew[k + 1], n));
    const around = leftNew.map((n, k) => {
      rank = sameGap(leftNew[k - 1], n) ? rank + 1 : 0;
      const from = lowerBound(leftOld, before[n]! + 1);
      const to = lowerBound(leftOld, after[n]!);
      if (from >= to) return [];
      const centre = Math.min(from + rank, to - 1);
      const start = Math.max(from, Math.min(centre - (GAP_NEIGHBOURS >> 1), to - GAP_NEIGHBOURS));
      const out: number[] = [];
      for (let i = start; i < to && out.length < GAP_NEIGHBOURS; i += 1) out.push(i);
      return out;
    });
    return { around, alone };
  }

  #freeOlds(): number[] {
    const out: number[] = [];
    for (let o = 0; o < this.newOfOld.length; o += 1) if (this.newOfOld[o]! < 0) out.push(o);
    return out;
  }

  #freeNews(): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.oldOf.length; n += 1) if (this.oldOf[n]! < 0) out.push(n);
    return out;
  }

  #freeOldWithId(id: string): number {
    const o = this.#oldById.get(id);
    return o !== undefined && this.newOfOld[o]! < 0 ? o : -1;
  }

  #sameMasked(o: number, n: number): boolean {
    const a = this.#olds[o]!.body;
    const b = this.#news[n]!.body;
    // Masked texts can only be equal if the lengths differ by what the numbers do.
    if (a.length - b.length > 8 || b.length - a.length > 8) return false;
    return sameButLeadingNumber(a, this.#span(o, 'old'), b, this.#span(n, 'new'));
  }

  /** Where a unit's leading number is, found once and only for units that get this far. */
  #span(i: number, side: 'old' | 'new'): PackedSpan {
    const spans = side === 'old' ? this.#oldSpans : this.#newSpans;
    if (spans[i] === UNKNOWN) spans[i] = leadingNumberSpan((side === 'old' ? this.#olds : this.#news)[i]!.body);
    return spans[i]!;
  }
}

/** The first index of a sorted array whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
