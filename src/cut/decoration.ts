import { indexOfIn } from './blocks.js';
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
/** What a backslash escapes in Markdown (INLINE's escape lookahead), by character code. */
export const ESCAPED = new Uint8Array(128);
for (const ch of '\\`*_{}[]()#+-.!>') ESCAPED[ch.charCodeAt(0)] = 1;

/** `s.replace(INLINE, '')`. */
export function withoutInline(s: string): string {
  for (let k = 0; k < s.length; k += 1) {
    const c = s.charCodeAt(k);
    if (c < 128 && INLINE_STARTS[c] === 1) return s.replace(INLINE, '');
  }
  return withoutEscapes(s, 0, s.length, s.length);
}

/**
 * `text.slice(from, to)` without the backslashes of escapes in its first `headEnd - from`
 * characters: INLINE's removal when those hold no other decoration. Turndown escapes the full
 * stop of every numbered paragraph (`1\\.`), so this is common and worth a loop of its own.
 */
function withoutEscapes(text: string, from: number, headEnd: number, to: number): string {
  let out = '';
  let kept = from;
  for (let k = from; k + 1 < headEnd; k += 1) {
    const next = text.charCodeAt(k + 1);
    if (text.charCodeAt(k) === 92 && next < 128 && ESCAPED[next] === 1) {
      // Only the backslash goes; the next character is looked at afresh, as the regular
      // expression's lookahead does (`\\\\.` loses both backslashes).
      out += text.slice(kept, k);
      kept = k + 1;
    }
  }
  return kept === from ? text.slice(from, to) : out + text.slice(kept, to);
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
  return cleanFirstWords(line, pos, line.length, pos);
}

/**
 * `stripDecoration(text.slice(from, to))`, reading the text in place when the line starts with no
 * leading decoration (`1\\.`, `**CHƯƠNG I**` is copied): loops over a slice of a large string
 * cost several times more than over the string itself, and the matcher calls this for every
 * line whose first words hold decoration.
 */
export function stripDecorationAt(text: string, from: number, to: number): Candidate {
  // LEAD's `$` is the end of the line: it runs on a copy of the line.
  if (from < to && LEAD_STARTS.includes(text[from]!)) return stripDecoration(text.slice(from, to));
  return cleanFirstWords(text, from, to, 0);
}

/** The candidate for `text[from, to)`, past `lead` characters of leading decoration. */
function cleanFirstWords(text: string, from: number, to: number, lead: number): Candidate {
  // Markers sit in the first words: clean up to the first space after 48 characters and keep
  // the rest as it is (headings are tidied separately by displayText).
  const space = indexOfIn(text, 32, from + 48, to);
  const headEnd = space >= 0 ? space : to;
  // One look at the head says what it needs: INLINE, only escapes removed, or nothing; and NFC.
  let inline = false;
  let escapes = false;
  let combining = false;
  for (let k = from; k < headEnd; k += 1) {
    const c = text.charCodeAt(k);
    if (c < 128) {
      if (INLINE_STARTS[c] === 1) inline = true;
      else if (c === 92) escapes = true;
    } else if (c >= 0x300 && c <= 0x36f) {
      combining = true;
    }
  }
  let out: string;
  if (inline) {
    const cleaned = text.slice(from, headEnd).replace(INLINE, '');
    out = headEnd < to ? cleaned + text.slice(headEnd, to) : cleaned;
  } else {
    out = escapes ? withoutEscapes(text, from, headEnd, to) : text.slice(from, to);
  }
  const decorated = lead > 0 || out.length !== to - from;
  let quoted = false;
  if (out.length > 0 && QUOTES.includes(out[0]!)) {
    quoted = true;
    out = out.slice(1).replace(/^[ \t\u00a0]+/u, '');
  }
  return { text: combining ? nfc(out) : out, lead, decorated, quoted };
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
  // Most headings need none of tidy's steps (one pass over the codes says so), only trimming.
  const t = isTidy(s) ? s.trim() : tidy(s);
  return t.length <= HEADING_MAX ? t : shorten(t);
}

/**
 * `headingText(text.slice(from, to))`, read in place. Most headings need no more than trimming and
 * the removal of emphasis and link brackets (`Điều 5.** Phạm vi`, `Điều 1. Phạm vi**]()`): they
 * are made of one or a few slices of the text, in one pass. Anything else (tags, underscores,
 * odd spaces, hashes, combining marks, spaces brought together) takes the general path.
 */
export function headingTextAt(text: string, from: number, to: number): string {
  const kept = KEPT;
  let pieces = 0;
  let keptFrom = from;
  // The last character kept, to see two spaces brought together (tidy would collapse them).
  let lastKept = -1;
  let k = from;
  while (k < to) {
    const c = text.charCodeAt(k);
    if (c < 0x370 ? HEADING_PLAIN[c] === 1 : c !== 0x200b && c !== 0xfeff) {
      // Most characters of a heading: kept, unless a second space in a row.
      if (c === 32 && lastKept === 32) return headingText(text.slice(from, to));
      lastKept = c;
      k += 1;
      continue;
    }
    // The end of the decoration (as INLINE removes it) starting at k; k when there is none.
    let skip = k;
    if (c === 42) {
      skip = k + 1;
      while (skip < to && text.charCodeAt(skip) === 42) skip += 1;
    } else if (c === 93) {
      // A link's target `](…)` on the same line, else the bracket alone.
      let close = k + 1 < to && text.charCodeAt(k + 1) === 40 ? k + 2 : to;
      while (close < to && text.charCodeAt(close) !== 41 && text.charCodeAt(close) !== 10) close += 1;
      skip = close < to && text.charCodeAt(close) === 41 ? close + 1 : k + 1;
    } else if (c === 91) {
      if (k + 1 < to && text.charCodeAt(k + 1) === 94) return headingText(text.slice(from, to));
      skip = k + 1;
    } else if (c === 92) {
      const next = k + 1 < to ? text.charCodeAt(k + 1) : -1;
      if (next >= 0 && next < 128 && ESCAPED[next] === 1) skip = k + 1;
    } else if (c < 0x370 ? GENERAL[c] === 1 : c === 0x200b || c === 0xfeff) {
      return headingText(text.slice(from, to));
    }
    if (skip > k) {
      if (k > keptFrom) {
        if (pieces === MAX_PIECES) return headingText(text.slice(from, to));
        kept[2 * pieces] = keptFrom;
        kept[2 * pieces + 1] = k;
        pieces += 1;
      }
      keptFrom = skip;
      k = skip;
      continue;
    }
    if (c === 32 && lastKept === 32) return headingText(text.slice(from, to));
    lastKept = c;
    k += 1;
  }
  if (to > keptFrom) {
    if (pieces === MAX_PIECES) return headingText(text.slice(from, to));
    kept[2 * pieces] = keptFrom;
    kept[2 * pieces + 1] = to;
    pieces += 1;
  }
  // Trimmed: blanks go from the start of the first pieces and from the end of the last ones.
  let first = 0;
  let firstStart = 0;
  for (; first < pieces; first += 1) {
    const pieceEnd = kept[2 * first + 1]!;
    firstStart = kept[2 * first]!;
    while (firstStart < pieceEnd && isTrimmed(text.charCodeAt(firstStart))) firstStart += 1;
    if (firstStart < pieceEnd) break;
  }
  let final = pieces - 1;
  let finalEnd = 0;
  for (; final >= first; final -= 1) {
    const pieceStart = final === first ? firstStart : kept[2 * final]!;
    finalEnd = kept[2 * final + 1]!;
    while (finalEnd > pieceStart && isTrimmed(text.charCodeAt(finalEnd - 1))) finalEnd -= 1;
    if (finalEnd > pieceStart) break;
  }
  let t = '';
  for (let p = first; p <= final; p += 1) {
    t += text.slice(p === first ? firstStart : kept[2 * p]!, p === final ? finalEnd : kept[2 * p + 1]!);
  }
  return t.length <= HEADING_MAX ? t : shorten(t);
}

/** Slices of a heading kept by headingTextAt, as [start, end) pairs. */
const MAX_PIECES = 4;
const KEPT = new Int32Array(2 * MAX_PIECES);

/** Characters that send headingTextAt to the general path (tidy's other work, INLINE's rarer forms). */
const GENERAL = new Uint8Array(0x370);
for (const ch of '<_{#\t\u00a0\r\n') GENERAL[ch.charCodeAt(0)] = 1;
for (let c = 0x300; c <= 0x36f; c += 1) GENERAL[c] = 1;
/** Below U+0370, the characters headingTextAt simply keeps: not GENERAL, not decoration it removes. */
const HEADING_PLAIN = new Uint8Array(0x370).fill(1);
for (let c = 0; c < 0x370; c += 1) if (GENERAL[c] === 1) HEADING_PLAIN[c] = 0;
for (const ch of '*[]\\') HEADING_PLAIN[ch.charCodeAt(0)] = 0;

/** At most HEADING_MAX characters, cut at a space when one is not too far back. */
function shorten(t: string): string {
  const cut = t.slice(0, HEADING_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > HEADING_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What `String.prototype.trim` removes: ECMAScript's white space and line terminators. */
function isTrimmed(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
