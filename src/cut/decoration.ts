/**
 * The Markdown and HTML that word processors and web converters wrap around legal markers:
 * `### Điều 7.`, `**Điều 5.**`, `[**Điều 1. Phạm vi điều chỉnh**]()`, `<a name="dieu_1"></a>`,
 * `- a)`, `**Điều** **5.**`, `1\.` (turndown escapes a number that would start a list).
 * Removed from a copy of the line before matching; the source text is never touched.
 */

/** A line's text as the marker rules see it. */
export interface Candidate {
  /** The text with decoration removed, starting where a marker would start. */
  readonly text: string;
  /** Characters of leading decoration skipped, to report the marker's column. */
  readonly lead: number;
  /** The line carries decoration of its own (heading hashes, bullet, emphasis, link, tag, escape). */
  readonly decorated: boolean;
  /** The text opens with a quotation mark: quoted text (an amendment quoting a new article) is not structure. */
  readonly quoted: boolean;
}

// One piece of leading decoration at a time: ATX hashes, a bullet, emphasis runs, a link's
// opening bracket, an HTML tag (anchors, <strong>), a backslash escape, spaces.
const LEAD = /#{1,6}(?=[ \t]|$)|[-*+](?=[ \t\u00a0])|\*{1,3}|_{1,3}|\[|<\/?[A-Za-z][^>]*>|\\(?=[\\`*_{}[\]()#+\-.!>])|[ \t\u00a0\u200b\ufeff]+/uy;

// Decoration inside the first words: footnote references, escapes, link targets, tags,
// emphasis, brackets. An underscore inside a word (snake_case) stays.
export const INLINE = /\[\^[^\]\n]*\]|\\(?=[\\`*_{}[\]()#+\-.!>])|\]\([^)\n]*\)|<\/?[A-Za-z][^>\n]*>|\*+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])|[[\]]|\{#[^}\n]*\}/gu;

/** The first characters of LEAD's alternatives. */
const LEAD_STARTS = '#-*+_[<\\ \t\u00a0\u200b\ufeff';

/** The first characters of INLINE's alternatives, but for the backslash of an escape. */
const INLINE_STARTS = new Uint8Array(128);
for (const ch of '[]<*_{') INLINE_STARTS[ch.charCodeAt(0)] = 1;
/** What a backslash escapes in Markdown (INLINE's escape lookahead). */
const ESCAPED = new Uint8Array(128);
for (const ch of '\\`*_{}[]()#+-.!>') ESCAPED[ch.charCodeAt(0)] = 1;

/**
 * `s.replace(INLINE, '')`. Turndown escapes the full stop of every numbered paragraph (`1\\.`),
 * so a head whose only decoration is escapes is common: their backslashes are dropped in a loop.
 */
export function withoutInline(s: string): string {
  let escapes = false;
  for (let k = 0; k < s.length; k += 1) {
    const c = s.charCodeAt(k);
    if (c < 128 && INLINE_STARTS[c] === 1) return s.replace(INLINE, '');
    if (c === 92) escapes = true;
  }
  if (!escapes) return s;
  let out = '';
  let from = 0;
  for (let k = 0; k + 1 < s.length; k += 1) {
    const next = s.charCodeAt(k + 1);
    if (s.charCodeAt(k) === 92 && next < 128 && ESCAPED[next] === 1) {
      // Only the backslash goes; the next character is looked at afresh, as the regular
      // expression's lookahead does (`\\\\.` loses both backslashes).
      out += s.slice(from, k);
      from = k + 1;
    }
  }
  return out + s.slice(from);
}

const QUOTES = '“"‘«';
const COMBINING = /[\u0300-\u036f]/u;

/** Strips decoration from `line` (which starts at the line's first non-blank character). */
export function stripDecoration(line: string): Candidate {
  let pos = 0;
  // LEAD can only match at one of its first characters, and most lines start with none of them.
  while (pos < line.length && LEAD_STARTS.includes(line[pos]!)) {
    LEAD.lastIndex = pos;
    if (!LEAD.test(line) || LEAD.lastIndex === pos) break;
    pos = LEAD.lastIndex;
  }
  // Markers sit in the first words: clean up to the first space after 48 characters and keep
  // the rest as it is (headings are tidied separately by displayText).
  const space = line.indexOf(' ', pos + 48);
  const head = space < 0 ? line.slice(pos) : line.slice(pos, space);
  const cleaned = withoutInline(head);
  let text = space < 0 ? cleaned : cleaned + line.slice(space);
  const decorated = pos > 0 || cleaned.length !== head.length;
  let quoted = false;
  if (text.length > 0 && QUOTES.includes(text[0]!)) {
    quoted = true;
    text = text.slice(1).replace(/^[ \t\u00a0]+/u, '');
  }
  return { text: COMBINING.test(head) ? nfc(text) : text, lead: pos, decorated, quoted };
}

/**
 * Decomposed (NFD) diacritics from some converters: "Điều" as D-stroke, i, e, U+0302, U+0300, u.
 * Matching works on the composed form; the source keeps whatever bytes it had.
 */
export function nfc(s: string): string {
  return COMBINING.test(s) ? s.normalize('NFC') : s;
}

const HEADING_MAX = 120;
const HAS_INLINE = /[\\\]<*_[{]/u;
const HAS_ODD_SPACE = /[\t\u00a0\u200b\ufeff\r\n]| {2}/u;
const SPACES = /[ \t\u00a0\u200b\ufeff\r\n]+/gu;
const CLOSING_HASHES = /[ \t]+#+[ \t]*$/u;

/** A heading for display: decoration removed, spaces collapsed, composed, at most 120 characters. */
export function displayText(line: string): string {
  return headingText(stripDecoration(line.trim()).text);
}

/**
 * `displayText` for text that starts past the leading decoration (a marker's line from the
 * marker on). Each step runs only when its quick test says it would change something: this is
 * called for every article of a document.
 */
export function headingText(s: string): string {
  let t = s;
  // Most headings need none of the steps below (one pass over the codes says so), only trimming.
  if (isTidy(s)) t = t.trim();
  else t = tidy(t);
  if (t.length <= HEADING_MAX) return t;
  const cut = t.slice(0, HEADING_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > HEADING_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Characters that give `tidy` something to do: those of HAS_INLINE and HAS_ODD_SPACE, `#`, combining marks. */
const UNTIDY = new Uint8Array(0x370);
for (const ch of '\\]<*_[{\t\u00a0\r\n#') UNTIDY[ch.charCodeAt(0)] = 1;
for (let c = 0x300; c <= 0x36f; c += 1) UNTIDY[c] = 1;

/** Whether `tidy` would leave `s` as it is, but for trimming. */
function isTidy(s: string): boolean {
  let space = false;
  for (let k = 0; k < s.length; k += 1) {
    const c = s.charCodeAt(k);
    if (c < 0x370 ? UNTIDY[c] === 1 : c === 0x200b || c === 0xfeff) return false;
    // Two spaces in a row are collapsed.
    if (c === 32 && space) return false;
    space = c === 32;
  }
  return true;
}

/** Inline decoration removed, spaces collapsed, closing hashes removed, composed, trimmed. */
function tidy(s: string): string {
  let t = s;
  if (HAS_INLINE.test(t)) t = t.replace(INLINE, '');
  if (HAS_ODD_SPACE.test(t)) t = t.replace(SPACES, ' ');
  if (t.includes('#')) t = t.replace(CLOSING_HASHES, '');
  return nfc(t).trim();
}
