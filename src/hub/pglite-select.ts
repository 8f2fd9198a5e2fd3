import type { PGlite } from '@electric-sql/pglite';
import type { Row, Select } from '../discovery/select.js';
import { assertReadOnlySelect, bindNamedParams } from './read-only-sql.js';

/**
 * `Select` over PGlite: the statement is checked to be one read-only query, then run with bound
 * parameters inside a READ ONLY transaction (PGlite honours it: writes fail with SQLSTATE 25006).
 * PGlite does not honour statement_timeout, so no timeout is set here.
 */
export function pgliteSelect(db: PGlite): Select {
  return async (sql, params) => {
    assertReadOnlySelect(sql);
    const { text, values } = bindNamedParams(sql, params);
    return db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION READ ONLY');
      const result = await tx.query<Row>(text, values);
      return result.rows;
    });
  };
}
