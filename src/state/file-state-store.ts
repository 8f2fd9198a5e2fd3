import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CutterError } from '../errors.js';
import { acquireLockWaiting } from '../lock-file.js';
import type { ApprovalIndexEntry, BrokenRun, DocumentKey, LockOptions, RunEvent, RunListing, StateStore, StoreLock } from '../orchestrator/ports.js';
import { activeDocuments, isActive, runNotFound, type RunState } from '../orchestrator/run-state.js';
import { approvalReused, keyOf, runActive } from './store-refusals.js';
import { appendLine, createFileOnce, removeTempFiles, syncFile, writeFileAtomic } from './atomic-file.js';
import { dropOtherTextFiles, putTextFile, takeTextFile, TEXT_FILE_AT } from './document-text-file.js';
import { jsonPieces } from './json-pieces.js';
import { parseArtifact, parseJournal, parseRunState } from './read-state.js';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Errors that make one run unreadable without hiding the others from `list`. */
const UNREADABLE_RUN = new Set(['state_corrupt', 'state_format_unsupported']);

/**
 * How long a command waits for the store-wide lock. It is held only for the moment of a check and
 * a write (never while a phase runs), so a long wait means a stuck process, not a busy store.
 */
const STORE_LOCK_WAIT_MS = 15_000;

/**
 * Runs as files under `<dir>/runs/<run-id>/`: state.json (atomic replace), phases/*.json (one per
 * phase result; a large document's text beside it as phases/NN-name.<hash>.utf16le.txt or .txt), events.jsonl (append-only journal), run.lock while a process drives the run.
 *
 * Store-wide rules live beside them:
 * - `store.lock` is held for the instant a run is created or becomes active again, so the check
 *   "no other run holds this document" and the write that takes the document are one step. The
 *   states themselves are the truth: the check reads every run's state.json (kilobytes each), so
 *   there is no second record to fall out of step after a crash.
 * - `approvals/<sha256 of the id>.json` is the approval index: one file per id, created
 *   exclusively (link(2) refuses an existing name on every filesystem) BEFORE the run's state is
 *   saved. A crash between the two can only burn the id, never let it be used twice; the same
 *   run retrying the same decision at the same gate on the same fingerprint completes it.
 *
 * A run's state is written only by the process holding its run lock (`lock`).
 */
export class FileStateStore implements StateStore {
  readonly #stateDir: string;
  readonly #runsDir: string;
  readonly #approvalsDir: string;

  readonly description: string;

  readonly #textFileAt: number;

  /** `textFileAt`: from how many characters a document's text is kept in a file of its own (tests). */
  constructor(stateDir: string, options: { textFileAt?: number } = {}) {
    this.#textFileAt = options.textFileAt ?? TEXT_FILE_AT;
    this.#stateDir = stateDir;
    this.#runsDir = join(stateDir, 'runs');
    this.#approvalsDir = join(stateDir, 'approvals');
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
    await this.#underStoreLock(async () => {
      if (existsSync(dir)) throw new CutterError('run_exists', `run ${state.runId} already exists`);
      if (isActive(state.status)) await this.#refuseIfHeld(state);
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(join(dir, 'state.json'), json(state));
    });
  }

  async save(state: RunState): Promise<void> {
    this.#syncJournal(state.runId);
    const path = join(this.runDir(state.runId), 'state.json');
    if (!isActive(state.status)) {
      // Becoming (or staying) inactive frees the documents: nothing else to check.
      writeFileAtomic(path, json(state));
      return;
    }
    const before = parseRunState(readText(path), path, state.runId);
    if (before !== null && isActive(before.status)) {
      // Still active: the run already holds its documents, and only the holder of the run lock
      // writes this state, so no other run can have taken them meanwhile.
      writeFileAtomic(path, json(state));
      return;
    }
    await this.#underStoreLock(async () => {
      await this.#refuseIfHeld(state);
      writeFileAtomic(path, json(state));
    });
  }

  async recordDecision(state: RunState, entry: ApprovalIndexEntry): Promise<void> {
    if (entry.runId !== state.runId) {
      throw new Error(`recordDecision: the entry names run ${entry.runId}, the state is run ${state.runId}`);
    }
    // A process killed while claiming an id leaves its temp file; the entry itself is all or nothing.
    removeTempFiles(this.#approvalsDir);
    const path = this.#approvalPath(entry.id);
    const claimed = createFileOnce(path, json(entry));
    if (!claimed) {
      const existing = readApprovalEntry(path);
      const before = await this.load(state.runId);
      const retry = existing !== null
        && existing.runId === entry.runId && existing.gate === entry.gate
        && existing.fingerprint === entry.fingerprint && existing.decision === entry.decision
        && !(before?.approvals ?? []).some((a) => a.id === entry.id);
      if (!retry) throw approvalReused(entry.id, existing);
    }
    await this.save(state);
  }

  async findApproval(id: string): Promise<ApprovalIndexEntry | null> {
    return readApprovalEntry(this.#approvalPath(id));
  }

  async load(runId: string): Promise<RunState | null> {
    const path = join(this.runDir(runId), 'state.json');
    return parseRunState(readText(path), path, runId);
  }

  async activeRun(key: DocumentKey): Promise<RunState | null> {
    return (await this.#activeHolders([key]))[0] ?? null;
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
    return { runs: runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.runId.localeCompare(b.runId)), broken };
  }

  async writeArtifact(runId: string, name: string, value: unknown): Promise<void> {
    // Compact: phase results can be tens of MB (state.json stays pretty; people read it). Written
    // in pieces: discover's result holds the whole document, which is never made one string.
    // A large document's text goes to a raw file of its own first (document-text-file.ts).
    const path = join(this.runDir(runId), `${name}.json`);
    const written = putTextFile(path, value, this.#textFileAt);
    writeFileAtomic(path, jsonLine(written));
    dropOtherTextFiles(path, written);
  }

  async readArtifact<T>(runId: string, name: string): Promise<T | null> {
    const path = join(this.runDir(runId), `${name}.json`);
    return parseArtifact<T>(name, readText(path), path, runId, (value) => takeTextFile(path, value, runId));
  }

  async appendEvent(runId: string, event: RunEvent): Promise<void> {
    // Not fsynced one by one (a phase appends three to five): the journal is fsynced once per
    // phase, with the next save of the state, and when the run's lock is let go (#syncJournal).
    // A process that is killed loses nothing; only a machine that stops can lose the last few.
    appendLine(this.#journalPath(runId), JSON.stringify(event), { sync: false });
    this.#unsyncedJournals.add(runId);
  }

  #unsyncedJournals = new Set<string>();

  #journalPath(runId: string): string {
    return join(this.runDir(runId), 'events.jsonl');
  }

  #syncJournal(runId: string): void {
    if (!this.#unsyncedJournals.delete(runId)) return;
    syncFile(this.#journalPath(runId));
  }

  async readEvents(runId: string): Promise<RunEvent[]> {
    const path = this.#journalPath(runId);
    const text = readText(path);
    return text === null ? [] : parseJournal(text, path, runId);
  }

  async lock(runId: string, options: LockOptions = {}): Promise<StoreLock> {
    const dir = this.runDir(runId);
    if (!existsSync(dir)) throw runNotFound(runId);
    const held = await acquireLockWaiting(join(dir, 'run.lock'), `run ${runId}`, options.waitMs ?? 0);
    // Holding the lock, no other process writes here: any temp file is a crash's leftover.
    removeTempFiles(dir);
    return {
      release: async () => {
        try {
          this.#syncJournal(runId);
        } finally {
          held.release();
        }
      },
    };
  }

  async close(): Promise<void> {
    for (const runId of [...this.#unsyncedJournals]) this.#syncJournal(runId);
  }

  async #underStoreLock<T>(body: () => Promise<T>): Promise<T> {
    const lock = await acquireLockWaiting(join(this.#stateDir, 'store.lock'), `the state store ${this.#stateDir}`, STORE_LOCK_WAIT_MS);
    try {
      return await body();
    } finally {
      lock.release();
    }
  }

  /** Refuses `run_active` when another run holds one of the state's documents. Under the store lock. */
  async #refuseIfHeld(state: RunState): Promise<void> {
    const holder = (await this.#activeHolders(activeDocuments(state))).find((r) => r.runId !== state.runId);
    if (holder) throw runActive(holder, activeDocuments(state));
  }

  /** The active runs holding any of the keys, oldest first. A run whose state cannot be read holds nothing. */
  async #activeHolders(keys: readonly DocumentKey[]): Promise<RunState[]> {
    const wanted = new Set(keys.map(keyOf));
    if (!existsSync(this.#runsDir)) return [];
    const holders: RunState[] = [];
    for (const runId of readdirSync(this.#runsDir).filter((n) => RUN_ID.test(n))) {
      let state: RunState | null;
      try {
        state = await this.load(runId);
      } catch (e) {
        if (e instanceof CutterError && e.code === 'state_corrupt') continue;
        throw e;
      }
      if (state && isActive(state.status) && activeDocuments(state).some((k) => wanted.has(keyOf(k)))) holders.push(state);
    }
    return holders.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  #approvalPath(id: string): string {
    // Hashed so that any id is a safe file name, and ids differing only in case stay apart on
    // case-insensitive filesystems.
    return join(this.#approvalsDir, `${createHash('sha256').update(id).digest('hex')}.json`);
  }
}

function* jsonLine(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** An entry of the approval index, or null when the id was never used. */
function readApprovalEntry(path: string): ApprovalIndexEntry | null {
  const text = readText(path);
  if (text === null) return null;
  try {
    return JSON.parse(text) as ApprovalIndexEntry;
  } catch (e) {
    throw new CutterError('state_corrupt', `${path} is not valid JSON`, {
      hint: 'the approval index entry was changed by hand or the disk is failing; restore it from a backup (never delete it: that would let the id be used again)', cause: e,
    });
  }
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
