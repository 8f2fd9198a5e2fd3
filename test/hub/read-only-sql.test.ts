import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERIES } from '../../src/discovery/live-read-only-discoverer.js';
import { CutterError } from '../../src/errors.js';
import {
  assertReadOnlySelect, bindNamedParams, columnsProbe, namedParams, NotReadOnlyError,
} from '../../src/hub/read-only-sql.js';

function refusal(sql: string): NotReadOnlyError {
  try {
    assertReadOnlySelect(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(NotReadOnlyError);
    return e as NotReadOnlyError;
  }
  throw new Error(`accepted: ${sql}`);
}

describe('assertReadOnlySelect accepts one read-only query', () => {
  it.each([
    ['the default document query', DEFAULT_QUERIES.document],
    ['the default units query', DEFAULT_QUERIES.units],
    ['a trailing semicolon and comment', 'SELECT 1; -- done'],
    ['a CTE', 'WITH d AS (SELECT id FROM kb_documents) SELECT id FROM d'],
    ['write words inside a string', "SELECT 'insert into t; delete from t' AS s"],
    ['write words inside an E string with an escaped quote', "SELECT E'it\\'s; DROP TABLE t' AS s"],
    ['write words inside a comment', 'SELECT 1 /* ; DELETE FROM t */ AS one'],
    ['write words inside nested comments', 'SELECT 1 /* a /* ; DELETE FROM t */ ; UPDATE t */ AS one'],
    ['write words inside a dollar body', 'SELECT $body$ ; insert into t $body$ AS s'],
    ['a quoted identifier named like a keyword', 'SELECT "update", "comment" FROM t'],
    ['a cast with ::', 'SELECT :id::text AS id'],
    ['lower case and new lines', 'select\n  id\nfrom kb_documents\nwhere id = :id'],
  ])('%s', (_name, sql) => {
    expect(() => assertReadOnlySelect(sql)).not.toThrow();
  });
});

describe('assertReadOnlySelect refuses', () => {
  it.each([
    ['INSERT', "INSERT INTO t VALUES (1)", /only SELECT or WITH/],
    ['a second statement', 'SELECT 1; DELETE FROM t', /only one statement/],
    ['a writable CTE', 'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x', /DELETE is not allowed/],
    ['FOR UPDATE', 'SELECT * FROM t FOR UPDATE', /UPDATE is not allowed/],
    ['FOR SHARE', 'SELECT * FROM t FOR SHARE', /SHARE is not allowed/],
    ['SELECT INTO', 'SELECT * INTO t2 FROM t', /INTO is not allowed/],
    ['nextval()', "SELECT nextval('s')", /nextval\(\) changes state/],
    ['a schema-qualified setval()', "SELECT pg_catalog.setval('s', 1)", /setval\(\) changes state/],
    ['a quoted function name', `SELECT "nextval"('s')`, /nextval\(\) changes state/],
    ['a comment between name and parenthesis', "SELECT set_config/**/('a', 'b', false)", /set_config\(\) changes state/],
    ['lo_import()', "SELECT lo_import('/etc/passwd')", /lo_import\(\)/],
    ['pg_advisory_lock()', 'SELECT pg_advisory_lock(1)', /pg_advisory_lock\(\)/],
    ['query_to_xml()', "SELECT query_to_xml('delete from t', true, false, '')", /query_to_xml\(\)/],
    ['a Unicode-escaped name', `SELECT U&"\\006Eextval"('s')`, /Unicode-escaped/],
    ['a positional parameter', 'SELECT * FROM t WHERE id = $1', /positional parameters/],
    ['an empty statement', ' ; -- nothing', /empty/],
    ['an unterminated string', "SELECT 'abc", /cannot read the statement/],
    ['an unterminated nested comment', 'SELECT 1 /* /* */ ; DELETE FROM t', /cannot read the statement/],
  ])('%s', (_name, sql, message) => {
    expect(refusal(sql).message).toMatch(message);
  });

  it('is a refusal (exit 4) with a stable code and a hint', () => {
    const e = refusal('DELETE FROM t');
    expect(e).toBeInstanceOf(CutterError);
    expect(e).toMatchObject({ code: 'not_read_only', exitCode: 4 });
    expect(e.hint).toMatch(/cutter\.config\.yaml/);
  });
});

describe('the lexer agrees with PostgreSQL where a disagreement would hide a write', () => {
  it('a carriage return ends a -- comment (scan.l), so the DELETE after it is code', () => {
    expect(refusal('SELECT 1 --\r; DELETE FROM t').message).toMatch(/only one statement/);
  });

  it("U+00A0 is an identifier character, so x\\u00A0E'…' is a plain string that ends at the next quote", () => {
    expect(refusal("SELECT x\u00A0E'\\'; DELETE FROM t; --'").message).toMatch(/only one statement/);
  });

  it('a non-ASCII dollar tag quotes its body', () => {
    expect(() => assertReadOnlySelect('SELECT $é$ ; DELETE FROM t $é$ AS s')).not.toThrow();
  });

  it('a plain string ends at the first lone quote even after a backslash (standard_conforming_strings)', () => {
    expect(refusal("SELECT '\\'; DELETE FROM t; --'").message).toMatch(/only one statement/);
  });
});

describe('bindNamedParams', () => {
  it('numbers each name once, leaves casts, strings, comments and dollar bodies alone', () => {
    const sql = "SELECT :a::text, ':a', /* :b */ $x$ :c $x$, :b, :a WHERE x = :b";
    expect(bindNamedParams(sql, { a: 1, b: 2, c: 3 })).toEqual({
      text: "SELECT $1::text, ':a', /* :b */ $x$ :c $x$, $2, $1 WHERE x = $2",
      values: [1, 2],
    });
    expect(namedParams(sql)).toEqual(['a', 'b']);
  });

  it('refuses a parameter cutter does not supply, naming it and the ones it does', () => {
    expect(() => bindNamedParams('SELECT :nope', { id: 'x' })).toThrow(
      expect.objectContaining({ code: 'query_param_unbound', message: expect.stringContaining(':nope'), hint: expect.stringContaining(':id') }),
    );
  });
});

describe('columnsProbe', () => {
  it('wraps the statement in a LIMIT 0 subquery, dropping a trailing semicolon and comment that would break it', () => {
    expect(columnsProbe('SELECT id FROM t; -- the end')).toBe('SELECT * FROM (\nSELECT id FROM t\n) AS cutter_columns LIMIT 0');
  });
});
