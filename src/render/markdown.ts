import type { ChangeEntry } from '../diff/changeset.js';
import type { CloseoutReport, GateView } from '../orchestrator/views.js';
import { summaryLine } from './summary.js';
import { changedLines } from './text-hunks.js';

/** GitHub refuses comments over 65,536 characters; stay well under with room for the trailer. */
export const MARKDOWN_CAP = 60_000;

const SYMBOL: Record<ChangeEntry['kind'], string> = { add: '➕', change: '✏️', renumber: '↪️', retire: '➖', unchanged: '' };

/** The gate view for a pull-request comment or a gate report: summary first, details folded. */
export function renderGateMarkdown(view: GateView, cap = MARKDOWN_CAP): string {
  const s = view.changeset.summary;
  const head = [
    `### cutter ${view.gate}: \`${view.plan.prefix}\` (${view.document.id} rev ${view.document.revision})`,
    '',
    `**${summaryLine(s)}**`,
    '',
    '| add | change | renumber | retire | unchanged |',
    '|---:|---:|---:|---:|---:|',
    `| ${s.add} | ${s.change} | ${s.renumber} | ${s.retire} | ${s.unchanged} |`,
    '',
    `Document: ${escapeMd(view.document.title)} · profile \`${view.plan.cut.profile}\` · unit \`${view.plan.cut.unit}\` · mode \`${view.plan.mode}\`${view.runId ? ` · run \`${view.runId}\`` : ''}`,
    '',
    `Fingerprint: \`${view.fingerprint}\``,
    '',
  ].join('\n');
  const blocks = view.changeset.entries.filter((e) => e.kind !== 'unchanged').map(entryBlock);
  const notes = view.notes.map((n) => `> **Note:** ${escapeMd(n)}\n`).join('\n');
  let body = head;
  let shown = 0;
  for (const b of blocks) {
    // Keep room for the trailer and the notes.
    if (body.length + b.length + notes.length + 400 > cap) break;
    body += b;
    shown += 1;
  }
  if (shown < blocks.length) {
    body += `\n> ${blocks.length - shown} of ${blocks.length} changed units are not shown here, to stay under ${cap.toLocaleString('en')} characters. ` +
      'Run `cutter plan <plan.yaml>` (terminal) or `cutter plan <plan.yaml> --format json` to see every change.\n';
  }
  return `${body}${notes ? `\n${notes}` : ''}`;
}

function entryBlock(e: ChangeEntry): string {
  const title = e.kind === 'renumber'
    ? `${SYMBOL[e.kind]} <code>${e.id}</code> ← <code>${e.fromId}</code> renumbered`
    : `${SYMBOL[e.kind]} <code>${e.id}</code> ${e.kind === 'retire' ? 'retired' : escapeHtml(e.heading)}`;
  const lines: string[] = [];
  if (e.kind === 'add') lines.push(...e.after!.body.trimEnd().split('\n').filter((l) => l.trim()).map((l) => `+ ${l}`));
  else if (e.kind === 'retire') lines.push(...e.before!.body.trimEnd().split('\n').filter((l) => l.trim()).map((l) => `- ${l}`));
  else if (e.before && e.after) {
    const h = changedLines(e.before.body, e.after.body, 40);
    lines.push(...h.lines.map((l) => `${l.sign} ${l.text}`));
    if (h.omitted > 0) lines.push(`… ${h.omitted} more changed lines`);
  }
  const fence = lines.some((l) => l.includes('```')) ? '````' : '```';
  return `<details><summary>${title}</summary>\n\n${fence}diff\n${lines.join('\n')}\n${fence}\n\n</details>\n`;
}

/** The closeout report kept beside the run. */
export function renderCloseoutMarkdown(r: CloseoutReport): string {
  const ops = r.execution.operations;
  return [
    `# cutter closeout: ${r.runId}`,
    '',
    `- Document: ${r.document.id} rev ${r.document.revision} (${escapeMd(r.document.title)})`,
    `- Prefix: \`${r.plan.prefix}\` · profile \`${r.plan.cut.profile}\` · unit \`${r.plan.cut.unit}\``,
    `- Mode: **${r.mode}** — executed on the ${r.execution.target === 'simulator' ? 'in-memory simulator (nothing was written to the hub)' : 'hub'}`,
    `- Started ${r.startedAt}, finished ${r.finishedAt}`,
    '',
    '## Changes',
    '',
    summaryLine(r.summary),
    '',
    '## Execution',
    '',
    `${r.execution.applied} operations applied, ${r.execution.skipped} already in place.`,
    '',
    '| # | operation | unit | outcome |',
    '|---:|---|---|---|',
    ...ops.map((o, i) => `| ${i + 1} | ${o.op} | \`${o.iuId}\` | ${o.outcome} |`),
    '',
    `## Verification (${r.verification.gate}: ${r.verification.passed ? 'passed' : 'FAILED'})`,
    '',
    ...r.verification.checks.map((c) => `- ${c.passed ? '✅' : '❌'} ${c.name}: ${escapeMd(c.message)}`),
    '',
    '## Approvals',
    '',
    ...r.approvals.map((a) => `- ${a.gate}: ${a.decision} by ${a.id} (${a.via}) at ${a.at} for \`${a.fingerprint}\``),
    '',
  ].join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}
