import { describe, expect, it } from 'vitest';
import { diffText, MAX_WORD_DIFF_CHARS, onlyWhitespaceChanged } from '../../src/diff/word-diff.js';
import { COMPACT, inlineLines, plainLine, sideLine, unifiedLines, WHOLE_LINES } from '../../src/render/text-hunks.js';

const before = '2. Mục tiêu hoạt động của Công ty là không ngừng phát triển các hoạt động sản xuất, kinh doanh nhằm tối đa hóa lợi nhuận cho cổ đông, tạo việc làm cho người lao động.\n';
const after = '2. Mục tiêu hoạt động của Công ty là không ngừng phát triển các hoạt động sản xuất, kinh doanh nhằm tối đa hóa lợi nhuận bền vững cho cổ đông, tạo việc làm ổn định.\n';

describe('word-level hunks', () => {
  it('marks the changed words, clipped around them so that they are on screen', () => {
    const lines = inlineLines(diffText(before, after), COMPACT);
    expect(lines.map(plainLine)).toMatchInlineSnapshot(`
      [
        "…kinh doanh nhằm tối đa hóa lợi nhuận {+bền vững +}cho cổ đông, tạo việc làm [-cho người lao động-]{+ổn định+}.",
      ]
    `);
    expect(plainLine(lines[0]!).startsWith('…')).toBe(true);
  });

  it('keeps whole lines when asked', () => {
    const [line] = inlineLines(diffText(before, after), WHOLE_LINES);
    expect(plainLine(line!)).toContain('2. Mục tiêu hoạt động');
    expect(line!.some((s) => s.op === '…')).toBe(false);
  });

  it('gives a unified view with the old line before the new one, only changed lines', () => {
    const text = (s: string) => `1. Khoản một không đổi.\n${s}\n3. Khoản ba không đổi.\n`;
    const lines = unifiedLines(diffText(text('2. Thời hạn ba (03) ngày.'), text('2. Thời hạn năm (05) ngày làm việc.')), COMPACT);
    expect(lines.map((l) => `${l.sign} ${sideLine(l.line)}`)).toEqual(['- 2. Thời hạn ba (03) ngày.', '+ 2. Thời hạn năm (05) ngày làm việc.']);
  });

  it('shows a clause split in two as one old line and two new ones', () => {
    const lines = unifiedLines(diffText('a) Một và hai.\n', 'a) Một.\nb) Hai.\n'), WHOLE_LINES);
    expect(lines.map((l) => l.sign)).toEqual(['-', '+', '+']);
    expect(lines.map((l) => sideLine(l.line))).toEqual(['a) Một và hai.', 'a) Một.', 'b) Hai.']);
  });

  it('reports a whitespace-only difference as such, with no changed line', () => {
    const d = diffText('Một  hai ba.', 'Một hai ba.');
    expect(onlyWhitespaceChanged(d)).toBe(true);
    expect(inlineLines(d, COMPACT)).toEqual([]);
  });

  it('falls back to lines for very long texts and to the whole text when too different', () => {
    const long = `${'chữ '.repeat(MAX_WORD_DIFF_CHARS / 4)}\n`;
    expect(diffText(long, `${long}thêm\n`).granularity).toBe('line');
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const d = diffText(a, b);
    expect(d.granularity).toBe('whole');
    expect(d.parts).toEqual([{ op: '-', text: a }, { op: '+', text: b }]);
  });
});
