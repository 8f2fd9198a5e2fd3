/**
 * A unit's text starts with its own number (`Điều 45. …`, `2. …`, `a) …`, `## Article IV`), so
 * when an article is inserted at the top of a law every later article's text differs from its
 * old text by exactly that number. Matching texts with the number masked is what lets such an
 * insertion read as 1 add + N renumbers, in linear time, instead of N changes.
 *
 * The rule is deliberately generic (the diff does not know the profile): optional Markdown
 * decoration (indent, `#`s, a bullet, `[`, emphasis), at most one word (`Điều`, `Article`,
 * `Chương`) and an optional `(`, then the number: digits with an optional letter (`44a`), a
 * capital Roman numeral, or one lower-case letter. It counts as a number when `.`, `)` or `:`
 * follows it, or a space or the end of the line follows digits, or a Roman numeral after a word
 * (`Chương II`); `I shall` and `a person` are words. Only the first number of the text is
 * masked, so an edited `10 năm` → `15 năm` later in the line still counts as an edit. A false
 * mask can only make two texts look a little more alike; it never hides anything from the
 * rendered diff, which always compares the real texts.
 *
 * Written as a scanner rather than a regular expression because it runs on every unit of a
 * renumbered law, and a match object with its strings for each was a large share of the
 * diff's garbage. test/diff/leading-number.test.ts checks it against the regular expression.
 */

/** A span `[start, end)` packed as `start · 65536 + end`; NO_NUMBER when there is none. */
export type PackedSpan = number;
export const NO_NUMBER: PackedSpan = -1;
const SPAN = 65_536;

// \p{L} and \p{Ll} by UTF-16 code unit, filled on first use: 0 unknown, else 1 + bits.
const classes = new Uint8Array(65_536);
const LETTER = 2;
const LOWER = 4;

function classOf(c: number): number {
  let k = classes[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = 1 | (/\p{L}/u.test(ch) ? LETTER : 0) | (/\p{Ll}/u.test(ch) ? LOWER : 0);
    classes[c] = k;
  }
  return k;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 0xa0;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isRoman = (c: number): boolean => c === 73 || c === 86 || c === 88 || c === 76 || c === 67 || c === 68 || c === 77;

/** Where the text's leading number is, or NO_NUMBER. */
export function leadingNumberSpan(text: string): PackedSpan {
  const at = (i: number): number => (i < text.length ? text.charCodeAt(i) : -1);
  // Clauses (`2. …`) and points (`a) …`) start with their number: no need for the general scan.
  const c0 = at(0);
  const c1 = at(1);
  if (isDigit(c0) || (c0 >= 97 && c0 <= 122 && (c1 === 41 || c1 === 46 || c1 === 58))) return numberAt(text, 0, false) ?? NO_NUMBER;
  let i = 0;
  while (at(i) === 32 || at(i) === 9 || at(i) === 0xa0) i += 1;
  if (at(i) === 35) {
    let j = i;
    while (at(j) === 35 && j - i < 6) j += 1;
    if (at(j) !== 32 && at(j) !== 9) return NO_NUMBER;
    while (at(j) === 32 || at(j) === 9) j += 1;
    i = j;
  }
  if ((at(i) === 45 || at(i) === 42 || at(i) === 43) && (at(i + 1) === 32 || at(i + 1) === 9)) {
    i += 1;
    while (at(i) === 32 || at(i) === 9) i += 1;
  }
  if (at(i) === 91) i += 1;
  if ((at(i) === 42 && at(i + 1) === 42) || (at(i) === 95 && at(i + 1) === 95)) i += 2;
  else if (at(i) === 42 || at(i) === 95) i += 1;
  // One word and spaces, then the number; if no number follows the word, the number is tried
  // where the word began (as the regular expression backtracks).
  let w = i;
  while (w < text.length && classOf(at(w)) & LETTER) w += 1;
  let s = w;
  while (isSpace(at(s))) s += 1;
  if (w > i && s > w) {
    const found = numberAt(text, at(s) === 40 ? s + 1 : s, true);
    if (found !== undefined) return found;
  }
  return numberAt(text, at(i) === 40 ? i + 1 : i, false) ?? NO_NUMBER;
}

/** The number token at `p`: its span if it is a number, NO_NUMBER if it is a word, undefined if none. */
function numberAt(text: string, p: number, afterWord: boolean): PackedSpan | undefined {
  const c = p < text.length ? text.charCodeAt(p) : -1;
  let end = p;
  let kind: 'digits' | 'roman' | 'letter';
  if (isDigit(c)) {
    while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
    const next = end < text.length ? text.charCodeAt(end) : -1;
    if (next >= 97 && next <= 122) end += 1;
    kind = 'digits';
  } else if (isRoman(c)) {
    while (end < text.length && isRoman(text.charCodeAt(end))) end += 1;
    kind = 'roman';
  } else if (c >= 0 && classOf(c) & LOWER) {
    end += 1;
    kind = 'letter';
  } else {
    return undefined;
  }
  const next = end < text.length ? text.charCodeAt(end) : -1;
  const punctuated = next === 46 || next === 41 || next === 58;
  const ends = next === -1 || next === 42 || next === 95 || next === 93 || isSpace(next) || (next >= 9 && next <= 13) || (next > 127 && /\s/u.test(String.fromCharCode(next)));
  const isNumber = punctuated || (ends && (kind === 'digits' || (afterWord && kind === 'roman')));
  return isNumber && end < SPAN ? p * SPAN + end : NO_NUMBER;
}

/** The text with its leading number replaced by `#`, or the text itself when it has none. */
export function maskLeadingNumber(text: string, span: PackedSpan = leadingNumberSpan(text)): string {
  return span === NO_NUMBER ? text : `${text.slice(0, Math.floor(span / SPAN))}#${text.slice(span % SPAN)}`;
}

/**
 * Whether two texts are the same once their leading numbers are masked, without building the
 * masked texts. Most texts that differ differ near their end, so a few characters there are
 * compared first; the rest is compared natively (a slice of a slice copies nothing), which is
 * many times faster than a character loop.
 */
export function sameButLeadingNumber(a: string, spanA: PackedSpan, b: string, spanB: PackedSpan): boolean {
  if (spanA === NO_NUMBER || spanB === NO_NUMBER) return spanA === spanB && a === b;
  const sa = Math.floor(spanA / SPAN);
  const ea = spanA % SPAN;
  const sb = Math.floor(spanB / SPAN);
  const eb = spanB % SPAN;
  if (sa !== sb || a.length - ea !== b.length - eb) return false;
  for (let k = 1; k <= 32 && k <= a.length - ea; k *= 2) if (a.charCodeAt(a.length - k) !== b.charCodeAt(b.length - k)) return false;
  return a.slice(ea) === b.slice(eb) && a.slice(0, sa) === b.slice(0, sb);
}
