import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headingText, headingTextAt, INLINE, stripDecoration, stripDecorationAt, withoutInline } from '../../src/cut/decoration.js';

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

// What a line of web-converted Markdown is made of, with the characters the in-place readers
// treat specially (NBSP, odd spaces, combining marks, surrogates, long runs past the first words).
const linePiece = fc.constantFrom(
  ...'abcĐđiềuĐIỀU ABQ019.:-–—)(*_[]<>/{}#\\`!+^~|"“‘«\t'.split(''), '\u00a0', '\u200b', '\ufeff', '\u0301', '\u0302', '\u2003', '\u202f',
  '𝐀', '\ud835', 'Điều', 'ĐIỀU', 'Điều 5.', '](x)', '[^1]', '<a name="x">', '</a>', '{#id}', '\\.', '**', 'x'.repeat(60),
);
const line = fc.array(linePiece, { maxLength: 30 }).map((xs) => xs.join(''));

describe('the in-place readers read what a copy of the line would give', () => {
  it('stripDecorationAt(text, from, to) is stripDecoration of text[from, to), whatever surrounds the line', () => {
    fc.assert(
      fc.property(line, line, line, (before, body, after) => {
        const text = before + body + after;
        expect(stripDecorationAt(text, before.length, before.length + body.length)).toEqual(stripDecoration(body));
      }),
      { numRuns: 5000 },
    );
  });

  it('headingTextAt(text, from, to) is headingText of text[from, to)', () => {
    fc.assert(
      fc.property(line, line, line, (before, body, after) => {
        const text = before + body + after;
        expect(headingTextAt(text, before.length, before.length + body.length)).toBe(headingText(body));
      }),
      { numRuns: 5000 },
    );
  });
});
