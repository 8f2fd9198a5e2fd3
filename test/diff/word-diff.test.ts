import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffText } from '../../src/diff/word-diff.js';

const piece = fc.constantFrom('cổ', 'đông', 'công ty', ' ', '  ', '\n', '.', ',', '(03)', 'ngày', '\u00a0');
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

describe('diffText', () => {
  it('loses nothing: equal + removed parts are the old text, equal + added parts the new one', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = diffText(a, b);
        expect(d.parts.filter((p) => p.op !== '+').map((p) => p.text).join('')).toBe(a);
        expect(d.parts.filter((p) => p.op !== '-').map((p) => p.text).join('')).toBe(b);
        expect(d.parts.some((p) => p.op !== '=')).toBe(a !== b);
      }),
      { numRuns: 500 },
    );
  });

  it('folds a single space between two changes into one change', () => {
    const d = diffText('tạo việc làm cho người lao động.', 'tạo việc làm ổn định.');
    expect(d.parts).toEqual([
      { op: '=', text: 'tạo việc làm ' },
      { op: '-', text: 'cho người lao động' },
      { op: '+', text: 'ổn định' },
      { op: '=', text: '.' },
    ]);
  });
});
