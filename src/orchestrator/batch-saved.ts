import { batchFingerprint, batchGate, buildBatchGateView } from './batch-gate.js';
import { documentArtifact } from './batch-state.js';
import type { BatchGateView } from './batch-views.js';
import type { StateStore } from './ports.js';
import type { RunState } from './run-state.js';

/**
 * What a batch's latest sovereign gate showed (or, past the gates, the last one its documents
 * passed), from the saved state alone: no hub needed. Null before any document reached SG_1.
 */
export async function savedBatchGateView(store: StateStore, state: RunState): Promise<BatchGateView | null> {
  const batch = state.batch!;
  const reader = (document: string) => <T>(p: Parameters<typeof documentArtifact>[1]) => store.readArtifact<T>(state.runId, documentArtifact(document, p));
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
