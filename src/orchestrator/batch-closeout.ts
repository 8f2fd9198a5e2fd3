import { summarize, type ChangeSummary } from '../diff/changeset.js';
import { documentNote } from './batch-gate.js';
import { documentArtifact } from './batch-state.js';
import type { BatchCloseoutReport } from './batch-views.js';
import type { CloseoutResult } from './phases/closeout.js';
import type { StateStore } from './ports.js';
import type { RunState } from './run-state.js';

/** The batch's closeout: each closed document's own report, and every other one with why. */
export async function batchCloseoutReport(
  store: StateStore, state: RunState, status: 'CLOSEOUT_REPORTED' | 'FAILED', finishedAt: Date,
): Promise<BatchCloseoutReport> {
  const batch = state.batch!;
  const closed = [];
  for (const d of batch.documents) {
    if (d.status !== 'CLOSEOUT_REPORTED') continue;
    const done = await store.readArtifact<CloseoutResult>(state.runId, documentArtifact(d.document, 'closeout'));
    if (done) closed.push(done.report);
  }
  return {
    formatVersion: 1, runId: state.runId, status, mode: batch.plan.mode, plan: batch.plan,
    closed,
    notClosed: batch.documents.filter((d) => d.status !== 'CLOSEOUT_REPORTED').map(documentNote),
    summary: sumSummaries(closed.map((r) => r.summary)),
    approvals: state.approvals, startedAt: state.createdAt, finishedAt: finishedAt.toISOString(),
  };
}

export function sumSummaries(summaries: readonly ChangeSummary[]): ChangeSummary {
  return summaries.reduce<ChangeSummary>((a, s) => ({
    add: a.add + s.add, change: a.change + s.change, renumber: a.renumber + s.renumber,
    retire: a.retire + s.retire, unchanged: a.unchanged + s.unchanged, moved: a.moved + s.moved,
  }), summarize([]));
}
