import type { Phase } from '../phase.js';
import type { CloseoutReport } from '../views.js';
import type { DiffResult } from './diff.js';
import type { ExecuteResult } from './execute.js';
import type { PreflightResult } from './preflight.js';
import type { RebaseResult } from './rebase.js';
import type { Snapshot } from './snapshot.js';
import type { VerifyResult } from './verify.js';

export interface CloseoutResult {
  readonly report: CloseoutReport;
  readonly files: readonly string[];
}

/** Phase 11: write the closeout report (Markdown and JSON) through the reporter. */
export const closeout: Phase<CloseoutResult> = {
  name: 'closeout',
  async run(ctx) {
    const snap = await ctx.result<Snapshot>('snapshot');
    const { changeset, fingerprint: sg1 } = await ctx.result<DiffResult>('diff');
    const { fingerprint: sg2 } = await ctx.result<RebaseResult>('rebase');
    const executed = await ctx.result<ExecuteResult>('execute');
    const verified = await ctx.result<VerifyResult>('verify');
    const preflight = await ctx.result<PreflightResult>('preflight');
    const applied = executed.outcomes.filter((o) => o.outcome === 'applied').length;
    const appliedOf = (op: string): number => executed.outcomes.filter((o) => o.op === op && o.outcome === 'applied').length;
    const report: CloseoutReport = {
      formatVersion: 1,
      runId: ctx.runId ?? '',
      status: 'CLOSEOUT_REPORTED',
      mode: ctx.plan.mode,
      plan: ctx.plan,
      document: { id: snap.documentId, title: snap.title, revision: snap.revision },
      summary: changeset.summary,
      execution: {
        target: executed.target,
        token: executed.token ?? null,
        enabledBy: ctx.plan.mode === 'live' ? (preflight.executionEnabledBy ?? []) : [],
        counts: {
          insert: appliedOf('insert'), update: appliedOf('update'), retire: appliedOf('retire'),
        },
        applied,
        skipped: executed.outcomes.length - applied,
        operations: executed.outcomes,
      },
      verification: { gate: 'G2', passed: verified.checks.every((c) => c.passed), checks: verified.checks },
      approvals: ctx.approvals,
      fingerprints: { SG_1: sg1, ...(sg2 ? { SG_2: sg2 } : {}) },
      startedAt: ctx.startedAt,
      finishedAt: ctx.deps.now().toISOString(),
    };
    return { result: { report, files: await ctx.deps.reporter.closeout(report) } };
  },
};
