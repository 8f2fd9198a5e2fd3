import { stateCorrupt } from './state-errors.js';

/*
 * What the packed forms of phase results (compact-results.ts, compact-cut.ts) share: the marks
 * of the encodings and the references by index that replace repeated records.
 */

/** The first packed form: texts as offsets into discover's document, records as indexes. */
export const COMPACT_ENCODING_1 = 'cutter-compact-1';

/**
 * The second: as the first, and besides a text's hash left out when it is the hash of the text
 * (recomputed on reading), a unit id left out when it is `<prefix>-<path>`, and a cut of a
 * built-in profile not stored at all but made again from the document and checked against the
 * stored hash of the whole cut.
 */
export const COMPACT_ENCODING_2 = 'cutter-compact-2';

/**
 * The third, so far for discover's result only: as the second, and each hub unit that is a unit
 * of the cut (same id, path, ordinal, heading and text; active, at the most common revision) is
 * the index of that cut unit, the cut being made again on reading and checked against the stored
 * hash of it. At 100,000 units that is ~0.6 MB of JSON in place of 8.6 MB, and the hub units read
 * back share the cut's strings.
 */
export const COMPACT_ENCODING_3 = 'cutter-compact-3';

export type CompactEncoding = typeof COMPACT_ENCODING_1 | typeof COMPACT_ENCODING_2 | typeof COMPACT_ENCODING_3;

export interface Packed {
  readonly encoding: CompactEncoding;
}

export function isPacked(value: unknown): value is Packed {
  const encoding = typeof value === 'object' && value !== null ? (value as Partial<Packed>).encoding : undefined;
  return encoding === COMPACT_ENCODING_1 || encoding === COMPACT_ENCODING_2 || encoding === COMPACT_ENCODING_3;
}

/**
 * An item a packed result refers to by index. The schema checked the shapes when the result was
 * read; an index out of range is damage it cannot see, and is named as such.
 */
export function at<T>(list: readonly T[], i: number, what: string): T {
  const item = list[i];
  if (item === undefined) throw stateCorrupt(`a packed ${what}`, `it refers to item ${i} of a list of ${list.length}`);
  return item;
}

/** True when `value` has exactly these own keys, in this order (no array made per call). */
export function hasOnlyKeys(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key !== keys[i]) return false;
    i += 1;
  }
  return i === keys.length;
}
