import { Chalk, type ChalkInstance } from 'chalk';
import type { ChangeEntry, Changeset } from '../diff/changeset.js';
import { diffText, onlyWhitespaceChanged } from '../diff/word-diff.js';
import { sameText, shownEntries, textKept } from './shown-entries.js';
import { COMPACT, inlineLines, plainLine, WHOLE_LINES, type HunkLine } from './text-hunks.js';

export interface TerminalOptions {
  readonly color: boolean;
  /** List unchanged units and every renumber, show whole changed lines and added text. */
  readonly detail?: boolean;
}

export const palette = (color: boolean): ChalkInstance => new Chalk({ level: color ? 1 : 0 });

/** Changed lines shown per unit in compact output; --detail shows all. */
const COMPACT_LINES = 6;
const ID_COLUMN = 40;

/** One line per unit (DESIGN §6), word-level changes under each changed unit. */
export function changesetLines(changeset: Changeset, options: TerminalOptions): string[] {
  const c = palette(options.color);
  const detail = options.detail ?? false;
  const shown = shownEntries(changeset.entries, detail);
  // A loop, not Math.max(...list): spreading 100k arguments overflows the stack.
  let width = 0;
  for (const s of shown) if (s.kind === 'entry') width = Math.max(width, Math.min(ID_COLUMN, s.entry.id.length));
  const out: string[] = [];
  for (const s of shown) {
    if (s.kind === 'renumber-run') {
      const first = s.entries[0]!;
      const last = s.entries[s.entries.length - 1]!;
      out.push(c.cyan(`  → ${first.id} … ${last.id}  ←  ${first.fromId} … ${last.fromId}   (${s.entries.length} renumbered, 100% same text; --detail lists each)`));
    } else {
      out.push(...entryLines(s.entry, width, c, detail));
    }
  }
  return out;
}

function entryLines(e: ChangeEntry, width: number, c: ChalkInstance, detail: boolean): string[] {
  const id = e.id.padEnd(width);
  const moved = e.moved ? ', moved' : '';
  switch (e.kind) {
    case 'add':
      return [c.green(`  + ${id}  ${e.heading}`), ...(detail ? textLines(e.after!.body, '+', c.green) : [])];
    case 'retire':
      return [c.red(`  - ${id}  (no longer in the source)`), ...(detail ? textLines(e.before!.body, '-', c.red) : [])];
    case 'unchanged':
      return e.moved ? [c.cyan(`  ↕ ${id}  ${e.heading}   (moved, text unchanged)`)] : [c.dim(`    ${id}  ${e.heading}`)];
    case 'renumber':
      return [c.cyan(`  → ${e.id}  ←  ${e.fromId}   (renumbered${moved}, ${sameText(e)})`), ...(textKept(e) ? [] : hunk(e, c, detail))];
    case 'change':
      return [c.yellow(`  ~ ${id}  ${e.heading}${e.moved ? '   (moved)' : ''}`), ...hunk(e, c, detail)];
  }
}

function hunk(e: ChangeEntry, c: ChalkInstance, detail: boolean): string[] {
  const d = diffText(e.before!.body, e.after!.body);
  if (onlyWhitespaceChanged(d)) return [c.dim('      (only whitespace or line breaks changed)')];
  const lines = inlineLines(d, detail ? WHOLE_LINES : COMPACT);
  const max = detail ? Infinity : COMPACT_LINES;
  const out = lines.slice(0, max).map((l) => `      ${paint(l, c)}`);
  if (d.granularity === 'whole') out.unshift(c.dim('      (rewritten: too different to compare word by word)'));
  if (lines.length > max) out.push(c.dim(`      … ${lines.length - max} more changed lines (--detail shows all)`));
  return out;
}

/** Colour marks removed and added words; without colour they are written as [-…-] and {+…+}. */
function paint(line: HunkLine, c: ChalkInstance): string {
  if (c.level === 0) return plainLine(line);
  return line.map((s) => (s.op === '-' ? c.red.strikethrough(s.text) : s.op === '+' ? c.green.underline(s.text) : s.op === '…' ? c.dim(s.text) : s.text)).join('');
}

function textLines(body: string, sign: '+' | '-', colour: ChalkInstance): string[] {
  return body.replace(/\n$/u, '').split('\n').map((l) => colour(`      ${sign} ${l}`));
}
