import type { RunState } from '../orchestrator/run-state.js';
import type { GateView } from '../orchestrator/views.js';
import { FORMAT_VERSION } from '../version.js';

/** Stable, versioned JSON of a gate view. Unit bodies are left out; hashes identify the texts. */
export function gateJson(view: GateView): Record<string, unknown> {
  return {
    format_version: FORMAT_VERSION,
    gate: view.gate,
    run_id: view.runId,
    document: view.document,
    prefix: view.plan.prefix,
    mode: view.plan.mode,
    fingerprint: view.fingerprint,
    summary: view.changeset.summary,
    changes: view.changeset.entries.map((e) => ({
      kind: e.kind,
      id: e.id,
      ...(e.fromId ? { from_id: e.fromId } : {}),
      heading: e.heading,
      ordinal: e.ordinal,
      ...(e.before ? { before_sha256: e.before.sha256 } : {}),
      ...(e.after ? { after_sha256: e.after.sha256 } : {}),
      ...(e.similarity !== undefined ? { similarity: e.similarity } : {}),
    })),
    ...(view.operations ? { operations: view.operations.map((o) => ({ op: o.op, iu_id: o.iuId })) } : {}),
    diagnostics: view.diagnostics,
    notes: view.notes,
  };
}

export function runJson(state: RunState): Record<string, unknown> {
  return { format_version: FORMAT_VERSION, run: state };
}
