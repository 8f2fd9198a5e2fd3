import type { ChangeEntry } from '../diff/changeset.js';
import type { ChangesetDelta, EntryDelta } from '../diff/stale.js';
import { diffText } from '../diff/word-diff.js';
import { details, html } from './changeset-markdown.js';
import { palette } from './changeset-terminal.js';
import { summaryLine } from './summary.js';
import { COMPACT, inlineLines, plainLine, sideLine, unifiedLines } from './text-hunks.js';

export interface StaleOptions {
  /** The gate whose approval no longer holds. */
  readonly gate: string;
  /** What the orchestrator found changed since the snapshot (drift), if anything. */
  readonly drift?: readonly string[];
}

const MAX_ENTRIES = 50;
const MAX_LINES = 4;

/** The diff of diffs for a terminal: what was approved, what would happen now, unit by unit. */
export function renderStaleTerminal(delta: ChangesetDelta, options: StaleOptions & { readonly color: boolean }): string {
  const c = palette(options.color);
  const out = [
    c.bold(`Why the ${options.gate} approval no longer holds:`),
    ...(options.drift ?? []).map((d) => `  ${d}`),
    `  approved: ${summaryLine(delta.approved)}`,
    `  now:      ${summaryLine(delta.current)}`,
    '',
  ];
  if (delta.entries.length === 0) out.push('  The changes are the same unit for unit; only the facts above differ.');
  for (const d of delta.entries.slice(0, MAX_ENTRIES)) {
    out.push(c.yellow(`  ${symbol(d)} ${d.id}   ${explain(d)}`));
    for (const [label, before, after] of texts(d)) {
      const lines = inlineLines(diffText(before, after), COMPACT);
      out.push(...lines.slice(0, MAX_LINES).map((l) => `      ${`${label}:`.padEnd(8)}${plainLine(l)}`));
    }
  }
  if (delta.entries.length > MAX_ENTRIES) out.push(`  … and ${delta.entries.length - MAX_ENTRIES} more units differ`);
  return `${out.join('\n')}\n`;
}

/** The same for a gate report or a pull request. */
export function renderStaleMarkdown(delta: ChangesetDelta, options: StaleOptions): string {
  const out = [
    `#### Why the ${options.gate} approval no longer holds`,
    '',
    ...(options.drift ?? []).map((d) => `- ${html(d)}`),
    `- approved: ${summaryLine(delta.approved)}`,
    `- now: ${summaryLine(delta.current)}`,
    '',
  ];
  if (delta.entries.length === 0) out.push('The changes are the same unit for unit; only the facts above differ.', '');
  for (const d of delta.entries.slice(0, MAX_ENTRIES)) {
    const lines = texts(d).flatMap(([, before, after]) => unifiedLines(diffText(before, after), COMPACT).slice(0, 2 * MAX_LINES).map((l) => `${l.sign} ${sideLine(l.line)}`));
    const summary = `${symbol(d)} <code>${html(d.id)}</code> ${html(explain(d))}`;
    out.push(lines.length > 0 ? details(summary, 'diff', lines) : `- ${summary}\n`);
  }
  if (delta.entries.length > MAX_ENTRIES) out.push(`… and ${delta.entries.length - MAX_ENTRIES} more units differ.`, '');
  return out.join('\n');
}

function symbol(d: EntryDelta): string {
  return d.reasons.includes('new') ? '+' : d.reasons.includes('dropped') ? '-' : '~';
}

function explain(d: EntryDelta): string {
  const kind = (e: ChangeEntry | undefined): string => (e ? (e.kind === 'renumber' ? `renumber from ${e.fromId}` : e.kind) : 'nothing');
  const parts: string[] = [];
  for (const r of d.reasons) {
    if (r === 'new') parts.push(`new since approval: ${kind(d.current)}`);
    if (r === 'dropped') parts.push(`no longer planned (approved: ${kind(d.approved)})`);
    if (r === 'kind' || r === 'renumber-source') parts.push(`approved: ${kind(d.approved)}; now: ${kind(d.current)}`);
    if (r === 'source-text') parts.push('the source text differs from the approved one');
    if (r === 'hub-text') parts.push("the hub's text changed since approval");
  }
  return [...new Set(parts)].join('; ');
}

/** The text comparisons that explain an entry: [label, approved text, text now]. */
function texts(d: EntryDelta): [string, string, string][] {
  const out: [string, string, string][] = [];
  if (d.reasons.includes('source-text')) out.push(['source', d.approved!.after!.body, d.current!.after!.body]);
  if (d.reasons.includes('hub-text')) out.push(['hub', d.approved!.before!.body, d.current!.before!.body]);
  return out;
}
