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

/** How far either side of where it expects an id `idFinder` looks before it makes a map of every id. */
const NEAR = 8;

/**
 * The index of an item with a given id. Packed results refer to lists (hub units, the cut's units)
 * in the order those lists are in, nearly always, so the item is looked for just after the last
 * one found, then a few places either side (units inserted or removed); only an id found nowhere
 * near makes the map of every id (at 100,000 units ~6 MB and ~30 ms, made on every apply before).
 * Where ids repeat, any item with the id may be given: callers compare the item they get.
 */
export function idFinder<T>(items: readonly T[], idOf: (item: T) => string): (id: string) => number | undefined {
  let next = 0;
  let byId: Map<string, number> | undefined;
  const is = (i: number, id: string): boolean => i >= 0 && i < items.length && idOf(items[i]!) === id;
  return (id) => {
    let found: number | undefined;
    for (let d = 0; d <= NEAR && found === undefined; d++) {
      if (is(next + d, id)) found = next + d;
      else if (d > 0 && is(next - d, id)) found = next - d;
    }
    if (found === undefined) {
      if (byId === undefined) {
        byId = new Map();
        for (let i = 0; i < items.length; i++) byId.set(idOf(items[i]!), i);
      }
      found = byId.get(id);
    }
    if (found !== undefined) next = found + 1;
    return found;
  };
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
