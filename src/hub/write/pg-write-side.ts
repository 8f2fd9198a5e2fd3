import { CutterError } from '../../errors.js';
import type { PostgresSourceConfig } from '../../plan/config.js';
import type { HubErrorContext } from '../database-errors.js';
import type { HubWriteSide, WriteResult } from '../hub-executor.js';
import { openPgPool, resolvePgConnection, type PgConnection } from '../pg-connection.js';
import { rollBackAndRelease, runReadOnly, type PgClient, type QueryResult } from '../pg-select.js';
import type { RolledBack } from './check-writes.js';
import { toWriteError } from './write-errors.js';

/** pg's result as the write side reads it. */
interface PgWriteResult extends QueryResult {
  readonly rowCount: number | null;
}

/** The connection the writes use: the writer role's when `writeUrlEnv` is set, else the reader's settings. */
export function resolveWriteConnection(name: string, source: PostgresSourceConfig, env: NodeJS.ProcessEnv): PgConnection {
  if (source.writeUrlEnv === null) return resolvePgConnection(name, source, env);
  const url = env[source.writeUrlEnv];
  // Never fall back to PG* here: that would write as the reading role, which writeUrlEnv exists to avoid.
  if (url === undefined || url === '') {
    throw new CutterError('source_url_missing', `source "${name}": $${source.writeUrlEnv} (the writer's connection, writeUrlEnv) is not set`, {
      hint: `export ${source.writeUrlEnv}=postgres://writer:password@host:5432/database, or remove writeUrlEnv to write with the reading settings`,
      details: { source: name, variable: source.writeUrlEnv },
    });
  }
  return resolvePgConnection(name, { ...source, urlEnv: source.writeUrlEnv }, env);
}

/** The write side of a PostgreSQL source, on a pool of its own. */
export interface PgWriteSide extends HubWriteSide {
  readonly description: string;
  /** A transaction that is always rolled back, for `cutter doctor`'s checks of the statements. */
  readonly rolledBack: RolledBack;
  close(): Promise<void>;
}

/**
 * Opens the write side of a PostgreSQL source: its own pool (its own role with `writeUrlEnv`),
 * separate from discovery's read-only Select; it connects on the first statement, so merely
 * opening it reaches nothing. Each transaction sets statement_timeout and lock_timeout locally.
 */
export async function openPgWriteSide(name: string, source: PostgresSourceConfig, env: NodeJS.ProcessEnv): Promise<PgWriteSide> {
  const connection = resolveWriteConnection(name, source, env);
  const context: HubErrorContext = { source: name, connection: connection.description, from: connection.from, secrets: connection.secrets };
  const pool = await openPgPool(connection);
  const timeouts = [source.statementTimeoutMs, source.lockTimeoutMs];
  if (!timeouts.every((t) => Number.isSafeInteger(t) && t > 0)) throw new RangeError(`timeouts must be positive integers, not ${timeouts.join(', ')}`);
  const connect = async (): Promise<PgClient> => {
    try {
      return await pool.connect();
    } catch (e) {
      throw toWriteError(e, null, context);
    }
  };
  return {
    description: connection.description,
    context,
    rolledBack: async (body) => {
      const client = await connect();
      try {
        await client.query(`BEGIN; SET LOCAL statement_timeout = ${source.statementTimeoutMs}; SET LOCAL lock_timeout = ${source.lockTimeoutMs}`);
        return await body(async (text, values) => {
          const r = (await client.query({ text, values: [...values], queryMode: 'extended' })) as PgWriteResult;
          return { rows: r.rows, fields: r.fields.map((f) => f.name) };
        });
      } finally {
        // Prepared statements outlive a rollback; DISCARD ALL drops them with the session state.
        await rollBackAndRelease(client);
      }
    },
    read: async (text, values) => {
      try {
        return (await runReadOnly(pool, text, [...values], source.statementTimeoutMs)).rows;
      } catch (e) {
        throw toWriteError(e, null, context);
      }
    },
    transact: async (body) => {
      const client = await connect();
      let open = false;
      try {
        // Integers checked above, so they can be written into the text; one round trip.
        await client.query(
          `BEGIN; SET LOCAL statement_timeout = ${source.statementTimeoutMs}; SET LOCAL lock_timeout = ${source.lockTimeoutMs}; ` +
            'SET LOCAL standard_conforming_strings = on',
        );
        open = true;
        const result = await body(async (text, values): Promise<WriteResult> => {
          const r = (await client.query({ text, values: [...values], queryMode: 'extended' })) as PgWriteResult;
          return { rows: r.rows, rowCount: r.rowCount ?? 0 };
        });
        open = false;
        // A COMMIT whose answer is lost leaves the outcome unknown here; the run's journal token
        // is what tells, on resume, whether it happened.
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (e) {
        if (open) {
          try {
            await client.query('ROLLBACK');
            client.release();
          } catch (rollback) {
            client.release(rollback instanceof Error ? rollback : true);
          }
        } else {
          client.release(e instanceof Error ? e : true);
        }
        // The body's own errors already name their statement.
        throw e instanceof CutterError ? e : toWriteError(e, null, context);
      }
    },
    close: () => pool.end(),
  };
}
