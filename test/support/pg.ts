import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The real PostgreSQL server the integration tests use. Its absence skips those tests, unless
 * CUTTER_REQUIRE_PG=1 (CI), where it fails them: a green run must never hide untested pg code.
 */
export const PG_ADMIN_URL = process.env['CUTTER_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_PG = process.env['CUTTER_REQUIRE_PG'] === '1';

/** A database made for one test file; `drop()` removes it (and ends its connections). */
export interface TestDatabase {
  readonly name: string;
  /** Connection URL of this database (no password: the test server trusts loopback). */
  readonly url: string;
  /** Unrestricted connections for seeding and checking; never the path under test. */
  readonly admin: pg.Pool;
  drop(): Promise<void>;
}

export interface PgServer {
  /** `SELECT version()` of the server. */
  readonly version: string;
  createDatabase(label: string): Promise<TestDatabase>;
}

let probed: Promise<PgServer | null> | undefined;

/**
 * The server, or null when it does not answer (the caller skips). With CUTTER_REQUIRE_PG=1 an
 * unreachable server throws instead, failing the test file.
 */
export function pgServer(): Promise<PgServer | null> {
  probed ??= probe();
  return probed;
}

async function probe(): Promise<PgServer | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  let version: string;
  try {
    await client.connect();
    version = String((await client.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v);
  } catch (e) {
    if (REQUIRE_PG) {
      throw new Error(`CUTTER_REQUIRE_PG=1 but PostgreSQL at ${PG_ADMIN_URL} is unreachable: ${(e as Error).message}`, { cause: e });
    }
    return null;
  } finally {
    await client.end().catch(() => {});
  }
  return { version, createDatabase };
}

async function createDatabase(label: string): Promise<TestDatabase> {
  // A database per test file, not a schema: the read-only proof checks database-wide objects
  // (large objects, schemas, sequences), which other files running at the same time must not touch.
  const name = `cutter_test_${label.replace(/[^a-z0-9]/giu, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    name,
    url: url.toString(),
    admin,
    async drop() {
      await admin.end();
      // Give sessions that are closing a moment to go: FORCE would end them with 57P01, which a
      // pg client reports as an uncaught error in whatever test file runs next.
      await untilNoSessions(name, 3_000);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function untilNoSessions(database: string, withinMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (Number(r.rows[0]!.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

/** One statement on the server's admin database (CREATE/DROP DATABASE, roles). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
