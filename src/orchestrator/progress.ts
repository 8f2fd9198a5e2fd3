import type { SovereignGate } from '../plan/plan.js';
import type { AutomaticGate, PhaseName } from './run-state.js';

/**
 * What a batch run reports while it moves, for people and CI to watch (a live view on a terminal,
 * plain lines in a log, NDJSON with `--json`: schemas/progress-event.schema.json). Events carry no
 * clock reading; the sink that prints them adds one. The run's journal keeps its own events.
 */
export type ProgressEvent =
  | { readonly type: 'run_started'; readonly runId: string; readonly resumed: boolean; readonly documents: readonly { readonly document: string; readonly prefix: string; readonly status: string; readonly phase: PhaseName }[] }
  | { readonly type: 'phase_started'; readonly runId: string; readonly document: string; readonly phase: PhaseName }
  | {
      readonly type: 'phase_completed'; readonly runId: string; readonly document: string; readonly phase: PhaseName;
      /** After segment: units the cut found. */
      readonly units?: number;
      /** After diff: units that change (add, change, renumber, retire). */
      readonly changes?: number;
    }
  | { readonly type: 'gate_evaluated'; readonly runId: string; readonly document: string; readonly gate: AutomaticGate; readonly passed: boolean }
  | { readonly type: 'document_failed'; readonly runId: string; readonly document: string; readonly phase: PhaseName; readonly status: 'FAILED' | 'STALE'; readonly code: string; readonly message: string }
  | { readonly type: 'document_waiting'; readonly runId: string; readonly document: string; readonly gate: SovereignGate; readonly fingerprint: string }
  | { readonly type: 'document_closed'; readonly runId: string; readonly document: string }
  | { readonly type: 'document_excluded'; readonly runId: string; readonly document: string }
  | { readonly type: 'gate_paused'; readonly runId: string; readonly gate: SovereignGate; readonly fingerprint: string; readonly documents: readonly string[]; readonly failed: readonly string[] }
  | { readonly type: 'gate_passed'; readonly runId: string; readonly gate: SovereignGate; readonly approval: string; readonly via: 'cli' | 'plan'; readonly documents: readonly string[] };

export type ProgressSink = (event: ProgressEvent) => void;
