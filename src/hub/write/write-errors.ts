import { CutterError } from '../../errors.js';
import type { WriteStatementName } from '../../plan/config.js';
import { toHubError, type HubErrorContext } from '../database-errors.js';

/**
 * A database error met by a write statement, said in the write side's terms: which statement,
 * and what to grant or fix. The read side's classification (src/hub/database-errors.ts) gives the
 * code, SQLSTATE and details; the hints here are about the writer role and the `writes` config.
 * Nothing was written: the transaction rolled back.
 */
export function toWriteError(e: unknown, statement: WriteStatementName | null, context: HubErrorContext): unknown {
  const mapped = toHubError(e, context);
  if (!(mapped instanceof CutterError) || !mapped.code.startsWith('hub_')) return mapped;
  const sqlstate = mapped.details['sqlstate'];
  const source = context.source ?? 'the source';
  const what = statement ? `the ${statement} statement` : 'the write transaction';
  const configured = `sources.${source}.writes.${statement ?? '…'} in cutter.config.yaml`;
  const from = context.from ?? 'the writer connection settings';
  const details = { ...mapped.details, statement, written: false };
  const say = (code: string, hint: string, exitCode: 1 | 4 = 1): CutterError =>
    new CutterError(code, `${mapped.message.replace(/^source "[^"]*": /u, `source "${source}": `)} (in ${what}; nothing was written)`, {
      hint, details, exitCode, cause: mapped,
    });
  switch (sqlstate) {
    case '42P01':
      return say('hub_missing_table',
        statement === 'findExecution' || statement === 'recordExecution'
          ? 'the hub has no cutter_executions table: create it from schemas/hub.sql, or name your own statements under ' + configured
          : `${what} names a table this database does not have: check ${configured} (or the writer's search_path); cutter doctor checks every write statement`);
    case '42703':
      return say('hub_missing_column', `check the column names in ${configured}; cutter doctor checks every write statement`);
    case '42501':
      return say('hub_permission_denied',
        `grant the writer role (from ${from}) SELECT, INSERT and UPDATE on the hub's unit table, SELECT … FOR UPDATE on the documents, and SELECT, INSERT on cutter_executions; cutter doctor shows which statement is refused`);
    case '55P03':
      return say('hub_lock_timeout',
        `another transaction holds the document or its units longer than lockTimeoutMs; when it has finished, retry with cutter resume <run-id> (or raise sources.${source}.lockTimeoutMs)`, 4);
    case '57014':
      return say('hub_statement_timeout', `a write ran longer than statementTimeoutMs; raise sources.${source}.statementTimeoutMs, then retry with cutter resume <run-id>`);
    case '25006':
      return say('hub_read_only_violation', `the writer connection (${from}) is read-only; set writeUrlEnv for this source to a role that may write`, 4);
    default:
      return mapped;
  }
}
