import { textSlices } from '../cut/hash.js';

/**
 * `JSON.stringify(value)` in pieces, for writing a large value to a file without making it one
 * string. A 100,000-unit run's discover result holds a 20 MB document: as one JSON string it was
 * ~58 MB of UTF-16 and then a 29 MB buffer to write, the peak of `cutter apply`'s memory. Here
 * a long string is escaped a slice at a time and each object or array of the first levels key by
 * key; every piece is what JSON.stringify makes of that part, so the pieces joined are exactly
 * its output (test/state/json-pieces.test.ts checks that on generated values). The PostgreSQL
 * store gzips these pieces; the file store writes them too, but first takes a large document's
 * text out into a raw UTF-8 file (document-text-file.ts), so there the long strings left are
 * texts it cannot write as UTF-8 (a lone surrogate).
 */
export function* jsonPieces(value: unknown, options: { depth?: number; slice?: number } = {}): Generator<string> {
  const slice = options.slice ?? 1 << 20;
  // Small pieces are joined up to about a slice, so that each is one write of the file.
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces(value, options.depth ?? 3, slice)) {
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

function* pieces(value: unknown, depth: number, slice: number): Generator<string> {
  if (typeof value === 'string' && value.length > slice) {
    yield* stringPieces(value, slice);
    return;
  }
  if (depth > 0 && Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item = value[i];
      // As JSON.stringify: an item it cannot represent is null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* pieces(item, depth - 1, slice);
    }
    yield ']';
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    yield '{';
    let first = true;
    for (const key of Object.keys(value)) {
      const v = value[key];
      // As JSON.stringify: a key whose value it cannot represent is left out.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* pieces(v, depth - 1, slice);
    }
    yield '}';
    return;
  }
  // Everything else (and what has its own toJSON) is left to JSON.stringify whole.
  yield JSON.stringify(value) ?? 'null';
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
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
