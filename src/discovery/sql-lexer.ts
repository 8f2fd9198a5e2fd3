/**
 * (In discovery/ because discovery composes SQL around a source's own queries, and hub/'s guards
 * read the same tokens: both sit above it.)
 *
 * Just enough of PostgreSQL's lexical rules to tell code from comments and quoted text:
 * `--` and nested block comments, '…' / E'…' strings, "…" identifiers, $tag$…$tag$ bodies.
 * The read-only guard and the `:name` -> `$n` translation both walk these tokens, so neither
 * can be fooled by a keyword or a colon hidden inside quotes.
 *
 * Where this lexer and PostgreSQL's could disagree, the guard could be fooled, so it follows
 * scan.l where it matters: only ASCII whitespace separates tokens (U+00A0 is an identifier
 * character to PostgreSQL, so `\u00A0E'…'` is an identifier then a plain string, not an E''
 * string), and any non-ASCII character may start or continue an identifier or a dollar-quote tag.
 * Plain strings are read with standard_conforming_strings on; the Select implementations set it
 * for every statement they run.
 */
export type SqlTokenKind = 'word' | 'string' | 'identifier' | 'dollar' | 'comment' | 'param' | 'symbol' | 'space';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly text: string;
  readonly start: number;
}

export class SqlLexError extends Error {}

// scan.l: space [ \t\n\r\f\v]; dolq_start [A-Za-z\200-\377_]; dolq_cont adds digits.
const SPACE = /[ \t\n\r\f\v]/u;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/u;

export function lexSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlTokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (SPACE.test(c)) {
      let j = i + 1;
      while (j < sql.length && SPACE.test(sql[j]!)) j += 1;
      push('space', j);
    } else if (c === '-' && next === '-') {
      // A line comment ends at CR as well as LF (scan.l: non_newline [^\n\r]); ending it only at
      // LF would hide `SELECT 1 --\rDELETE …` from the guard while the server runs the DELETE.
      let j = i + 2;
      while (j < sql.length && sql[j] !== '\n' && sql[j] !== '\r') j += 1;
      push('comment', j);
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < sql.length && depth > 0) {
        if (sql.startsWith('/*', j)) { depth += 1; j += 2; }
        else if (sql.startsWith('*/', j)) { depth -= 1; j += 2; }
        else j += 1;
      }
      if (depth > 0) throw new SqlLexError('unterminated block comment');
      push('comment', j);
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const escapes = c !== "'";
      let j = i + (escapes ? 2 : 1);
      for (;;) {
        if (j >= sql.length) throw new SqlLexError('unterminated string literal');
        if (escapes && sql[j] === '\\') { j += 2; continue; }
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") { j += 2; continue; }
          j += 1;
          break;
        }
        j += 1;
      }
      push('string', j);
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new SqlLexError('unterminated quoted identifier');
        if (sql[j] === '"') {
          if (sql[j + 1] === '"') { j += 2; continue; }
          j += 1;
          break;
        }
        j += 1;
      }
      push('identifier', j);
    } else if (c === '$' && DOLLAR_TAG.test(sql.slice(i))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      if (close < 0) throw new SqlLexError(`unterminated dollar-quoted string ${tag}`);
      push('dollar', close + tag.length);
    } else if (c === ':' && next === ':') {
      push('symbol', i + 2);
    } else if (c === ':' && next !== undefined && /[A-Za-z_]/u.test(next)) {
      let j = i + 2;
      while (j < sql.length && /[A-Za-z0-9_]/u.test(sql[j]!)) j += 1;
      push('param', j);
    } else if (/[A-Za-z_\u0080-\uffff]/u.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/u.test(sql[j]!)) j += 1;
      push('word', j);
    } else {
      push('symbol', i + 1);
    }
  }
  return tokens;
}

/** The statement without its trailing semicolons and comments, fit to be wrapped as `(…)`. */
export function asSubquery(sql: string): string {
  const tokens = lexSql(sql);
  const trailing = (t: SqlToken): boolean => t.kind === 'space' || t.kind === 'comment' || t.text === ';';
  let end = tokens.length;
  while (end > 0 && trailing(tokens[end - 1]!)) end -= 1;
  return tokens.slice(0, end).map((t) => t.text).join('');
}
