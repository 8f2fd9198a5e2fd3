import type { RunState } from '../orchestrator/run-state.js';
import type { GateView } from '../orchestrator/views.js';
import { FORMAT_VERSION } from '../version.js';
import { changesJson, diagnosticJson } from './changeset-json.js';

/** Stable, versioned JSON of a gate view, described by schemas/changeset.schema.json. */
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
    changes: changesJson(view.changeset),
    ...(view.operations ? { operations: view.operations.map((o) => ({ op: o.op, iu_id: o.iuId })) } : {}),
    diagnostics: view.diagnostics.map(diagnosticJson),
    notes: view.notes,
    ...(view.pins ? { pins: view.pins } : {}),
  };
}

export function runJson(state: RunState): Record<string, unknown> {
  return { format_version: FORMAT_VERSION, run: state };
}
