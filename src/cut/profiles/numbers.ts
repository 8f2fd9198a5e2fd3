/**
 * Printed numbers of legal documents and where they sit in their sequence, for the numbering
 * diagnostics (skips, going backwards) and for telling apart markers that look alike, such as
 * the English `(i)` that is either the letter after `(h)` or the first roman subdivision.
 */

/** A position in a numbering sequence: `44` is {n: 44, sub: 0}, `44a` is {n: 44, sub: 1}. */
export interface NumberValue {
  readonly n: number;
  readonly sub: number;
}

export const FIRST: NumberValue = { n: 1, sub: 0 };

/** Whether `next` directly follows `prev`: 44 -> 45, 44 -> 44a, 44a -> 44b, 44a -> 45. */
export function follows(prev: NumberValue, next: NumberValue): boolean {
  return (next.n === prev.n + 1 && next.sub === 0) || (next.n === prev.n && next.sub === prev.sub + 1);
}

/** Three-way comparison in sequence order. */
export function compare(a: NumberValue, b: NumberValue): number {
  return a.n - b.n || a.sub - b.sub;
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** Value of a well-formed roman numeral (either case), or undefined. */
export function romanValue(s: string): number | undefined {
  const up = s.toUpperCase();
  if (!/^[IVXLCDM]+$/.test(up)) return undefined;
  let total = 0;
  for (let i = 0; i < up.length; i += 1) {
    const v = ROMAN[up[i]!]!;
    const next = ROMAN[up[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  // Reject malformed numerals such as IIII or VX by round-tripping.
  return toRoman(total) === up ? total : undefined;
}

const ROMAN_TABLE: readonly (readonly [number, string])[] = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

export function toRoman(n: number): string {
  let out = '';
  let rest = n;
  for (const [v, s] of ROMAN_TABLE) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
}

/**
 * The Vietnamese alphabet as used for points (điểm): no f, j, w, z, and đ after d.
 * Laws run a) b) c) d) đ) e) g) h) i) k) …
 */
export const VN_POINT_LETTERS = 'abcdđeghiklmnopqrstuvxy';

export const EN_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

// Values are read, never changed (NumberValue is readonly), so the plain numbers of a law's
// clauses, points and articles share one object each instead of one per marker.
// Frozen: one careless write through the public `rule.value()` would corrupt every later cut.
const PLAIN = Array.from({ length: 1000 }, (_, n): NumberValue => Object.freeze({ n, sub: 0 }));

/** `{ n, sub: 0 }`, shared for small numbers. */
export function plainValue(n: number): NumberValue {
  return n >= 0 && n < PLAIN.length ? PLAIN[n]! : { n, sub: 0 };
}

/** Position of `letter` (either case) in `alphabet`, which is written in lower case. */
export function letterValue(alphabet: string, letter: string): NumberValue | undefined {
  // Found as it is, the letter is already in lower case: no need to make a lower-case copy.
  let i = alphabet.indexOf(letter);
  if (i < 0) i = alphabet.indexOf(letter.toLowerCase());
  return i < 0 ? undefined : plainValue(i + 1);
}

/** `44` or `44a` (an article inserted after 44 by an amendment). */
export function arabicValue(printed: string): NumberValue | undefined {
  // Plain digits are by far the most common case: read them without making a number from a string.
  const digits = digitsValue(printed);
  if (digits >= 0) return plainValue(digits);
  const plain = Number(printed);
  if (Number.isInteger(plain) && printed.length > 0 && printed.charCodeAt(0) <= 57) return { n: plain, sub: 0 };
  const m = /^(\d+)([a-zđ]?)$/iu.exec(printed);
  if (!m) return undefined;
  const suffix = m[2]!.toLowerCase();
  return { n: Number(m[1]), sub: suffix === '' ? 0 : VN_POINT_LETTERS.indexOf(suffix) + 1 || EN_LETTERS.indexOf(suffix) + 1 };
}

/** The value of 1 to 9 ASCII digits, or -1 for anything else. */
function digitsValue(printed: string): number {
  if (printed.length === 0 || printed.length > 9) return -1;
  let v = 0;
  for (let k = 0; k < printed.length; k += 1) {
    const d = printed.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Arabic (with an optional letter suffix) or roman. */
export function arabicOrRomanValue(printed: string): NumberValue | undefined {
  // Digits are never a roman numeral: no need to try one.
  const digits = digitsValue(printed);
  if (digits >= 0) return plainValue(digits);
  const roman = romanValue(printed);
  if (roman !== undefined && /^[IVXLCDM]+$/.test(printed)) return plainValue(roman);
  return arabicValue(printed);
}

const VN_ORDINAL_WORDS: Record<string, number> = {
  nhất: 1, hai: 2, ba: 3, tư: 4, năm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9, mười: 10,
};

const EN_NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

/** `thứ nhất` (first) … `thứ mười` as used for Phần (parts) of Vietnamese codes. */
export function vnOrdinalWord(printed: string): number | undefined {
  const word = printed.toLowerCase().replace(/^thứ\s+/u, '');
  return VN_ORDINAL_WORDS[word];
}

export function enNumberWord(printed: string): number | undefined {
  return EN_NUMBER_WORDS[printed.toLowerCase()];
}

const ID_SAFE = /^[A-Za-z0-9]+$/;

/** The id-safe form of a printed number: ASCII letters and digits only (`đ` becomes `dd`). */
export function idSafe(printed: string): string {
  if (ID_SAFE.test(printed)) return printed;
  return printed.replace(/đ/gu, 'dd').replace(/Đ/gu, 'DD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
