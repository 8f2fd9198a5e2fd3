import { arabicOrRomanValue, EN_LETTERS, enNumberWord, idSafe, letterValue, plainValue, romanValue, type NumberValue } from './numbers.js';
import type { Profile } from './profile.js';

const SP = '[ \\t\\u00a0]';
// The end of a line, whether the pattern runs on a copy of the line or in place on the whole text.
const END = '(?:\\r|\\n|$)';
// After a heading number: punctuation, the end of the line, or a capitalised title
// ("Article 5 Duties of the Board"). A lower-case word means a reference that happens to start a
// line: "Section 5 of the Act applies", "Article 12 shall not".
// The title may open with emphasis or `++underline++` ("Section 7.1 ++Board of Advisors.++").
const TAIL = `(?=${SP}*(?:[.:\\-–—]|${END})|${SP}+(?:\\*{1,3}|_{1,3}|\\+\\+)?[\\p{Lu}\\d(“"'])`;
const NUMBER_END = '(?![\\p{L}\\p{N}])';
// Decoration that closes right after a heading's number, taken into the match so that what
// follows is read as the title: `[Article I](…)`, `**Article V**`, `<h2>ARTICLE III</h2>`,
// `[**Article 5**]()` (a link target may hold one pair of parentheses: `…/Clause_(law)`).
const CLOSE = '(?:\\]\\([^\\s)]*(?:\\([^\\s)]*\\)[^\\s)]*)*\\)|\\]|\\*{1,3}|_{1,3}|</[A-Za-z][A-Za-z0-9]*>)*';
const WORDS = 'One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten';

/** first … thirtieth: "Article the first" (the 1789 proposals), "Fourteenth Amendment". */
const ORDINAL_WORDS = (() => {
  const units = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
  const teens = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
  return [...units, ...teens, 'twentieth', ...units.map((u) => `twenty-${u}`), 'thirtieth'];
})();
const ORDINAL_VALUE = new Map(ORDINAL_WORDS.map((w, i) => [w, i + 1]));

/** `first`, `First`, `FIRST`, `Twenty-first`, `Twenty-First`: the ways a heading prints an ordinal word. */
const ORDINAL = ORDINAL_WORDS.flatMap((w) => {
  const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
  return [...new Set([w, cap(w), w.split('-').map(cap).join('-'), w.toUpperCase()])];
})
  // Longest first, so that "twenty-first" is tried before "twenty" could stop short.
  .sort((a, b) => b.length - a.length)
  .join('|');

/** The value of an ordinal word (`Fourteenth` is 14, `twenty first` 21), or undefined. */
export function ordinalWordValue(printed: string): number | undefined {
  return ORDINAL_VALUE.get(printed.toLowerCase().replace(/[\s\u00a0]+/gu, '-'));
}

const rx = (source: string): RegExp => new RegExp(source, 'uy');

function wordOrNumber(printed: string): NumberValue | undefined {
  const word = enNumberWord(printed);
  if (word !== undefined) return { n: word, sub: 0 };
  if (/^[A-Z]$/.test(printed) && romanValue(printed) === undefined) return letterValue(EN_LETTERS, printed);
  return arabicOrRomanValue(printed);
}

/** Arabic (`5`, `5A`), Roman (`IV`) or an ordinal word (`first`). */
function numberValue(printed: string): NumberValue | undefined {
  const word = ordinalWordValue(printed);
  return word !== undefined ? plainValue(word) : arabicOrRomanValue(printed);
}

const upperToken = (prefix: string) => (n: string): string => prefix + (enNumberWord(n) ?? idSafe(n.toUpperCase()));

/**
 * Article and amendment tokens carry the number in Arabic figures, however it is printed:
 * `Article I`, `ARTICLE 1`, `Article the first` are all `ART1`, `Amendment XIV` and
 * `Fourteenth Amendment` both `AM14`, so an id does not change with the document's style.
 * A letter suffix stays (`Article 5A` is `ART5A`).
 */
const numberToken = (prefix: string) => (n: string): string => {
  if (/^\d/u.test(n)) return prefix + idSafe(n.toUpperCase());
  const value = ordinalWordValue(n) ?? romanValue(n);
  return prefix + (value !== undefined ? String(value) : idSafe(n.toUpperCase()));
};

/**
 * English statutes, constitutions, bylaws and charters: Part, Chapter, Article (Arabic, Roman or
 * `Article the first`), Amendment (`Amendment XIV`, `Fourteenth Amendment`, or only its numeral
 * in a heading under "Amendments"), Section (`Section 2.`, `Sec. 2.`, `§ 2`, `Section 4.2`),
 * then `(1)` or `1.` subsections, `(a)`/`a.`/`a)` paragraphs and `(i)`/`i.` subparagraphs.
 * Markers are read through decoration (links, bold, HTML heading tags, list ordinals before a
 * heading: `## 1. [Article I](…)`).
 */
export const enLegal: Profile = {
  name: 'en-legal',
  defaultUnit: 'clause',
  lines: 'strip',
  // "… as set out in" / "Section 5 of the Act", "… article V, section" / "3.": a reference broken
  // over two lines.
  dangling: /(?:^|[\s(])(?:of|in|under|to|by|and|or|the|a|an|with|as|per|pursuant|from|for|at|on|section(?:\s+\d+)?|subsection(?:\s+\(\d+\))?|paragraph(?:\s+\(\w+\))?|clause|part|chapter|article(?:\s+[\dIVXLC]+)?)\s*$/iu,
  warnInCode: true,
  inPlace: true,
  ordinalLead: true,
  catchlines: true,
  rules: [
    {
      level: 'part',
      starts: 'P',
      pattern: rx(`(?:Part|PART)${SP}+(${WORDS}|${WORDS.toUpperCase()}|[IVXLC]+|\\d{1,3}|[A-Z])${NUMBER_END}${CLOSE}${TAIL}`),
      parents: [],
      topLevel: true,
      childIds: 'on-restart',
      token: upperToken('PART'),
      value: wordOrNumber,
      heading: 'line',
      label: (n) => `Part ${n}`,
    },
    {
      level: 'chapter',
      starts: 'C',
      pattern: rx(`(?:Chapter|CHAPTER)${SP}+(${WORDS}|${WORDS.toUpperCase()}|[IVXLC]+|\\d{1,3}[A-Z]?)${NUMBER_END}${CLOSE}${TAIL}`),
      parents: ['part'],
      topLevel: true,
      childIds: 'on-restart',
      token: upperToken('CH'),
      value: wordOrNumber,
      heading: 'line',
      label: (n) => `Chapter ${n}`,
    },
    {
      // The heading over a constitution's amendments ("Amendments", "AMENDMENTS TO THE
      // CONSTITUTION"), alone on its line: under it a heading that is only a numeral is an
      // amendment.
      level: 'amendments',
      starts: 'A',
      pattern: rx(`(?:Amendments|AMENDMENTS)(?:${SP}+(?:to|TO)${SP}+(?:the|this|THE|THIS)${SP}+(?:Constitution|CONSTITUTION)[^\\r\\n]*)?${SP}*[.:]?${SP}*(?=${END})`),
      parents: [],
      topLevel: true,
      childIds: 'on-restart',
      token: () => 'AMENDMENTS',
      value: () => undefined,
      heading: 'line',
      label: () => 'Amendments',
    },
    {
      level: 'article',
      starts: 'A',
      pattern: rx(`(?:Article|ARTICLE|Art\\.|ART\\.)${SP}+(?:(?:the|The|THE)${SP}+(${ORDINAL})|([IVXLC]+|\\d{1,4}[A-Za-z]?))${NUMBER_END}${CLOSE}${TAIL}`),
      parents: ['chapter', 'part'],
      topLevel: true,
      // Sections restart in every article (Article I, Section 8).
      childIds: 'always',
      token: numberToken('ART'),
      value: numberValue,
      heading: 'line',
      label: (n) => `Article ${n}`,
    },
    {
      // Amendments stand beside the articles: a family of their own (AM14, AM14-SEC1), cut
      // together with the articles at --unit article.
      level: 'amendment',
      rank: 'article',
      starts: 'AFSTENW0123456789',
      pattern: rx(`(?:(?:Amendment|AMENDMENT)${SP}+([IVXLC]+|\\d{1,3})|(${ORDINAL}|\\d{1,2}(?=st|nd|rd|th))(?:st|nd|rd|th)?${SP}+(?:Amendment|AMENDMENT))${NUMBER_END}${CLOSE}${TAIL}`),
      parents: ['amendments'],
      topLevel: true,
      childIds: 'always',
      token: numberToken('AM'),
      value: numberValue,
      heading: 'line',
      label: (n) => `Amendment ${ordinalWordValue(n) ?? n}`,
    },
    {
      // A heading that is only the amendment's numeral (`### XIV`, `### 14. **XIV** [Fourteenth
      // Amendment](…)`), under an "Amendments" heading.
      level: 'amendment',
      rank: 'article',
      starts: 'IVXLC0123456789',
      pattern: rx(`([IVXLC]+|\\d{1,3})${NUMBER_END}${CLOSE}${TAIL}`),
      headingOnly: true,
      parents: ['amendments'],
      topLevel: false,
      childIds: 'always',
      token: numberToken('AM'),
      value: numberValue,
      heading: 'line',
      label: (n) => `Amendment ${n}`,
    },
    {
      level: 'section',
      starts: 'S§0123456789',
      // "Section 2.", "Section. 2." (as the US Constitution prints it), "Sec. 2", "§ 2", "SECTION 2";
      // or a bare dotted number before an emphasised title, as bylaws print their sections
      // ("2.1 __Members.__", "4.10 **Action at Meeting.**").
      pattern: rx(`(?:(?:Section|SECTION|Sec\\.|SEC\\.|§)\\.?${SP}*(\\d{1,4}[A-Za-z]?(?:\\.\\d{1,3})*)|(\\d{1,3}\\.\\d{1,3})\\.?(?=${SP}+(?:\\*\\*|__|\\+\\+)\\p{Lu}))${NUMBER_END}${CLOSE}${TAIL}`),
      parents: ['article', 'amendment', 'chapter', 'part'],
      topLevel: true,
      childIds: 'always',
      token: (n) => 'SEC' + idSafe(n.toUpperCase()),
      value: (n) => arabicOrRomanValue(n.split('.').pop() ?? n),
      heading: 'line',
      label: (n, parent) => (parent?.startsWith('Article') || parent?.startsWith('Amendment') ? `${parent}, Section ${n}` : `Section ${n}`),
    },
    {
      // A heading that is only a dotted number and its title: `### 2.1 Members`, `**4.10 Action at
      // Meeting.**`. Only on heading lines: "2.1 million members" starts a paragraph.
      level: 'section',
      starts: '0123456789',
      pattern: rx(`(\\d{1,3}\\.\\d{1,3})\\.?${NUMBER_END}${CLOSE}${TAIL}`),
      headingOnly: true,
      parents: ['article', 'amendment', 'chapter', 'part'],
      topLevel: true,
      childIds: 'always',
      token: (n) => 'SEC' + idSafe(n),
      value: (n) => arabicOrRomanValue(n.split('.').pop() ?? n),
      heading: 'line',
      label: (n, parent) => (parent?.startsWith('Article') || parent?.startsWith('Amendment') ? `${parent}, Section ${n}` : `Section ${n}`),
    },
    {
      level: 'clause',
      starts: '(0123456789',
      // "(1)" in statutes, "1." in charters and regulations.
      pattern: rx(`(?:\\((\\d{1,3})\\)|(\\d{1,3})\\.)(?=${SP}|${END})`),
      parents: ['section', 'article', 'amendment'],
      topLevel: false,
      childIds: 'always',
      token: (n) => 'CL' + n,
      value: arabicOrRomanValue,
      heading: 'label',
      label: (n, parent) => `${parent ?? ''}(${n})`,
    },
    {
      level: 'point',
      starts: '(abcdefghijklmnopqrstuvwxyz',
      // "(a)" in statutes; "a." and "a)" in bylaws.
      pattern: rx(`(?:\\(([a-z])\\)|([a-z])[.)])(?=${SP}|${END})`),
      parents: ['clause', 'section', 'article', 'amendment'],
      topLevel: false,
      childIds: 'always',
      token: (n) => 'PT' + n,
      value: (n) => letterValue(EN_LETTERS, n),
      heading: 'label',
      label: (n, parent) => `${parent ?? ''}(${n})`,
    },
    {
      level: 'subpoint',
      starts: '(ivxl',
      // "(i)" is also the letter after "(h)"; the segmenter picks whichever continues a sequence.
      pattern: rx(`(?:\\(([ivxl]{1,6})\\)|([ivxl]{1,6})\\.)(?=${SP}|${END})`),
      // Charters put (i) (ii) straight under a numbered paragraph too.
      parents: ['point', 'clause'],
      topLevel: false,
      childIds: 'always',
      token: (n) => 'SP' + n,
      value: (n) => {
        const v = romanValue(n);
        return v === undefined ? undefined : { n: v, sub: 0 };
      },
      heading: 'label',
      label: (n, parent) => `${parent ?? ''}(${n})`,
    },
  ],
};
