import { refusal, type CutterError } from '../errors.js';
import type { ApprovalIndexEntry, DocumentKey } from '../orchestrator/ports.js';
import { activeDocuments, type RunState } from '../orchestrator/run-state.js';

/*
 * The refusals of the StateStore contract, worded once for every store (files, PostgreSQL), so a
 * person reads the same message whichever store a team uses.
 */

/** A document key as one comparable string. */
export function keyOf(key: DocumentKey): string {
  return JSON.stringify([key.source, key.document]);
}

/** The `run_active` refusal (the port's contract): details name the run that holds the document. */
export function runActive(holder: RunState, keys: readonly DocumentKey[]): CutterError {
  const held = activeDocuments(holder).find((k) => keys.some((w) => keyOf(w) === keyOf(k))) ?? keys[0]!;
  const where = holder.status === 'PAUSED' ? `paused at ${holder.gate}` : `${holder.status} in phase ${holder.phase}`;
  return refusal('run_active', `document ${held.document} of source ${held.source} already has an active run: ${holder.runId} (${where})`, {
    hint: `continue it with cutter resume ${holder.runId}, or end it with cutter abort ${holder.runId}`,
    details: { runId: holder.runId, status: holder.status, gate: holder.gate, phase: holder.phase, createdAt: holder.createdAt, source: held.source, document: held.document },
  });
}

/** The `approval_reused` refusal (the port's contract): details name the run and gate that used the id. */
export function approvalReused(id: string, used: ApprovalIndexEntry | null): CutterError {
  return refusal('approval_reused', used
    ? `approval ${id} was already used: ${used.decision} at ${used.gate} of run ${used.runId}`
    : `approval ${id} was already used`, {
    hint: 'an approval id records one decision; record a new decision and give its id',
    details: { approval: id, runId: used?.runId ?? null, gate: used?.gate ?? null, fingerprint: used?.fingerprint ?? null, at: used?.at ?? null },
  });
}
