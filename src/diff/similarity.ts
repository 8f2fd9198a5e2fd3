/**
 * Pairs units that are left over after exact matching by how alike their words are, within a
 * fixed budget so that a pathological input (thousands of rewritten units) cannot take minutes.
 *
 * Similarity is the Dice coefficient of the two texts' word multisets: 2·|A∩B| / (|A|+|B|).
 *
 * The bound, per leftover candidate unit:
 * - only its first MAX_TOKENS words count;
 * - when there are few leftovers (|old|·|new| ≤ ALL_PAIRS) every pair is compared; otherwise each
 *   new unit is compared with the old units the caller names (its namesake, the old units left
 *   between its paired neighbours: at most MAX_FORCED) and with at most MAX_CANDIDATES more,
 *   found through the SIGNATURE_SIZE rarest word pairs of each unit — pairs, because single words
 *   of legal prose recur in most units — skipping a pair found in more than MAX_POSTINGS units.
 * So the work is at most ALL_PAIRS·2·MAX_TOKENS in all, or per new unit about
 * SIGNATURE_SIZE·MAX_POSTINGS + (MAX_FORCED + MAX_CANDIDATES)·2·MAX_TOKENS steps: linear in the
 * number of leftovers, about 100k steps each in the worst case.
 */
export const MAX_TOKENS = 2_000;
export const ALL_PAIRS = 4_096;
export const SIGNATURE_SIZE = 12;
export const MAX_POSTINGS = 64;
export const MAX_CANDIDATES = 16;
export const MAX_FORCED = 9;

export interface SimilarPair {
  /** Index into the `news` array given to `similarPairs`. */
  readonly newIndex: number;
  /** Index into the `olds` array. */
  readonly oldIndex: number;
  readonly similarity: number;
}

const KEY_BITS = 2 ** 30;

/**
 * Every compared pair with its similarity, in no particular order. `forced(n)` names old
 * indices that are always compared with `news[n]` (at most MAX_FORCED are used).
 */
export function similarPairs(
  olds: readonly string[],
  news: readonly string[],
  forced: (newIndex: number) => readonly number[],
): SimilarPair[] {
  if (olds.length === 0 || news.length === 0) return [];
  const oldWords = olds.map((t) => wordHashes(t));
  const newWords = news.map((t) => wordHashes(t));
  const oldBags = oldWords.map(bagOf);
  const newBags = newWords.map(bagOf);
  const pairs: SimilarPair[] = [];
  const compare = (n: number, o: number): void => {
    pairs.push({ newIndex: n, oldIndex: o, similarity: dice(newBags[n]!, oldBags[o]!) });
  };

  if (olds.length * news.length <= ALL_PAIRS) {
    for (let n = 0; n < news.length; n += 1) for (let o = 0; o < olds.length; o += 1) compare(n, o);
    return pairs;
  }

  const oldKeys = oldWords.map(wordPairs);
  const newKeys = newWords.map(wordPairs);
  const df = new Map<number, number>();
  for (const keys of [...oldKeys, ...newKeys]) for (const k of keys) df.set(k, (df.get(k) ?? 0) + 1);
  // Rarest first, ties by key: sorting df·2^30 + key as plain numbers does both at once.
  const signature = (keys: Int32Array): number[] => {
    const packed = Float64Array.from(keys, (k) => df.get(k)! * KEY_BITS + k).sort();
    return Array.from(packed.subarray(0, SIGNATURE_SIZE), (p) => p % KEY_BITS);
  };
  const postings = new Map<number, number[]>();
  oldKeys.forEach((keys, o) => {
    for (const k of signature(keys)) {
      const list = postings.get(k);
      if (list) list.push(o);
      else postings.set(k, [o]);
    }
  });

  const hits = new Map<number, number>();
  for (let n = 0; n < news.length; n += 1) {
    const chosen = new Set(forced(n).slice(0, MAX_FORCED));
    hits.clear();
    for (const k of signature(newKeys[n]!)) {
      const list = postings.get(k);
      if (!list || list.length > MAX_POSTINGS) continue;
      for (const o of list) if (!chosen.has(o)) hits.set(o, (hits.get(o) ?? 0) + 1);
    }
    const best = [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_CANDIDATES);
    for (const [o] of best) chosen.add(o);
    for (const o of chosen) compare(n, o);
  }
  return pairs;
}

// Per UTF-16 code unit: its lower case if it is a word character (\p{L}, \p{M}, \p{N}), -1 if
// not, 0 if not looked at yet. Filled on first use, so scanning allocates nothing.
const lowerWordChar = new Int32Array(65_536);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

function lowerIfWord(c: number): number {
  let k = lowerWordChar[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    lowerWordChar[c] = k = WORD_CHAR.test(ch) ? ch.toLowerCase().charCodeAt(0) : -1;
  }
  return k;
}

/**
 * The text's first MAX_TOKENS words, lower-cased, each as a 32-bit hash (FNV-1a), in text
 * order, leaving out the characters in `[skipFrom, skipTo)` (a unit's own number). Hashing
 * while scanning allocates nothing per word: on a renumbered law with thousands of edited
 * units, making a string of every word was most of the diff's time and garbage. Two words with
 * the same hash count as the same word: at 32 bits, a negligible error in a similarity score.
 */
function wordHashes(text: string, skipFrom = -1, skipTo = -1): Int32Array {
  const out: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i <= text.length && out.length < MAX_TOKENS; i += 1) {
    if (i === skipFrom) i = skipTo;
    const c = i < text.length ? lowerIfWord(text.charCodeAt(i)) : -1;
    if (c > 0) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      out.push(h | 0);
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  return Int32Array.from(out);
}

/** The text's words, but for its leading number (a packed span, or -1), as a sorted multiset. */
export function textBag(text: string, leadingNumber: number): Int32Array {
  return leadingNumber < 0 ? bagOf(wordHashes(text)) : bagOf(wordHashes(text, Math.floor(leadingNumber / 65_536), leadingNumber % 65_536));
}

/** The words as a sorted multiset, for `dice`. */
function bagOf(words: Int32Array): Int32Array {
  return words.slice().sort();
}

/**
 * The distinct pairs of consecutive words, each as a 30-bit number. Two pairs may share a
 * number; that only adds a candidate, which the exact comparison then sorts out.
 */
function wordPairs(words: Int32Array): Int32Array {
  const keys = new Int32Array(Math.max(0, words.length - 1));
  for (let i = 1; i < words.length; i += 1) keys[i - 1] = (Math.imul(words[i - 1]!, 0x9e3779b1) ^ words[i]!) >>> 2;
  keys.sort();
  let k = 0;
  for (let i = 0; i < keys.length; i += 1) if (i === 0 || keys[i] !== keys[i - 1]) keys[k++] = keys[i]!;
  return keys.subarray(0, k);
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
