import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadingNumberSpan, maskLeadingNumber, NO_NUMBER, sameButLeadingNumber } from '../../src/diff/leading-number.js';

// The rule as a regular expression: the reference the scanner must agree with.
const REFERENCE = /^([ \t\u00a0]*(?:#{1,6}[ \t]+)?(?:[-*+][ \t]+)?\[?(?:\*\*|__|\*|_)?(?:(\p{L}+)[ \t\u00a0]+)?\(?)(\d+[a-z]?|[IVXLCDM]+|\p{Ll})/u;
function reference(text: string): string {
  const m = REFERENCE.exec(text);
  if (!m) return text;
  const next = text.charAt(m[0].length);
  const punctuated = next === '.' || next === ')' || next === ':';
  const ends = next === '' || /[\s*_\]]/u.test(next);
  const isNumber = punctuated || (ends && (/^\d/u.test(m[3]!) || (m[2] !== undefined && /^[IVXLCDM]+$/u.test(m[3]!))));
  return isNumber ? `${m[1]}#${text.slice(m[0].length)}` : text;
}

describe('leading number', () => {
  it.each([
    ['Điều 45. Quyền', 'Điều #. Quyền'],
    ['2. Công ty 10 năm', '#. Công ty 10 năm'],
    ['đ) text', '#) text'],
    ['## Article IV\nx', '## Article #\nx'],
    ['Chương II\n', 'Chương #\n'],
    ['[**Điều 1. Phạm vi**]()', '[**Điều #. Phạm vi**]()'],
    ['(a) thing', '(#) thing'],
    ['- a) foo', '- #) foo'],
    ['44a. x', '#. x'],
    ['I shall', 'I shall'],
    ['a person', 'a person'],
    ['Công ty', 'Công ty'],
    ['Điều lệ này', 'Điều lệ này'],
    ['####### 5. seven hashes', '####### 5. seven hashes'],
  ])('%j masks to %j', (text, masked) => {
    expect(maskLeadingNumber(text)).toBe(masked);
    expect(reference(text)).toBe(masked);
  });

  it('agrees with the regular expression on any text made of the pieces that matter', () => {
    const piece = fc.constantFrom(' ', '\t', '\u00a0', '#', '##', '-', '*', '**', '+', '_', '[', '(', ')', '.', ':', ']', '\n',
      '5', '44', 'a', 'b', 'đ', 'I', 'V', 'X', 'C', 'M', 'Điều', 'Chương', 'Article', 'ty', 'Đ', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(maskLeadingNumber(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('compares texts with their numbers masked without building them', () => {
    const same = (a: string, b: string) => sameButLeadingNumber(a, leadingNumberSpan(a), b, leadingNumberSpan(b));
    expect(same('Điều 5. Quyền của cổ đông', 'Điều 6. Quyền của cổ đông')).toBe(true);
    expect(same('Điều 5. Quyền của cổ đông', 'Điều 6. Quyền của cổ đông.')).toBe(false);
    expect(same('### Điều 5. X', 'Điều 5. X')).toBe(false);
    expect(same('Không số', 'Không số')).toBe(true);
    expect(leadingNumberSpan('Không số')).toBe(NO_NUMBER);
  });
});
