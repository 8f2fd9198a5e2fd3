import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDifference, firstDifferenceOfUnits } from '../../src/orchestrator/phases/validate.js';

describe('the lossless check', () => {
  it('finds what joining the texts and comparing finds (generated texts, cut and edited)', () => {
    // Few letters and surrogate halves, so texts often match the body for a while and then differ.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'Đ', '\ud83d', '\ude00'), maxLength: 8 });
    fc.assert(fc.property(fc.array(text, { maxLength: 12 }), fc.nat(4), text, (texts, mode, extra) => {
      const joined = texts.join('');
      // The body: the texts exactly, one character changed, shortened, or lengthened.
      const i = joined.length === 0 ? 0 : extra.length % joined.length;
      const body = [joined, `${joined.slice(0, i)}${extra}${joined.slice(i + 1)}`, joined.slice(0, i), `${joined}${extra}`, extra][mode]!;
      const units = texts.map((t) => ({ text: t }));
      expect(firstDifferenceOfUnits(units, body)).toBe(firstDifference(joined, body));
    }), { numRuns: 2000 });
  });
});
