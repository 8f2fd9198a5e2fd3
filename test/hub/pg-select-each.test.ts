import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/discovery/select.js';
import { postgresEngine, type TestHub } from '../support/hubs.js';
import { pgServer } from '../support/pg.js';

const server = await pgServer();

/** The rows `select.each` gives, in order. */
async function streamed(hub: TestHub, sql: string, params: Readonly<Record<string, unknown>> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  await hub.select.each!(sql, params, (row) => rows.push(row));
  return rows;
}

/** What a statement left in the session discovery's connections use. */
async function session(hub: TestHub): Promise<Row | undefined> {
  return (await hub.select(`SELECT current_setting('search_path') AS search_path,
    (SELECT count(*) FROM pg_prepared_statements)::int AS prepared, now() = statement_timestamp() AS in_transaction`, {}))[0];
}

// pg gives the rows of a statement as they arrive (Select.each), which discovery uses to read
// unit keys without holding a page of rows; PGlite has no such reading.
describe.skipIf(!server)('a read-only Select over pg, giving rows as they arrive (each)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await postgresEngine.open('select_each');
  });
  afterAll(async () => hub?.close());

  it('gives the rows the Select returns, in their order, with the same values', async () => {
    const sql = 'SELECT iu_id, ordinal, heading, content_sha256 FROM kb_information_units WHERE document_id = :id ORDER BY ordinal, iu_id';
    const rows = await hub.select(sql, { id: 'KB-6839' });
    expect(rows.length).toBeGreaterThan(10);
    expect(await streamed(hub, sql, { id: 'KB-6839' })).toEqual(rows);
    const many = 'SELECT n, repeat(\'Điều \', n % 7) AS text FROM generate_series(1, 30000) AS n ORDER BY n';
    expect(await streamed(hub, many)).toEqual(await hub.select(many, {}));
  });

  it('refuses what is not one read-only SELECT, before sending it, as the Select does', async () => {
    for (const sql of ['DELETE FROM kb_information_units', 'SELECT 1; DELETE FROM kb_information_units']) {
      await expect(streamed(hub, sql)).rejects.toMatchObject({ code: 'not_read_only' });
    }
    expect((await hub.admin('SELECT count(*)::int AS n FROM kb_information_units'))[0]!['n']).toBeGreaterThan(0);
  });

  it('fails with the error the callback throws, gives no row after it, and leaves the connection as it found it', async () => {
    const before = await session(hub);
    const given: number[] = [];
    const error = new Error('stop at 3');
    await expect(hub.select.each!('SELECT n FROM generate_series(1, 5000) AS n ORDER BY n', {}, (row) => {
      given.push(row['n'] as number);
      if (row['n'] === 3) throw error;
    })).rejects.toBe(error);
    expect(given).toEqual([1, 2, 3]);
    // Each connection of the pool is used again, none inside a transaction or changed.
    for (let i = 0; i < 3; i++) expect(await session(hub)).toEqual(before);
  });

  it('fails with the hub\'s error when the server fails part way, after the rows before it', async () => {
    const given: Row[] = [];
    await expect(hub.select.each!('SELECT 1 / (3 - n) AS x FROM generate_series(1, 5) AS n', {}, (row) => given.push(row)))
      .rejects.toMatchObject({ details: { sqlstate: '22012' } });
    expect(given.length).toBeLessThanOrEqual(2);
    expect(await hub.select('SELECT 1 AS one', {})).toEqual([{ one: 1 }]);
  });

  it('runs inside a read-only transaction: the server refuses a write a function hides', async () => {
    await hub.exec(`CREATE TABLE IF NOT EXISTS kb_each_log (at text);
      CREATE OR REPLACE FUNCTION kb_each_write() RETURNS int LANGUAGE sql AS $$ INSERT INTO kb_each_log VALUES ('written') RETURNING 1 $$;`);
    await expect(streamed(hub, 'SELECT kb_each_write()')).rejects.toMatchObject({ details: { sqlstate: '25006' } });
    expect((await hub.admin('SELECT count(*)::int AS n FROM kb_each_log'))[0]!['n']).toBe(0);
  });
});
