/**
 * Recognising the Markdown blocks in which a marker is not structure (fences, HTML comments and
 * tables, pipe tables, block quotes, quotations) and the lines that are not text (rules,
 * setext underlines). Small pure helpers over the text and a line's bounds.
 */

export const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c === 0x200b;

export const CLOSING_QUOTE: Readonly<Record<string, string>> = { '“': '”', '"': '"', '‘': '’', '«': '»' };

/** Length of the run of `c` at `i`. */
export function runLength(text: string, i: number, end: number, c: number): number {
  let j = i;
  while (j < end && text.charCodeAt(j) === c) j += 1;
  return j - i;
}

/** How many `c` the line holds if it holds nothing else but blanks; 0 otherwise (`---`, `* * *`, `===`). */
export function onlyChar(text: string, i: number, end: number, c: number): number {
  let n = 0;
  for (let j = i; j < end; j += 1) {
    const d = text.charCodeAt(j);
    if (d === c) n += 1;
    else if (!isBlank(d)) return 0;
  }
  return n;
}

// A line that ends in a comma or a dash is not finished, whatever the language.
const UNFINISHED = /[,\-–]\s*$/u;

/**
 * Whether the line between `start` and `end` visibly breaks off mid-sentence: it ends with a
 * comma, a dash, or a word that cannot end a sentence (`dangling`, the profile's list: "tại",
 * "theo", "khoản 2", "of", "under" …). A line that merely lacks a full stop ("1. Quyền biểu
 * quyết", a list item or a title) does not count.
 */
export function breaksOff(text: string, start: number, end: number, dangling: RegExp | undefined): boolean {
  const line = text.slice(Math.max(start, end - 40), end);
  return UNFINISHED.test(line) || (dangling !== undefined && dangling.test(line));
}

/**
 * Whether `text[i, end)` holds `needle`. Searched within the line: `text.indexOf(needle, i)` runs
 * on to the end of the document when the line lacks it, once per line of an unclosed quotation or
 * comment, which made a 4 MB law with one unclosed “ take 90 s.
 */
export function contains(text: string, i: number, end: number, needle: string): boolean {
  return end - i >= needle.length && text.slice(i, end).includes(needle);
}

/** Index of the character `c` in `text[from, to)`, or -1 (a search that stops at the line's end, see `contains`). */
export function indexOfIn(text: string, c: number, from: number, to: number): number {
  for (let k = from; k < to; k += 1) if (text.charCodeAt(k) === c) return k;
  return -1;
}

export function containsLower(text: string, i: number, end: number, needle: string): boolean {
  return text.slice(i, end).toLowerCase().includes(needle);
}

/** Whether a line opening with a quotation mark leaves it open (so the quotation runs on). */
export function opensQuotation(line: string): { opens: boolean; close: string } {
  const open = [...line.replace(/^[*_#\s[-]+/u, '')][0] ?? '"';
  const close = CLOSING_QUOTE[open] ?? '"';
  const opens = close === open ? count(line, open) % 2 === 1 : count(line, open) > count(line, close);
  return { opens, close };
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let k = s.indexOf(ch); k >= 0; k = s.indexOf(ch, k + 1)) n += 1;
  return n;
}

/** End offset and line count of YAML front matter (`---` … `---` at the very start), or [0, 1]. */
export function frontMatter(text: string): [number, number] {
  const m = /^\ufeff?---[ \t]*\r?\n/u.exec(text);
  if (!m) return [0, 1];
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gmu;
  close.lastIndex = m[0].length;
  const c = close.exec(text);
  if (!c) return [0, 1];
  const end = c.index + c[0].length;
  let lines = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) lines += 1;
  return [end, lines];
}

/** The cells of a pipe-table row with their offsets in the row (`\|` does not split). */
export function cells(row: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let from = 0;
  for (const cell of row.split(/(?<!\\)\|/u)) {
    const lead = cell.length - cell.trimStart().length;
    if (cell.trim() !== '') out.push({ text: cell.trimStart(), at: from + lead });
    from += cell.length + 1;
  }
  return out;
}
