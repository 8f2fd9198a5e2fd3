import { LiveReadOnlyDiscoverer, type SourceQueries } from '../discovery/live-read-only-discoverer.js';
import type { Select, SelectColumns } from '../discovery/select.js';
import type { PostgresSourceConfig } from '../plan/config.js';
import type { HubErrorContext } from './database-errors.js';
import type { OpenSource } from './open-source.js';
import { openPgPool, resolvePgConnection } from './pg-connection.js';
import { pgSelect, pgSelectColumns, runReadOnly, type PgPool, type QueryResult } from './pg-select.js';
import { assertQueries, resolveQueries } from './source-queries.js';

/** A PostgreSQL source opened for reading. Only the read-only paths below reach the pool. */
export interface PostgresHub {
  /** `postgres://user@host:port/db`; never the password. */
  readonly description: string;
  readonly select: Select;
  readonly columns: SelectColumns;
  readonly queries: SourceQueries;
  readonly statementTimeoutMs: number;
  /** For errors raised outside `select` (e.g. by doctor); holds the secrets to scrub. */
  readonly context: HubErrorContext;
  /**
   * The read-only transaction without the client-side check, so `doctor` can show the server
   * refusing a write on its own. Discovery never gets this.
   */
  readonly serverOnly: (text: string) => Promise<QueryResult>;
  close(): Promise<void>;
}

/** Resolves the connection (CUTTER_DATABASE_URL or PG*) and opens a pool; connects on first query. */
export async function openPostgresHub(
  name: string,
  source: PostgresSourceConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PostgresHub> {
  const connection = resolvePgConnection(name, source, env);
  const context: HubErrorContext = {
    source: name, connection: connection.description, from: connection.from, secrets: connection.secrets,
  };
  const pool: PgPool = await openPgPool(connection);
  const options = { statementTimeoutMs: source.statementTimeoutMs, context };
  return {
    description: connection.description,
    select: pgSelect(pool, options),
    columns: pgSelectColumns(pool, options),
    queries: resolveQueries(source.queries),
    statementTimeoutMs: source.statementTimeoutMs,
    context,
    serverOnly: (text) => runReadOnly(pool, text, [], source.statementTimeoutMs),
    close: () => pool.end(),
  };
}

/**
 * Opens a PostgreSQL source for a command. The configured SELECTs are checked first (read-only,
 * parameters, columns): real hubs name their own tables, and this is also the first connection,
 * so an unreachable server or a wrong password is reported here, before any run starts.
 */
export async function openPostgresSource(name: string, source: PostgresSourceConfig, env: NodeJS.ProcessEnv): Promise<OpenSource> {
  const hub = await openPostgresHub(name, source, env);
  try {
    await assertQueries(hub.columns, hub.queries, name);
  } catch (e) {
    await hub.close();
    throw e;
  }
  return {
    name,
    kind: 'postgres',
    discoverer: new LiveReadOnlyDiscoverer(hub.select, hub.queries),
    select: hub.select,
    // Live writes to a PostgreSQL hub are not built: live plans on this source are refused at G0.
    liveExecutor: undefined,
    close: () => hub.close(),
  };
}
