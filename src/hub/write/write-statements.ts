import { CutterError } from '../../errors.js';
import { WRITE_STATEMENT_NAMES, type WriteStatementName } from '../../plan/config.js';
import { namedParams } from '../read-only-sql.js';
import { lexSql, SqlLexError } from '../../discovery/sql-lexer.js';

/** The statements of live execution, each with `:named` parameters (bound like the SELECTs). */
export type WriteStatements = Readonly<Record<WriteStatementName, string>>;

/** Statements for the default hub schema (schemas/hub.sql); the embedded hub always uses these. */
export const DEFAULT_WRITES: WriteStatements = {
  lockDocument: 'SELECT revision FROM kb_documents WHERE id = :document_id FOR UPDATE',
  lockUnits:
    'SELECT iu_id, document_id, prefix, content_sha256, status, ordinal, heading FROM kb_information_units ' +
    'WHERE iu_id = ANY(:iu_ids::text[]) FOR UPDATE',
  // An insert may meet a retired unit of the same id (text that comes back): it is revived in place.
  upsertUnit:
    'INSERT INTO kb_information_units ' +
    '(iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status) ' +
    "VALUES (:iu_id, :document_id, :prefix, :path, :ordinal, :heading, :body, :content_sha256, :source_revision, 'active') " +
    'ON CONFLICT (iu_id) DO UPDATE SET path = EXCLUDED.path, ordinal = EXCLUDED.ordinal, heading = EXCLUDED.heading, ' +
    'body = EXCLUDED.body, content_sha256 = EXCLUDED.content_sha256, source_revision = EXCLUDED.source_revision, ' +
    "status = 'active', updated_at = now()",
  retireUnit:
    "UPDATE kb_information_units SET status = 'retired', updated_at = now() " +
    "WHERE iu_id = :iu_id AND content_sha256 = :expect_sha256 AND status = 'active'",
  findExecution: 'SELECT token FROM cutter_executions WHERE token = :token',
  recordExecution:
    'INSERT INTO cutter_executions (token, document_id, prefix, operations_fingerprint, source_revision, applied, skipped) ' +
    'VALUES (:token, :document_id, :prefix, :operations_fingerprint, :source_revision, :applied, :skipped)',
};

/** What each statement must use, may use, and (for the locking reads) must return. */
export const WRITE_NEEDS: Readonly<Record<WriteStatementName, {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly columns: readonly string[];
  /** What the statement is for, in messages. */
  readonly role: string;
}>> = {
  lockDocument: { required: ['document_id'], optional: [], columns: ['revision'], role: 'locks the document row and reads its revision' },
  lockUnits: {
    required: ['iu_ids'], optional: ['document_id', 'prefix'],
    columns: ['iu_id', 'document_id', 'prefix', 'content_sha256', 'status', 'ordinal', 'heading'],
    role: 'locks the units the operations touch',
  },
  upsertUnit: {
    required: ['iu_id', 'document_id', 'prefix', 'path', 'ordinal', 'heading', 'body', 'content_sha256'],
    optional: ['source_revision', 'expect_sha256'], columns: [], role: 'inserts or updates one unit',
  },
  retireUnit: { required: ['iu_id'], optional: ['expect_sha256', 'document_id', 'prefix'], columns: [], role: 'marks one unit retired' },
  findExecution: { required: ['token'], optional: [], columns: [], role: 'tells whether an execution committed' },
  recordExecution: {
    required: ['token'],
    optional: ['document_id', 'prefix', 'operations_fingerprint', 'source_revision', 'applied', 'skipped'],
    columns: [], role: 'records the execution token in the write transaction',
  },
};

/** The first word each statement may start with: the locking reads read, the rest write. */
const FIRST_WORDS: Readonly<Record<WriteStatementName, readonly string[]>> = {
  lockDocument: ['select', 'with'],
  lockUnits: ['select', 'with'],
  upsertUnit: ['insert', 'update', 'with', 'merge'],
  retireUnit: ['update', 'with'],
  findExecution: ['select', 'with'],
  recordExecution: ['insert', 'with'],
};

// A retirement never deletes, and no write statement changes the schema, rights or session or
// ends the transaction. (SET and DO are not listed: UPDATE … SET and ON CONFLICT DO UPDATE need
// them, and a statement starting with them is refused by its first word.)
const FORBIDDEN_WORDS = new Set([
  'delete', 'truncate', 'drop', 'alter', 'create', 'grant', 'revoke', 'copy', 'call', 'vacuum',
  'discard', 'prepare', 'execute', 'commit', 'rollback', 'begin', 'savepoint',
]);

export function resolveWrites(configured: Readonly<Partial<Record<WriteStatementName, string>>> = {}): WriteStatements {
  return Object.fromEntries(WRITE_STATEMENT_NAMES.map((n) => [n, configured[n] ?? DEFAULT_WRITES[n]])) as unknown as WriteStatements;
}

/** The problems of one statement's text, found without a server: empty when it is fit. */
export function writeStatementProblems(name: WriteStatementName, sql: string): string[] {
  let tokens;
  try {
    tokens = lexSql(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  } catch (e) {
    if (e instanceof SqlLexError) return [`cannot read it: ${e.message}`];
    throw e;
  }
  while (tokens.at(-1)?.text === ';') tokens.pop();
  if (tokens.length === 0) return ['it is empty'];
  const problems: string[] = [];
  if (tokens.some((t) => t.text === ';')) problems.push('it holds more than one statement');
  const first = tokens[0]!.text.toLowerCase();
  if (!FIRST_WORDS[name].includes(first)) {
    problems.push(`it must start with ${FIRST_WORDS[name].map((w) => w.toUpperCase()).join(' or ')}, not ${tokens[0]!.text.toUpperCase()}`);
  }
  const forbidden = [...new Set(tokens.filter((t) => t.kind === 'word' && FORBIDDEN_WORDS.has(t.text.toLowerCase())).map((t) => t.text.toUpperCase()))];
  if (forbidden.length > 0) problems.push(`${forbidden.join(', ')} is not allowed (a retirement sets status, it never deletes)`);
  if (tokens.some((t) => t.kind === 'symbol' && t.text === '$')) problems.push('positional parameters ($1) are not allowed; use :name parameters');
  const used = namedParams(sql);
  const need = WRITE_NEEDS[name];
  const missing = need.required.filter((p) => !used.includes(p));
  if (missing.length > 0) problems.push(`it does not use ${missing.map((p) => `:${p}`).join(', ')}`);
  const unknown = used.filter((p) => !need.required.includes(p) && !need.optional.includes(p));
  if (unknown.length > 0) {
    problems.push(`it uses ${unknown.map((p) => `:${p}`).join(', ')}, which cutter does not supply (only ${[...need.required, ...need.optional].map((p) => `:${p}`).join(', ')})`);
  }
  return problems;
}

/** Checks every statement's text and throws one error naming each problem. */
export function assertWriteStatements(statements: WriteStatements, sourceName: string): void {
  const lines = WRITE_STATEMENT_NAMES.flatMap((n) => writeStatementProblems(n, statements[n]).map((p) => `the ${n} statement: ${p}`));
  if (lines.length === 0) return;
  throw new CutterError('source_writes_invalid', `source "${sourceName}" cannot execute live:\n${lines.map((l) => `  ${l}`).join('\n')}`, {
    hint: `fix the statements under sources.${sourceName}.writes in cutter.config.yaml; cutter doctor --source ${sourceName} checks them against the server`,
    details: { source: sourceName, problems: lines },
  });
}
