import { CutterError } from '../errors.js';
import { asSubquery, lexSql, SqlLexError, type SqlToken } from '../discovery/sql-lexer.js';

/**
 * The client-side half of "read-only twice": raised before a statement is ever sent. A refusal
 * (exit 4): cutter declined to run something, whoever wrote it.
 */
export class NotReadOnlyError extends CutterError {
  constructor(message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('not_read_only', message, {
      hint: 'discovery runs one SELECT or WITH … SELECT and nothing else; check the queries of the source in cutter.config.yaml',
      details,
      exitCode: 4,
    });
    this.name = 'NotReadOnlyError';
  }
}

// Words that make a statement write, lock or change session state wherever they appear as code
// (a writable CTE puts INSERT inside WITH; FOR UPDATE/SHARE locks rows; INTO creates a table).
// Most can only start a statement, which the first-word and `;` rules already stop; they stay
// listed so that a gap in those rules is not enough on its own.
const FORBIDDEN = new Set([
  'insert', 'update', 'delete', 'merge', 'truncate', 'copy', 'create', 'alter', 'drop', 'grant',
  'revoke', 'into', 'call', 'do', 'lock', 'vacuum', 'analyze', 'cluster', 'reindex', 'refresh',
  'comment', 'security', 'listen', 'notify', 'prepare', 'execute', 'set', 'reset', 'discard',
  'share', 'nowait',
]);

// Functions that write or change state even when called from a SELECT. PostgreSQL 15 refuses
// some of them in a READ ONLY transaction (nextval, setval) but runs others (lo_import, lo_create,
// set_config, pg_advisory_lock, pg_notify, txid_current); an advisory lock even outlives the
// rollback. query_to_xml and friends run a query given as text, out of this guard's sight.
const FORBIDDEN_FUNCTION = new RegExp(
  '^(?:' +
    [
      'nextval', 'setval', 'set_config', 'txid_current', 'pg_current_xact_id', 'pg_notify',
      'pg_reload_conf', 'pg_rotate_logfile', 'pg_terminate_backend', 'pg_cancel_backend',
      'pg_switch_wal', 'pg_promote', 'pg_import_system_collations', 'pg_log_backend_memory_contexts',
      'pg_nextoid', 'lowrite', 'loread', 'lo_\\w*', 'dblink\\w*', 'pg_advisory\\w*', 'pg_try_advisory\\w*',
      'pg_stat_reset\\w*', 'pg_create_\\w*', 'pg_drop_\\w*', 'pg_replication_\\w*', 'pg_logical_\\w*',
      'pg_file_\\w*', 'pg_read_\\w*', 'pg_ls_\\w*', 'pg_wal_replay_\\w*', 'pg_backup_\\w*',
      'pg_start_backup', 'pg_stop_backup', 'query_to_xml\\w*', 'cursor_to_xml\\w*',
      'brin_\\w*summarize\\w*', 'gin_clean_pending_list',
    ].join('|') +
    ')$',
  'u',
);

/** The name a token gives a function: a word folds to lower case, a quoted identifier does not. */
function nameOf(t: SqlToken): string | null {
  if (t.kind === 'word') return t.text.toLowerCase();
  if (t.kind === 'identifier') return t.text.slice(1, -1).replaceAll('""', '"');
  return null;
}

function codeTokens(sql: string): SqlToken[] {
  try {
    return lexSql(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  } catch (e) {
    if (e instanceof SqlLexError) throw new NotReadOnlyError(`cannot read the statement: ${e.message}`);
    throw e;
  }
}

/** Code tokens (no whitespace or comments) of a statement that is a single read-only query. */
export function assertReadOnlySelect(sql: string): SqlToken[] {
  const tokens = codeTokens(sql);
  // A trailing semicolon is harmless; any other one joins a second statement.
  while (tokens.at(-1)?.text === ';') tokens.pop();
  if (tokens.length === 0) throw new NotReadOnlyError('the statement is empty');
  const semicolon = tokens.find((t) => t.text === ';');
  if (semicolon) {
    throw new NotReadOnlyError(`only one statement is allowed; found a second after offset ${semicolon.start}`, { offset: semicolon.start });
  }
  const first = tokens[0]!.text.toLowerCase();
  if (first !== 'select' && first !== 'with') {
    throw new NotReadOnlyError(`only SELECT or WITH … SELECT may run during discovery, not ${tokens[0]!.text.toUpperCase()}`);
  }
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    // U&"…" and U&'…' spell names with escapes (U&"\006Eextval" is nextval) that this guard
    // would have to decode to judge; discovery queries have no need of them.
    const quoted = tokens[i + 2];
    if (
      t.kind === 'word' && t.text.toLowerCase() === 'u' && next?.text === '&' && next.start === t.start + 1 &&
      (quoted?.kind === 'string' || quoted?.kind === 'identifier') && quoted.start === t.start + 2
    ) {
      throw new NotReadOnlyError(`Unicode-escaped names and strings (U&…) are not allowed in a read-only query (offset ${t.start})`);
    }
    // Values travel only as :name parameters, bound by cutter; a $1 in the text would read them
    // in an order the author cannot see.
    if (t.kind === 'symbol' && t.text === '$') {
      throw new NotReadOnlyError(`positional parameters ($1) are not allowed; use :name parameters (offset ${t.start})`);
    }
    if (t.kind === 'word' && FORBIDDEN.has(t.text.toLowerCase())) {
      throw new NotReadOnlyError(
        `${t.text.toUpperCase()} is not allowed in a read-only query (offset ${t.start}; if it names a column or table, write it in double quotes)`,
        { word: t.text.toUpperCase(), offset: t.start },
      );
    }
    const name = nameOf(t);
    if (name !== null && next?.text === '(' && FORBIDDEN_FUNCTION.test(name)) {
      throw new NotReadOnlyError(`${name}() changes state and is not allowed in a read-only query (offset ${t.start})`, {
        function: name, offset: t.start,
      });
    }
  });
  return tokens;
}

/** The `:name` parameters a statement uses, in order of first use. */
export function namedParams(sql: string): string[] {
  const names: string[] = [];
  for (const t of lexSql(sql)) {
    if (t.kind === 'param' && !names.includes(t.text.slice(1))) names.push(t.text.slice(1));
  }
  return names;
}

/**
 * The statement inside `SELECT * FROM (…) LIMIT 0`, so the server reports its columns without
 * reading a row. Trailing semicolons and comments go first: either would break the wrapper.
 */
export function columnsProbe(sql: string): string {
  return `SELECT * FROM (\n${asSubquery(sql)}\n) AS cutter_columns LIMIT 0`;
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
    if (!Object.hasOwn(params, name)) {
      throw new CutterError('query_param_unbound', `the query uses :${name}, which cutter does not supply here`, {
        hint: `use only the parameters cutter supplies (${Object.keys(params).map((k) => `:${k}`).join(', ') || 'none'})`,
        details: { param: name, supplied: Object.keys(params) },
      });
    }
    let n = order.indexOf(name);
    if (n < 0) { order.push(name); n = order.length - 1; }
    text += `$${n + 1}`;
  }
  return { text, values: order.map((name) => params[name]) };
}
