import { lexSql, SqlLexError, type SqlToken } from './sql-lexer.js';

/** The client-side half of "read-only twice": raised before a statement is ever sent. */
export class NotReadOnlyError extends Error {
  readonly code = 'not_read_only';
  constructor(message: string) {
    super(message);
    this.name = 'NotReadOnlyError';
  }
}

// Words that make a statement write, lock or change session state wherever they appear as code
// (a writable CTE puts INSERT inside WITH; FOR UPDATE/SHARE locks rows; INTO creates a table).
const FORBIDDEN = new Set([
  'insert', 'update', 'delete', 'merge', 'truncate', 'copy', 'create', 'alter', 'drop', 'grant',
  'revoke', 'into', 'call', 'do', 'lock', 'vacuum', 'analyze', 'cluster', 'reindex', 'refresh',
  'comment', 'security', 'listen', 'notify', 'prepare', 'execute', 'set', 'reset', 'discard',
  'share', 'nowait',
]);

// Functions that write or change state even when called from a SELECT.
const FORBIDDEN_FUNCTIONS = new Set([
  'nextval', 'setval', 'set_config', 'lo_import', 'lo_export', 'lo_create', 'lo_unlink', 'lo_from_bytea',
  'lo_put', 'pg_advisory_lock', 'pg_advisory_xact_lock', 'pg_try_advisory_lock', 'pg_terminate_backend',
  'pg_cancel_backend', 'pg_reload_conf', 'pg_rotate_logfile', 'dblink', 'dblink_exec', 'pg_read_file',
  'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_reset', 'txid_current', 'pg_current_xact_id',
  'pg_switch_wal', 'pg_create_restore_point', 'pg_notify',
]);

/** Code tokens (no whitespace or comments) of a statement that is a single read-only query. */
export function assertReadOnlySelect(sql: string): SqlToken[] {
  let tokens: SqlToken[];
  try {
    tokens = lexSql(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  } catch (e) {
    if (e instanceof SqlLexError) throw new NotReadOnlyError(`cannot read the statement: ${e.message}`);
    throw e;
  }
  // A trailing semicolon is harmless; any other one joins a second statement.
  while (tokens.at(-1)?.text === ';') tokens.pop();
  if (tokens.length === 0) throw new NotReadOnlyError('the statement is empty');
  const semicolon = tokens.find((t) => t.text === ';');
  if (semicolon) throw new NotReadOnlyError(`only one statement is allowed; found a second after offset ${semicolon.start}`);
  const first = tokens[0]!.text.toLowerCase();
  if (first !== 'select' && first !== 'with') {
    throw new NotReadOnlyError(`only SELECT or WITH … SELECT may run during discovery, not ${tokens[0]!.text.toUpperCase()}`);
  }
  tokens.forEach((t, i) => {
    if (t.kind !== 'word') return;
    const word = t.text.toLowerCase();
    if (FORBIDDEN.has(word)) throw new NotReadOnlyError(`${t.text.toUpperCase()} is not allowed in a read-only query`);
    if (FORBIDDEN_FUNCTIONS.has(word) && tokens[i + 1]?.text === '(') {
      throw new NotReadOnlyError(`${t.text}() changes state and is not allowed in a read-only query`);
    }
  });
  return tokens;
}

/** `:name` placeholders become `$1, $2, …`; the values go beside the text, never into it. */
export function bindNamedParams(
  sql: string,
  params: Readonly<Record<string, unknown>>,
): { text: string; values: unknown[] } {
  const order: string[] = [];
  let text = '';
  for (const t of lexSql(sql)) {
    if (t.kind !== 'param') { text += t.text; continue; }
    const name = t.text.slice(1);
    if (!Object.hasOwn(params, name)) throw new RangeError(`the query uses :${name} but no value was given for it`);
    let n = order.indexOf(name);
    if (n < 0) { order.push(name); n = order.length - 1; }
    text += `$${n + 1}`;
  }
  return { text, values: order.map((name) => params[name]) };
}
