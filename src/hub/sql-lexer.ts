/**
 * Just enough of PostgreSQL's lexical rules to tell code from comments and quoted text:
 * `--` and nested block comments, '…' / E'…' strings, "…" identifiers, $tag$…$tag$ bodies.
 * The read-only guard and the `:name` -> `$n` translation both walk these tokens, so neither
 * can be fooled by a keyword or a colon hidden inside quotes.
 */
export type SqlTokenKind = 'word' | 'string' | 'identifier' | 'dollar' | 'comment' | 'param' | 'symbol' | 'space';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly text: string;
  readonly start: number;
}

export class SqlLexError extends Error {}

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
    if (/\s/u.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/u.test(sql[j]!)) j += 1;
      push('space', j);
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
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
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/u.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/u.exec(sql.slice(i))![0];
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
