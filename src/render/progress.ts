import type { ProgressEvent, ProgressSink } from '../orchestrator/progress.js';
import type { PhaseName } from '../orchestrator/run-state.js';

/** A progress view: takes events while the run moves, then is closed before the outcome is printed. */
export interface ProgressView {
  readonly sink: ProgressSink;
  close(): void;
}

/** What a view knows about one document, folded from the events. */
export interface DocumentProgress {
  readonly document: string;
  prefix: string;
  state: 'waiting' | 'running' | 'paused' | 'failed' | 'closed' | 'excluded';
  phase: PhaseName | null;
  gate: string | null;
  units: number | null;
  changes: number | null;
  code: string | null;
  /** Milliseconds, from this process's clock: when the document started moving and when it stopped. */
  startedAt: number | null;
  stoppedAt: number | null;
}

/** Folds events into one line of state per document, for the views. */
export class ProgressBoard {
  readonly documents = new Map<string, DocumentProgress>();
  runId: string | null = null;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  apply(e: ProgressEvent): DocumentProgress | null {
    if (e.type === 'run_started') {
      this.runId = e.runId;
      for (const d of e.documents) {
        const state = d.status === 'EXCLUDED' ? 'excluded' : d.status === 'CLOSEOUT_REPORTED' ? 'closed' : d.status === 'PAUSED' ? 'paused' : d.status === 'RUNNING' ? 'waiting' : 'failed';
        this.documents.set(d.document, {
          document: d.document, prefix: d.prefix, state, phase: d.phase, gate: null, units: null, changes: null, code: null, startedAt: null, stoppedAt: null,
        });
      }
      return null;
    }
    if (!('document' in e)) return null;
    const d = this.documents.get(e.document) ?? this.#add(e.document);
    const now = this.#now();
    switch (e.type) {
      case 'phase_started':
        d.state = 'running';
        d.phase = e.phase;
        d.code = null;
        d.startedAt ??= now;
        d.stoppedAt = null;
        break;
      case 'phase_completed':
        if (e.units !== undefined) d.units = e.units;
        if (e.changes !== undefined) d.changes = e.changes;
        break;
      case 'gate_evaluated':
        break;
      case 'document_failed':
        d.state = 'failed';
        d.code = e.code;
        d.stoppedAt = now;
        break;
      case 'document_waiting':
        d.state = 'paused';
        d.gate = e.gate;
        d.stoppedAt = now;
        break;
      case 'document_closed':
        d.state = 'closed';
        d.stoppedAt = now;
        break;
      case 'document_excluded':
        d.state = 'excluded';
        break;
    }
    return d;
  }

  elapsed(d: DocumentProgress): string {
    if (d.startedAt === null) return '';
    return `${(((d.stoppedAt ?? this.#now()) - d.startedAt) / 1000).toFixed(1)}s`;
  }

  #add(document: string): DocumentProgress {
    const d: DocumentProgress = { document, prefix: '', state: 'waiting', phase: null, gate: null, units: null, changes: null, code: null, startedAt: null, stoppedAt: null };
    this.documents.set(document, d);
    return d;
  }
}

/** Not on a terminal: one plain line per phase and per gate, for logs. */
export function plainProgress(write: (line: string) => void, now: () => number = Date.now): ProgressView {
  const board = new ProgressBoard(now);
  return {
    sink(e) {
      const d = board.apply(e);
      const who = d ? `${d.document} ${d.prefix}`.trim() : '';
      switch (e.type) {
        case 'run_started':
          write(`run ${e.runId}: ${e.resumed ? 'resumed' : 'started'}, ${e.documents.length} documents`);
          break;
        case 'phase_completed': {
          const facts = [e.units !== undefined ? `${e.units} units` : '', e.changes !== undefined ? `${e.changes} changes` : ''].filter(Boolean).join(', ');
          write(`${who}  ${e.phase} done${facts ? ` (${facts})` : ''}  ${board.elapsed(d!)}`);
          break;
        }
        case 'gate_evaluated':
          write(`${who}  ${e.gate} ${e.passed ? 'passed' : 'FAILED'}`);
          break;
        case 'document_failed':
          write(`${who}  ${e.status} in ${e.phase}: ${e.code}: ${e.message.split('\n')[0]}`);
          break;
        case 'document_waiting':
          write(`${who}  waiting at ${e.gate}`);
          break;
        case 'document_closed':
          write(`${who}  closed`);
          break;
        case 'document_excluded':
          write(`${who}  excluded from the batch`);
          break;
        case 'gate_paused':
          write(`batch paused at ${e.gate} (${e.documents.length} documents${e.failed.length > 0 ? `; not through: ${e.failed.join(', ')}` : ''}), fingerprint ${e.fingerprint}`);
          break;
        case 'gate_passed':
          write(`batch ${e.gate} approved by ${e.approval} (${e.via}) for ${e.documents.join(', ')}`);
          break;
        case 'phase_started':
          break;
      }
    },
    close() {},
  };
}

/** `--json`: one JSON object per line (schemas/progress-event.schema.json), the outcome last. */
export function ndjsonProgress(write: (line: string) => void, now: () => Date = () => new Date()): ProgressView {
  return {
    sink: (e) => write(JSON.stringify({ format_version: PROGRESS_FORMAT_VERSION, at: now().toISOString(), ...e })),
    close() {},
  };
}

export const PROGRESS_FORMAT_VERSION = 1;
