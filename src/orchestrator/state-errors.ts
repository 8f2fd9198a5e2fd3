import { CutterError } from '../errors.js';
import type { PhaseName } from './run-state.js';

/*
 * The errors of run state that cannot be trusted. They belong to the orchestrator (it raises them
 * when a saved result is missing or damaged) and every StateStore raises them on read
 * (src/state/read-state.ts); stores already depend on the orchestrator's ports, so the errors live
 * here and the orchestrator never imports a store's code.
 */

/** The error for state that cannot be trusted; `where` is a file path or a row's description. */
export function stateCorrupt(where: string, what: string, options: { runId?: string | undefined; cause?: unknown } = {}): CutterError {
  return new CutterError('state_corrupt', `${where}: ${what}`, {
    hint: 'the run state was changed by hand, cut short by a full disk, or the disk is failing; restore the file from a backup, '
      + 'or leave this run and start a new one with cutter apply <plan.yaml>',
    details: { where, problem: what, ...(options.runId ? { runId: options.runId } : {}) },
    cause: options.cause,
  });
}

/** A completed phase whose result is gone: the run cannot go on from what it saved. */
export function missingPhaseResult(where: string, phase: PhaseName, runId?: string): CutterError {
  return stateCorrupt(where, `the ${phase} phase is recorded as completed but its result is missing`, { runId });
}
