import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { CutterError, refusal } from '../../errors.js';
import type { ApprovalIndexEntry, BrokenRun, DocumentKey, LockOptions, RunEvent, RunListing, StateStore, StoreLock } from '../../orchestrator/ports.js';
import { activeDocuments, isActive, runNotFound, type RunState } from '../../orchestrator/run-state.js';
import { TOOL_VERSION } from '../../version.js';
// The refusals are the port's, worded once for both stores.
import { approvalReused, runActive } from '../file-state-store.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { stateStoreError, type PgDriver, type PgQueryable, type PgSessionClient } from './pg-driver.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** How often a waiting `lock` asks again (pg_try_advisory_lock) until its deadline. */
const LOCK_POLL_MS = 50;

/** What `migrate` did. */
export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly description: string }[];
}

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
      const v = await readVersion(this.#driver.pool, this.#s);
      this.#refuseNewer(v);
      return v;
    });
    return this.#version;
  }

  /** Creates or upgrades the tables (idempotent; concurrent callers wait for one another). */
  async migrate(): Promise<MigrationReport> {
    return this.#guard(async () => {
      const client = await this.#driver.pool.connect();
      let release = true;
      try {
        await client.query('BEGIN');
        // One migrator at a time per schema, across every machine of the team.
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(`migrate\0${this.#schemaName}`)]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.#s}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.#s}.schema_version (
          version int PRIMARY KEY, description text NOT NULL, tool_version text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now())`);
        const from = await readVersion(client, this.#s);
        this.#refuseNewer(from);
        const applied = [];
        for (const m of MIGRATIONS.filter((x) => x.version > from)) {
          await client.query(m.sql(this.#s));
          await client.query(`INSERT INTO ${this.#s}.schema_version (version, description, tool_version) VALUES ($1, $2, $3)`,
            [m.version, m.description, TOOL_VERSION]);
          applied.push({ version: m.version, description: m.description });
        }
        await client.query('COMMIT');
        this.#version = Promise.resolve(LATEST_VERSION);
        return { from, to: LATEST_VERSION, applied };
      } catch (e) {
        await client.query('ROLLBACK').catch(() => { release = false; });
        throw e;
      } finally {
        client.release(!release);
      }
    });
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
      await this.#holdDocuments(c, state);
    });
  }

  async save(state: RunState): Promise<void> {
    await this.#writable();
    await this.#transaction(async (c) => {
      await this.#update(c, state);
      await this.#holdDocuments(c, state);
    });
  }

  async recordDecision(state: RunState, entry: ApprovalIndexEntry): Promise<void> {
    await this.#writable();
    await this.#transaction(async (c) => {
      const inserted = await c.query(
        `INSERT INTO ${this.#s}.approvals (id, run_id, gate, fingerprint, decision, via, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO NOTHING`,
        [entry.id, entry.runId, entry.gate, entry.fingerprint, entry.decision, entry.via, entry.at],
      );
      if (inserted.rowCount === 0) {
        const used = await this.#approval(c, entry.id);
        throw approvalReused(entry.id, used);
      }
      await this.#update(c, state);
      await this.#holdDocuments(c, state);
    });
  }

  async findApproval(id: string): Promise<ApprovalIndexEntry | null> {
    if (!(await this.#readable())) return null;
    return this.#guard(() => this.#approval(this.#driver.pool, id));
  }

  async load(runId: string): Promise<RunState | null> {
    if (!(await this.#readable())) return null;
    return this.#guard(async () => {
      const r = await this.#driver.pool.query<{ state: RunState }>(`SELECT state FROM ${this.#s}.runs WHERE run_id = $1`, [runId]);
      return r.rows[0]?.state ?? null;
    });
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
    return this.#guard(() => this.#holder(this.#driver.pool, key));
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
        const problem = shapeProblem(row.state, row.run_id);
        if (problem) broken.push({ runId: row.run_id, problem: `${this.description}: ${problem}` });
        else runs.push(row.state as RunState);
      }
      return { runs, broken };
    });
  }

  // ---- phase results and the journal ------------------------------------------------------

  async writeArtifact(runId: string, name: string, value: unknown): Promise<void> {
    await this.#writable();
    const body = await gzipAsync(Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'), { level: 3 });
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
    try {
      return JSON.parse((await gunzipAsync(body)).toString('utf8')) as T;
    } catch (e) {
      throw new CutterError('state_corrupt', `${this.description}: the result ${name} of run ${runId} cannot be read (${(e as Error).message})`, {
        hint: 'the row was changed by hand or damaged; start a new run of the plan', cause: e, details: { runId, name },
      });
    }
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
      const deadline = Date.now() + Math.max(0, options.waitMs ?? 0);
      for (;;) {
        const r = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
        if (r.rows[0]?.locked) break;
        const left = deadline - Date.now();
        if (left <= 0) throw await this.#lockHeld(session, runId, key);
        await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_POLL_MS, left)));
      }
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
    const r = await session.query<{ pid: number; app: string | null; client: string | null; since: Date | null }>(
      `SELECT a.pid, a.application_name AS app, host(a.client_addr) AS client, a.backend_start AS since
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
      [key],
    ).catch(() => ({ rows: [] as { pid: number; app: string | null; client: string | null; since: Date | null }[] }));
    const holder = r.rows[0];
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
    for (const [name, value] of run.artifacts) bodies.set(name, await gzipAsync(Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'), { level: 3 }));
    return this.#transaction(async (c) => {
      const inserted = await c.query(
        `INSERT INTO ${this.#s}.runs (run_id, created_at, updated_at, status, state) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
        [state.runId, state.createdAt, state.updatedAt, state.status, JSON.stringify(state)],
      );
      if (inserted.rowCount === 0) return false;
      await this.#holdDocuments(c, state);
      for (const [name, body] of bodies) {
        await c.query(`INSERT INTO ${this.#s}.artifacts (run_id, name, body) VALUES ($1, $2, $3)`, [state.runId, name, body]);
      }
      for (const event of run.events) {
        await c.query(`INSERT INTO ${this.#s}.events (run_id, event) VALUES ($1, $2)`, [state.runId, JSON.stringify(event)]);
      }
      for (const a of state.approvals) {
        const used = await c.query(
          `INSERT INTO ${this.#s}.approvals (id, run_id, gate, fingerprint, decision, via, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO NOTHING`,
          [a.id, state.runId, a.gate, a.fingerprint, a.decision, a.via, a.at],
        );
        if (used.rowCount === 0) throw approvalReused(a.id, await this.#approval(c, a.id));
      }
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

  /**
   * Makes the run's held documents match its status. An active run claims each document with an
   * insert that the partial unique index lets through only if no other run holds it; a claim
   * that inserts nothing is either this run's own row or another run's, and the latter is refused.
   */
  async #holdDocuments(c: PgQueryable, state: RunState): Promise<void> {
    const docs = activeDocuments(state);
    const sources = docs.map((d) => d.source);
    const documents = docs.map((d) => d.document);
    if (!isActive(state.status)) {
      await c.query(`UPDATE ${this.#s}.run_documents SET active = false WHERE run_id = $1 AND active`, [state.runId]);
      await c.query(
        `INSERT INTO ${this.#s}.run_documents (run_id, source, document, active)
         SELECT $1, s, d, false FROM unnest($2::text[], $3::text[]) AS t(s, d) ON CONFLICT DO NOTHING`,
        [state.runId, sources, documents],
      );
      return;
    }
    await c.query(`DELETE FROM ${this.#s}.run_documents WHERE run_id = $1 AND NOT active`, [state.runId]);
    await c.query(
      `INSERT INTO ${this.#s}.run_documents (run_id, source, document, active)
       SELECT $1, s, d, true FROM unnest($2::text[], $3::text[]) AS t(s, d) ON CONFLICT DO NOTHING`,
      [state.runId, sources, documents],
    );
    for (const key of docs) {
      const holder = await this.#holder(c, key);
      if (holder && holder.runId !== state.runId) throw runActive(holder, [key]);
    }
  }

  async #holder(c: PgQueryable, key: DocumentKey): Promise<RunState | null> {
    const r = await c.query<{ state: RunState }>(
      `SELECT r.state FROM ${this.#s}.run_documents d JOIN ${this.#s}.runs r ON r.run_id = d.run_id
        WHERE d.source = $1 AND d.document = $2 AND d.active`,
      [key.source, key.document],
    );
    return r.rows[0]?.state ?? null;
  }

  async #approval(c: PgQueryable, id: string): Promise<ApprovalIndexEntry | null> {
    const r = await c.query<ApprovalIndexEntry>(
      `SELECT id, run_id AS "runId", gate, fingerprint, decision, via, at FROM ${this.#s}.approvals WHERE id = $1`, [id],
    );
    return r.rows[0] ?? null;
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

async function readVersion(c: PgQueryable, quoted: string): Promise<number> {
  const exists = await c.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${quoted}.schema_version`]);
  if (!exists.rows[0]?.t) return 0;
  const r = await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${quoted}.schema_version`);
  return r.rows[0]?.v ?? 0;
}

/** A 64-bit advisory lock key from a name (the first 8 bytes of its sha256, as a signed bigint). */
function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

function foreignKeyToNotFound(e: unknown, runId: string): unknown {
  return (e as { code?: unknown }).code === '23503' ? runNotFound(runId) : e;
}

/** What is wrong with a stored state, or null when it has the shape of a RunState. */
function shapeProblem(state: unknown, runId: string): string | null {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return `run ${runId}: the state is not an object`;
  const s = state as Partial<RunState>;
  if (s.formatVersion !== 1) return `run ${runId}: unknown state format ${JSON.stringify(s.formatVersion)}`;
  if (s.runId !== runId) return `run ${runId}: the state names another run (${JSON.stringify(s.runId)})`;
  if (typeof s.status !== 'string' || typeof s.plan !== 'object' || s.plan === null) return `run ${runId}: the state lacks its status or plan`;
  return null;
}
