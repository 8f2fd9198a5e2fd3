/**
 * A unit's text starts with its own number (`Điều 45. …`, `2. …`, `a) …`, `## Article IV`), so
 * when an article is inserted at the top of a law every later article's text differs from its
 * old text by exactly that number. Matching texts with the number masked is what lets such an
 * insertion read as 1 add + N renumbers, in linear time, instead of N changes.
 *
 * The rule is deliberately generic (the diff does not know the profile): optional Markdown
 * decoration, at most one word (`Điều`, `Article`, `Chương`), an optional `(`, then the number.
 * Only the first number of the text is masked, so an edited `10 năm` → `15 năm` later in the
 * line still counts as an edit. A false mask can only make two texts look a little more alike;
 * it never hides anything from the rendered diff, which always compares the real texts.
 */
const LEADING_NUMBER =
  /^([ \t\u00a0]*(?:#{1,6}[ \t]+)?(?:[-*+][ \t]+)?\[?(?:\*\*|__|\*|_)?(?:(\p{L}+)[ \t\u00a0]+)?\(?)(\d+[a-z]?|[IVXLCDM]+|\p{Ll})/u;

/** The text with its leading number replaced by `#`, or the text itself when it has none. */
export function maskLeadingNumber(text: string): string {
  const m = LEADING_NUMBER.exec(text);
  if (!m) return text;
  const word = m[2];
  const token = m[3]!;
  const next = text.charAt(m[0].length);
  // `5.`, `IV)`, `a)`, `Điều 5:` are numbers whatever they are; without such punctuation only
  // digits, or a capital numeral after a word (`Chương II`), are: `I shall`, `a person` are words.
  const punctuated = next === '.' || next === ')' || next === ':';
  const ends = next === '' || /[\s*_\]]/u.test(next);
  const isNumber = punctuated || (ends && (/^\d/u.test(token) || (word !== undefined && /^[IVXLCDM]+$/u.test(token))));
  return isNumber ? `${m[1]}#${text.slice(m[0].length)}` : text;
}
