import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cut } from './support.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('fixture: a consolidated Vietnamese law converted from the web (vn-legal)', () => {
  const text = fixture('vn-luat-luu-tru-du-lieu.md');
  // What the fixture holds, article by article: its clauses, and the points of those that have them.
  const clauses: Record<string, number> = {
    1: 0, 2: 0, 3: 4, 4: 3, 5: 2, 6: 3, 7: 2, 8: 3, 9: 3, 10: 0, 11: 2, 12: 2, 13: 2, 14: 0, 15: 2, '15a': 2, 16: 2, 17: 2,
    18: 0, 19: 3, 20: 3, 21: 2, 22: 3, 23: 3, 24: 2, 25: 0, 26: 2, 27: 2, 28: 0, 29: 2, 30: 0, 31: 2, 32: 0, 33: 2, 34: 0,
    35: 2, 36: 0, 37: 2, 38: 2, 39: 0, 40: 2, 41: 0, 42: 0,
  };
  const points: Record<string, string[]> = { 'D6-K2': ['a', 'b', 'c'], 'D16-K1': ['a', 'b', 'c'], 'D26-K2': ['a', 'b', 'c'] };
  const articles = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '15a', ...Array.from({ length: 27 }, (_, i) => String(i + 16))];

  it('holds 43 articles (one inserted, 15a) in six chapters', () => {
    expect(articles).toHaveLength(43);
    expect(Object.keys(clauses)).toHaveLength(43);
  });

  it('finds every article, chapter, section, clause and point, and nothing else', () => {
    const { units } = cut(text, 'vn-legal', 'point');
    expect(units.map((u) => u.text).join('')).toBe(text);
    const byLevel = (level: string): string[] => units.filter((u) => u.level === level).map((u) => u.path);
    expect(byLevel('preamble')).toEqual(['PREAMBLE']);
    expect(byLevel('chapter')).toEqual(['CI', 'CII', 'CIII', 'CIV', 'CV', 'CVI']);
    expect(byLevel('section')).toEqual(['CII-M1', 'CII-M2', 'CIII-M1', 'CIII-M2']);
    expect(byLevel('article')).toEqual(articles.map((n) => `D${n}`));
    expect(byLevel('clause')).toEqual(articles.flatMap((n) => Array.from({ length: clauses[n]! }, (_, k) => `D${n}-K${k + 1}`)));
    expect(byLevel('point')).toEqual(Object.entries(points).flatMap(([clause, letters]) => letters.map((l) => `${clause}-P${l}`)));
  });

  it('reports exactly the traps planted in it, where they are', () => {
    const { diagnostics } = cut(text);
    expect(diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([
      `marker_in_sentence ${lineOf(text, 'Điều 13. Trường hợp chưa được cho phép')}`,
      `marker_in_table ${lineOf(text, '| Điều 21. Quyền của khách hàng')}`,
      `marker_in_quote ${lineOf(text, '“Điều 14. Lưu trữ thông điệp dữ liệu')}`,
    ]);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('gives clean headings whatever the decoration: link artifacts, split bold, NFD, NBSP, footnotes', () => {
    const heading = (path: string): string | undefined => cut(text, 'vn-legal', 'article').units.find((u) => u.path === path)?.heading;
    expect(heading('CI')).toBe('Chương I. NHỮNG QUY ĐỊNH CHUNG');
    expect(heading('D1')).toBe('Điều 1. Phạm vi điều chỉnh');
    expect(heading('D15a')).toBe('Điều 15a. Lưu trữ dữ liệu của doanh nghiệp nhà nước');
    expect(heading('D24')).toBe('Điều 24. Mã hóa dữ liệu');
    expect(heading('D27')).toBe('Điều 27. Sự cố an toàn dữ liệu');
    expect(heading('D32')).toBe('Điều 32. Trách nhiệm của Chính phủ');
  });

  it('keeps the CRLF lines and the decomposed diacritics of the source in the units', () => {
    const { units } = cut(text, 'vn-legal', 'article');
    const d24 = units.find((u) => u.path === 'D24')!;
    expect(d24.text).toBe(text.slice(d24.start, d24.end));
    expect(d24.text).toContain('\r\n');
    expect(d24.text.startsWith('Điều 24'.normalize('NFD'))).toBe(true);
    expect(units).toHaveLength(1 + 6 + 4 + 43);
  });
});

describe('fixture: a cooperative constitution with amendments (en-legal)', () => {
  const text = fixture('en-northwind-constitution.md');
  const sections: Record<string, number> = { ART1: 2, ART2: 4, ART3: 4, ART4: 4, ART5: 3, ART6: 3, ART7: 2, ART8: 0, AM1: 0, AM2: 2, AM3: 0, AM4: 2 };

  it('finds the articles, amendments and their sections; the front matter stays in the preamble', () => {
    const { units } = cut(text, 'en-legal', 'section');
    expect(units.map((u) => u.text).join('')).toBe(text);
    expect(units[0]!.path).toBe('PREAMBLE');
    expect(units[0]!.text).toContain('title: Constitution of the Northwind Housing Cooperative');
    // "# AMENDMENTS" heads the amendments: a container of its own, so that Article VIII ends there.
    expect(units.slice(1).map((u) => u.path)).toEqual(Object.entries(sections).flatMap(([top, n]) => [
      ...(top === 'AM1' ? ['AMENDMENTS'] : []), top, ...Array.from({ length: n }, (_, k) => `${top}-SEC${k + 1}`),
    ]));
  });

  it('finds (1) (a) (i) subdivisions, telling the letter (i) from the roman (i)', () => {
    const all = cut(text, 'en-legal', 'subpoint').units.map((u) => u.path);
    const under = (p: string): string[] => all.filter((x) => x.startsWith(`${p}-`) && x.split('-').length === p.split('-').length + 1);
    expect(under('ART1-SEC2')).toEqual(['ART1-SEC2-PTa', 'ART1-SEC2-PTb', 'ART1-SEC2-PTc']);
    expect(under('ART2-SEC2')).toEqual(['ART2-SEC2-CL1', 'ART2-SEC2-CL2', 'ART2-SEC2-CL3']);
    expect(under('ART2-SEC3-CL2')).toEqual('abcdefghi'.split('').map((l) => `ART2-SEC3-CL2-PT${l}`));
    expect(under('ART2-SEC4-CL2')).toEqual(['ART2-SEC4-CL2-SPi', 'ART2-SEC4-CL2-SPii', 'ART2-SEC4-CL2-SPiii']);
  });

  it('reports the table and the quoted amendment, and takes no reference for a section', () => {
    const { diagnostics } = cut(text, 'en-legal', 'subpoint');
    expect(diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([
      `marker_in_table ${lineOf(text, '| Amendment I |')}`,
      `marker_in_quote ${lineOf(text, '"(4) has provided')}`,
    ]);
  });
});
