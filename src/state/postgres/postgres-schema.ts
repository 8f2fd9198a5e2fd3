import { TOOL_VERSION } from '../../version.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { advisoryKey, type PgQueryable, type PgStorePool } from './pg-driver.js';

/** What `migrate` did. */
export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly description: string }[];
}

/** The highest migration recorded in the schema: 0 when the schema or its version table is absent. */
export async function readSchemaVersion(c: PgQueryable, quoted: string): Promise<number> {
  const exists = await c.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${quoted}.schema_version`]);
  if (!exists.rows[0]?.t) return 0;
  const r = await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${quoted}.schema_version`);
  return r.rows[0]?.v ?? 0;
}

/**
 * Creates the schema and applies the migrations it has not seen, in one transaction, one migrator
 * at a time per schema across every machine of the team (a transaction-level advisory lock), so
 * concurrent first uses do not race. `refuseNewer` throws for a schema made by a newer cutter.
 */
export async function applyMigrations(
  pool: PgStorePool, schemaName: string, quoted: string, refuseNewer: (version: number) => void,
): Promise<MigrationReport> {
  const client = await pool.connect();
  let healthy = true;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(`migrate\0${schemaName}`)]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_version (
      version int PRIMARY KEY, description text NOT NULL, tool_version text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const from = await readSchemaVersion(client, quoted);
    refuseNewer(from);
    const applied = [];
    for (const m of MIGRATIONS.filter((x) => x.version > from)) {
      await client.query(m.sql(quoted));
      await client.query(`INSERT INTO ${quoted}.schema_version (version, description, tool_version) VALUES ($1, $2, $3)`,
        [m.version, m.description, TOOL_VERSION]);
      applied.push({ version: m.version, description: m.description });
    }
    await client.query('COMMIT');
    return { from, to: LATEST_VERSION, applied };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => { healthy = false; });
    throw e;
  } finally {
    client.release(!healthy);
  }
}
