import { createHash } from 'node:crypto';
import { CutterError } from '../../errors.js';
import { resolvePgConnection, type PgConnection } from '../../hub/pg-connection.js';
import { isConnectionError, toHubError } from '../../hub/database-errors.js';
import { loadPg } from '../../hub/load-pg.js';

/** The subset of pg's query result the store reads. */
export interface PgResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/** The subset of a pg connection (a Client or a Pool's client) that the store needs. */
export interface PgQueryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<PgResult<R>>;
}

export interface PgPoolClient extends PgQueryable {
  release(destroy?: boolean): void;
}

export interface PgStorePool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

export interface PgSessionClient extends PgQueryable {
  connect(): Promise<void>;
  end(): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): unknown;
}

/** How the store reaches its server: pooled connections for queries, one session per held lock. */
export interface PgDriver {
  readonly connection: PgConnection;
  readonly pool: PgStorePool;
  /** A connection of its own, for a session-level advisory lock that must outlive any query. */
  session(): Promise<PgSessionClient>;
}

/** Where the state store's connection comes from in cutter.config.yaml. */
export interface PgStateSettings {
  readonly urlEnv: string;
  readonly connectTimeoutMs: number;
  /** Shown in pg_stat_activity and in `lock_held` messages, e.g. `cutter alice@laptop`. */
  readonly applicationName: string;
}

/**
 * Resolves the connection (the URL in `urlEnv`, or the PG* variables) and opens a pool. pg is
 * imported here, on first use, so commands that never reach the store do not pay ~55 ms for it.
 */
export async function openPgDriver(settings: PgStateSettings, env: NodeJS.ProcessEnv): Promise<PgDriver> {
  let connection: PgConnection;
  try {
    connection = resolvePgConnection('state', {
      kind: 'postgres', urlEnv: settings.urlEnv, connectTimeoutMs: settings.connectTimeoutMs, statementTimeoutMs: 0, queries: {},
      writeUrlEnv: null, lockTimeoutMs: 0, writes: {},
    }, env);
  } catch (e) {
    if (!(e instanceof CutterError)) throw e;
    // The hub's wording names a source; here it is the state store.
    throw new CutterError(e.code.replace(/^source_/u, 'state_'), `the state store: ${e.message.replace(/^source "state": /u, '')}`, {
      hint: `${e.hint ?? ''}; the state store is configured under state: in cutter.config.yaml`.replace(/^; /u, ''),
      details: e.details,
    });
  }
  // Through loadPg, as the hub's pool: pg's own load would load Node's fetch (load-pg.ts says why).
  const pg = loadPg();
  const config = { ...connection.poolConfig, application_name: settings.applicationName.slice(0, 63), keepAlive: true };
  const pool = new pg.Pool({ ...config, max: 3, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
  // A dropped idle connection must not crash the process; the pool opens a new one.
  pool.on('error', () => {});
  return {
    connection,
    pool: pool as unknown as PgStorePool,
    async session() {
      const client = new pg.Client(config);
      client.on('error', () => {});
      await client.connect();
      return client as unknown as PgSessionClient;
    },
  };
}

/**
 * A database error as a CutterError about the state store: what failed and where (never the
 * password), the SQLSTATE, and what to check. CutterErrors and bugs pass through unchanged.
 */
export function stateStoreError(e: unknown, connection: PgConnection, store: string): unknown {
  if (e instanceof CutterError) return e;
  // The store's description already names the connection; the message says it once.
  const mapped = toHubError(e, { from: connection.from, secrets: connection.secrets });
  if (!(mapped instanceof CutterError)) return e;
  const hint = isConnectionError(mapped)
    ? `${mapped.hint ?? ''} (the state store is configured under state: in cutter.config.yaml)`
    : mapped.code === 'hub_permission_denied'
      ? 'the state store needs a user that can create the schema on first use (or run cutter state migrate once as one) and write its tables'
      : 'check the state store with cutter doctor; if the tables were changed by hand, restore them from a backup';
  return new CutterError(mapped.code.replace(/^hub_/u, 'state_'), `${store}: ${mapped.message}`, {
    hint, details: { ...mapped.details, store, connection: connection.description }, exitCode: mapped.exitCode, cause: mapped.cause,
  });
}

/** A 64-bit advisory lock key from a name (the first 8 bytes of its sha256, as a signed bigint). */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
