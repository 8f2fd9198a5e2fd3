import type { CutDiagnostic } from '../cut/unit.js';
import type { ChangeEntry, Changeset } from '../diff/changeset.js';
import { diffText } from '../diff/word-diff.js';
import { textKept } from './shown-entries.js';

/**
 * The changes as stable JSON (schemas/changeset.schema.json, `$defs/change`). Unit bodies are
 * left out (the hashes identify the texts); a changed or edited unit carries its word-level diff,
 * whose `=` and `-` parts are the old text and `=` and `+` parts the new one.
 */
export function changesJson(changeset: Changeset): Record<string, unknown>[] {
  return changeset.entries.map(changeJson);
}

function changeJson(e: ChangeEntry): Record<string, unknown> {
  const edited = e.before && e.after && !textKept(e) && (e.kind === 'change' || e.kind === 'renumber');
  const d = edited ? diffText(e.before!.body, e.after!.body) : undefined;
  return {
    kind: e.kind,
    id: e.id,
    ...(e.fromId ? { from_id: e.fromId } : {}),
    heading: e.heading,
    ordinal: e.ordinal,
    ...(e.before && e.after ? { before_ordinal: e.before.ordinal } : {}),
    ...(e.before ? { before_sha256: e.before.sha256 } : {}),
    ...(e.after ? { after_sha256: e.after.sha256 } : {}),
    ...(e.similarity !== undefined && e.kind === 'renumber' ? { similarity: e.similarity } : {}),
    ...(e.moved ? { moved: true } : {}),
    ...(d ? { diff: { granularity: d.granularity, parts: d.parts.map((p) => [p.op, p.text]) } } : {}),
  };
}

/** Only the documented fields, so that the cut adding one does not change this format. */
export function diagnosticJson(d: CutDiagnostic): Record<string, unknown> {
  return { severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column };
}
