import { once } from 'node:events';
import { promisify } from 'node:util';
import { createGzip, gunzip } from 'node:zlib';
import { CutterError, refusal } from '../../errors.js';
import type { ApprovalIndexEntry, BrokenRun, DocumentKey, LockOptions, RunEvent, RunListing, StateStore, StoreLock } from '../../orchestrator/ports.js';
import { runNotFound, type RunState } from '../../orchestrator/run-state.js';
import { TOOL_VERSION } from '../../version.js';
import { jsonPieces } from '../json-pieces.js';
import { checkRunState, parseArtifact } from '../read-state.js';
import { LATEST_VERSION } from './migrations.js';
import { advisoryKey, stateStoreError, type PgDriver, type PgQueryable, type PgSessionClient } from './pg-driver.js';
import { approvalEntry, claimApproval, documentHolder, holdDocuments } from './postgres-guarantees.js';
import { advisoryLockHolder, takeAdvisoryLock } from './postgres-run-lock.js';
import { applyMigrations, readSchemaVersion, type MigrationReport } from './postgres-schema.js';

export type { MigrationReport } from './postgres-schema.js';

const gunzipAsync = promisify(gunzip);

/**
 * Runs in a PostgreSQL schema, for a team (DESIGN §5, §9): the guarantees are the database's.
 * One active run per (source, document) is a partial unique index on the held documents, an
 * approval id's single use is the approval table's primary key, and the lock on a run is a
 * session-level advisory lock on a connection of its own, which the server drops when the
 * process holding it dies. Every write is one transaction. The tables are created and upgraded
 * by the numbered migrations on the first write; reads of a database that has none see no runs.
 */
export class PostgresStateStore implements StateStore {
  readonly description: string;
  readonly #driver: PgDriver;
  readonly #schemaName: string;
  /** The schema name, quoted for SQL. */
  readonly #s: string;
  #version: Promise<number> | undefined;
  #migrated: Promise<void> | undefined;
  readonly #sessions = new Set<PgSessionClient>();

  constructor(driver: PgDriver, schema: string) {
    this.#driver = driver;
    this.#schemaName = schema;
    this.#s = `"${schema.replaceAll('"', '""')}"`;
    this.description = `the PostgreSQL state store ${driver.connection.description} (schema ${schema})`;
  }

  // ---- schema ----------------------------------------------------------------------------

  /** The version recorded in the database: 0 when the schema was never created. */
  async schemaVersion(): Promise<number> {
    this.#version ??= this.#guard(async () => {
      const v = await readSchemaVersion(this.#driver.pool, this.#s);
      this.#refuseNewer(v);
      return v;
    }).catch((e: unknown) => {
      // Not remembered: the server may answer the next call.
      this.#version = undefined;
      throw e;
    });
    return this.#version;
  }

  /** Creates or upgrades the tables (idempotent; concurrent callers wait for one another). */
  async migrate(): Promise<MigrationReport> {
    const report = await this.#guard(() => applyMigrations(this.#driver.pool, this.#schemaName, this.#s, (v) => this.#refuseNewer(v)));
    this.#version = Promise.resolve(report.to);
    return report;
  }

  #refuseNewer(version: number): void {
    if (version > LATEST_VERSION) {
      throw new CutterError('state_schema_newer', `${this.description} has schema version ${version}, made by a newer cutter; this cutter (${TOOL_VERSION}) knows versions up to ${LATEST_VERSION}`, {
        hint: 'upgrade cutter on this machine to the version your team uses (npm install cutter@latest); nothing was read or written',
        details: { store: this.description, schemaVersion: version, supported: LATEST_VERSION },
      });
    }
  }

  /** Before a write: the tables exist at this cutter's version. */
  async #writable(): Promise<void> {
    this.#migrated ??= (async () => {
      if ((await this.schemaVersion()) < LATEST_VERSION) await this.migrate();
    })();
    try {
      await this.#migrated;
    } catch (e) {
      this.#migrated = undefined;
      throw e;
    }
  }

  /** Before a read: false when there are no tables yet (no runs), never creating them. */
  async #readable(): Promise<boolean> {
    const v = await this.schemaVersion();
    if (v === 0) return false;
    if (v < LATEST_VERSION) {
      throw new CutterError('state_schema_old', `${this.description} has schema version ${v}; this cutter needs ${LATEST_VERSION}`, {
        hint: 'run cutter state migrate (it upgrades the tables in place; runs are kept)',
        details: { store: this.description, schemaVersion: v, needed: LATEST_VERSION },
      });
    }
    return true;
  }

  // ---- runs --------------------------------------------------------------------------------

  async create(state: RunState): Promise<void> {
    await this.#writable();
    await this.#transaction(async (c) => {
      const inserted = await c.query(
        `INSERT INTO ${this.#s}.runs (run_id, created_at, updated_at, status, state) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (run_id) DO NOTHING`,
        [state.runId, state.createdAt, state.updatedAt, state.status, JSON.stringify(state)],
      );
      if (inserted.rowCount === 0) throw new CutterError('run_exists', `run ${state.runId} already exists`, { details: { runId: state.runId } });
      await holdDocuments(c, this.#s, state);
    });
  }

  async save(state: RunState): Promise<void> {
    await this.#writable();
    await this.#transaction(async (c) => {
      await this.#update(c, state);
      await holdDocuments(c, this.#s, state);
    });
  }

  async recordDecision(state: RunState, entry: ApprovalIndexEntry): Promise<void> {
    await this.#writable();
    await this.#transaction(async (c) => {
      await claimApproval(c, this.#s, entry);
      await this.#update(c, state);
      await holdDocuments(c, this.#s, state);
    });
  }

  async findApproval(id: string): Promise<ApprovalIndexEntry | null> {
    if (!(await this.#readable())) return null;
    return this.#guard(() => approvalEntry(this.#driver.pool, this.#s, id));
  }

  /** Where a run's rows are, for state_corrupt messages: the store and the run. */
  #where(runId: string): string {
    return `${this.description}, run ${runId}`;
  }

  async load(runId: string): Promise<RunState | null> {
    if (!(await this.#readable())) return null;
    return this.#guard(async () => {
      const r = await this.#driver.pool.query<{ state: unknown }>(`SELECT state FROM ${this.#s}.runs WHERE run_id = $1`, [runId]);
      return r.rows.length === 0 ? null : r.rows[0]!.state;
    }).then((state) => state === null ? null : checkRunState(state, this.#where(runId), runId));
  }

  async #exists(runId: string): Promise<boolean> {
    if (!(await this.#readable())) return false;
    return this.#guard(async () => {
      const r = await this.#driver.pool.query(`SELECT 1 FROM ${this.#s}.runs WHERE run_id = $1`, [runId]);
      return (r.rowCount ?? 0) > 0;
    });
  }

  async activeRun(key: DocumentKey): Promise<RunState | null> {
    if (!(await this.#readable())) return null;
    return this.#guard(() => documentHolder(this.#driver.pool, this.#s, key));
  }

  async list(): Promise<RunListing> {
    if (!(await this.#readable())) return { runs: [], broken: [] };
    return this.#guard(async () => {
      const r = await this.#driver.pool.query<{ run_id: string; state: unknown }>(
        `SELECT run_id, state FROM ${this.#s}.runs ORDER BY created_at, run_id`,
      );
      const runs: RunState[] = [];
      const broken: BrokenRun[] = [];
      for (const row of r.rows) {
        try {
          runs.push(checkRunState(row.state, this.#where(row.run_id), row.run_id));
        } catch (e) {
          if (!(e instanceof CutterError)) throw e;
          broken.push({ runId: row.run_id, problem: e.message });
        }
      }
      return { runs, broken };
    });
  }

  // ---- phase results and the journal ------------------------------------------------------

  async writeArtifact(runId: string, name: string, value: unknown): Promise<void> {
    await this.#writable();
    const body = await gzipJson(value);
    await this.#guard(async () => {
      try {
        await this.#driver.pool.query(
          `INSERT INTO ${this.#s}.artifacts (run_id, name, body) VALUES ($1, $2, $3)
           ON CONFLICT (run_id, name) DO UPDATE SET body = EXCLUDED.body`,
          [runId, name, body],
        );
      } catch (e) {
        throw foreignKeyToNotFound(e, runId);
      }
    });
  }

  async readArtifact<T>(runId: string, name: string): Promise<T | null> {
    if (!(await this.#readable())) return null;
    const body = await this.#guard(async () => {
      const r = await this.#driver.pool.query<{ body: Buffer }>(`SELECT body FROM ${this.#s}.artifacts WHERE run_id = $1 AND name = $2`, [runId, name]);
      return r.rows[0]?.body ?? null;
    });
    if (body === null) return null;
    let text: string;
    try {
      text = (await gunzipAsync(body)).toString('utf8');
    } catch (e) {
      throw new CutterError('state_corrupt', `${this.description}: the result ${name} of run ${runId} cannot be read (${(e as Error).message})`, {
        hint: 'the row was changed by hand or damaged; start a new run of the plan', cause: e, details: { runId, name },
      });
    }
    // Checked like the file store's: a phase result against its schema (schemas/phase-results.schema.json).
    return parseArtifact<T>(name, text, `${this.#where(runId)}, result ${name}`, runId);
  }

  async appendEvent(runId: string, event: RunEvent): Promise<void> {
    await this.#writable();
    await this.#guard(async () => {
      try {
        await this.#driver.pool.query(`INSERT INTO ${this.#s}.events (run_id, event) VALUES ($1, $2)`, [runId, JSON.stringify(event)]);
      } catch (e) {
        throw foreignKeyToNotFound(e, runId);
      }
    });
  }

  async readEvents(runId: string): Promise<RunEvent[]> {
    if (!(await this.#readable())) return [];
    return this.#guard(async () => {
      const r = await this.#driver.pool.query<{ event: RunEvent }>(`SELECT event FROM ${this.#s}.events WHERE run_id = $1 ORDER BY seq`, [runId]);
      return r.rows.map((row) => row.event);
    });
  }

  // ---- the lock on a run ------------------------------------------------------------------

  async lock(runId: string, options: LockOptions = {}): Promise<StoreLock> {
    if (!(await this.#exists(runId))) throw runNotFound(runId);
    const key = advisoryKey(`run\0${this.#schemaName}\0${runId}`);
    const session = await this.#guard(() => this.#driver.session());
    this.#sessions.add(session);
    const end = async (): Promise<void> => {
      this.#sessions.delete(session);
      await session.end().catch(() => {});
    };
    try {
      if (!(await takeAdvisoryLock(session, key, options.waitMs ?? 0))) throw await this.#lockHeld(session, runId, key);
    } catch (e) {
      await end();
      throw stateStoreError(e, this.#driver.connection, this.description);
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        // Ending the session drops the lock even if the unlock is never answered.
        await session.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => {});
        await end();
      },
    };
  }

  /** `lock_held`, naming the holder as pg_stat_activity knows it (its application name says who). */
  async #lockHeld(session: PgQueryable, runId: string, key: string): Promise<CutterError> {
    const holder = await advisoryLockHolder(session, key);
    const who = holder ? ` by ${holder.app || 'a client'} (server process ${holder.pid}${holder.client ? `, from ${holder.client}` : ''})` : '';
    return refusal('lock_held', `run ${runId} is in use${who}`, {
      hint: 'wait for that command to finish and try again; the lock is let go by itself if its process dies',
      details: { runId, store: this.description, holderPid: holder?.pid ?? null, holder: holder?.app ?? null },
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.#sessions].map((s) => s.end().catch(() => {})));
    this.#sessions.clear();
    await this.#driver.pool.end().catch(() => {});
  }

  // ---- import -----------------------------------------------------------------------------

  /**
   * Copies one run (state, phase results, journal, its approvals) in one transaction, for
   * `cutter state import`. Returns false, changing nothing, when the store already has the run.
   * An active run whose document is held by another run here is refused `run_active`.
   */
  async importRun(run: {
    readonly state: RunState;
    readonly artifacts: ReadonlyMap<string, unknown>;
    readonly events: readonly RunEvent[];
  }): Promise<boolean> {
    await this.#writable();
    const { state } = run;
    const bodies = new Map<string, Buffer>();
    for (const [name, value] of run.artifacts) bodies.set(name, await gzipJson(value));
    return this.#transaction(async (c) => {
      const inserted = await c.query(
        `INSERT INTO ${this.#s}.runs (run_id, created_at, updated_at, status, state) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
        [state.runId, state.createdAt, state.updatedAt, state.status, JSON.stringify(state)],
      );
      if (inserted.rowCount === 0) return false;
      await holdDocuments(c, this.#s, state);
      for (const [name, body] of bodies) {
        await c.query(`INSERT INTO ${this.#s}.artifacts (run_id, name, body) VALUES ($1, $2, $3)`, [state.runId, name, body]);
      }
      for (const event of run.events) {
        await c.query(`INSERT INTO ${this.#s}.events (run_id, event) VALUES ($1, $2)`, [state.runId, JSON.stringify(event)]);
      }
      for (const a of state.approvals) await claimApproval(c, this.#s, { ...a, runId: state.runId });
      return true;
    });
  }

  // ---- inside a transaction ---------------------------------------------------------------

  async #update(c: PgQueryable, state: RunState): Promise<void> {
    const updated = await c.query(
      `UPDATE ${this.#s}.runs SET updated_at = $2, status = $3, state = $4 WHERE run_id = $1`,
      [state.runId, state.updatedAt, state.status, JSON.stringify(state)],
    );
    if (updated.rowCount === 0) throw runNotFound(state.runId);
  }

  async #transaction<T>(body: (c: PgQueryable) => Promise<T>): Promise<T> {
    return this.#guard(async () => {
      const client = await this.#driver.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await body(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => { broken = true; });
        throw e;
      } finally {
        client.release(broken);
      }
    });
  }

  /** Runs `body`, turning database errors into messages about this store. */
  async #guard<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (e) {
      throw stateStoreError(e, this.#driver.connection, this.description);
    }
  }
}

function foreignKeyToNotFound(e: unknown, runId: string): unknown {
  return (e as { code?: unknown }).code === '23503' ? runNotFound(runId) : e;
}

/**
 * An artifact's row body: its JSON, gzip-compressed. Fed to gzip in pieces (jsonPieces), so a
 * discover result holding a 20 MB document is never one JSON string nor one uncompressed buffer.
 */
async function gzipJson(value: unknown): Promise<Buffer> {
  const gzip = createGzip({ level: 3 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(gzip, 'end');
  for (const piece of jsonPieces(value)) if (!gzip.write(piece)) await once(gzip, 'drain');
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}
