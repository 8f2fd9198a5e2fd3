import fc from 'fast-check';

/**
 * Arbitrary Vietnamese laws for property tests: a structure (chapters, articles, clauses,
 * points) and a rendering of it in the messy forms of web-converted Markdown. The renderer
 * records what it wrote (the ids, the line of every marker, the article titles), so a property
 * can compare the cut with the truth instead of with another run of the cut.
 */

const POINT_LETTERS = 'abcdđeghiklmnopqrstuvxy';
const TITLES = ['Phạm vi điều chỉnh', 'Đối tượng áp dụng', 'Giải thích từ ngữ', 'Quyền và nghĩa vụ', 'Hiệu lực thi hành'];
const SENTENCES = [
  'Công ty thực hiện theo quy định tại Điều 88 của Luật này.',
  'Trường hợp quy định tại khoản 2 Điều này thì áp dụng điểm a khoản 1.',
  'Điều lệ này có hiệu lực kể từ ngày ký.',
  'Cổ đông có quyền theo Chương II và Mục 3 của Luật Doanh nghiệp.',
  'Mức vốn tối thiểu là 1.000.000 đồng; thời hạn là năm 2020.',
  'Người đại diện theo pháp luật phải cư trú tại Việt Nam.',
];

export interface LawShape {
  readonly preamble: boolean;
  readonly crlf: boolean;
  /** Each chapter: its articles; each article: points per clause, or direct points when it has no clauses. */
  readonly chapters: readonly { readonly articles: readonly { readonly clauses: readonly number[]; readonly points: number }[] }[];
  /** Per marker, which decoration to use (cycled). */
  readonly styles: readonly number[];
  readonly blankLines: readonly boolean[];
  readonly sentences: readonly number[];
  readonly trapTable: boolean;
}

const article = fc.record({
  clauses: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
  points: fc.integer({ min: 0, max: 3 }),
});

export const lawShape: fc.Arbitrary<LawShape> = fc.record({
  preamble: fc.boolean(),
  crlf: fc.boolean(),
  chapters: fc.array(fc.record({ articles: fc.array(article, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 4 }),
  styles: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
  blankLines: fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
  sentences: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
  trapTable: fc.boolean(),
});

export interface RenderedLaw {
  readonly text: string;
  /** Paths in document order for cut.unit = point (the preamble first when there is one). */
  readonly paths: readonly string[];
  /** 1-based line of each path's marker. */
  readonly lines: readonly number[];
  readonly levels: Readonly<Record<string, number>>;
  readonly articleHeadings: readonly string[];
}

const roman = (n: number): string => ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n]!;

export function renderLaw(shape: LawShape): RenderedLaw {
  const out: string[] = [];
  const paths: string[] = [];
  const markerLines: number[] = [];
  const levels: Record<string, number> = { chapter: 0, article: 0, clause: 0, point: 0 };
  const articleHeadings: string[] = [];
  let style = 0;
  let blank = 0;
  let sentence = 0;
  const nextStyle = (): number => shape.styles[style++ % shape.styles.length]!;
  const text = (): string => SENTENCES[shape.sentences[sentence++ % shape.sentences.length]! % SENTENCES.length]!;
  const line = (s: string): void => {
    out.push(s);
    if (shape.blankLines[blank++ % shape.blankLines.length]) out.push('');
  };
  const marker = (path: string, level: string, s: string): void => {
    paths.push(path);
    markerLines.push(out.length + 1);
    levels[level] = (levels[level] ?? 0) + 1;
    line(s);
  };

  if (shape.preamble) {
    paths.push('PREAMBLE');
    markerLines.push(1);
    line('# LUẬT LƯU TRỮ');
    line('Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;');
  }
  let n = 0;
  shape.chapters.forEach((chapter, c) => {
    const printed = nextStyle() % 2 === 0 ? roman(c + 1) : String(c + 1);
    const chapterForms = [`## Chương ${printed}`, `**CHƯƠNG ${printed}**`, `Chương ${printed}`];
    marker(`C${printed}`, 'chapter', chapterForms[nextStyle() % chapterForms.length]!);
    line(nextStyle() % 2 === 0 ? 'QUY ĐỊNH CHUNG' : '**NHỮNG QUY ĐỊNH CHUNG**');
    for (const a of chapter.articles) {
      n += 1;
      const title = TITLES[n % TITLES.length]!;
      const forms = [
        `Điều ${n}. ${title}`, `### Điều ${n}. ${title}`, `**Điều ${n}.** ${title}`, `[**Điều ${n}. ${title}**]()`,
        `<a name="dieu_${n}"></a>**Điều ${n}. ${title}**`, `Điều\u00a0${n}. ${title}`, `Điều ${n}. ${title}`.normalize('NFD'),
        `**Điều** **${n}.** ${title}`,
      ];
      marker(`D${n}`, 'article', forms[nextStyle() % forms.length]!);
      articleHeadings.push(`Điều ${n}. ${title}`);
      line(text());
      if (shape.trapTable && n === 1) {
        out.push('', '| STT | Nội dung |', '|---|---|', '| 1. | Điều 99. Bãi bỏ |', '');
      }
      a.clauses.forEach((points, k) => {
        const clauseForms = [`${k + 1}. `, `${k + 1}\\. `, `**${k + 1}.** `];
        marker(`D${n}-K${k + 1}`, 'clause', `${clauseForms[nextStyle() % clauseForms.length]!}${points > 0 ? 'Các trường hợp sau:' : text()}`);
        writePoints(`D${n}-K${k + 1}`, points);
      });
      if (a.clauses.length === 0) writePoints(`D${n}`, a.points);
    }
  });
  const eol = shape.crlf ? '\r\n' : '\n';
  return { text: out.join(eol) + eol, paths, lines: markerLines, levels, articleHeadings };

  function writePoints(parent: string, count: number): void {
    for (let p = 0; p < count; p += 1) {
      const letter = POINT_LETTERS[p]!;
      const forms = [`${letter}) `, `- ${letter}) `, `**${letter})** `];
      marker(`${parent}-P${letter === 'đ' ? 'dd' : letter}`, 'point', `${forms[nextStyle() % forms.length]!}${text().toLowerCase()}`);
    }
  }
}

/** Fragments that stress the scanner's states: markers, decoration, blocks, quotes, line ends. */
export const fragments = fc.array(
  fc.oneof(
    fc.constantFrom(
      'Điều 1.', 'Điều 2. A', 'ĐIỀU 3:', 'Chương II', '**CHƯƠNG V**', 'Mục 1', 'Phần thứ hai', '1. ', '2\\. ', 'a) ', 'đ) ', '- b) ',
      '# ', '## 1. Scope', '**', '[', ']()', '<a name="x"></a>', '“', '”', '"', '|', '| Điều 9. x |', '```', '~~~', '<!--', '-->',
      '<table>', '</table>', '> ', '---', '===', '\n', '\n', '\n', '\r\n', '\r', ' ', '\u00a0', '\ufeff', 'e\u0302\u0300',
      'Section 1.', '(i) ', '(a) ', 'Article IV', 'Amendment II', 'theo quy định tại', 'x', 'QUY ĐỊNH',
      '[Article I](https://x.org/a_(b))', '## 1. ', '<h2>', '</h2>', '**XIV**', '## Amendments', '### II', 'Fourteenth Amendment', '++', 'Section 4.2',
      'Article the first', 'a. ', 'b) ',
    ),
    fc.string({ unit: 'binary', maxLength: 6 }),
  ),
  { maxLength: 60 },
).map((xs) => xs.join(''));
