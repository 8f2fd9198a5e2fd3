import type { RunState } from './run-state.js';
import type { CloseoutReport, GateView } from './views.js';

/** Where runs live. Every write is atomic; the journal is append-only. */
export interface StateStore {
  /** Creates the run's home; fails if the id exists. */
  create(state: RunState): Promise<void>;
  /** Replaces the run state atomically. */
  save(state: RunState): Promise<void>;
  load(runId: string): Promise<RunState | null>;
  list(): Promise<RunState[]>;
  /** Phase results and other large values kept beside the state. */
  writeArtifact(runId: string, name: string, value: unknown): Promise<void>;
  readArtifact<T>(runId: string, name: string): Promise<T | null>;
  appendEvent(runId: string, event: RunEvent): Promise<void>;
  readEvents(runId: string): Promise<RunEvent[]>;
  /** Takes the run's lock (one process drives a run at a time). */
  lock(runId: string): Promise<{ release(): void }>;
}

export interface RunEvent {
  readonly at: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Publishes what a run shows: a report at each sovereign gate and the closeout report. */
export interface Reporter {
  gate(view: GateView): Promise<string[]>;
  closeout(report: CloseoutReport): Promise<string[]>;
}
