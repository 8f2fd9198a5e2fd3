import { sumSummaries } from '../orchestrator/batch-closeout.js';
import type { BatchCloseoutReport, BatchDocumentNote, BatchGateView } from '../orchestrator/batch-views.js';
import { escapeMd, html, MARKDOWN_CAP } from './changeset-markdown.js';
import { fitSections } from './batch-sections.js';
import { renderCloseoutMarkdown, renderGateMarkdown } from './markdown.js';
import { summaryLine } from './summary.js';

/**
 * A batch's gate for a pull-request comment: the summary table of every document first, then one
 * collapsible section per document, all under the cap (60,000 characters for 50 documents and
 * more); what does not fit is named, with the command that shows it.
 */
export function renderBatchGateMarkdown(view: BatchGateView, cap = MARKDOWN_CAP): string {
  const total = sumSummaries(view.documents.map((d) => d.changeset.summary));
  const head = [
    `### cutter ${view.gate}: batch of ${view.plan.documents.length} documents (mode \`${view.plan.mode}\`)`,
    '',
    `**${summaryLine(total)}** (${view.documents.length} document${view.documents.length === 1 ? '' : 's'} at ${view.gate})`,
    '',
    '| document | prefix | add | change | renumber | retire | unchanged | status |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...view.documents.map((d) => {
      const s = d.changeset.summary;
      return `| ${d.document.id} | \`${d.plan.prefix}\` | ${s.add} | ${s.change} | ${s.renumber} | ${s.retire} | ${s.unchanged} | at ${view.gate} |`;
    }),
    ...view.others.map((o) => `| ${o.document} | \`${o.prefix}\` | | | | | | ${escapeMd(noteStatus(o))} |`),
    '',
    `Fingerprint: \`${view.fingerprint}\`${view.runId ? ` · run \`${view.runId}\`` : ''} — one approval of this fingerprint passes every document at ${view.gate}.`,
    '',
    ...view.notes.map((n) => `> **Note:** ${escapeMd(n)}\n`),
    ...problemLines(view.others),
    ...(view.documents.length > 1 ? [`The sections below share the ${cap.toLocaleString('en')} characters this report may use; each says what it leaves out.`, ''] : []),
    '',
  ].join('\n');
  const seeAll = view.runId ? `cutter show ${view.runId} --detail` : 'cutter plan <plan.yaml> --detail';
  return fitSections(
    head,
    view.documents.length,
    (i, budget) => {
      const d = view.documents[i]!;
      const summary = `${html(d.document.id)} <code>${html(d.plan.prefix)}</code>: ${html(summaryLine(d.changeset.summary))}`;
      const open = `<details><summary>${summary}</summary>\n\n`;
      const close = '\n</details>\n\n';
      return `${open}${renderGateMarkdown(d, budget - open.length - close.length)}${close}`;
    },
    (left) => `\n> **The details of ${left.length} document${left.length === 1 ? ' are' : 's are'} not shown here** (${left.map((i) => view.documents[i]!.document.id).join(', ')}) ` +
      `to keep this under ${cap.toLocaleString('en')} characters; their counts are in the table above. To see every change: \`${seeAll}\`.\n`,
    cap,
  );
}

/** The batch's closeout report: which documents closed, which did not and why. */
export function renderBatchCloseoutMarkdown(r: BatchCloseoutReport, cap = MARKDOWN_CAP): string {
  const head = [
    `# cutter closeout: ${r.runId} (batch of ${r.plan.documents.length} documents)`,
    '',
    `- Status: **${r.status}** · mode **${r.mode}** · ${r.closed.length} closed, ${r.notClosed.length} not closed`,
    `- Started ${r.startedAt}, finished ${r.finishedAt}`,
    `- ${summaryLine(r.summary)}`,
    '',
    '| document | prefix | outcome | applied | verification |',
    '|---|---|---|---:|---|',
    ...r.closed.map((c) => `| ${c.document.id} | \`${c.plan.prefix}\` | closed | ${c.execution.applied} | ${c.verification.passed ? 'passed' : 'FAILED'} |`),
    ...r.notClosed.map((o) => `| ${o.document} | \`${o.prefix}\` | ${escapeMd(noteStatus(o))} | | |`),
    '',
    ...problemLines(r.notClosed),
    '## Approvals',
    '',
    ...r.approvals.map((a) => `- ${a.gate}: ${a.decision} by ${a.id} (${a.via}) at ${a.at} for \`${a.fingerprint}\``),
    '',
    '## Documents',
    '',
    '',
  ].join('\n');
  return fitSections(
    head,
    r.closed.length,
    (i, budget) => {
      const c = r.closed[i]!;
      const open = `<details><summary>${html(c.document.id)} <code>${html(c.plan.prefix)}</code>: ${c.execution.applied} operations applied</summary>\n\n`;
      const close = '\n</details>\n\n';
      const text = renderCloseoutMarkdown(c).replace(/^## /gmu, '##### ').replace(/^# /u, '#### ');
      const room = budget - open.length - close.length;
      return `${open}${text.length <= room ? text : `${text.slice(0, room - 120)}\n\n(… cut here; the whole report is in closeout.json)\n`}${close}`;
    },
    (left) => `\n> The reports of ${left.length} closed documents are not shown here to keep this under ${cap.toLocaleString('en')} characters; closeout.json beside this file holds them all.\n`,
    cap,
  );
}

function noteStatus(o: BatchDocumentNote): string {
  if (o.status === 'PAUSED') return `waiting at ${o.gate}`;
  if (o.status === 'EXCLUDED') return 'excluded from the batch';
  if (o.status === 'CLOSEOUT_REPORTED') return 'closed';
  if (o.status === 'RUNNING') return `interrupted before ${o.phase}`;
  return `${o.status.toLowerCase()} in ${o.phase}${o.gate ? ` (${o.gate})` : ''}: ${o.error?.code ?? ''}`;
}

function problemLines(others: readonly BatchDocumentNote[]): string[] {
  const problems = others.filter((o) => o.status === 'FAILED' || o.status === 'STALE');
  if (problems.length === 0) return [];
  return [
    `**${problems.length} document${problems.length === 1 ? '' : 's'} did not get through:**`,
    '',
    ...problems.map((o) => `- ${o.document} (\`${o.prefix}\`), ${o.status} in ${o.phase}: ${escapeMd(clip(o.error?.message ?? '', 500))}${o.error?.hint ? ` — ${escapeMd(o.error.hint)}` : ''}`),
    '',
  ];
}

export { sumSummaries as sumOf } from '../orchestrator/batch-closeout.js';

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
