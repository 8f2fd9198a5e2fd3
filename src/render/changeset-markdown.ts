import type { ChangeEntry, ChangeKind, Changeset, ChangeSummary } from '../diff/changeset.js';
import { diffText, onlyWhitespaceChanged } from '../diff/word-diff.js';
import { sameText, shownEntries, textKept, type Shown } from './shown-entries.js';
import { COMPACT, sideLine, unifiedLines } from './text-hunks.js';

/** GitHub refuses comments over 65,536 characters; stay well under, trailer included. */
export const MARKDOWN_CAP = 60_000;

export interface MarkdownOptions {
  /** Hard limit on the length of the whole text. */
  readonly cap?: number;
  /** The command that shows every change, for the trailer when some are left out. */
  readonly seeAll: string;
}

const SYMBOL: Record<ChangeKind, string> = { add: '➕', change: '✏️', renumber: '↪️', retire: '➖', unchanged: '↕️' };
/** Lines of a diff block, and renumber pairs in a folded run, before the rest is summarised. */
const MAX_BLOCK_LINES = 40;
const MAX_RUN_LINES = 200;
const MAX_LINE = 400;

/** The summary table a reviewer reads first. */
export function summaryTable(s: ChangeSummary): string {
  const moved = s.moved > 0;
  return [
    `| add | change | renumber | retire | unchanged |${moved ? ' moved |' : ''}`,
    `|---:|---:|---:|---:|---:|${moved ? '---:|' : ''}`,
    `| ${s.add} | ${s.change} | ${s.renumber} | ${s.retire} | ${s.unchanged} |${moved ? ` ${s.moved} |` : ''}`,
  ].join('\n');
}

/**
 * `head` (which should hold the summary), then one collapsible block per change, then `tail`
 * (notes), never longer than the cap: blocks that do not fit are left out, in document order
 * from the first that does not fit, and a trailer says how many of which kind and how to see
 * them all.
 */
export function changesetMarkdown(changeset: Changeset, head: string, tail: string, options: MarkdownOptions): string {
  const cap = options.cap ?? MARKDOWN_CAP;
  const shown = shownEntries(changeset.entries, false);
  let body = head;
  let i = 0;
  for (; i < shown.length; i += 1) {
    const block = blockOf(shown[i]!);
    if (body.length + block.length + reserve(tail) > cap) break;
    body += block;
  }
  if (i < shown.length) body += trailer(shown.slice(i), cap, options.seeAll);
  const text = tail ? `${body}\n${tail}` : body;
  // Only an enormous head or tail can still overflow; cut it rather than break the promise.
  return text.length <= cap ? text : `${text.slice(0, cap - 60)}\n\n> (cut at ${cap.toLocaleString('en')} characters)\n`;
}

/** Room kept for the trailer and the notes. */
function reserve(tail: string): number {
  return tail.length + 600;
}

function trailer(left: readonly Shown[], cap: number, seeAll: string): string {
  const counts = new Map<string, number>();
  let units = 0;
  for (const s of left) {
    const entries = s.kind === 'entry' ? [s.entry] : s.entries;
    for (const e of entries) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    units += entries.length;
  }
  const what = [...counts].map(([k, n]) => `${n} ${k === 'unchanged' ? 'moved' : k}`).join(', ');
  return `\n> **${units} more change${units === 1 ? ' is' : 's are'} not shown here** (${what}) to keep this under ${cap.toLocaleString('en')} characters. ` +
    `To see every change: \`${seeAll}\` in a terminal, or the same with \`--format json\`.\n`;
}

function blockOf(s: Shown): string {
  if (s.kind === 'renumber-run') {
    const first = s.entries[0]!;
    const last = s.entries[s.entries.length - 1]!;
    const pairs = s.entries.slice(0, MAX_RUN_LINES).map((e) => `${e.fromId} → ${e.id}`);
    if (s.entries.length > MAX_RUN_LINES) pairs.push(`… and ${s.entries.length - MAX_RUN_LINES} more`);
    return details(`${SYMBOL.renumber} ${s.entries.length} units renumbered, 100% same text: <code>${html(first.fromId!)}</code> … <code>${html(last.fromId!)}</code> → <code>${html(first.id)}</code> … <code>${html(last.id)}</code>`, 'text', pairs);
  }
  const e = s.entry;
  return details(titleOf(e), 'diff', linesOf(e));
}

function titleOf(e: ChangeEntry): string {
  const moved = e.moved ? ', moved' : '';
  switch (e.kind) {
    case 'add':
      return `${SYMBOL.add} <code>${html(e.id)}</code> ${html(e.heading)}`;
    case 'retire':
      return `${SYMBOL.retire} <code>${html(e.id)}</code> retired (${html(e.heading)})`;
    case 'change':
      return `${SYMBOL.change} <code>${html(e.id)}</code> ${html(e.heading)}${moved}`;
    case 'renumber':
      return `${SYMBOL.renumber} <code>${html(e.id)}</code> ← <code>${html(e.fromId!)}</code> renumbered${moved}, ${sameText(e)}`;
    case 'unchanged':
      return `${SYMBOL.unchanged} <code>${html(e.id)}</code> ${html(e.heading)}: moved, text unchanged`;
  }
}

function linesOf(e: ChangeEntry): string[] {
  if (e.kind === 'add') return capped(e.after!.body, '+');
  if (e.kind === 'retire') return capped(e.before!.body, '-');
  const d = diffText(e.before!.body, e.after!.body);
  if (onlyWhitespaceChanged(d)) return [textKept(e) ? '  (text unchanged)' : '  (only whitespace or line breaks changed)'];
  const lines = unifiedLines(d, COMPACT).map((l) => `${l.sign} ${clip(sideLine(l.line), 3 * MAX_LINE)}`);
  const out = lines.slice(0, MAX_BLOCK_LINES);
  if (lines.length > MAX_BLOCK_LINES) out.push(`  … ${lines.length - MAX_BLOCK_LINES} more changed lines`);
  return out;
}

function capped(body: string, sign: '+' | '-'): string[] {
  const lines = body.replace(/\n$/u, '').split('\n').filter((l) => l.trim() !== '');
  const out = lines.slice(0, MAX_BLOCK_LINES).map((l) => `${sign} ${clip(l, MAX_LINE)}`);
  if (lines.length > MAX_BLOCK_LINES) out.push(`  … ${lines.length - MAX_BLOCK_LINES} more lines`);
  return out;
}

function clip(line: string, n: number): string {
  return line.length > n ? `${line.slice(0, n)}…` : line;
}

/** A collapsible block with a fenced code block the text cannot close. */
export function details(summary: string, language: string, lines: readonly string[]): string {
  // A fence longer than any run of backticks in the text, so the text cannot close it.
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/gu) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(longest + 1);
  return `<details><summary>${summary}</summary>\n\n${fence}${language}\n${lines.join('\n')}\n${fence}\n\n</details>\n\n`;
}

export function html(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

export function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/gu, '\\$1');
}
