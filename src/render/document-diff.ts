import type { DocumentDiff } from '../diff/diff-documents.js';
import { FORMAT_VERSION } from '../version.js';
import { changesJson, diagnosticJson } from './changeset-json.js';
import { changesetMarkdown, MARKDOWN_CAP, summaryTable } from './changeset-markdown.js';
import { changesetLines, palette, type TerminalOptions } from './changeset-terminal.js';
import { isEmpty } from '../diff/changeset.js';
import { summaryLine } from './summary.js';

/** What `cutter diff` shows: two files cut the same way, and the changeset between them. */
export interface DocumentDiffView extends DocumentDiff {
  readonly oldFile: string;
  readonly newFile: string;
  readonly profile: string;
  readonly prefix: string;
  readonly unit: string | undefined;
}

const MAX_DIAGNOSTICS = 10;

export function renderDocumentDiffTerminal(view: DocumentDiffView, options: TerminalOptions): string {
  const c = palette(options.color);
  const out = [
    `${c.bold('cutter diff')}  ${view.oldFile} → ${view.newFile}  (profile ${view.profile}${view.unit ? `, unit ${view.unit}` : ''}, prefix ${view.prefix}; ${view.old.units} → ${view.new.units} units)`,
    c.bold(summaryLine(view.changeset.summary, 'Diff')),
    '',
    ...changesetLines(view.changeset, options),
  ];
  if (isEmpty(view.changeset)) out.push('  No changes: both revisions cut into the same units.');
  for (const [file, diagnostics] of [[view.oldFile, view.old.diagnostics], [view.newFile, view.new.diagnostics]] as const) {
    if (diagnostics.length === 0) continue;
    out.push('', c.yellow(`${diagnostics.length} diagnostic(s) from cutting ${file}:`));
    for (const d of diagnostics.slice(0, MAX_DIAGNOSTICS)) out.push(c.yellow(`  ${file}:${d.line}:${d.column}  ${d.severity} ${d.code}: ${d.message}`));
    if (diagnostics.length > MAX_DIAGNOSTICS) out.push(c.yellow(`  … and ${diagnostics.length - MAX_DIAGNOSTICS} more (cutter cut ${file} lists them all)`));
  }
  return `${out.join('\n')}\n`;
}

export function renderDocumentDiffMarkdown(view: DocumentDiffView, cap = MARKDOWN_CAP): string {
  const head = [
    `### cutter diff: \`${view.oldFile}\` → \`${view.newFile}\``,
    '',
    `**${summaryLine(view.changeset.summary, 'Diff')}**`,
    '',
    summaryTable(view.changeset.summary),
    '',
    `Profile \`${view.profile}\`${view.unit ? ` · unit \`${view.unit}\`` : ''} · prefix \`${view.prefix}\` · ${view.old.units} → ${view.new.units} units`,
    '',
    '',
  ].join('\n');
  const errors = [...view.old.diagnostics, ...view.new.diagnostics].filter((d) => d.severity === 'error').length;
  const tail = errors > 0 ? `> **Note:** the cut reported ${errors} error(s); run \`cutter cut\` on each file to see them.\n` : '';
  const unit = view.unit ? ` --unit ${view.unit}` : '';
  return changesetMarkdown(view.changeset, head, tail, {
    cap,
    seeAll: `cutter diff ${view.oldFile} ${view.newFile} --profile ${view.profile} --prefix ${view.prefix}${unit} --detail`,
  });
}

/** Stable JSON, described by schemas/changeset.schema.json. */
export function documentDiffJson(view: DocumentDiffView): Record<string, unknown> {
  return {
    format_version: FORMAT_VERSION,
    old: { file: view.oldFile, units: view.old.units },
    new: { file: view.newFile, units: view.new.units },
    profile: view.profile,
    ...(view.unit ? { unit: view.unit } : {}),
    prefix: view.prefix,
    summary: view.changeset.summary,
    changes: changesJson(view.changeset),
    diagnostics: { old: view.old.diagnostics.map(diagnosticJson), new: view.new.diagnostics.map(diagnosticJson) },
  };
}
