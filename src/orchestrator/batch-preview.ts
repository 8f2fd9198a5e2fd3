import type { BatchPlan } from '../plan/batch-plan.js';
import type { Plan } from '../plan/plan.js';
import { pool } from './batch-drive.js';
import { batchFingerprint, buildBatchGateView } from './batch-gate.js';
import { initialDocumentState, type DocumentRunState } from './batch-state.js';
import type { BatchGateView } from './batch-views.js';
import type { ResultReader } from './gate-view.js';
import type { PhaseDeps } from './phase.js';
import { PHASE_MODULES } from './phases/index.js';
import type { DiffResult } from './phases/diff.js';
import { PHASES, type PhaseName } from './run-state.js';
import { gateError } from './gates.js';
import { toRunError } from './runner.js';

/**
 * Phases 1–7 of every document in memory, for `cutter plan` of a batch: nothing is persisted and
 * no run is created. A document that fails is named in the view; the others are shown.
 */
export async function previewBatch(
  batch: BatchPlan,
  env: { readonly deps: (plan: Plan) => PhaseDeps; readonly parallel: number; readonly now: () => Date; readonly executionEnabled: boolean },
  planFile: string | null = null,
): Promise<BatchGateView> {
  const results = new Map<string, Map<PhaseName, unknown>>();
  const documents = new Map<string, DocumentRunState>();
  await pool(batch.documents, env.parallel, async (plan) => {
    const held = new Map<PhaseName, unknown>();
    results.set(plan.document, held);
    let doc = initialDocumentState(plan.document, plan.prefix);
    const ctx = {
      plan, runId: null, deps: env.deps(plan), preview: true, approvals: [], startedAt: env.now().toISOString(), journal: null,
      result: async <T>(p: PhaseName): Promise<T> => held.get(p) as T,
    };
    try {
      for (const name of PHASES.slice(0, PHASES.indexOf('diff') + 1)) {
        doc = { ...doc, phase: name };
        const outcome = await PHASE_MODULES[name].run(ctx);
        held.set(name, outcome.result);
        if (outcome.gate?.kind === 'automatic' && !outcome.gate.checks.every((c) => c.passed)) {
          doc = { ...doc, gate: outcome.gate.gate };
          throw gateError(outcome.gate.gate, outcome.gate.checks, planFile);
        }
      }
      const diffed = held.get('diff') as DiffResult;
      doc = { ...doc, status: 'PAUSED', gate: 'SG_1', fingerprint: diffed.fingerprint, phase: 'rebase', summary: diffed.changeset.summary };
    } catch (e) {
      doc = { ...doc, status: 'FAILED', error: toRunError(e) };
    }
    documents.set(plan.document, doc);
  });
  const ordered = batch.documents.map((p) => documents.get(p.document)!);
  const notes = batch.mode === 'live' && !env.executionEnabled
    ? ['mode is live but execution is disabled: cutter apply will refuse this plan at G0'] : [];
  return buildBatchGateView({
    gate: 'SG_1', runId: null, plan: batch, documents: ordered, fingerprint: batchFingerprint('SG_1', batch, ordered), notes,
    reader: (document) => (<T>(p: PhaseName) => Promise.resolve(results.get(document)?.get(p) as T | undefined)) as ResultReader,
  });
}
