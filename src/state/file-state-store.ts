import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CutterError } from '../errors.js';
import { acquireLock } from '../lock-file.js';
import type { ApprovalIndexEntry, BrokenRun, DocumentKey, LockOptions, RunEvent, RunListing, StateStore, StoreLock } from '../orchestrator/ports.js';
import { runNotFound, type RunState } from '../orchestrator/run-state.js';
import { appendLineDurable, removeTempFiles, writeFileAtomic } from './atomic-file.js';
import { parseArtifact, parseJournal, parseRunState } from './read-state.js';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Errors that make one run unreadable without hiding the others from `list`. */
const UNREADABLE_RUN = new Set(['state_corrupt', 'state_format_unsupported']);

/**
 * Runs as files under `<dir>/runs/<run-id>/`: state.json (atomic replace), phases/*.json (one per
 * phase result), events.jsonl (append-only journal), run.lock while a process drives the run.
 */
export class FileStateStore implements StateStore {
  readonly #runsDir: string;

  readonly description: string;

  constructor(stateDir: string) {
    this.#runsDir = join(stateDir, 'runs');
    this.description = `the state folder ${stateDir}`;
  }

  runDir(runId: string): string {
    if (!RUN_ID.test(runId)) {
      throw new CutterError('run_id_invalid', `"${runId}" is not a run id`, { hint: 'cutter runs lists the runs' });
    }
    return join(this.#runsDir, runId);
  }

  async create(state: RunState): Promise<void> {
    const dir = this.runDir(state.runId);
    if (existsSync(dir)) throw new CutterError('run_exists', `run ${state.runId} already exists`);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, 'state.json'), json(state));
  }

  async save(state: RunState): Promise<void> {
    writeFileAtomic(join(this.runDir(state.runId), 'state.json'), json(state));
  }

  async load(runId: string): Promise<RunState | null> {
    const path = join(this.runDir(runId), 'state.json');
    return parseRunState(readText(path), path, runId);
  }

  async list(): Promise<RunListing> {
    if (!existsSync(this.#runsDir)) return { runs: [], broken: [] };
    const runs: RunState[] = [];
    const broken: BrokenRun[] = [];
    for (const runId of readdirSync(this.#runsDir).filter((n) => RUN_ID.test(n))) {
      try {
        const state = await this.load(runId);
        if (state) runs.push(state);
        else broken.push({ runId, problem: `${join(this.#runsDir, runId)} has no state.json: the run was never completely created (cutter stopped while creating it); remove the folder` });
      } catch (e) {
        if (!(e instanceof CutterError) || !UNREADABLE_RUN.has(e.code)) throw e;
        broken.push({ runId, problem: e.message });
      }
    }
    return { runs: runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt)), broken };
  }

  async writeArtifact(runId: string, name: string, value: unknown): Promise<void> {
    // Compact: phase results can be tens of MB (state.json stays pretty; people read it).
    writeFileAtomic(join(this.runDir(runId), `${name}.json`), `${JSON.stringify(value)}\n`);
  }

  async readArtifact<T>(runId: string, name: string): Promise<T | null> {
    const path = join(this.runDir(runId), `${name}.json`);
    return parseArtifact<T>(name, readText(path), path, runId);
  }

  async appendEvent(runId: string, event: RunEvent): Promise<void> {
    appendLineDurable(join(this.runDir(runId), 'events.jsonl'), JSON.stringify(event));
  }

  async readEvents(runId: string): Promise<RunEvent[]> {
    const path = join(this.runDir(runId), 'events.jsonl');
    const text = readText(path);
    return text === null ? [] : parseJournal(text, path, runId);
  }

  async lock(runId: string, _options: LockOptions = {}): Promise<StoreLock> {
    const dir = this.runDir(runId);
    if (!existsSync(dir)) throw runNotFound(runId);
    const held = acquireLock(join(dir, 'run.lock'), `run ${runId}`);
    // Holding the lock, no other process writes here: any temp file is a crash's leftover.
    removeTempFiles(dir);
    return { release: async () => held.release() };
  }

  // PORT SETTLED, NOT YET BUILT (issue 9 builds these in this store; issue 13 in the postgres one).
  async recordDecision(_state: RunState, _entry: ApprovalIndexEntry): Promise<void> {
    throw new Error('FileStateStore.recordDecision is not built yet (issue 9)');
  }

  async findApproval(_id: string): Promise<ApprovalIndexEntry | null> {
    throw new Error('FileStateStore.findApproval is not built yet (issue 9)');
  }

  async activeRun(_key: DocumentKey): Promise<RunState | null> {
    throw new Error('FileStateStore.activeRun is not built yet (issue 9)');
  }

  async close(): Promise<void> {}
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A file's text, or null when there is none. */
function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
