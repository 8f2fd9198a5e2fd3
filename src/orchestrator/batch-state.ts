import type { ChangeSummary } from '../diff/changeset.js';
import type { BatchPlan } from '../plan/batch-plan.js';
import { artifactName } from './artifact-name.js';
import { PHASES, type GateName, type PhaseName, type RunError } from './run-state.js';

/**
 * Where one document of a batch stands. Like a run's status, plus EXCLUDED (dropped from the batch
 * by `resume --exclude`); PAUSED means it waits at `gate` with the rest of the batch.
 */
export type DocumentStatus = 'RUNNING' | 'PAUSED' | 'FAILED' | 'STALE' | 'CLOSEOUT_REPORTED' | 'EXCLUDED';

export interface DocumentRunState {
  readonly document: string;
  readonly prefix: string;
  readonly status: DocumentStatus;
  /** RUNNING/FAILED: the phase to run (again); PAUSED: the phase after its gate. */
  readonly phase: PhaseName;
  /** PAUSED: the sovereign gate; FAILED: the automatic gate that failed, if any. */
  readonly gate: GateName | null;
  /** PAUSED: this document's own fingerprint at the gate (the batch's covers all of them). */
  readonly fingerprint: string | null;
  readonly completed: readonly PhaseName[];
  readonly error: RunError | null;
  /** Units the cut found, once segment ran (for progress views and summaries). */
  readonly units: number | null;
  /** The changeset's summary, once diff ran. */
  readonly summary: ChangeSummary | null;
}

export interface BatchRunState {
  readonly plan: BatchPlan;
  /** In the plan's order. */
  readonly documents: readonly DocumentRunState[];
}

/** Where a document's phase results are kept: beside the run, under the document's id. */
export const documentArtifact = (document: string, phase: PhaseName): string => `documents/${document}/${artifactName(phase)}`;

/** A document that failed is retried from discover while its gate is still ahead (nothing approved is lost). */
export function retryPhase(d: DocumentRunState): PhaseName {
  if (d.status === 'STALE') return 'discover';
  if (d.phase === 'preflight') return 'preflight';
  return PHASES.indexOf(d.phase) <= PHASES.indexOf('diff') ? 'discover' : d.phase;
}

export function isProblem(d: DocumentRunState): boolean {
  return d.status === 'FAILED' || d.status === 'STALE';
}

export function initialDocumentState(document: string, prefix: string): DocumentRunState {
  return { document, prefix, status: 'RUNNING', phase: PHASES[0], gate: null, fingerprint: null, completed: [], error: null, units: null, summary: null };
}
