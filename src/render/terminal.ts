import type { RunState } from '../orchestrator/run-state.js';
import type { CloseoutReport, GateView } from '../orchestrator/views.js';
import { changesetLines, palette, type TerminalOptions } from './changeset-terminal.js';
import { isEmpty } from '../diff/changeset.js';
import { operationsLine, summaryLine } from './summary.js';

export type { TerminalOptions } from './changeset-terminal.js';

/** The gate view in the diff style of DESIGN §6. */
export function renderGateTerminal(view: GateView, options: TerminalOptions): string {
  const c = palette(options.color);
  const { changeset, plan, document } = view;
  const out: string[] = [
    `${c.bold(view.gate)}  ${c.bold(plan.prefix)}  (${document.id} rev ${document.revision}, profile ${plan.cut.profile}, ${plan.mode})`,
    // In full: it is what --fingerprint takes, and a shortened one cannot bind an approval.
    `fingerprint ${view.fingerprint}`,
    c.bold(summaryLine(changeset.summary)),
    '',
    ...changesetLines(changeset, options),
  ];
  if (isEmpty(changeset)) out.push('  No changes: the hub already holds these units.');
  if (view.operations) out.push('', operationsLine(view.operations));
  const warnings = view.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length > 0) {
    out.push('', c.yellow(`${warnings.length} warning(s) from the cut:`));
    for (const d of warnings.slice(0, 10)) out.push(c.yellow(`  line ${d.line}:${d.column}  ${d.message}`));
    if (warnings.length > 10) out.push(c.yellow(`  … and ${warnings.length - 10} more`));
  }
  for (const n of view.notes) out.push('', c.yellow(`Note: ${n}`));
  return `${out.join('\n')}\n`;
}

/** One run, for `cutter status`. */
export function renderRunTerminal(state: RunState, options: TerminalOptions): string {
  const c = palette(options.color);
  const colour = state.status === 'CLOSEOUT_REPORTED' ? c.green : state.status === 'PAUSED' ? c.yellow : state.status === 'RUNNING' ? c.cyan : c.red;
  const lines = [
    `${c.bold(state.runId)}  ${colour(state.status)}${state.gate ? ` at ${state.gate}` : ''}  phase ${state.phase}`,
    `  plan      ${state.planFile ?? '(library)'}  ${state.plan.document} → ${state.plan.prefix}  mode ${state.plan.mode}`,
    `  created   ${state.createdAt}   updated ${state.updatedAt}`,
    `  phases    ${state.completed.join(' → ') || '(none yet)'}`,
  ];
  if (state.fingerprint) lines.push(`  waiting   ${state.gate} fingerprint ${state.fingerprint}`);
  for (const d of state.batch?.documents ?? []) {
    const where = d.status === 'PAUSED' ? `at ${d.gate}` : d.status === 'RUNNING' ? `before ${d.phase}` : d.status === 'FAILED' || d.status === 'STALE' ? `in ${d.phase}: ${d.error?.code ?? ''}` : '';
    // A batch that ended (rejected, aborted) leaves its documents where they stood: say so.
    const left = (state.status === 'REJECTED' || state.status === 'ABORTED') && (d.status === 'PAUSED' || d.status === 'RUNNING') ? 'left ' : '';
    lines.push(`  document  ${d.document} → ${d.prefix}  ${left}${d.status}${where ? ` ${where}` : ''}`);
  }
  for (const a of state.approvals) lines.push(`  ${a.gate}      ${a.decision} by ${a.id} (${a.via}) at ${a.at}`);
  if (state.error) {
    lines.push(c.red(`  error     ${state.error.code}: ${state.error.message}`));
    if (state.error.hint) lines.push(`  hint      ${state.error.hint}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A table of runs, for `cutter status` without a run id. */
export function renderRunListTerminal(states: readonly RunState[], options: TerminalOptions): string {
  const c = palette(options.color);
  if (states.length === 0) return 'No runs yet. Start one with: cutter apply <plan.yaml>\n';
  // A batch shows its first document and how many more it holds.
  const more = (s: RunState): string => (s.batch && s.batch.documents.length > 1 ? ` +${s.batch.documents.length - 1}` : '');
  const rows = states.map((s) => [s.runId, s.status + (s.gate ? ` ${s.gate}` : ''), s.phase, s.plan.document + more(s), s.plan.prefix + more(s), s.plan.mode]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length), ['RUN', 'STATUS', 'PHASE', 'DOCUMENT', 'PREFIX', 'MODE'][i]!.length));
  const fmt = (r: string[]): string => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${c.bold(fmt(['RUN', 'STATUS', 'PHASE', 'DOCUMENT', 'PREFIX', 'MODE']))}\n${rows.map(fmt).join('\n')}\n`;
}

/** The end of a run, for `cutter resume` at CLOSEOUT_REPORTED. */
export function renderCloseoutTerminal(report: CloseoutReport, files: readonly string[], options: TerminalOptions): string {
  const c = palette(options.color);
  const v = report.verification;
  return [
    `${c.bold('CLOSEOUT_REPORTED')}  ${report.runId}  (${report.document.id} rev ${report.document.revision}, ${report.mode})`,
    summaryLine(report.summary),
    `Executed on the ${report.execution.target}: ${report.execution.applied} operations applied, ${report.execution.skipped} already in place.`,
    `${v.gate} verification ${v.passed ? c.green('passed') : c.red('FAILED')}: ${v.checks.map((ch) => ch.message).join('; ')}.`,
    ...files.map((f) => `Report: ${f}`),
    '',
  ].join('\n');
}
