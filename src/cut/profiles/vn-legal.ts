import { arabicOrRomanValue, arabicValue, idSafe, letterValue, vnOrdinalWord, VN_POINT_LETTERS, type NumberValue } from './numbers.js';
import type { MarkerSpan, Profile, Recognised } from './profile.js';

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

// Articles, clauses and points mark most lines of a law; these recognisers read them by
// character code (see MarkerRule.recognise). Each does what the pattern beside it in vnLegal does.

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** An ASCII capital; undefined outside ASCII (where the pattern's \p{Lu} decides). */
const isCapital = (c: number): boolean | undefined => (c >= 0x80 ? undefined : c >= 65 && c <= 90);
/** SP: a space, a tab or a no-break space. */
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 0xa0;

/**
 * `(?:Điều|ĐIỀU)SP*(\d{1,5}[a-zđ]?)NUMBER_END TAIL`. Whether a character outside ASCII is a
 * capital (TAIL's `\p{Lu}{2}`) is left to the pattern.
 */
function recogniseArticle(s: string, i: number, span: MarkerSpan): Recognised {
  if (!s.startsWith('Điều', i) && !s.startsWith('ĐIỀU', i)) return 'none';
  let j = i + 4;
  while (isSpace(s.charCodeAt(j))) j += 1;
  const number = j;
  while (j - number < 6 && isDigit(s.charCodeAt(j))) j += 1;
  // Six digits fail: no shorter run of them is followed by something other than a digit.
  if (j === number || j - number > 5) return 'none';
  const suffix = s.charCodeAt(j);
  if ((suffix >= 97 && suffix <= 122) || suffix === 0x111) j += 1;
  // NUMBER_END (no letter or digit after the number) needs no test of its own: TAIL asks for a
  // blank, punctuation or the end of the line at the same place. Backing off the suffix cannot
  // help either, as the suffix is a letter. TAIL: punctuation or the end of the line after
  // optional blanks, or blanks and two capitals.
  let k = j;
  while (isSpace(s.charCodeAt(k))) k += 1;
  const t = s.charCodeAt(k);
  const ends = k === s.length || t === 46 || t === 58 || t === 45 || t === 0x2013 || t === 0x2014 || t === 13 || t === 10;
  if (!ends) {
    if (k === j) return 'none';
    const first = isCapital(t);
    const second = first === true ? isCapital(s.charCodeAt(k + 1)) : first;
    if (second === undefined) return 'undecided';
    if (!second) return 'none';
  }
  span.numberStart = number;
  span.numberEnd = j;
  span.end = j;
  return 'match';
}

/** `(\d{1,3})\.(?=SP|END)`: one to three digits, a full stop, then a blank or the end of the line. */
function recogniseClause(s: string, i: number, span: MarkerSpan): Recognised {
  let j = i;
  while (j - i < 4 && isDigit(s.charCodeAt(j))) j += 1;
  // A fourth digit fails the pattern too: \d{1,3} would have to stop before a digit, not a full stop.
  if (j === i || j - i > 3 || s.charCodeAt(j) !== 46) return 'none';
  const after = j + 1;
  if (after < s.length) {
    const c = s.charCodeAt(after);
    if (!isSpace(c) && c !== 13 && c !== 10) return 'none';
  }
  span.numberStart = i;
  span.numberEnd = j;
  span.end = after;
  return 'match';
}

const POINT_LETTER = new Uint8Array(0x112);
for (const ch of VN_POINT_LETTERS) POINT_LETTER[ch.charCodeAt(0)] = 1;

/** `([abcdđeghiklmnopqrstuvxy])\)`: a letter of the Vietnamese point alphabet and a closing parenthesis. */
function recognisePoint(s: string, i: number, span: MarkerSpan): Recognised {
  if (POINT_LETTER[s.charCodeAt(i)] !== 1 || s.charCodeAt(i + 1) !== 41) return 'none';
  span.numberStart = i;
  span.numberEnd = i + 1;
  span.end = i + 2;
  return 'match';
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
      recognise: recogniseArticle,
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
