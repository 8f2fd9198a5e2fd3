import { CutterError } from '../errors.js';
import type { PostgresSourceConfig } from '../plan/config.js';
import { loadPg } from './load-pg.js';
import type { PgPool } from './pg-select.js';

/** How to reach a PostgreSQL source, resolved from the environment. */
export interface PgConnection {
  /** Settings for pg's Pool. Holds the password: never print, log or persist this object. */
  readonly poolConfig: Readonly<Record<string, unknown>>;
  /** `postgres://user@host:port/db`, for messages and reports; the password is never in it. */
  readonly description: string;
  /** Where the settings came from, e.g. `$CUTTER_DATABASE_URL` or `the PG* variables`. */
  readonly from: string;
  /** Strings to scrub from any message: the password. */
  readonly secrets: readonly string[];
}

// libpq's variables that pg also reads; any one of them set means "connect the standard way".
const PG_VARIABLES = ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGPASSWORD'] as const;

/**
 * Reads the connection from the source's variable (default CUTTER_DATABASE_URL), falling back to
 * the standard PG* variables. The environment is a parameter so commands and tests pass their own.
 */
export function resolvePgConnection(
  sourceName: string,
  source: PostgresSourceConfig,
  env: NodeJS.ProcessEnv = process.env,
): PgConnection {
  const common = {
    connectionTimeoutMillis: source.connectTimeoutMs,
    application_name: 'cutter',
  };
  const url = env[source.urlEnv];
  const pgPassword = env['PGPASSWORD'];
  if (url !== undefined && url !== '') {
    const from = `$${source.urlEnv}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      // URL's own error repeats the input, password and all: say where to look instead.
      throw new CutterError('source_url_invalid', `source "${sourceName}": ${from} is not a valid URL`, {
        hint: `set ${from} to postgres://user:password@host:5432/database`,
        details: { source: sourceName, variable: source.urlEnv },
      });
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new CutterError('source_url_invalid', `source "${sourceName}": ${from} must start with postgres:// or postgresql://`, {
        hint: `set ${from} to postgres://user:password@host:5432/database`,
        details: { source: sourceName, variable: source.urlEnv, protocol: parsed.protocol },
      });
    }
    const password = parsed.password ? safeDecode(parsed.password) : undefined;
    const user = safeDecode(parsed.username) || env['PGUSER'] || env['USER'] || 'postgres';
    const host = parsed.hostname || parsed.searchParams.get('host') || env['PGHOST'] || 'localhost';
    const port = parsed.port || env['PGPORT'] || '5432';
    const database = safeDecode(parsed.pathname.replace(/^\//u, '')) || env['PGDATABASE'] || user;
    return {
      poolConfig: { ...common, connectionString: url },
      description: describe(user, host, port, database),
      from,
      secrets: [password, pgPassword].filter((s): s is string => !!s),
    };
  }
  if (PG_VARIABLES.some((v) => env[v] !== undefined && env[v] !== '')) {
    const user = env['PGUSER'] || env['USER'] || 'postgres';
    const host = env['PGHOST'] || env['PGHOSTADDR'] || 'localhost';
    const port = env['PGPORT'] || '5432';
    const database = env['PGDATABASE'] || user;
    return {
      // Given explicitly, so the environment passed in is the one used, not pg's own process.env.
      poolConfig: { ...common, user, host, port: Number(port), database, ...(pgPassword ? { password: pgPassword } : {}) },
      description: describe(user, host, port, database),
      from: 'the PG* variables',
      secrets: pgPassword ? [pgPassword] : [],
    };
  }
  throw new CutterError('source_url_missing', `source "${sourceName}": $${source.urlEnv} is not set, and neither are PGHOST, PGDATABASE and the other PG* variables`, {
    hint: `export ${source.urlEnv}=postgres://user:password@host:5432/database (or set PGHOST, PGPORT, PGDATABASE, PGUSER)`,
    details: { source: sourceName, variable: source.urlEnv },
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function describe(user: string, host: string, port: string, database: string): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `postgres://${user}@${h.startsWith('/') ? encodeURIComponent(h) : h}:${port}/${database}`;
}

/** Opens a pg Pool (loading pg on first use: `loadPg`). */
export async function openPgPool(connection: PgConnection): Promise<PgPool> {
  const { Pool } = loadPg();
  // Discovery makes a handful of sequential queries; two connections is plenty and polite.
  const pool = new Pool({ ...connection.poolConfig, max: 2, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
  // An idle connection that the server drops emits 'error' on the pool, which would otherwise
  // crash the process; the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  return pool as unknown as PgPool;
}
