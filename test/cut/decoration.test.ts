import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INLINE, withoutInline } from '../../src/cut/decoration.js';

// Every character INLINE looks at, and some it does not.
const piece = fc.constantFrom(...'\\`*_{}[]()#+-.!>^</\n\r :aZĐ1'.split(''), 'a name="x"', '**', ']()', '[^1]', '{#id}', '\u0301');

describe('withoutInline', () => {
  it('removes what the INLINE pattern removes', () => {
    const cases = ['1\\. Một', '\\\\\\.', '**Điều 5.** Phạm vi', '[**Điều 1. A**]()', '[Điều 1](#dieu_1)', 'Điều 5[^1]. x', '<a name="x"></a>b', '</b>', '<1>', '{#id} x', 'snake_case _x_', 'a\n](x)'];
    for (const s of cases) expect(withoutInline(s), JSON.stringify(s)).toBe(s.replace(INLINE, ''));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const s = pieces.join('');
        expect(withoutInline(s)).toBe(s.replace(INLINE, ''));
      }),
      { numRuns: 5000 },
    );
  });
});
