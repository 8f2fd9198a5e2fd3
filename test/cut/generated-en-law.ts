import fc from 'fast-check';

/**
 * Arbitrary English constitutions and bylaws for property tests: articles with sections and
 * numbered clauses, then amendments under an "Amendments" heading, rendered in the decorations
 * real documents carry (links, list ordinals, bold, HTML heading tags, run-in bold sections,
 * headings that are only a Roman numeral). The renderer records the ids it wrote and the line of
 * each, so the cut is compared with the truth, not with another cut.
 */

const TITLES = ['Name and Purpose', 'Membership', 'The Board', 'Meetings', 'Finances', 'Dissolution'];
const SENTENCES = [
  'The Board shall meet at least once in every Year.',
  'Notice shall be given as provided in Section 2 of this Article.',
  'Nothing in the first Article shall limit this power.',
  'Members may vote in person or by proxy; see Article 3 for quorum.',
  'Such Amendments shall take effect as provided by law.',
];
const ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth'];

const roman = (n: number): string => ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n]!;

export interface EnLawShape {
  readonly preamble: boolean;
  readonly crlf: boolean;
  /** Each article: clauses per section (an article may have no sections). */
  readonly articles: readonly (readonly number[])[];
  /** Each amendment: its number of sections. */
  readonly amendments: readonly number[];
  readonly styles: readonly number[];
  readonly blankLines: readonly boolean[];
  readonly sentences: readonly number[];
}

export const enLawShape: fc.Arbitrary<EnLawShape> = fc.record({
  preamble: fc.boolean(),
  crlf: fc.boolean(),
  articles: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), { minLength: 1, maxLength: 5 }),
  amendments: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 5 }),
  styles: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
  blankLines: fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
  sentences: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
});

export interface RenderedEnLaw {
  readonly text: string;
  /** Paths in document order at --unit clause (the preamble first when there is one). */
  readonly paths: readonly string[];
  /** The level of each path. */
  readonly levels: readonly string[];
  /** 1-based line of each path's marker. */
  readonly lines: readonly number[];
}

export function renderEnLaw(shape: EnLawShape): RenderedEnLaw {
  const out: string[] = [];
  const paths: string[] = [];
  const levels: string[] = [];
  const markerLines: number[] = [];
  let style = 0;
  let blank = 0;
  let sentence = 0;
  const nextStyle = (): number => shape.styles[style++ % shape.styles.length]!;
  const text = (): string => SENTENCES[shape.sentences[sentence++ % shape.sentences.length]! % SENTENCES.length]!;
  const line = (s: string): void => {
    out.push(s);
    if (shape.blankLines[blank++ % shape.blankLines.length]) out.push('');
  };
  // A heading always stands in a paragraph of its own, as Markdown needs it to.
  const marker = (path: string, level: string, s: string, heading: boolean): void => {
    if (heading && out.length > 0 && out[out.length - 1] !== '') out.push('');
    paths.push(path);
    levels.push(level);
    markerLines.push(out.length + 1);
    line(s);
  };

  if (shape.preamble) {
    paths.push('PREAMBLE');
    levels.push('preamble');
    markerLines.push(1);
    line('# Constitution of the Example Society');
    line('We the Members, in order to form a more perfect Society, adopt this Constitution.');
  }
  shape.articles.forEach((sections, a) => {
    const n = a + 1;
    const title = TITLES[a % TITLES.length]!;
    const forms = [
      `## Article ${roman(n)}`, `## ${n}. [Article ${roman(n)}](https://example.org/article_${n})`, `**ARTICLE ${roman(n)}**`,
      `[**Article ${n}**]()`, `<h2>ARTICLE ${roman(n)}</h2>`, `### Article ${n}. ${title}`, `## ARTICLE ${roman(n)} — ${title.toUpperCase()}`,
    ];
    marker(`ART${n}`, 'article', forms[nextStyle() % forms.length]!, true);
    line(text());
    sections.forEach((clauses, s) => writeSection(`ART${n}`, `${n}.${s + 1}`, s + 1, clauses));
  });
  if (shape.amendments.length > 0) {
    marker('AMENDMENTS', 'amendments', nextStyle() % 2 === 0 ? '## Amendments' : '# AMENDMENTS TO THE CONSTITUTION', true);
    shape.amendments.forEach((sections, a) => {
      const n = a + 1;
      const forms = [
        `### ${n}. **${roman(n)}** [${ORDINALS[a]} Amendment](https://example.org/amendment_${n})`, `### Amendment ${roman(n)}`,
        `### ${roman(n)}`, `## ${ORDINALS[a]} Amendment`, `**AMENDMENT ${roman(n)}**`,
      ];
      marker(`AM${n}`, 'amendment', forms[nextStyle() % forms.length]!, true);
      line(text());
      for (let s = 1; s <= sections; s += 1) writeSection(`AM${n}`, String(s), s, 0);
    });
  }
  const eol = shape.crlf ? '\r\n' : '\n';
  return { text: out.join(eol) + eol, paths, levels, lines: markerLines };

  function writeSection(parent: string, dotted: string, s: number, clauses: number): void {
    const forms = [`### Section ${s}`, `**Section ${s}.** Duties of the officers.`, `### [Section ${s}](#section-${s})`, `Sec. ${s}. Terms.`, `§ ${s}. Terms.`, `**Section ${dotted}. ++Name.++** The name of this body.`];
    const form = nextStyle() % forms.length;
    const printed = form === 5 ? dotted.replace('.', '-') : String(s);
    const path = `${parent}-SEC${printed}`;
    marker(path, 'section', forms[form]!, form === 0 || form === 2);
    line(text());
    for (let c = 1; c <= clauses; c += 1) {
      const clauseForms = [`(${c}) `, `${c}. `, `**(${c})** `];
      marker(`${path}-CL${c}`, 'clause', `${clauseForms[nextStyle() % clauseForms.length]!}${text()}`, false);
    }
  }
}
