import { describe, expect, it } from 'vitest';
import { cut, lines, paths, where } from './support.js';

describe('en-legal', () => {
  it('cuts articles with their sections, amendments, and (1)/(a)/(i) subdivisions', () => {
    const text = lines(
      'We the People, in Order to form a more perfect Union.',
      '',
      '## Article I',
      'Section 1. All legislative Powers herein granted shall be vested in a Congress.',
      'Section. 2. The House shall be composed of Members.',
      '(1) No Person shall be a Representative who shall not',
      '(a) have attained to the Age of twenty five Years; and',
      '(b) have been seven Years a Citizen.',
      '(2) Representatives shall be apportioned.',
      '## Article II',
      '**Section 1.** The executive Power shall be vested in a President.',
      '## Amendment I',
      'Congress shall make no law respecting an establishment of religion.',
      '## Amendment II',
      'Section 1. A well regulated Militia.',
    );
    const { units, diagnostics } = cut(text, 'en-legal', 'point');
    expect(units.map((u) => u.path)).toEqual([
      'PREAMBLE', 'ART1', 'ART1-SEC1', 'ART1-SEC2', 'ART1-SEC2-CL1', 'ART1-SEC2-CL1-PTa', 'ART1-SEC2-CL1-PTb', 'ART1-SEC2-CL2',
      'ART2', 'ART2-SEC1', 'AM1', 'AM2', 'AM2-SEC1',
    ]);
    expect(units.find((u) => u.path === 'ART1-SEC2-CL1-PTb')!.heading).toBe('Article I, Section 2(1)(b)');
    expect(units.find((u) => u.path === 'AM1')!.parentId).toBeNull();
    expect(diagnostics).toEqual([]);
  });

  it('reads (i) as the letter after (h), and as a roman subdivision inside (c)', () => {
    const text = lines(
      'Section 1. Definitions.',
      '(a) a;', '(b) b;', '(c) c, meaning:', '(i) first;', '(ii) second;', '(iii) third;',
      '(d) d;', '(e) e;', '(f) f;', '(g) g;', '(h) h;', '(i) i;', '(j) j.',
    );
    const result = cut(text, 'en-legal', 'subpoint');
    expect(result.units.map((u) => u.path).filter((p) => p.includes('i') || p.endsWith('PTj'))).toEqual([
      'SEC1-PTc-SPi', 'SEC1-PTc-SPii', 'SEC1-PTc-SPiii', 'SEC1-PTi', 'SEC1-PTj',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('takes charters that number paragraphs 1. 2. as clauses', () => {
    expect(paths(lines('Article 5 Duties of the Board', '1. The Board shall meet.', '2. It shall report.'), 'en-legal')).toEqual(['ART5', 'ART5-CL1', 'ART5-CL2']);
  });

  it('finds parts and chapters, and § and Sec. sections', () => {
    const text = lines('PART ONE', 'CHAPTER 1', '§ 1. Short title.', 'Sec. 2. Definitions.', 'Part Two', 'Chapter 2', 'SECTION 3. Scope.');
    expect(paths(text, 'en-legal', 'section')).toEqual(['PART1', 'CH1', 'SEC1', 'SEC2', 'PART2', 'CH2', 'SEC3']);
  });

  it('does not cut at a reference that starts a line, in either case', () => {
    const text = lines('Section 1. Scope.', 'This applies as set out in', 'Section 5 of the Act and', 'Article 12 shall not apply.', 'Section 2. Terms.');
    expect(paths(text, 'en-legal')).toEqual(['SEC1', 'SEC2']);
    expect(where(cut(text, 'en-legal'))).toEqual([]);
  });
});
