import type { SegmentResult } from '../cut/unit.js';
import type { Plan, SovereignGate } from '../plan/plan.js';
import type { DiffResult } from './phases/diff.js';
import type { DiscoverResult } from './phases/discover.js';
import type { RebaseResult } from './phases/rebase.js';
import type { PhaseName } from './run-state.js';
import { requiredResults } from './compact-results.js';
import type { StateStore } from './ports.js';
import type { GateView } from './views.js';


/** Reads an earlier phase's result, from memory or from the store. */
export type ResultReader = <T>(phase: PhaseName) => Promise<T | null | undefined>;

/** What a sovereign gate shows, assembled from the results of the phases before it. */
export async function buildGateView(
  gate: SovereignGate, runId: string | null, plan: Plan, result: ResultReader, notes: readonly string[],
): Promise<GateView> {
  const discovered = await result<DiscoverResult>('discover');
  const cut = await result<SegmentResult>('segment');
  const diffed = await result<DiffResult>('diff');
  if (!discovered || !cut || !diffed) throw new Error(`the results behind ${gate} are missing`);
  const rebased = gate === 'SG_2' ? await result<RebaseResult>('rebase') : null;
  const { document } = discovered;
  return {
    gate, runId, plan,
    document: { id: document.id, title: document.title, revision: document.revision },
    fingerprint: rebased?.fingerprint ?? diffed.fingerprint,
    changeset: diffed.changeset,
    ...(rebased ? { operations: rebased.operations } : {}),
    diagnostics: cut.diagnostics,
    notes,
  };
}

/**
 * What a run's latest sovereign gate showed, from its saved state alone (no hub needed), or null
 * when the run has not reached one. Returns null for an unknown run too.
 */
export async function savedGateView(store: StateStore, runId: string): Promise<GateView | null> {
  const state = await store.load(runId);
  if (!state) return null;
  // A phase recorded as completed must have its result: a missing one is damage, not "no gate yet".
  const required = requiredResults({ store, runId, plan: state.plan });
  const read: ResultReader = async <T>(p: PhaseName) => (state.completed.includes(p) ? required<T>(p) : null);
  // A rebase that found drift ended the run STALE without ever showing SG_2.
  const reachedSg2 = state.completed.includes('rebase') && (await read<RebaseResult>('rebase'))?.fingerprint != null;
  const gate: SovereignGate | null = reachedSg2 ? 'SG_2' : state.completed.includes('diff') ? 'SG_1' : null;
  if (!gate) return null;
  return buildGateView(gate, runId, state.plan, read, []);
}
