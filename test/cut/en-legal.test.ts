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

  describe('markers through the decoration real documents carry', () => {
    it.each([
      ['[Article I](https://example.org/article_1)', 'ART1'],
      ['[**Article 5**]()', 'ART5'],
      ['## 1. Article I', 'ART1'],
      ['## 2. [Article II](https://en.wikipedia.org/wiki/Clause_(law))', 'ART2'],
      ['<h2>ARTICLE III</h2>', 'ART3'],
      ['**ARTICLE IV**', 'ART4'],
      ['*Article 6* Officers', 'ART6'],
      ['Art. 7. Finances', 'ART7'],
      ['Article the first', 'ART1'],
      ['ARTICLE 12 — DISSOLUTION', 'ART12'],
      ['### Article IX: Amendments', 'ART9'],
    ])('%s is %s', (heading, id) => {
      expect(paths(lines(heading, '', 'The Board shall meet.'), 'en-legal', 'article')).toEqual([id]);
    });

    it('reads setext headings and run-in bold sections with dotted numbers', () => {
      expect(paths(lines('Article I', '=========', '', 'Text.'), 'en-legal', 'article')).toEqual(['ART1']);
      const text = lines('### Article IV: Officers', '', '**Section 4.1. ++Officers.++** The officers.', '', '**Section 4.2** ++Duties.++ They serve.', '', 'Sec. 3. Terms.', '', '§ 4. Seal.');
      expect(paths(text, 'en-legal', 'section')).toEqual(['ART4', 'ART4-SEC4-1', 'ART4-SEC4-2', 'ART4-SEC3', 'ART4-SEC4']);
    });

    it('gives the same ids whatever the heading levels', () => {
      const a = lines('# Article I', '### Section 1', 'Text.', '### Section 2', 'Text.', '# Article II', '### Section 1', 'Text.');
      const b = lines('### Article I', '# Section 1', 'Text.', '## Section 2', 'Text.', '**ARTICLE II**', '#### Section 1', 'Text.');
      expect(paths(a, 'en-legal', 'section')).toEqual(['ART1', 'ART1-SEC1', 'ART1-SEC2', 'ART2', 'ART2-SEC1']);
      expect(paths(b, 'en-legal', 'section')).toEqual(paths(a, 'en-legal', 'section'));
    });
  });

  describe('amendments: a family of their own beside the articles', () => {
    it('Amendment XIV and its sections; the ordinal-word form; cut with the articles at --unit article', () => {
      const text = lines('## Article V', 'Amendments may be proposed.', '## Amendment XIV', 'Section 1. All persons born.', 'Section 2. Representatives.', '## Fifteenth Amendment', 'Section 1. The right to vote.');
      expect(paths(text, 'en-legal', 'section')).toEqual(['ART5', 'AM14', 'AM14-SEC1', 'AM14-SEC2', 'AM15', 'AM15-SEC1']);
      expect(paths(text, 'en-legal', 'article')).toEqual(['ART5', 'AM14', 'AM15']);
      expect(paths(text, 'en-legal', 'amendment')).toEqual(['ART5', 'AM14', 'AM15']);
    });

    it('a heading that is only a numeral is an amendment under an "Amendments" heading, and nowhere else', () => {
      const text = lines(
        '## Article VII', 'Done in Convention.', '### II', 'Not an amendment: no Amendments heading above.',
        '## AMENDMENTS TO THE CONSTITUTION', '### I', 'Congress shall make no law.', '### 2. **II** [Second Amendment](https://example.org/2)',
        'A well regulated Militia.', '**III**', 'No Soldier shall be quartered.', '### XIII', '1. Neither slavery nor involuntary servitude.', '2. Congress shall have power.',
      );
      expect(paths(text, 'en-legal', 'clause')).toEqual(['ART7', 'AMENDMENTS', 'AM1', 'AM2', 'AM3', 'AM13', 'AM13-CL1', 'AM13-CL2']);
      expect(cut(text, 'en-legal', 'article').units.find((u) => u.path === 'AM2')!.heading).toBe('II Second Amendment');
    });

    it('a numeral at the start of a paragraph under "Amendments" stays text', () => {
      expect(paths(lines('## Amendments', '### I', 'Text.', 'II of them were ratified.', 'XIV. was the longest.'), 'en-legal', 'article')).toEqual(['AMENDMENTS', 'AM1']);
    });
  });

  describe('references in running text never start a unit', () => {
    it('the first Article, Section 2 of this Article, a reference wrapped onto the next line', () => {
      const text = lines(
        '## Article I', 'Section 1. Scope.', 'The powers of the first Article are limited.', 'Section 2 of this Article shall not apply.',
        'Article 5 shall govern.', 'Amendment XIV of the Constitution applies', 'as provided under', 'Article 5. Nothing here.', 'Section 2. Terms.',
      );
      const result = cut(text, 'en-legal', 'section');
      expect(result.units.map((u) => u.path)).toEqual(['ART1', 'ART1-SEC1', 'ART1-SEC2']);
      expect(where(result)).toEqual(['marker_in_sentence 8:1']);
    });
  });

  it('reads (1), (a), a., a) and (i) subdivisions', () => {
    const text = lines('Section 1. Terms.', '(1) One:', '(a) first;', 'b. second, namely:', '(i) sub;', '(ii) sub;', 'c) third.', '(2) Two.');
    expect(paths(text, 'en-legal', 'subpoint')).toEqual([
      'SEC1', 'SEC1-CL1', 'SEC1-CL1-PTa', 'SEC1-CL1-PTb', 'SEC1-CL1-PTb-SPi', 'SEC1-CL1-PTb-SPii', 'SEC1-CL1-PTc', 'SEC1-CL2',
    ]);
  });

  it('starts a section at its numbered catchline, as legislation sites print them', () => {
    const text = lines(
      '1. Fundamental principles', '', 'Section 1. A frequent recurrence.', '',
      '2. Political power; purpose of', '   government', '', 'Section 2. All political power.', '',
      '3. Not a catchline of the next section', '', 'Section 4. Due process.',
    );
    const { units } = cut(text, 'en-legal', 'clause');
    expect(units.map((u) => `${u.path}@${u.line}`)).toEqual(['SEC1@1', 'SEC2@5', 'SEC2-CL3@10', 'SEC4@12']);
    expect(units[1]!.heading).toBe('Section 2. Political power; purpose of government');
    expect(units.map((u) => u.text).join('')).toBe(text);
  });
});

