import type { BatchCloseoutReport, BatchDocumentNote, BatchGateView } from '../orchestrator/batch-views.js';
import { palette, type TerminalOptions } from './changeset-terminal.js';
import { sumOf } from './batch-markdown.js';
import { summaryLine } from './summary.js';
import { renderGateTerminal } from './terminal.js';

/** A batch's gate: the table of every document first, then each waiting document's diff. */
export function renderBatchGateTerminal(view: BatchGateView, options: TerminalOptions): string {
  const c = palette(options.color);
  const total = sumOf(view.documents.map((d) => d.changeset.summary));
  const rows = [
    ...view.documents.map((d) => {
      const s = d.changeset.summary;
      return [d.document.id, d.plan.prefix, String(s.add), String(s.change), String(s.renumber), String(s.retire), String(s.unchanged), `at ${view.gate}`];
    }),
    ...view.others.map((o) => [o.document, o.prefix, '', '', '', '', '', statusOf(o)]),
  ];
  const out = [
    `${c.bold(view.gate)}  batch of ${view.plan.documents.length} documents (${view.plan.mode})   fingerprint ${view.fingerprint}`,
    c.bold(`${summaryLine(total)} (${view.documents.length} at ${view.gate})`),
    '',
    ...table(['DOCUMENT', 'PREFIX', 'ADD', 'CHANGE', 'RENUMBER', 'RETIRE', 'UNCHANGED', 'STATUS'], rows).map((l, i) => (i === 0 ? c.bold(l) : l)),
    ...problems(view.others).map((l) => c.red(l)),
  ];
  for (const d of view.documents) out.push('', renderGateTerminal(d, options).trimEnd());
  for (const n of view.notes) out.push('', c.yellow(`Note: ${n}`));
  return `${out.join('\n')}\n`;
}

export function renderBatchCloseoutTerminal(r: BatchCloseoutReport, files: readonly string[], options: TerminalOptions): string {
  const c = palette(options.color);
  const rows = [
    ...r.closed.map((x) => [x.document.id, x.plan.prefix, 'closed', `${x.execution.applied} applied`, x.verification.passed ? 'verified' : 'VERIFICATION FAILED']),
    ...r.notClosed.map((o) => [o.document, o.prefix, statusOf(o), '', '']),
  ];
  return [
    `${c.bold(r.status)}  ${r.runId}  (batch of ${r.plan.documents.length}, ${r.mode}): ${r.closed.length} closed, ${r.notClosed.length} not closed`,
    summaryLine(r.summary),
    '',
    ...table(['DOCUMENT', 'PREFIX', 'OUTCOME', 'EXECUTION', 'G2'], rows),
    ...problems(r.notClosed).map((l) => c.red(l)),
    ...files.map((f) => `Report: ${f}`),
    '',
  ].join('\n');
}

function statusOf(o: BatchDocumentNote): string {
  if (o.status === 'PAUSED') return `waiting at ${o.gate}`;
  if (o.status === 'EXCLUDED') return 'excluded';
  if (o.status === 'CLOSEOUT_REPORTED') return 'closed';
  if (o.status === 'RUNNING') return `interrupted before ${o.phase}`;
  return `${o.status} in ${o.phase}${o.gate ? ` (${o.gate})` : ''}`;
}

function problems(notes: readonly BatchDocumentNote[]): string[] {
  const failed = notes.filter((o) => o.status === 'FAILED' || o.status === 'STALE');
  return failed.length === 0 ? [] : ['', ...failed.flatMap((o) => [
    `${o.document}: error[${o.error?.code ?? o.status.toLowerCase()}] ${o.error?.message ?? ''}`,
    ...(o.error?.hint ? [`  hint: ${o.error.hint}`] : []),
  ])];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: readonly string[]): string => `  ${r.map((v, i) => v.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}
