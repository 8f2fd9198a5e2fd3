import { CutterError } from '../errors.js';
import type { StateStore } from '../orchestrator/ports.js';
import type { RunState } from '../orchestrator/run-state.js';
import { cutterCommand, shellQuote } from './invocation.js';
import type { CliContext } from './context.js';

/** What a person types in place of the id of the KB document recording their decision. */
export const APPROVAL_PLACEHOLDER = 'KB-NNNN';

/** One thing a person can do next with a run, as a command that works when pasted. */
export interface NextStep {
  readonly what: string;
  readonly command: string;
}

/**
 * The ways on from where a run stands. A paused run's commands carry the gate and the full
 * fingerprint it shows, so the approval they record is bound to what the approver saw.
 */
export function nextSteps(ctx: Pick<CliContext, 'env' | 'global'>, state: RunState): NextStep[] {
  const cutter = cutterCommand(ctx);
  const id = state.runId;
  const bound = `--gate ${state.gate} --fingerprint ${state.fingerprint}`;
  switch (state.status) {
    case 'PAUSED':
      return [
        { what: 'review what the gate shows', command: `${cutter} show ${id}` },
        { what: `approve (with the id of the KB document recording the decision in place of ${APPROVAL_PLACEHOLDER})`, command: `${cutter} resume ${id} --approval ${APPROVAL_PLACEHOLDER} ${bound}` },
        { what: 'reject instead', command: `${cutter} reject ${id} --approval ${APPROVAL_PLACEHOLDER} ${bound}` },
        { what: 'abandon the run', command: `${cutter} abort ${id}` },
      ];
    case 'RUNNING':
      return [
        { what: 'continue from the last saved phase', command: `${cutter} resume ${id}` },
        { what: 'abandon the run', command: `${cutter} abort ${id}` },
      ];
    case 'FAILED':
      // A failed automatic gate G1 checks the saved cut and the plan's limits again: a retry
      // cannot pass, only a new run of the edited plan (or of the fixed document) can.
      return state.gate === 'G1'
        ? [{ what: 'start a new run of the edited plan', command: applyCommand(cutter, state) }, { what: 'close this run', command: `${cutter} abort ${id}` }]
        : [{ what: 'after fixing the cause, retry the phase', command: `${cutter} resume ${id}` }, { what: 'abandon the run', command: `${cutter} abort ${id}` }];
    case 'REJECTED':
    case 'ABORTED':
    case 'STALE':
      return [{ what: 'start a new run', command: applyCommand(cutter, state) }];
    case 'CLOSEOUT_REPORTED':
      return [];
  }
}

function applyCommand(cutter: string, state: RunState): string {
  return state.planFile === null ? `${cutter} apply <plan.yaml>` : `${cutter} apply ${shellQuote(state.planFile)}`;
}

/** "3 minutes", "2 hours", "5 days": how long ago `iso` was, for messages. */
export function ageOf(iso: string, now: Date = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  const [n, unit] = s < 90 ? [s, 'second'] : s < 90 * 60 ? [Math.round(s / 60), 'minute'] : s < 36 * 3600 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Each step as its purpose, then the command alone on its line (no trailing comment: zsh would paste it as words). */
export function stepLines(steps: readonly NextStep[]): string[] {
  return steps.flatMap((s) => [`To ${s.what}:`, `  ${s.command}`]);
}

export function stepsJson(steps: readonly NextStep[]): { what: string; command: string }[] {
  return steps.map((s) => ({ what: s.what, command: s.command }));
}

/**
 * Whether a RUNNING run is being driven right now or was interrupted: the run's lock is held
 * exactly while a process drives it, and it dies with that process. Tried without waiting and let
 * go at once; the run's state is not touched. null when the lock cannot be tried at all.
 */
export async function whoDrives(store: StateStore, runId: string): Promise<{ driving: boolean; by: string } | null> {
  try {
    const lock = await store.lock(runId, { waitMs: 0 });
    await lock.release();
    return { driving: false, by: '' };
  } catch (e) {
    if (e instanceof CutterError && e.code === 'lock_held') {
      const pid = e.details['pid'];
      return { driving: true, by: typeof pid === 'number' ? `process ${pid}` : 'another process' };
    }
    // A state folder this user cannot write to (a copy kept for inspection): nobody drives it from here.
    return null;
  }
}
