import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/state/json-pieces.js';

// Texts with every kind of character JSON escapes or must keep whole: quotes, backslashes, control
// characters, characters outside the BMP (surrogate pairs) and lone surrogates.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', 'ệ', '😀', '\ud800', '\udc00'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })), maxLength: 60 });
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 5 }),
  object: fc.dictionary(text, tie('any'), { maxKeys: 5 }),
})).any;

describe('jsonPieces', () => {
  it('joined, are exactly JSON.stringify of the value, at any slice size and depth', () => {
    fc.assert(fc.property(value, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 4 }), (v, slice, depth) => {
      expect([...jsonPieces(v, { slice, depth })].join('')).toBe(JSON.stringify(v) ?? 'null');
    }), { numRuns: 2000 });
  });

  it('keep what has its own toJSON, and never make a piece much longer than a slice of a long text', () => {
    const body = 'Điều 1. 😀 "x"\n'.repeat(5000);
    const v = { document: { body, at: new Date(0) }, rows: [[1, 'a'], [2, 'b']] };
    const pieces = [...jsonPieces(v, { slice: 1024 })];
    expect(pieces.join('')).toBe(JSON.stringify(v));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4 * 1024);
  });
});
