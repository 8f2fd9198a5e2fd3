import { fingerprintOf } from '../diff/fingerprint.js';
import type { BatchPlan } from '../plan/batch-plan.js';
import type { SovereignGate } from '../plan/plan.js';
import { FORMAT_VERSION } from '../version.js';
import type { DocumentRunState } from './batch-state.js';
import type { BatchDocumentNote, BatchGateView } from './batch-views.js';
import { buildGateView, type ResultReader } from './gate-view.js';
import type { GateView } from './views.js';

/**
 * The fingerprint of what a batch's sovereign gate shows: each waiting document's own gate
 * fingerprint (which binds its changeset, snapshot and plan), and the state of every other
 * document, so that dropping or losing one (`--exclude`, a failure) shows something else and
 * voids an approval given before.
 */
export function batchFingerprint(gate: SovereignGate, plan: BatchPlan, documents: readonly DocumentRunState[]): string {
  return fingerprintOf({
    gate,
    formatVersion: FORMAT_VERSION,
    batch: { mode: plan.mode, source: plan.source },
    documents: documents.map((d) =>
      d.status === 'PAUSED' && d.gate === gate
        ? { document: d.document, fingerprint: d.fingerprint }
        : { document: d.document, status: d.status, gate: d.gate, error: d.error?.code ?? null },
    ),
  });
}

/** The lowest sovereign gate any document waits at: the batch stops there until it is approved. */
export function batchGate(documents: readonly DocumentRunState[]): SovereignGate | null {
  if (documents.some((d) => d.status === 'PAUSED' && d.gate === 'SG_1')) return 'SG_1';
  if (documents.some((d) => d.status === 'PAUSED' && d.gate === 'SG_2')) return 'SG_2';
  return null;
}

export function documentNote(d: DocumentRunState): BatchDocumentNote {
  return { document: d.document, prefix: d.prefix, status: d.status, phase: d.phase, gate: d.gate, error: d.error };
}

/** Assembles the batch view from each waiting document's own gate view. */
export async function buildBatchGateView(input: {
  readonly gate: SovereignGate;
  readonly runId: string | null;
  readonly plan: BatchPlan;
  readonly documents: readonly DocumentRunState[];
  readonly fingerprint: string;
  readonly reader: (document: string) => ResultReader;
  readonly notes?: readonly string[];
}): Promise<BatchGateView> {
  const shown: GateView[] = [];
  const others: BatchDocumentNote[] = [];
  for (const d of input.documents) {
    if (d.status === 'PAUSED' && d.gate === input.gate) {
      const plan = input.plan.documents.find((p) => p.document === d.document)!;
      shown.push(await buildGateView(input.gate, input.runId, plan, input.reader(d.document), []));
    } else {
      others.push(documentNote(d));
    }
  }
  const notes = [...(input.notes ?? [])];
  const failed = others.filter((o) => o.status === 'FAILED' || o.status === 'STALE');
  if (failed.length > 0) {
    notes.push(`${failed.length} document(s) did not reach ${input.gate}: ${failed.map((o) => o.document).join(', ')}. ` +
      'An approval of this gate passes only the documents shown; the others can be retried once the cause is fixed, or dropped from the batch.');
  }
  return { gate: input.gate, runId: input.runId, plan: input.plan, fingerprint: input.fingerprint, documents: shown, others, notes };
}
