import { describe, expect, it } from 'vitest';
import { cut, lines, paths, where } from './support.js';

describe('vn-legal: marker forms', () => {
  it.each([
    ['plain', 'Điều 1. Phạm vi điều chỉnh'],
    ['capitals and a colon', 'ĐIỀU 1: PHẠM VI ĐIỀU CHỈNH'],
    ['an ATX heading', '### Điều 1. Phạm vi điều chỉnh'],
    ['bold number only', '**Điều 1.** Phạm vi điều chỉnh'],
    ['bold split across formatting', '**Điều** **1.** Phạm vi điều chỉnh'],
    ['a link artifact', '[**Điều 1. Phạm vi điều chỉnh**]()'],
    ['a link with a target', '[Điều 1. Phạm vi điều chỉnh](#dieu_1)'],
    ['an HTML anchor', '<a name="dieu_1"></a>**Điều 1. Phạm vi điều chỉnh**'],
    ['a no-break space', 'Điều\u00a01. Phạm vi điều chỉnh'],
    ['decomposed diacritics (NFD)', 'Điều 1. Phạm vi điều chỉnh'.normalize('NFD')],
    ['indented', '   Điều 1. Phạm vi điều chỉnh'],
    ['a dash', 'Điều 1 - Phạm vi điều chỉnh'],
  ])('finds an article written with %s', (_, line) => {
    const { units } = cut(lines('Lời nói đầu.', '', line, 'Nội dung.', '', '### Điều 2. Đối tượng', 'Nội dung.'));
    expect(units.map((u) => u.path)).toEqual(['PREAMBLE', 'D1', 'D2']);
    expect(units[1]!.heading.normalize('NFC')).toMatch(/^(Điều|ĐIỀU) 1[.:-]? ?-? ?(Phạm vi điều chỉnh|PHẠM VI ĐIỀU CHỈNH)$/u);
  });

  it('keeps an inserted article (44a) apart from 44, and names the title printed on the next line', () => {
    const { units } = cut(lines('**Điều 44**', '', '**Quyền của cổ đông**', '', 'Nội dung.', '', 'Điều 44a. Quyền bổ sung', 'Nội dung.', 'Điều 45. Nghĩa vụ'));
    expect(units.map((u) => [u.path, u.heading])).toEqual([
      ['D44', 'Điều 44. Quyền của cổ đông'],
      ['D44a', 'Điều 44a. Quyền bổ sung'],
      ['D45', 'Điều 45. Nghĩa vụ'],
    ]);
  });

  it('finds clauses written as 1., 1\\. (an escaped list number) and **1.**, but not 1.1. or amounts', () => {
    const text = lines('Điều 3. Vốn', '1. Một;', '2\\. Hai;', '**3.** Ba;', '1.1. Mục con vẫn thuộc khoản 3;', '1.000.000 đồng là mức tối thiểu.', '4. Bốn.');
    expect(paths(text)).toEqual(['D3', 'D3-K1', 'D3-K2', 'D3-K3', 'D3-K4']);
    expect(cut(text).units[2]!.heading).toBe('Điều 3, khoản 2');
  });

  it('finds points a) b) … đ) in the Vietnamese alphabet, bulleted or bold, with đ as the ASCII token dd', () => {
    const text = lines('Điều 1. Giải thích từ ngữ', '1. Các từ ngữ:', 'a) một;', '- b) hai;', '**c)** ba;', 'd) bốn;', 'đ) năm;', 'e) sáu.', '2. Khoản hai.');
    expect(paths(text, 'vn-legal', 'point')).toEqual(['D1', 'D1-K1', 'D1-K1-Pa', 'D1-K1-Pb', 'D1-K1-Pc', 'D1-K1-Pd', 'D1-K1-Pdd', 'D1-K1-Pe', 'D1-K2']);
    expect(cut(text, 'vn-legal', 'point').units[6]!.heading).toBe('Điều 1, khoản 1, điểm đ');
    expect(cut(text, 'vn-legal', 'point').diagnostics).toEqual([]);
  });

  it('cuts points directly under an article that has no clauses', () => {
    expect(paths(lines('Điều 2. Đối tượng', 'a) Cơ quan;', 'b) Tổ chức.'), 'vn-legal', 'point')).toEqual(['D2', 'D2-Pa', 'D2-Pb']);
  });

  it('keeps finer markers inside their parent when cut.unit is coarser', () => {
    const text = lines('Chương I', 'Điều 1. A', '1. Một:', 'a) x;', 'Điều 2. B');
    expect(paths(text, 'vn-legal', 'article')).toEqual(['CI', 'D1', 'D2']);
    expect(paths(text, 'vn-legal', 'chapter')).toEqual(['CI']);
    expect(cut(text, 'vn-legal', 'article').units[1]!.text).toBe('Điều 1. A\n1. Một:\na) x;\n');
  });

  it('finds parts, chapters (Roman or Arabic) and sections, and names a chapter by its title on the next line', () => {
    const text = lines(
      'PHẦN THỨ NHẤT', 'NHỮNG QUY ĐỊNH CHUNG',
      '## Chương I', '**QUY ĐỊNH CHUNG**', 'Điều 1. A',
      'CHƯƠNG 2. TỔ CHỨC', 'Mục 1. HỘI ĐỒNG', 'Điều 2. B', 'Mục 2. BAN KIỂM SOÁT', 'Điều 3. C',
      'Phần thứ hai', 'Chương III', 'Mục 1', 'Điều 4. D',
    );
    const { units, diagnostics } = cut(text, 'vn-legal', 'article');
    expect(units.map((u) => [u.path, u.level, u.parentId])).toEqual([
      ['PH1', 'part', null],
      ['CI', 'chapter', 'X-PH1'],
      ['D1', 'article', 'X-CI'],
      ['C2', 'chapter', 'X-PH1'],
      // Mục restarts in each chapter, so the chapter enters its id.
      ['C2-M1', 'section', 'X-C2'],
      ['D2', 'article', 'X-C2-M1'],
      ['C2-M2', 'section', 'X-C2'],
      ['D3', 'article', 'X-C2-M2'],
      ['PH2', 'part', null],
      ['CIII', 'chapter', 'X-PH2'],
      ['CIII-M1', 'section', 'X-CIII'],
      ['D4', 'article', 'X-CIII-M1'],
    ]);
    expect(units[0]!.heading).toBe('PHẦN THỨ NHẤT. NHỮNG QUY ĐỊNH CHUNG');
    expect(units[1]!.heading).toBe('Chương I. QUY ĐỊNH CHUNG');
    // Chương 2 after Chương I: same sequence, whichever numerals.
    expect(diagnostics).toEqual([]);
  });

  it('leaves chapters out of article ids when articles run through the document, and puts them in when every chapter restarts at Điều 1', () => {
    expect(paths(lines('Chương I', 'Điều 1. A', 'Điều 2. B', 'Chương II', 'Điều 3. C'))).toEqual(['CI', 'D1', 'D2', 'CII', 'D3']);
    const restarting = lines('Chương I', 'Điều 1. A', 'Điều 2. B', 'Chương II', 'Điều 1. C', '1. x', 'Chương III', 'Điều 1. D');
    expect(paths(restarting)).toEqual(['CI', 'CI-D1', 'CI-D2', 'CII', 'CII-D1', 'CII-D1-K1', 'CIII', 'CIII-D1']);
    expect(cut(restarting).diagnostics).toEqual([]);
  });

  it('keeps a repeated article number in one chapter a duplicate, not a restart', () => {
    const result = cut(lines('Chương I', 'Điều 1. A', 'Điều 2. B', 'Chương II', 'Điều 2. C', 'Điều 3. D'));
    expect(result.units.map((u) => u.path)).toEqual(['CI', 'D1', 'D2', 'CII', 'D2', 'D3']);
    expect(where(result)).toEqual(['duplicate_id 5:1']);
  });

  it('keeps CRLF line endings inside the units, byte for byte', () => {
    const text = 'Điều 1. A\r\n1. Một;\r\n2. Hai.\r\nĐiều 2. B\r\n';
    const { units } = cut(text);
    expect(units.map((u) => u.text)).toEqual(['Điều 1. A\r\n', '1. Một;\r\n', '2. Hai.\r\n', 'Điều 2. B\r\n']);
    expect(units[0]!.heading).toBe('Điều 1. A');
  });
});

describe('vn-legal: traps', () => {
  it('never starts a unit at a reference in the middle of a sentence', () => {
    const text = lines(
      'Điều 5. Vốn điều lệ',
      '1. Vốn điều lệ được quy định tại Điều 88 của Luật này và khoản 2 Điều này.',
      '2. Theo điểm a khoản 1 Điều 7, Chương II và Mục 3 của Luật.',
    );
    expect(paths(text, 'vn-legal', 'point')).toEqual(['D5', 'D5-K1', 'D5-K2']);
  });

  it('does not take a reference that starts a wrapped line for an article', () => {
    const text = lines('Điều 1. Vốn', '1. Vốn điều lệ được quy định tại', 'Điều 88 của Luật này và', 'khoản 2 Điều này.', '2. Hai.');
    expect(paths(text)).toEqual(['D1', 'D1-K1', 'D1-K2']);
    expect(cut(text).diagnostics).toEqual([]);
  });

  it('warns, without cutting, when a full marker continues the sentence of the line above', () => {
    const text = lines('Điều 1. A', '', 'Công ty thực hiện theo quy định tại', 'Điều 88. Trường hợp khác thì theo Luật này.', '', 'Điều 2. B');
    const result = cut(text);
    expect(result.units.map((u) => u.path)).toEqual(['D1', 'D2']);
    expect(where(result)).toEqual(['marker_in_sentence 4:1']);
    expect(result.diagnostics[0]!.message).toContain('“Điều 88. Trường hợp khác thì theo Luật…”');
  });

  it('does not take an article for the rest of a clause wrapped after "tại", but cuts after a clause without a full stop', () => {
    const wrapped = cut(lines('Điều 1. A', '1. Việc sử dụng phải được cho phép theo quy định tại', 'Điều 13. Trường hợp chưa được cho phép thì từ chối.', '2. Hai.'));
    expect(wrapped.units.map((u) => u.path)).toEqual(['D1', 'D1-K1', 'D1-K2']);
    expect(where(wrapped)).toEqual(['marker_in_sentence 3:1']);
    expect(paths(lines('Điều 1. Quyền', '1. Quyền biểu quyết', '2. Quyền nhận cổ tức', 'Điều 2. Nghĩa vụ'))).toEqual(['D1', 'D1-K1', 'D1-K2', 'D2']);
  });

  it('does not mistake Điều lệ (a charter), Điều kiện, Chương trình, Mục tiêu or Phần vốn for structure', () => {
    const text = lines(
      'Điều 1. Phạm vi',
      'Điều lệ này quy định về tổ chức của Công ty.',
      '### Điều kiện tham gia',
      'Chương trình họp do Hội đồng quản trị quyết định.',
      'Chương Mở đầu của tài liệu.',
      'Mục tiêu hoạt động của Công ty.',
      'Phần vốn góp của cổ đông.',
      '**Điều lệ**',
      'Điều 2. Đối tượng',
    );
    expect(paths(text)).toEqual(['D1', 'D2']);
    expect(cut(text).diagnostics).toEqual([]);
  });

  it('keeps markers inside a table as text and says so once per table', () => {
    const text = lines('Điều 1. A', '', '| STT | Nội dung |', '|---|---|', '| 1. | Điều 5. Sửa đổi |', '| 2. | **Điều 6.** Bãi bỏ |', '', 'Điều 2. B');
    const result = cut(text);
    expect(result.units.map((u) => u.path)).toEqual(['D1', 'D2']);
    expect(where(result)).toEqual(['marker_in_table 5:8']);
    expect(result.diagnostics[0]!.message).toMatch(/^2 markers \(first “Điều 5\. Sửa đổi”\) are inside a table/u);
  });

  it('keeps a quoted amendment as text of the amending clause', () => {
    const text = lines(
      'Điều 1. Sửa đổi, bổ sung một số điều',
      '1. Điều 5 được sửa đổi như sau:',
      '“Điều 5. Vốn điều lệ',
      '1. Vốn điều lệ là tổng giá trị cổ phần.',
      '2. Công ty công bố vốn điều lệ.”',
      '2. Bãi bỏ Điều 9.',
      'Điều 2. Hiệu lực',
    );
    const result = cut(text);
    expect(result.units.map((u) => u.path)).toEqual(['D1', 'D1-K1', 'D1-K2', 'D2']);
    expect(result.units[1]!.text).toContain('2. Công ty công bố vốn điều lệ.”');
    expect(where(result)).toEqual(['marker_in_quote 3:1']);
  });
});
