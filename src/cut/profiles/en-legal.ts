import { arabicOrRomanValue, EN_LETTERS, enNumberWord, idSafe, letterValue, romanValue, type NumberValue } from './numbers.js';
import type { Profile } from './profile.js';

const SP = '[ \\t\\u00a0]';
// The end of a line, whether the pattern runs on a copy of the line or in place on the whole text.
const END = '(?:\\r|\\n|$)';
// After a heading number: punctuation, the end of the line, or a capitalised title
// ("Article 5 Duties of the Board"). A lower-case word means a reference that happens to start a
// line: "Section 5 of the Act applies", "Article 12 shall not".
const TAIL = `(?=${SP}*(?:[.:\\-–—]|${END})|${SP}+[\\p{Lu}\\d(“"'])`;
const NUMBER_END = '(?![\\p{L}\\p{N}])';
const WORDS = 'One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten';

const rx = (source: string): RegExp => new RegExp(source, 'uy');

function wordOrNumber(printed: string): NumberValue | undefined {
  const word = enNumberWord(printed);
  if (word !== undefined) return { n: word, sub: 0 };
  if (/^[A-Z]$/.test(printed) && romanValue(printed) === undefined) return letterValue(EN_LETTERS, printed);
  return arabicOrRomanValue(printed);
}

const upperToken = (prefix: string) => (n: string): string => prefix + (enNumberWord(n) ?? idSafe(n.toUpperCase()));

/**
 * English statutes, constitutions and charters: Part, Chapter, Article (Arabic or Roman),
 * Amendment, Section (`Section 2.`, `Sec. 2.`, `§ 2`), then `(1)` or `1.` subsections, `(a)`
 * paragraphs and `(i)` subparagraphs.
 */
export const enLegal: Profile = {
  name: 'en-legal',
  defaultUnit: 'clause',
  lines: 'strip',
  // "… as set out in" / "Section 5 of the Act": a reference broken over two lines.
  dangling: /(?:^|[\s(])(?:of|in|under|to|by|and|or|the|a|an|with|as|per|pursuant|from|for|at|on|section\s+\d+|subsection\s+\(\d+\)|paragraph\s+\(\w+\)|article\s+[\dIVXLC]+)\s*$/iu,
  warnInCode: true,
  inPlace: true,
  rules: [
    {
      level: 'part',
      starts: 'P',
      pattern: rx(`(?:Part|PART)${SP}+(${WORDS}|${WORDS.toUpperCase()}|[IVXLC]+|\\d{1,3}|[A-Z])${NUMBER_END}${TAIL}`),
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
      pattern: rx(`(?:Chapter|CHAPTER)${SP}+(${WORDS}|${WORDS.toUpperCase()}|[IVXLC]+|\\d{1,3}[A-Z]?)${NUMBER_END}${TAIL}`),
      parents: ['part'],
      topLevel: true,
      childIds: 'on-restart',
      token: upperToken('CH'),
      value: wordOrNumber,
      heading: 'line',
      label: (n) => `Chapter ${n}`,
    },
    {
      level: 'article',
      starts: 'A',
      pattern: rx(`(?:Article|ARTICLE|Art\\.)${SP}+([IVXLC]+|\\d{1,4}[A-Za-z]?)${NUMBER_END}${TAIL}`),
      parents: ['chapter', 'part'],
      topLevel: true,
      // Sections restart in every article (Article I, Section 8).
      childIds: 'always',
      token: upperToken('ART'),
      value: arabicOrRomanValue,
      heading: 'line',
      label: (n) => `Article ${n}`,
    },
    {
      level: 'amendment',
      starts: 'A',
      pattern: rx(`(?:Amendment|AMENDMENT)${SP}+([IVXLC]+|\\d{1,3})${NUMBER_END}${TAIL}`),
      parents: [],
      topLevel: true,
      childIds: 'always',
      token: upperToken('AMD'),
      value: arabicOrRomanValue,
      heading: 'line',
      label: (n) => `Amendment ${n}`,
    },
    {
      level: 'section',
      starts: 'S§',
      // "Section 2.", "Section. 2." (as the US Constitution prints it), "Sec. 2", "§ 2", "SECTION 2".
      pattern: rx(`(?:Section|SECTION|Sec\\.|SEC\\.|§)\\.?${SP}*(\\d{1,4}[A-Za-z]?(?:\\.\\d{1,3})*)${NUMBER_END}${TAIL}`),
      parents: ['article', 'amendment', 'chapter', 'part'],
      topLevel: true,
      childIds: 'always',
      token: (n) => 'SEC' + idSafe(n.toUpperCase()),
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
      starts: '(',
      pattern: rx(`\\(([a-z])\\)(?=${SP}|${END})`),
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
      starts: '(',
      // "(i)" is also the letter after "(h)"; the segmenter picks whichever continues a sequence.
      pattern: rx(`\\(([ivxl]{1,6})\\)(?=${SP}|${END})`),
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
