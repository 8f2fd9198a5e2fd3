import { refusal, type CutterError } from '../errors.js';
import type { ApprovalIndexEntry, DocumentKey } from '../orchestrator/ports.js';
import type { RunState } from '../orchestrator/run-state.js';

/**
 * The refusal when a document already has an active run: names the run, where it stands, who
 * started it, and the commands that continue or end it.
 */
export function runActiveRefusal(holder: RunState, key: DocumentKey): CutterError {
  const where = holder.status === 'PAUSED' && holder.gate ? `PAUSED at ${holder.gate}` : `${holder.status} (phase ${holder.phase})`;
  const by = holder.startedBy ? ` by ${holder.startedBy.user}@${holder.startedBy.host}` : '';
  const next = holder.status === 'PAUSED'
    ? `continue it with cutter resume ${holder.runId} --approval <id>, or end it with cutter abort ${holder.runId}`
    : `if it was interrupted, continue it with cutter resume ${holder.runId}, or end it with cutter abort ${holder.runId}`;
  return refusal('run_active', `document ${key.document} (source ${key.source}) already has an active run ${holder.runId}: ${where}, started ${holder.createdAt}${by}`, {
    hint: next,
    details: { runId: holder.runId, status: holder.status, gate: holder.gate, phase: holder.phase, createdAt: holder.createdAt, source: key.source, document: key.document },
  });
}

/** The refusal when an approval id was used before, anywhere in the store. */
export function approvalReusedRefusal(used: ApprovalIndexEntry): CutterError {
  return refusal('approval_reused', `approval ${used.id} was already used: ${used.decision} ${used.gate} of run ${used.runId} at ${used.at}`, {
    hint: 'an approval records one decision; record the new decision in the hub and give its id',
    details: { approval: used.id, runId: used.runId, gate: used.gate, fingerprint: used.fingerprint, decision: used.decision, at: used.at },
  });
}
