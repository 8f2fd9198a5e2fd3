import { describe, expect, it } from 'vitest';
import { cut, lines, where } from './support.js';

describe('diagnostics', () => {
  it('reports a duplicate id as an error at the second marker, with the first line', () => {
    const result = cut(lines('Điều 1. A', 'Điều 2. B', '  **Điều 2.** C', 'Điều 3. D'));
    expect(where(result)).toEqual(['duplicate_id 3:5']);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('X-D2 is given twice (first at line 2)') });
  });

  it('reports the clauses of a duplicated article as duplicates too, since their ids collide', () => {
    const result = cut(lines('Điều 1. A', '1. x', 'Điều 1. B', '1. y', '2. z'));
    expect(where(result)).toEqual(['duplicate_id 3:1', 'duplicate_id 4:1']);
  });

  it('warns when numbering skips or goes backwards, per id scope', () => {
    const result = cut(lines('Điều 1. A', '1. a', '3. c', 'Điều 2. B', '1. a', 'Điều 4. D', 'Điều 3. C'));
    expect(where(result)).toEqual(['numbering_skip 3:1', 'numbering_skip 6:1', 'numbering_backwards 7:1']);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'Điều 1, khoản 3 comes after Điều 1, khoản 1: a number is skipped',
      'Điều 4 comes after Điều 2: a number is skipped',
      'Điều 3 comes after Điều 4: the numbering goes backwards',
    ]);
  });

  it('does not count an inserted article (5a) or points in the Vietnamese alphabet as skips', () => {
    const text = lines('Điều 5. A', 'Điều 5a. B', 'Điều 5b. C', 'Điều 6. D', '1. x:', 'a) …;', 'b) …;', 'c) …;', 'd) …;', 'đ) …;', 'e) …;', 'g) …');
    expect(cut(lines('Điều 1. Z', 'Điều 2. Y', 'Điều 3. X', 'Điều 4. W', text), 'vn-legal', 'point').diagnostics).toEqual([]);
  });

  it('warns about a marker alone with nothing under it', () => {
    const result = cut(lines('Điều 1. A', 'Điều 2.', '', 'Điều 3. C', '1.', '2. Nội dung.'));
    expect(where(result)).toEqual(['empty_unit 2:1', 'empty_unit 5:1']);
  });

  it('warns about markers in fenced code and HTML comments, but not in Markdown code for the markdown profile', () => {
    const text = lines('Điều 1. A', '```', 'Điều 2. Mẫu', '```', '<!--', 'Điều 3. Cũ', '-->', 'Điều 2. B');
    expect(where(cut(text))).toEqual(['marker_in_code 3:1', 'marker_in_code 6:1']);
    expect(where(cut(lines('# A', '```', '# b', '```'), 'markdown'))).toEqual([]);
  });

  it('warns about markers in HTML tables and block quotes', () => {
    const text = lines('Điều 1. A', '<table>', '<tr><td>Điều 7. Trong bảng</td></tr>', '</table>', '> Điều 8. Trích dẫn', '> 1. khoản', '', 'Điều 2. B');
    const result = cut(text);
    expect(result.units.map((u) => u.path)).toEqual(['D1', 'D2']);
    expect(where(result)).toEqual(['marker_in_table 3:9', 'marker_in_quote 5:3']);
    expect(result.diagnostics[1]!.message).toMatch(/^2 markers/u);
  });

  it('fails on a quotation that never closes, instead of silently swallowing the rest', () => {
    const result = cut(lines('Điều 1. A', '1. Sửa đổi như sau:', '“Điều 5. Mới', 'Điều 2. B', 'Điều 3. C'));
    expect(result.units.map((u) => u.path)).toEqual(['D1', 'D1-K1']);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}`)).toEqual(['unclosed_quotation 3']);
  });

  it('reports only the levels that become units', () => {
    const text = lines('Điều 1. A', '1. a', '1. a again', 'Điều 2. B');
    expect(where(cut(text, 'vn-legal', 'clause'))).toEqual(['duplicate_id 3:1']);
    expect(where(cut(text, 'vn-legal', 'article'))).toEqual([]);
  });

  it('lists diagnostics in document order', () => {
    const result = cut(lines('Điều 2. B', '| Điều 9. x |', '', 'Điều 2. C'));
    expect(where(result)).toEqual(['numbering_skip 1:1', 'marker_in_table 2:3', 'duplicate_id 4:1']);
  });
});
