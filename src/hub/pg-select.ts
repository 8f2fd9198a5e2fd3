import type { Row, Select, SelectColumns } from '../discovery/select.js';
import { toHubError, type HubErrorContext } from './database-errors.js';
import { loadPg } from './load-pg.js';
import { assertReadOnlySelect, bindNamedParams, columnsProbe } from './read-only-sql.js';

/** What a query returns: the rows, and the columns even when there are no rows. */
export interface QueryResult {
  readonly rows: Row[];
  readonly fields: readonly { readonly name: string }[];
}

/**
 * pg's Query as a stream of rows: handed to `PgClient.query`, it emits each row as it is read
 * off the connection, and (with a 'row' listener and no callback) does not gather them.
 */
export interface PgRowStream {
  submit(connection: unknown): void;
  on(event: 'row', listener: (row: Row) => void): this;
  on(event: 'error', listener: (e: Error) => void): this;
  on(event: 'end', listener: () => void): this;
}

/** The subset of pg's PoolClient cutter uses (pg's own types stay out of the port). */
export interface PgClient {
  query(text: string): Promise<unknown>;
  query(config: { text: string; values: unknown[]; queryMode: 'extended' }): Promise<QueryResult>;
  query(stream: PgRowStream): PgRowStream;
  /** With an error, the connection is destroyed instead of going back to the pool. */
  release(destroy?: Error | boolean): void;
}

/** The subset of pg's Pool cutter uses. */
export interface PgPool {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

export interface PgSelectOptions {
  /** Sent as SET LOCAL statement_timeout with every statement. */
  readonly statementTimeoutMs: number;
  /** Names the source and connection in errors; holds the secrets to scrub from them. */
  readonly context?: HubErrorContext | undefined;
}

/**
 * Runs one statement inside `BEGIN READ ONLY` with `SET LOCAL statement_timeout`, as a
 * parameterised query, then rolls back and discards the session state. There is no client-side
 * check here: this is the server's half of "read-only twice", and `doctor` uses it alone to prove
 * that the server refuses a write. Discovery goes through `pgSelect`, which checks first.
 *
 * Why roll back and DISCARD ALL rather than commit: PostgreSQL 15 lets a READ ONLY transaction
 * call set_config(), pg_notify() and pg_advisory_lock(), and an advisory lock or a session
 * setting would outlive a commit on a pooled connection. Rolling back undoes the settings and
 * notifications; DISCARD ALL releases session locks, temp tables and prepared statements.
 */
export async function runReadOnly(pool: PgPool, text: string, values: unknown[], statementTimeoutMs: number): Promise<QueryResult> {
  // queryMode 'extended' even without values: the extended protocol takes exactly one
  // statement, so the server itself refuses `SELECT 1; DELETE …` (the simple protocol runs both).
  return inReadOnlyTransaction(pool, statementTimeoutMs, (client) => client.query({ text, values, queryMode: 'extended' }));
}

/**
 * `runReadOnly` with each row given to `each` as it is read off the connection, none gathered
 * (pg's Query as a row stream, in the extended protocol as there). An error `each` throws stops
 * the rows it is given and fails the promise once the statement has ended.
 */
export async function runReadOnlyEach(
  pool: PgPool, text: string, values: unknown[], statementTimeoutMs: number, each: (row: Row) => void,
): Promise<void> {
  return inReadOnlyTransaction(pool, statementTimeoutMs, (client) => new Promise<void>((resolve, reject) => {
    const { Query } = loadPg();
    let failed: { error: unknown } | undefined;
    // pg's types know no queryMode (pg does): the config is given as the constructor takes it.
    const stream = client.query(new Query({ text, values, queryMode: 'extended' } as { text: string; values: unknown[] }) as unknown as PgRowStream);
    stream.on('row', (row) => {
      if (failed) return;
      try {
        each(row);
      } catch (e) {
        failed = { error: e };
      }
    });
    stream.on('error', reject);
    stream.on('end', () => (failed ? reject(failed.error) : resolve()));
  }));
}

/** Runs `statement` on a pooled connection inside `BEGIN READ ONLY`, then rolls back and discards the session's state. */
async function inReadOnlyTransaction<T>(pool: PgPool, statementTimeoutMs: number, statement: (client: PgClient) => Promise<T>): Promise<T> {
  if (!Number.isSafeInteger(statementTimeoutMs) || statementTimeoutMs <= 0) {
    throw new RangeError(`statementTimeoutMs must be a positive integer, not ${statementTimeoutMs}`);
  }
  const client = await pool.connect();
  try {
    // Our own text, the timeout checked above as an integer; one round trip. The lexer reads
    // plain strings the standard way, so the server must too.
    await client.query(
      `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${statementTimeoutMs}; SET LOCAL standard_conforming_strings = on`,
    );
    return await statement(client);
  } finally {
    await rollBackAndRelease(client);
  }
}

/**
 * Ends a transaction that must leave nothing behind and gives the connection back: ROLLBACK, then
 * DISCARD ALL (session locks, settings, temp tables and prepared statements outlive a rollback
 * on a pooled connection); a connection that fails either is destroyed instead of reused.
 */
export async function rollBackAndRelease(client: PgClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    await client.query('DISCARD ALL');
    client.release();
  } catch (e) {
    client.release(e instanceof Error ? e : true);
  }
}

/**
 * The `Select` port over a pg Pool: refuses anything but one SELECT / WITH … SELECT before
 * sending it, binds `:name` parameters as `$n`, and runs it with `runReadOnly` (its rows
 * gathered) or, for `each`, `runReadOnlyEach` (each row as it arrives).
 */
export function pgSelect(pool: PgPool, options: PgSelectOptions): Select {
  const timeout = options.statementTimeoutMs;
  const select = (sql: string, params: Readonly<Record<string, unknown>>): Promise<Row[]> =>
    checkedStatement(sql, params, options, async (text, values) => (await runReadOnly(pool, text, values, timeout)).rows);
  const each = (sql: string, params: Readonly<Record<string, unknown>>, row: (row: Row) => void): Promise<void> =>
    checkedStatement(sql, params, options, (text, values) => runReadOnlyEach(pool, text, values, timeout, row));
  return Object.assign(select, { each });
}

/** The columns a read-only SELECT returns, read from a `LIMIT 0` wrapper so no row is fetched. */
export function pgSelectColumns(pool: PgPool, options: PgSelectOptions): SelectColumns {
  return (sql, params) => checkedStatement(sql, params, options, async (text, values) =>
    (await runReadOnly(pool, text, values, options.statementTimeoutMs)).fields.map((f) => f.name), columnsProbe);
}

/**
 * Runs `sql` once the client-side check has passed (one read-only SELECT), its `:name`
 * parameters bound as `$n` (in the statement `wrap` makes of it, if given), a database error
 * made the hub's error.
 */
async function checkedStatement<T>(
  sql: string, params: Readonly<Record<string, unknown>>, options: PgSelectOptions,
  run: (text: string, values: unknown[]) => Promise<T>, wrap: (sql: string) => string = (s) => s,
): Promise<T> {
  assertReadOnlySelect(sql);
  const { text, values } = bindNamedParams(wrap(sql), params);
  try {
    return await run(text, values);
  } catch (e) {
    throw toHubError(e, options.context);
  }
}
