import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { CutterError } from '../../errors.js';
import { WRITE_STATEMENT_NAMES, type WriteStatementName } from '../../plan/config.js';
import type { Row } from '../../discovery/select.js';
import { bindNamedParams, namedParams } from '../read-only-sql.js';
import { toWriteError } from './write-errors.js';
import { WRITE_NEEDS, writeStatementProblems, type WriteStatements } from './write-statements.js';
import type { HubErrorContext } from '../database-errors.js';

/** One statement inside a transaction that the checker always rolls back. */
export type ProbeQuery = (text: string, values: readonly unknown[]) => Promise<{ rows: Row[]; fields: readonly string[] }>;

/** Runs `body` inside a transaction and rolls it back whatever happens. */
export type RolledBack = <T>(body: (query: ProbeQuery) => Promise<T>) => Promise<T>;

/** The check of one write statement: an empty list means it fits. */
export interface WriteCheck {
  readonly statement: WriteStatementName;
  readonly problems: readonly string[];
  readonly sqlstate?: string | undefined;
}

/**
 * Checks each write statement against the server without writing anything: its text first
 * (one statement, the right :name parameters, no DELETE), then, inside a transaction that is
 * always rolled back, `PREPARE` (tables, columns, types) and `EXPLAIN EXECUTE` with nulls
 * (privileges: the planner checks them; nothing runs). The two locking reads run for a key no
 * document has, so they lock nothing, and must return the columns the executor reads.
 */
export async function checkWrites(statements: WriteStatements, rolledBack: RolledBack, context: HubErrorContext): Promise<WriteCheck[]> {
  const checks: WriteCheck[] = [];
  for (const name of WRITE_STATEMENT_NAMES) {
    const sql = statements[name];
    const problems = writeStatementProblems(name, sql);
    if (problems.length > 0) {
      checks.push({ statement: name, problems });
      continue;
    }
    const nobody = `cutter-doctor-${randomBytes(6).toString('hex')}`;
    const params: Record<string, unknown> = Object.fromEntries(namedParams(sql).map((p) => [p, p === 'iu_ids' ? [nobody] : null]));
    if ('document_id' in params) params['document_id'] = nobody;
    const { text, values } = bindNamedParams(sql, params);
    const label = `cutter_doctor_${name.toLowerCase()}`;
    try {
      await rolledBack(async (query) => {
        if (name === 'lockDocument' || name === 'lockUnits') {
          const { fields } = await query(text, values);
          const missing = WRITE_NEEDS[name].columns.filter((c) => !fields.includes(c));
          if (missing.length > 0) problems.push(`it does not return the columns ${missing.join(', ')}`);
          return;
        }
        // PREPARE takes no bound values: the statement is checked with its $n placeholders as they are.
        await query(`PREPARE ${label} AS ${text}`, []);
        await query(`EXPLAIN EXECUTE ${label}(${values.map(() => 'NULL').join(', ')})`, []);
      });
      checks.push({ statement: name, problems });
    } catch (e) {
      const mapped = toWriteError(e, name, context);
      if (!(mapped instanceof CutterError) || mapped.details['sqlstate'] === undefined) throw mapped;
      const message = mapped.message.replace(/^source "[^"]*": /u, '').replace(/ \(in the \w+ statement; nothing was written\)$/u, '');
      checks.push({ statement: name, problems: [message], sqlstate: String(mapped.details['sqlstate']) });
    }
  }
  return checks;
}

/** One line per problem, naming the statement. */
export function describeWriteProblems(checks: readonly WriteCheck[]): string[] {
  return checks.flatMap((c) => c.problems.map((p) => `the ${c.statement} statement: ${p}`));
}

/** A PGlite transaction that is always rolled back, leaving no prepared statement behind. */
export function pgliteRolledBack(db: PGlite): RolledBack {
  return async (body) => {
    try {
      return await db.transaction(async (tx) => {
        try {
          return await body(async (text, values) => {
            const r = await tx.query<Row>(text, [...values]);
            return { rows: r.rows, fields: r.fields.map((f) => f.name) };
          });
        } finally {
          await tx.rollback();
        }
      });
    } finally {
      await db.exec('DISCARD ALL');
    }
  };
}
