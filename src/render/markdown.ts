import { isEmpty } from '../diff/changeset.js';
import type { CloseoutReport, GateView } from '../orchestrator/views.js';
import { changesetMarkdown, escapeMd, MARKDOWN_CAP, summaryTable } from './changeset-markdown.js';
import { operationsLine, summaryLine } from './summary.js';

export { MARKDOWN_CAP } from './changeset-markdown.js';

/** The gate view for a pull-request comment or a gate report: summary first, details folded. */
export function renderGateMarkdown(view: GateView, cap = MARKDOWN_CAP): string {
  const head = [
    `### cutter ${view.gate}: \`${view.plan.prefix}\` (${view.document.id} rev ${view.document.revision})`,
    '',
    `**${summaryLine(view.changeset.summary)}**`,
    '',
    summaryTable(view.changeset.summary),
    '',
    `Document: ${escapeMd(view.document.title)} · profile \`${view.plan.cut.profile}\` · unit \`${view.plan.cut.unit}\` · mode \`${view.plan.mode}\`${view.runId ? ` · run \`${view.runId}\`` : ''}`,
    '',
    `Fingerprint: \`${view.fingerprint}\``,
    '',
    ...(view.pins && !isEmpty(view.changeset) ? [pinMarkdown(view.pins), ''] : []),
    ...(view.operations ? [operationsLine(view.operations), ''] : []),
    '',
  ].join('\n');
  const notes = view.notes.map((n) => `> **Note:** ${escapeMd(n)}\n`).join('\n');
  const seeAll = view.runId ? `cutter show ${view.runId} --detail` : 'cutter plan <plan.yaml> --detail';
  return changesetMarkdown(view.changeset, head, notes, { cap, seeAll });
}

/** The approvals block for the plan, as a reviewer pastes it once the decisions are recorded. */
function pinMarkdown(pins: NonNullable<GateView['pins']>): string {
  return [
    'To apply without stopping at the gates, record each decision in the hub and pin it in the plan (SG_2 as it will show if the hub does not change):',
    '',
    '```yaml',
    'approvals:',
    `  SG_1: { id: KB-…, fingerprint: "${pins.SG_1}" }`,
    `  SG_2: { id: KB-…, fingerprint: "${pins.SG_2}" }`,
    '```',
  ].join('\n');
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
    ...(r.execution.token
      ? ['', `- Execution token: \`${r.execution.token}\` (recorded on the hub in the same transaction)`,
        ...(r.execution.counts ? [`- Applied: ${r.execution.counts.insert} inserted, ${r.execution.counts.update} updated, ${r.execution.counts.retire} retired`] : []),
        ...(r.execution.enabledBy?.length ? [`- Execution enabled by: ${r.execution.enabledBy.join(', ')}`] : [])]
      : []),
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

