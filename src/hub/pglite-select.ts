import type { PGlite } from '@electric-sql/pglite';
import type { Row, Select, SelectColumns } from '../discovery/select.js';
import { toHubError, type HubErrorContext } from './database-errors.js';
import type { QueryResult } from './pg-select.js';
import { assertReadOnlySelect, bindNamedParams, columnsProbe } from './read-only-sql.js';

/**
 * Runs one statement with bound parameters inside a READ ONLY transaction (PGlite honours it:
 * writes fail with SQLSTATE 25006), then rolls back and discards the session state, as
 * `runReadOnly` does for pg, so whatever a function changed in the session is undone. PGlite does not honour statement_timeout, so none
 * is set. No client-side check here: this is the server's half of "read-only twice".
 */
export async function pgliteRunReadOnly(db: PGlite, text: string, values: unknown[]): Promise<QueryResult> {
  try {
    return await db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION READ ONLY; SET LOCAL standard_conforming_strings = on');
      const result = await tx.query<Row>(text, values);
      await tx.rollback();
      return { rows: result.rows, fields: result.fields };
    });
  } finally {
    // PREPARE and pg_advisory_lock() outlive a rollback; the session is shared with the live
    // executor, so leave it as it was found (PGlite's own queries use unnamed statements).
    await db.exec('DISCARD ALL');
  }
}

/**
 * `Select` over PGlite: the statement is checked to be one read-only query, then run with
 * `pgliteRunReadOnly`.
 */
export function pgliteSelect(db: PGlite, context?: HubErrorContext): Select {
  return async (sql, params) => {
    assertReadOnlySelect(sql);
    const { text, values } = bindNamedParams(sql, params);
    try {
      return (await pgliteRunReadOnly(db, text, values)).rows;
    } catch (e) {
      throw toHubError(e, context);
    }
  };
}

/** The columns a read-only SELECT returns, read from a `LIMIT 0` wrapper so no row is fetched. */
export function pgliteSelectColumns(db: PGlite, context?: HubErrorContext): SelectColumns {
  return async (sql, params) => {
    assertReadOnlySelect(sql);
    const { text, values } = bindNamedParams(columnsProbe(sql), params);
    try {
      return (await pgliteRunReadOnly(db, text, values)).fields.map((f) => f.name);
    } catch (e) {
      throw toHubError(e, context);
    }
  };
}
