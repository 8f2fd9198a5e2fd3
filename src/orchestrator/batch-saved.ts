import { batchFingerprint, batchGate, buildBatchGateView } from './batch-gate.js';
import { documentArtifact } from './batch-state.js';
import { storedResults } from './compact-results.js';
import type { BatchGateView } from './batch-views.js';
import type { StateStore } from './ports.js';
import type { RunState } from './run-state.js';
import type { BatchPlan } from '../plan/batch-plan.js';
import type { ResultReader } from './gate-view.js';

/**
 * What a batch's latest sovereign gate showed (or, past the gates, the last one its documents
 * passed), from the saved state alone: no hub needed. Null before any document reached SG_1.
 */
export async function savedBatchGateView(store: StateStore, state: RunState): Promise<BatchGateView | null> {
  const batch = state.batch!;
  const reader = (document: string) => documentResults(store, state.runId, batch.plan, document);
  const paused = batchGate(batch.documents);
  if (paused) {
    return buildBatchGateView({ gate: paused, runId: state.runId, plan: batch.plan, documents: batch.documents, fingerprint: state.fingerprint ?? batchFingerprint(paused, batch.plan, batch.documents), reader });
  }
  // Past the gates: show every document that got through SG_2 as it was shown there.
  const through = batch.documents.map((d) => (d.completed.includes('rebase') ? { ...d, status: 'PAUSED' as const, gate: 'SG_2' as const } : d));
  const gate = through.some((d) => d.status === 'PAUSED') ? 'SG_2' : null;
  if (!gate) return null;
  const approval = [...state.approvals].reverse().find((a) => a.gate === gate);
  return buildBatchGateView({ gate, runId: state.runId, plan: batch.plan, documents: through, fingerprint: approval?.fingerprint ?? batchFingerprint(gate, batch.plan, through), reader });
}

/** One batch document's saved results, unpacked (compact-results.ts); null for a phase not saved. */
export function documentResults(store: Pick<StateStore, 'readArtifact' | 'description'>, runId: string, plan: BatchPlan, document: string): ResultReader {
  const documentPlan = plan.documents.find((p) => p.document === document);
  if (!documentPlan) throw new Error(`document ${document} is not in the batch plan of run ${runId}`);
  return storedResults({ store, runId, plan: documentPlan, name: (phase) => documentArtifact(document, phase) });
}
