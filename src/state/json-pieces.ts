import { textSlices } from '../cut/hash.js';

/**
 * `JSON.stringify(value)` in pieces, for writing a large value to a file without making it one
 * string. A 100,000-unit run's discover result holds a 20 MB document: as one JSON string it was
 * ~58 MB of UTF-16 and then a 29 MB buffer to write, the peak of `cutter apply`'s memory. Here
 * a long string is escaped a slice at a time and each object or array of the first levels key by
 * key; every piece is what JSON.stringify makes of that part, so the pieces joined are exactly
 * its output (test/state/json-pieces.test.ts checks that on generated values). The PostgreSQL
 * store gzips these pieces; the file store writes them too, but first takes a large document's
 * text out into a file of its own, UTF-16LE or UTF-8 (document-text-file.ts), so there the long
 * strings left are texts with a lone surrogate, which neither file form keeps.
 *
 * The items of an array that JSON.stringify would take whole anyway (discover's 100,000 rows,
 * the diff's changeset entries) go to it in runs, one call per run: one call and one generator
 * step per item took 2.5x (the rows) to 8x (the entries) the time of stringifying them at once.
 */
export function* jsonPieces(value: unknown, options: { depth?: number; slice?: number } = {}): Generator<string> {
  const slice = options.slice ?? 1 << 20;
  // Small pieces are joined up to about a slice, so that each is one write of the file; a large
  // one (a slice of a long text, a run of items) is one already, and is not copied into a join.
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces(serialized(value, ''), options.depth ?? 3, slice)) {
    if (piece.length >= slice / 4) {
      if (pending.length > 0) yield pending.join('');
      pending = [];
      length = 0;
      yield piece;
      continue;
    }
    pending.push(piece);
    length += piece.length;
    if (length >= slice) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) yield pending.join('');
}

/** The pieces of a value whose toJSON, if it had one, is already applied (`serialized`). */
function* pieces(value: unknown, depth: number, slice: number): Generator<string> {
  if (typeof value === 'string' && value.length > slice) {
    yield* stringPieces(value, slice);
    return;
  }
  // A value that a toJSON returned and that has a toJSON of its own (a Date): JSON.stringify does
  // not call that one, so it is written key by key here at any depth, as JSON.stringify writes it.
  const calledOnce = typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
  if ((depth > 0 || calledOnce) && Array.isArray(value)) {
    yield* arrayPieces(value, depth, slice);
    return;
  }
  if ((depth > 0 && isPlainObject(value)) || calledOnce) {
    yield '{';
    let first = true;
    for (const key of Object.keys(value)) {
      const v = serialized((value as Record<string, unknown>)[key], key);
      // As JSON.stringify: a key whose value it cannot represent is left out.
      if (unrepresentable(v)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* pieces(v, depth - 1, slice);
    }
    yield '}';
    return;
  }
  // Everything else is left to JSON.stringify whole.
  yield JSON.stringify(value) ?? 'null';
}

function* arrayPieces(array: readonly unknown[], depth: number, slice: number): Generator<string> {
  yield '[';
  // How many items the next run may take: about half a slice of JSON, judged by the last run's
  // length per item, and at most twice the last run, so a run of items much longer than those
  // before it is never many of them.
  let runLength = 1;
  for (let i = 0; i < array.length;) {
    if (i > 0) yield ',';
    if (!takenWhole(array[i], depth - 1, slice)) {
      const item = serialized(array[i], String(i));
      // As JSON.stringify: an item it cannot represent is null.
      if (unrepresentable(item)) yield 'null';
      else yield* pieces(item, depth - 1, slice);
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < array.length && end - i < runLength && takenWhole(array[end], depth - 1, slice)) end += 1;
    // JSON.stringify of the run as an array, without its brackets: the items and commas between.
    const json = JSON.stringify(array.slice(i, end));
    yield json.slice(1, -1);
    const taken = end - i;
    runLength = Math.max(1, Math.min(2 * taken, Math.floor((taken * slice) / 2 / json.length)));
    i = end;
  }
  yield ']';
}

/**
 * Whether an item may go to JSON.stringify in a run with others: what it makes of the item is
 * then what `pieces` would (no toJSON, which JSON.stringify calls with the item's index, and a
 * run's indices start at 0), and no long string is left unsliced. An array or object `pieces`
 * would descend into qualifies when it is a small record (an operation, an outcome) whose entries
 * all do: descending into it would only cut its JSON into more pieces.
 */
function takenWhole(item: unknown, depth: number, slice: number): boolean {
  switch (typeof item) {
    case 'string':
      return item.length <= slice;
    case 'object': {
      if (item === null) return true;
      if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return false;
      if (depth <= 0) return true;
      const entries = Array.isArray(item) ? item : isPlainObject(item) ? Object.values(item) : null;
      return entries === null
        || (entries.length <= SMALL_RECORD && entries.every((entry) => takenWhole(entry, depth - 1, slice)));
    }
    case 'bigint':
      return false;
    default:
      // Numbers, booleans; undefined, functions and symbols (null in an array).
      return true;
  }
}

/** The most entries of an array or object taken whole in a run instead of descended into. */
const SMALL_RECORD = 16;

/**
 * What JSON.stringify serialises for the value under `key`: its toJSON(key) if it has one (a Date:
 * its ISO text), called with the key as JSON.stringify calls it.
 */
function serialized(value: unknown, key: string): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, key);
  }
  return value;
}

function unrepresentable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A long string's JSON, a slice at a time (JSON.stringify keeps a pair as it is but escapes a lone half). */
function* stringPieces(text: string, slice: number): Generator<string> {
  yield '"';
  for (const part of textSlices(text, slice)) yield JSON.stringify(part).slice(1, -1);
  yield '"';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
