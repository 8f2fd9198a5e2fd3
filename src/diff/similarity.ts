/**
 * Pairs units that are left over after exact matching by how alike their words are, within a
 * fixed budget so that a pathological input (thousands of rewritten units) cannot take minutes.
 *
 * Similarity is the Dice coefficient of the two texts' word multisets: 2·|A∩B| / (|A|+|B|).
 *
 * The bound, per leftover candidate unit:
 * - only its first MAX_TOKENS words count;
 * - when there are few leftovers (|old|·|new| ≤ ALL_PAIRS) every pair is compared; otherwise each
 *   new unit is compared with at most MAX_CANDIDATES old units, found through the SIGNATURE_SIZE
 *   rarest words of each unit (a word in more than MAX_POSTINGS old units is not distinctive and is
 *   not looked up), plus the old unit with the same id.
 * So the work is at most ALL_PAIRS·2·MAX_TOKENS in all, or per new unit
 * SIGNATURE_SIZE·MAX_POSTINGS + (MAX_CANDIDATES + 1)·2·MAX_TOKENS steps: linear in the number of
 * leftovers, about 70k steps each in the worst case.
 */
export const MAX_TOKENS = 2_000;
export const ALL_PAIRS = 4_096;
export const SIGNATURE_SIZE = 12;
export const MAX_POSTINGS = 64;
export const MAX_CANDIDATES = 16;

export interface SimilarPair {
  /** Index into the `news` array given to `similarPairs`. */
  readonly newIndex: number;
  /** Index into the `olds` array. */
  readonly oldIndex: number;
  readonly similarity: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Every compared pair with its similarity, in no particular order. `sameId(n)` is the index in
 * `olds` of the old unit with the same id as `news[n]`, or -1; that pair is always compared.
 */
export function similarPairs(
  olds: readonly string[],
  news: readonly string[],
  sameId: (newIndex: number) => number,
): SimilarPair[] {
  if (olds.length === 0 || news.length === 0) return [];
  const vocabulary = new Map<string, number>();
  const oldBags = olds.map((t) => bagOf(t, vocabulary));
  const newBags = news.map((t) => bagOf(t, vocabulary));
  const pairs: SimilarPair[] = [];
  const compare = (n: number, o: number): void => {
    pairs.push({ newIndex: n, oldIndex: o, similarity: dice(newBags[n]!, oldBags[o]!) });
  };

  if (olds.length * news.length <= ALL_PAIRS) {
    for (let n = 0; n < news.length; n += 1) for (let o = 0; o < olds.length; o += 1) compare(n, o);
    return pairs;
  }

  const df = new Uint32Array(vocabulary.size);
  for (const bag of [...oldBags, ...newBags]) for (const w of distinct(bag)) df[w]! += 1;
  const signature = (bag: Int32Array): number[] =>
    distinct(bag).sort((a, b) => df[a]! - df[b]! || a - b).slice(0, SIGNATURE_SIZE);

  const postings = new Map<number, number[]>();
  oldBags.forEach((bag, o) => {
    for (const w of signature(bag)) {
      const list = postings.get(w);
      if (list) list.push(o);
      else postings.set(w, [o]);
    }
  });

  const hits = new Map<number, number>();
  for (let n = 0; n < news.length; n += 1) {
    hits.clear();
    for (const w of signature(newBags[n]!)) {
      const list = postings.get(w);
      if (!list || list.length > MAX_POSTINGS) continue;
      for (const o of list) hits.set(o, (hits.get(o) ?? 0) + 1);
    }
    const best = [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_CANDIDATES).map(([o]) => o);
    const same = sameId(n);
    if (same >= 0 && !best.includes(same)) best.push(same);
    for (const o of best) compare(n, o);
  }
  return pairs;
}

/** The text's first MAX_TOKENS words, lower-cased, as sorted word numbers (a multiset). */
function bagOf(text: string, vocabulary: Map<string, number>): Int32Array {
  const words: number[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    let id = vocabulary.get(m[0]);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(m[0], id);
    }
    words.push(id);
    if (words.length >= MAX_TOKENS) break;
  }
  return Int32Array.from(words).sort();
}

function distinct(bag: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bag.length; i += 1) if (i === 0 || bag[i] !== bag[i - 1]) out.push(bag[i]!);
  return out;
}

/** Dice coefficient of two sorted multisets; two empty texts are alike. */
export function dice(a: Int32Array, b: Int32Array): number {
  if (a.length + b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return (2 * common) / (a.length + b.length);
}
