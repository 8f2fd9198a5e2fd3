import { arabicOrRomanValue, arabicValue, idSafe, letterValue, vnOrdinalWord, VN_POINT_LETTERS, type NumberValue } from './numbers.js';
import type { MarkerSpan, Profile } from './profile.js';

/**
 * Vietnamese points run in the Vietnamese alphabet: a b c d đ e g h i k l m n o p q r s t u v x y.
 * `đ` becomes the ASCII token `dd` (ids must stay ASCII for the hub's keys and for URLs), so
 * điểm đ of khoản 2 of Điều 44 is `D44-K2-Pdd`.
 */
export function pointToken(printed: string): string {
  return 'P' + idSafe(printed.toLowerCase());
}

const SP = '[ \\t\\u00a0]';
// The end of a line, whether the pattern runs on a copy of the line or in place on the whole text.
const END = '(?:\\r|\\n|$)';
// What may follow a heading number: punctuation or the end of the line ("Điều 5.", "Chương I",
// "Điều 5 - …"), or an all-capitals title ("Chương I QUY ĐỊNH CHUNG"). Not a word in lower or
// title case: "Điều 88 của Luật này", "Điều 5 Luật Doanh nghiệp" are references, not markers.
const TAIL = `(?=${SP}*(?:[.:\\-–—]|${END})|${SP}+\\p{Lu}{2})`;
const NUMBER_END = '(?![\\p{L}\\p{N}])';
const ORDINAL_WORDS = 'nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười';

const rx = (source: string): RegExp => new RegExp(source, 'uy');

function partValue(printed: string): NumberValue | undefined {
  const word = vnOrdinalWord(printed);
  return word !== undefined ? { n: word, sub: 0 } : arabicOrRomanValue(printed);
}

// Clauses and points mark most lines of a law; these recognisers read them by character code
// (see MarkerRule.recognise). Each does exactly what the pattern beside it in vnLegal does.

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `(\d{1,3})\.(?=SP|END)`: one to three digits, a full stop, then a blank or the end of the line. */
function recogniseClause(s: string, i: number, span: MarkerSpan): boolean {
  let j = i;
  while (j - i < 4 && isDigit(s.charCodeAt(j))) j += 1;
  // A fourth digit fails the pattern too: \d{1,3} would have to stop before a digit, not a full stop.
  if (j === i || j - i > 3 || s.charCodeAt(j) !== 46) return false;
  const after = j + 1;
  if (after < s.length) {
    const c = s.charCodeAt(after);
    if (c !== 32 && c !== 9 && c !== 0xa0 && c !== 13 && c !== 10) return false;
  }
  span.numberStart = i;
  span.numberEnd = j;
  span.end = after;
  return true;
}

const POINT_LETTER = new Uint8Array(0x112);
for (const ch of VN_POINT_LETTERS) POINT_LETTER[ch.charCodeAt(0)] = 1;

/** `([abcdđeghiklmnopqrstuvxy])\)`: a letter of the Vietnamese point alphabet and a closing parenthesis. */
function recognisePoint(s: string, i: number, span: MarkerSpan): boolean {
  if (POINT_LETTER[s.charCodeAt(i)] !== 1 || s.charCodeAt(i + 1) !== 41) return false;
  span.numberStart = i;
  span.numberEnd = i + 1;
  span.end = i + 2;
  return true;
}

export const vnLegal: Profile = {
  name: 'vn-legal',
  defaultUnit: 'clause',
  lines: 'strip',
  // "… quy định tại" / "Điều 88 …": a reference broken over two lines.
  dangling: /(?:^|[\s(])(?:tại|theo|của|và|hoặc|với|về|cho|bởi|trong|từ|đến|được|bị|các|những|là|thuộc|như|khoản\s+\d+|điểm\s+[a-zđ]|Điều\s+\d+[a-zđ]?)\s*$/iu,
  warnInCode: true,
  inPlace: true,
  rules: [
    {
      level: 'part',
      starts: 'P',
      // "Phần thứ nhất" (codes), "PHẦN I", "Phần 2".
      pattern: rx(`(?:Phần|PHẦN)${SP}+((?:thứ|Thứ|THỨ)${SP}+(?:${ORDINAL_WORDS}|${ORDINAL_WORDS.toUpperCase()})|[IVXLC]+|\\d{1,2})${NUMBER_END}${TAIL}`),
      parents: [],
      topLevel: true,
      childIds: 'on-restart',
      token: (n) => 'PH' + (vnOrdinalWord(n) ?? idSafe(n.toUpperCase())),
      value: partValue,
      heading: 'line',
      label: (n) => `Phần ${n}`,
    },
    {
      level: 'chapter',
      starts: 'C',
      pattern: rx(`(?:Chương|CHƯƠNG)${SP}+([IVXLCDM]+|\\d{1,3})${NUMBER_END}${TAIL}`),
      parents: ['part'],
      topLevel: true,
      // Article numbers run through the whole document, so chapters stay out of article ids.
      childIds: 'on-restart',
      token: (n) => 'C' + n.toUpperCase(),
      value: arabicOrRomanValue,
      heading: 'line',
      label: (n) => `Chương ${n}`,
    },
    {
      level: 'section',
      starts: 'M',
      // Mục: sections of a chapter, numbered afresh in each chapter.
      pattern: rx(`(?:Mục|MỤC)${SP}+(\\d{1,3}|[IVXLC]+)${NUMBER_END}${TAIL}`),
      parents: ['chapter'],
      topLevel: true,
      childIds: 'on-restart',
      token: (n) => 'M' + n.toUpperCase(),
      value: arabicOrRomanValue,
      heading: 'line',
      label: (n, parent) => (parent ? `${parent}, Mục ${n}` : `Mục ${n}`),
    },
    {
      level: 'article',
      starts: 'Đ',
      // "Điều 44a" is an article inserted after Điều 44 by an amendment.
      pattern: rx(`(?:Điều|ĐIỀU)${SP}*(\\d{1,5}[a-zđ]?)${NUMBER_END}${TAIL}`),
      parents: ['section', 'chapter', 'part'],
      topLevel: true,
      childIds: 'always',
      token: (n) => 'D' + idSafe(n),
      value: arabicValue,
      heading: 'line',
      label: (n) => `Điều ${n}`,
    },
    {
      level: 'clause',
      starts: '0123456789',
      // "1." but not "1.1." (sub-numbering kept as text) nor "1.000 đồng"; at most three digits, so
      // a year at the start of a wrapped line ("2020. Công ty …") is not a clause either.
      pattern: rx(`(\\d{1,3})\\.(?=${SP}|${END})`),
      recognise: recogniseClause,
      parents: ['article'],
      topLevel: false,
      childIds: 'always',
      token: (n) => 'K' + n,
      value: arabicValue,
      heading: 'label',
      label: (n, parent) => `${parent ?? ''}, khoản ${n}`,
    },
    {
      level: 'point',
      starts: VN_POINT_LETTERS,
      pattern: rx(`([${VN_POINT_LETTERS}])\\)`),
      recognise: recognisePoint,
      parents: ['clause', 'article'],
      topLevel: false,
      childIds: 'always',
      token: (n) => pointToken(n),
      value: (n) => letterValue(VN_POINT_LETTERS, n),
      heading: 'label',
      label: (n, parent) => `${parent ?? ''}, điểm ${n}`,
    },
  ],
};
