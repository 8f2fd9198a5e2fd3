import type { BatchGateView } from '../orchestrator/batch-views.js';
import { FORMAT_VERSION } from '../version.js';
import { sumOf } from './batch-markdown.js';
import { gateJson } from './json.js';

/** Stable JSON of a batch's gate: the combined fingerprint, then each document as `gateJson` gives it. */
export function batchGateJson(view: BatchGateView): Record<string, unknown> {
  return {
    format_version: FORMAT_VERSION,
    gate: view.gate,
    run_id: view.runId,
    batch: true,
    mode: view.plan.mode,
    source: view.plan.source,
    fingerprint: view.fingerprint,
    summary: sumOf(view.documents.map((d) => d.changeset.summary)),
    documents: view.documents.map(gateJson),
    others: view.others,
    notes: view.notes,
  };
}
