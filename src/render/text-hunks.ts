import type { TextDiff, WordOp } from '../diff/word-diff.js';

/** A run of text in a rendered line; `…` stands for text left out around the changes. */
export interface Segment {
  readonly op: WordOp | '…';
  readonly text: string;
}

export type HunkLine = readonly Segment[];

export interface ClipOptions {
  /** Unchanged characters kept on each side of a change; Infinity keeps whole lines. */
  readonly context: number;
  /** Changed characters kept in one run before the middle is left out. */
  readonly maxChanged: number;
}

export const COMPACT: ClipOptions = { context: 40, maxChanged: 240 };
export const WHOLE_LINES: ClipOptions = { context: Infinity, maxChanged: Infinity };

/**
 * The changed lines with removed and added words inline (git's `--word-diff`): what the
 * terminal shows. A line is kept when any word in it changed; long unchanged stretches are
 * clipped so that the change is on screen rather than 200 characters to the right.
 */
export function inlineLines(diff: TextDiff, clip: ClipOptions): HunkLine[] {
  const lines: Segment[][] = [[]];
  for (const p of diff.parts) {
    p.text.split('\n').forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece) lines[lines.length - 1]!.push({ op: p.op, text: piece });
    });
  }
  return lines.filter(isChanged).map((l) => clipLine(l, clip));
}

/**
 * The changed lines as a unified diff (`- old line`, `+ new line`): what a Markdown ```diff
 * block can colour. Lines are grouped between the line breaks both texts share, so each group's
 * old lines come right before its new lines.
 */
export function unifiedLines(diff: TextDiff, clip: ClipOptions): { sign: '-' | '+'; line: HunkLine }[] {
  const out: { sign: '-' | '+'; line: HunkLine }[] = [];
  let olds: Segment[][] = [[]];
  let news: Segment[][] = [[]];
  const flush = (): void => {
    if (olds.some(isChanged) || news.some(isChanged)) {
      for (const l of olds) if (l.length > 0) out.push({ sign: '-', line: clipLine(l, clip) });
      for (const l of news) if (l.length > 0) out.push({ sign: '+', line: clipLine(l, clip) });
    }
    olds = [[]];
    news = [[]];
  };
  for (const p of diff.parts) {
    p.text.split('\n').forEach((piece, i) => {
      if (i > 0) {
        if (p.op === '=') flush();
        if (p.op === '-') olds.push([]);
        if (p.op === '+') news.push([]);
      }
      if (!piece) return;
      if (p.op !== '+') olds[olds.length - 1]!.push({ op: p.op, text: piece });
      if (p.op !== '-') news[news.length - 1]!.push({ op: p.op, text: piece });
    });
  }
  flush();
  return out;
}

function isChanged(line: readonly Segment[]): boolean {
  return line.some((s) => s.op !== '=' && s.text.trim() !== '');
}

function clipLine(line: readonly Segment[], clip: ClipOptions): HunkLine {
  const out: Segment[] = [];
  line.forEach((s, i) => {
    if (s.op !== '=') {
      out.push(s.text.length > clip.maxChanged ? { op: s.op, text: clipMiddle(s.text, clip.maxChanged / 2) } : s);
      return;
    }
    const first = i === 0;
    const last = i === line.length - 1;
    const keep = clip.context;
    if (first && last) {
      // A line with no change of its own (the other side of the group changed): its beginning.
      out.push(s.text.length > 2 * keep + 1 ? { op: '=', text: head(s.text, 2 * keep) } : s);
      if (s.text.length > 2 * keep + 1) out.push({ op: '…', text: '…' });
      return;
    }
    if (s.text.length <= (first || last ? keep : 2 * keep) + 1) {
      out.push(s);
      return;
    }
    if (!first) out.push({ op: '=', text: head(s.text, keep) });
    out.push({ op: '…', text: '…' });
    if (!last) out.push({ op: '=', text: tail(s.text, keep) });
  });
  return out;
}

/** The first `n` characters, ended at a word boundary when one is near. */
function head(text: string, n: number): string {
  const cut = text.lastIndexOf(' ', n);
  return text.slice(0, cut > n / 2 ? cut + 1 : n);
}

/** The last `n` characters, started at a word boundary when one is near. */
function tail(text: string, n: number): string {
  const from = text.length - n;
  const cut = text.indexOf(' ', from);
  return text.slice(cut >= 0 && cut < from + n / 2 ? cut + 1 : from);
}

function clipMiddle(text: string, n: number): string {
  return `${head(text, n)}…${tail(text, n)}`;
}

/** A line as plain text, marking changes as git's `--word-diff=plain` does. */
export function plainLine(line: HunkLine): string {
  return line.map((s) => (s.op === '-' ? `[-${s.text}-]` : s.op === '+' ? `{+${s.text}+}` : s.text)).join('');
}

/** A line of a unified diff: only its own side's words, since a ```diff block has no inline marks. */
export function sideLine(line: HunkLine): string {
  return line.map((s) => s.text).join('');
}
