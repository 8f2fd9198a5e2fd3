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
  if (view.pins && !isEmpty(changeset)) out.push('', ...pinLines(view.pins));
  return `${out.join('\n')}\n`;
}

/** The approvals block a reviewer pastes into the plan once the decisions are recorded. */
export function pinLines(pins: NonNullable<GateView['pins']>): string[] {
  return [
    'To apply without stopping at the gates, record each decision in the hub and pin it in the plan:',
    'approvals:',
    `  SG_1: { id: KB-…, fingerprint: "${pins.SG_1}" }`,
    `  SG_2: { id: KB-…, fingerprint: "${pins.SG_2}" }   # as SG_2 will show it if the hub does not change`,
  ];
}

/** One run, for `cutter status`. */
export function renderRunTerminal(state: RunState, options: TerminalOptions): string {
  const c = palette(options.color);
  const colour = state.status === 'CLOSEOUT_REPORTED' ? c.green : state.status === 'PAUSED' ? c.yellow : state.status === 'RUNNING' ? c.cyan : c.red;
  const lines = [
    `${c.bold(state.runId)}  ${colour(state.status)}${state.gate ? ` at ${state.gate}` : ''}  phase ${state.phase}`,
    `  plan      ${state.planFile ?? '(library)'}  ${state.plan.document} → ${state.plan.prefix}  mode ${state.plan.mode}`,
    `  created   ${state.createdAt}${state.startedBy ? ` by ${state.startedBy.user}@${state.startedBy.host}` : ''}   updated ${state.updatedAt}`,
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
export function renderRunListTerminal(states: readonly RunState[], options: TerminalOptions & { readonly now?: Date }): string {
  const c = palette(options.color);
  if (states.length === 0) return 'No runs yet. Start one with: cutter apply <plan.yaml>\n';
  const now = options.now ?? new Date();
  // A batch shows its first document and how many more it holds.
  const more = (s: RunState): string => (s.batch && s.batch.documents.length > 1 ? ` +${s.batch.documents.length - 1}` : '');
  const head = ['RUN', 'STATUS', 'PHASE', 'DOCUMENT', 'PREFIX', 'MODE', 'STARTED BY', 'AGE'];
  const rows = states.map((s) => [
    s.runId, s.status + (s.gate ? ` ${s.gate}` : ''), s.phase, s.plan.document + more(s), s.plan.prefix + more(s), s.plan.mode,
    s.startedBy ? `${s.startedBy.user}@${s.startedBy.host}` : '-', age(s.createdAt, now),
  ]);
  const widths = head.map((h, i) => Math.max(...rows.map((r) => r[i]!.length), h.length));
  const fmt = (r: string[]): string => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${c.bold(fmt(head))}\n${rows.map(fmt).join('\n')}\n`;
}

/** How long ago `iso` was, in the largest whole unit: 40s, 12m, 3h, 2d. */
function age(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** The end of a run, for `cutter resume` at CLOSEOUT_REPORTED. */
export function renderCloseoutTerminal(report: CloseoutReport, files: readonly string[], options: TerminalOptions): string {
  const c = palette(options.color);
  const v = report.verification;
  return [
    `${c.bold('CLOSEOUT_REPORTED')}  ${report.runId}  (${report.document.id} rev ${report.document.revision}, ${report.mode})`,
    summaryLine(report.summary),
    `Executed on the ${report.execution.target}: ${report.execution.applied} operations applied, ${report.execution.skipped} already in place.`,
    ...executionLines(report),
    `${v.gate} verification ${v.passed ? c.green('passed') : c.red('FAILED')}: ${v.checks.map((ch) => ch.message).join('; ')}.`,
    ...files.map((f) => `Report: ${f}`),
    '',
  ].join('\n');
}

/** The journal token and counts of an execution; nothing when there was nothing to execute. */
function executionLines(report: CloseoutReport): string[] {
  const x = report.execution;
  // Reports written before the journal existed have no token or counts.
  if (!x.token) return [];
  const counts = x.counts ? ` (${x.counts.insert} inserted, ${x.counts.update} updated, ${x.counts.retire} retired)` : '';
  const by = x.enabledBy?.length ? `; enabled by ${x.enabledBy.join(' and ')}` : '';
  return [`Execution token ${x.token}${counts}${by}.`];
}
