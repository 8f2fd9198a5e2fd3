import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonPieces } from '../../src/state/json-pieces.js';

// Texts with every kind of character JSON escapes or must keep whole: quotes, backslashes, control
// characters, characters outside the BMP (surrogate pairs) and lone surrogates.
const unit = fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', 'ệ', '😀', '\ud800', '\udc00'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }));

/**
 * Values with what JSON.stringify treats apart: undefined, functions and symbols (left out of an
 * object, null in an array), toJSON (a Date's; one that answers with the key it is called for, as
 * JSON.stringify passes it; one that answers undefined or something to descend into), holes.
 */
function values(maxText: number, maxItems: number): fc.Arbitrary<unknown> {
  const text = fc.string({ unit, maxLength: maxText });
  return fc.letrec((tie) => ({
    any: fc.oneof({ depthSize: 'small' },
      text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie('unrepresentable'), tie('toJSON'), tie('array'), tie('object')),
    unrepresentable: fc.constantFrom(undefined, () => 1, Symbol('s')),
    toJSON: fc.oneof(
      fc.date(),
      fc.constant({ toJSON: (key: string) => `under ${JSON.stringify(key)}` }),
      fc.constant({ toJSON: () => undefined }),
      tie('any').map((inner) => ({ toJSON: () => inner })),
    ),
    array: fc.oneof(fc.array(tie('any'), { maxLength: maxItems }), fc.sparseArray(tie('any'), { maxLength: maxItems })),
    object: fc.dictionary(text, tie('any'), { maxKeys: 5 }),
  })).any;
}

const joined = (v: unknown, options: { slice: number; depth: number }): string => [...jsonPieces(v, options)].join('');

describe('jsonPieces', () => {
  it('joined, are exactly JSON.stringify of the value, at any slice size and depth', () => {
    fc.assert(fc.property(values(60, 5), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 4 }), (v, slice, depth) => {
      expect(joined(v, { slice, depth })).toBe(JSON.stringify(v) ?? 'null');
    }), { numRuns: 2000 });
  });

  it('joined, are exactly JSON.stringify when an array\'s items go to it in runs among long texts and descended items', () => {
    // Slices long enough for runs of several items, texts long enough to be sliced among them.
    fc.assert(fc.property(values(300, 30), fc.integer({ min: 16, max: 512 }), fc.integer({ min: 0, max: 4 }), (v, slice, depth) => {
      expect(joined(v, { slice, depth })).toBe(JSON.stringify(v) ?? 'null');
    }), { numRuns: 1000 });
  });

  it('keep what has its own toJSON, and never make a piece much longer than a slice of a long text', () => {
    const body = 'Điều 1. 😀 "x"\n'.repeat(5000);
    // The long text also in an array's small record, and in an array among items taken in runs.
    const v = { document: { body, at: new Date(0) }, rows: [[1, 'a'], [2, 'b']], operations: [{ op: 'update', body }, { op: 'add', body: 'x' }], texts: ['a', body, 'b'] };
    const pieces = [...jsonPieces(v, { slice: 1024 })];
    expect(pieces.join('')).toBe(JSON.stringify(v));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4 * 1024);
  });

  describe('of a result with many rows', () => {
    afterEach(() => vi.restoreAllMocks());

    it('stringify the rows in runs, not one by one, and keep each piece near a slice', () => {
      const rows = Array.from({ length: 20_000 }, (_, i) => [null, `D${i}-K1`, i, `Điều ${i}, khoản 1`, 1, 'active', [i * 300, i * 300 + 299]]);
      const v = { encoding: 'x', units: { rows } };
      const expected = JSON.stringify(v);
      const stringify = vi.spyOn(JSON, 'stringify');
      const pieces = [...jsonPieces(v, { slice: 64 * 1024 })];
      expect(pieces.join('')).toBe(expected);
      expect(stringify.mock.calls.length).toBeLessThan(200);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 * 64 * 1024);
    });
  });
});
