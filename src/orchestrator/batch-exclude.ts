import { CutterError, refusal } from '../errors.js';
import type { BatchDrive } from './batch-drive.js';
import type { ResumeOptions } from './runner.js';

/**
 * Drops documents from a paused or failed batch (`resume --exclude`). What the batch's gate shows
 * changes with them, so its fingerprint does too: an approval of what it showed before no longer
 * passes it. A document that already executed cannot be dropped.
 */
export async function excludeDocuments(drive: BatchDrive, exclude: readonly string[], options: Pick<ResumeOptions, 'approval'>): Promise<void> {
  const state = drive.state;
  const runId = state.runId;
  if (options.approval) {
    throw refusal('exclude_with_decision', 'give --exclude alone: dropping a document changes what the gate shows, so review it first and approve that', {
      hint: `cutter resume ${runId} --exclude ${exclude.join(' --exclude ')}`,
    });
  }
  if (state.status !== 'PAUSED' && state.status !== 'FAILED') {
    throw refusal('not_waiting', `run ${runId} is ${state.status}; documents can be dropped only from a paused or failed batch`, { hint: `cutter status ${runId}` });
  }
  const known = new Set(drive.documents().map((d) => d.document));
  const unknown = exclude.filter((e) => !known.has(e));
  if (unknown.length > 0) {
    throw new CutterError('document_not_in_batch', `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in batch ${runId}`, {
      hint: `the batch holds: ${[...known].join(', ')}`,
    });
  }
  const left = drive.documents().filter((d) => d.status !== 'EXCLUDED' && !exclude.includes(d.document));
  if (left.length === 0) {
    throw refusal('batch_empty', 'that would leave no document in the batch', { hint: `to abandon the whole run: cutter abort ${runId}` });
  }
  const closed = drive.documents().filter((d) => exclude.includes(d.document) && (d.status === 'CLOSEOUT_REPORTED' || d.completed.includes('execute')));
  if (closed.length > 0) {
    throw refusal('document_executed', `${closed.map((d) => d.document).join(', ')} already executed and cannot be dropped`, { hint: `cutter status ${runId}` });
  }
  for (const document of exclude) drive.setDocument(document, { status: 'EXCLUDED', gate: null, fingerprint: null });
  await drive.save('documents_excluded', { documents: exclude });
  for (const document of exclude) drive.emit({ type: 'document_excluded', runId, document });
}
