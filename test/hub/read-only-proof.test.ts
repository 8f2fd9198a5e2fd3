import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveReadOnlyDiscoverer } from '../../src/discovery/live-read-only-discoverer.js';
import { describeEachEngine, type TestHub } from '../support/hubs.js';

/**
 * The read-only proof (issue 5): every write attempt through discovery is refused, and then the
 * hub is shown to be unchanged: rows, sequences, objects, large objects, advisory locks, and the
 * session state of the connection discovery uses. Each attempt is then sent once more past the
 * client-side guard, straight into the read-only transaction, to show the server's half.
 *
 * `server`: 'refused' — PostgreSQL itself rejects it in a READ ONLY transaction, with one of the
 * SQLSTATEs given; 'undone' — PostgreSQL 15 runs it (set_config, lo_import, advisory locks …), and
 * only the rollback and DISCARD ALL after every statement keep it from lasting; 'never' — not sent
 * even in this test, because it acts outside the database (writes a server file, ends a backend),
 * so the client-side guard is the only line.
 */
interface Attempt {
  readonly name: string;
  readonly sql: string;
  readonly server: { refused: readonly string[] } | 'undone' | 'never';
  /** The client cannot see inside a function: for this one only the server refuses (exit 4 all the same). */
  readonly serverOnly?: true;
}

const READ_ONLY = { refused: ['25006'] };
const ONE_STATEMENT = { refused: ['42601'] }; // "cannot insert multiple commands into a prepared statement"

const ATTEMPTS: readonly Attempt[] = [
  { name: 'INSERT', sql: "INSERT INTO kb_documents (id, title, body, revision) VALUES ('KB-X', 't', 'b', 1)", server: READ_ONLY },
  { name: 'UPDATE', sql: "UPDATE kb_documents SET title = 'pwned'", server: READ_ONLY },
  { name: 'DELETE', sql: 'DELETE FROM kb_information_units', server: READ_ONLY },
  {
    name: 'MERGE',
    sql: "MERGE INTO kb_documents d USING (SELECT 'KB-X' AS id) s ON d.id = s.id WHEN NOT MATCHED THEN INSERT (id, title, body, revision) VALUES ('KB-X', 't', 'b', 1)",
    server: READ_ONLY,
  },
  { name: 'TRUNCATE', sql: 'TRUNCATE kb_information_units', server: READ_ONLY },
  { name: 'DROP TABLE', sql: 'DROP TABLE kb_information_units', server: READ_ONLY },
  { name: 'CREATE TABLE', sql: 'CREATE TABLE kb_evil (x int)', server: READ_ONLY },
  { name: 'ALTER TABLE', sql: 'ALTER TABLE kb_documents ADD COLUMN evil int', server: READ_ONLY },
  { name: 'CREATE TEMP TABLE', sql: 'CREATE TEMP TABLE kb_evil (x int)', server: READ_ONLY },
  { name: 'GRANT', sql: 'GRANT ALL ON kb_documents TO PUBLIC', server: READ_ONLY },
  { name: 'COPY FROM a file', sql: "COPY kb_documents FROM '/etc/hostname'", server: READ_ONLY },
  { name: 'COPY TO a server file', sql: "COPY (SELECT 1) TO '/tmp/cutter-read-only-proof'", server: 'never' },
  { name: 'SELECT nextval()', sql: "SELECT nextval('kb_probe_seq')", server: READ_ONLY },
  { name: 'SELECT setval(), schema-qualified', sql: "SELECT pg_catalog.setval('kb_probe_seq', 99)", server: READ_ONLY },
  { name: 'nextval() under a quoted name', sql: `SELECT "nextval"('kb_probe_seq')`, server: READ_ONLY },
  { name: 'nextval() spelt with Unicode escapes', sql: `SELECT U&"\\006Eextval"('kb_probe_seq')`, server: READ_ONLY },
  { name: 'SELECT … FOR UPDATE', sql: 'SELECT * FROM kb_documents FOR UPDATE', server: READ_ONLY },
  { name: 'SELECT … FOR SHARE', sql: 'SELECT * FROM kb_documents FOR SHARE', server: READ_ONLY },
  { name: 'SELECT … INTO a new table', sql: 'SELECT * INTO kb_copy FROM kb_documents', server: READ_ONLY },
  { name: 'a writable CTE (DELETE)', sql: 'WITH gone AS (DELETE FROM kb_information_units RETURNING 1) SELECT count(*) FROM gone', server: READ_ONLY },
  {
    name: 'a writable CTE (INSERT)',
    sql: "WITH added AS (INSERT INTO kb_documents (id, title, body, revision) VALUES ('KB-X', 't', 'b', 1) RETURNING id) SELECT id FROM added",
    server: READ_ONLY,
  },
  { name: 'WITH … UPDATE', sql: "WITH x AS (SELECT 1) UPDATE kb_documents SET title = 'pwned'", server: READ_ONLY },
  { name: 'two statements joined by ;', sql: 'SELECT 1; DELETE FROM kb_information_units', server: ONE_STATEMENT },
  { name: 'a second statement after a string ending in a backslash', sql: "SELECT '\\'; DELETE FROM kb_information_units; --'", server: ONE_STATEMENT },
  { name: 'a second statement after a -- comment ended by CR', sql: 'SELECT 1 --\r; DELETE FROM kb_information_units', server: ONE_STATEMENT },
  { name: 'a second statement after a NBSP-E "escape string"', sql: "SELECT x\u00A0E'\\'; DELETE FROM kb_information_units; --'", server: { refused: ['42601', '42703'] } },
  { name: 'a DELETE after a dollar body', sql: 'SELECT $tag$ $$ ; $tag$; DELETE FROM kb_information_units', server: ONE_STATEMENT },
  { name: 'a DELETE after an unterminated nested comment', sql: 'SELECT 1 /* /* */ ; DELETE FROM kb_information_units', server: { refused: ['42601'] } },
  { name: 'a function that writes', sql: 'SELECT kb_probe_write()', server: READ_ONLY, serverOnly: true },
  { name: 'a write run from text by query_to_xml', sql: "SELECT query_to_xml('DELETE FROM kb_information_units RETURNING 1', true, false, '')", server: { refused: ['25006', '0A000'] } },
  { name: 'DO block', sql: 'DO $$ BEGIN DELETE FROM kb_information_units; END $$', server: READ_ONLY },
  { name: 'EXPLAIN ANALYZE DELETE', sql: 'EXPLAIN ANALYZE DELETE FROM kb_information_units', server: READ_ONLY },
  { name: 'set_config() of the session', sql: "SELECT set_config('search_path', 'pg_temp', false)", server: 'undone' },
  { name: 'SET of the session', sql: 'SET default_transaction_read_only = off', server: 'undone' },
  { name: 'lo_import()', sql: "SELECT lo_import('/etc/hostname')", server: 'undone' },
  { name: 'lo_from_bytea()', sql: "SELECT lo_from_bytea(0, '\\x00'::bytea)", server: 'undone' },
  { name: 'pg_advisory_lock() (outlives a rollback)', sql: 'SELECT pg_advisory_lock(4242)', server: 'undone' },
  { name: 'PREPARE (outlives a rollback)', sql: 'PREPARE evil AS DELETE FROM kb_information_units', server: 'undone' },
  { name: 'LISTEN', sql: 'LISTEN cutter_evil', server: 'undone' },
  { name: 'pg_notify()', sql: "SELECT pg_notify('cutter_evil', 'x')", server: 'undone' },
  { name: 'pg_terminate_backend()', sql: 'SELECT pg_terminate_backend(pg_backend_pid())', server: 'never' },
  { name: 'VACUUM', sql: 'VACUUM kb_documents', server: { refused: ['25001'] } },
];

const INJECTIONS = [
  "KB-6839' OR '1'='1",
  "KB-6839'; DROP TABLE kb_documents; --",
  "' UNION SELECT id, title, body, revision, status FROM kb_documents --",
  'KB-6839\\',
  "KB-6839\\'; DELETE FROM kb_information_units; --",
  '$$; DELETE FROM kb_information_units; $$',
  '*/ DELETE FROM kb_information_units /*',
  ':id',
  '$1',
  '%',
  "x\u00A0E'\\'; DELETE FROM kb_information_units; --'",
  'KB\u20106839',
  'A'.repeat(10_000),
];

// Fixture objects for the attempts: a sequence, and a function that writes.
const FIXTURES = `
  CREATE SEQUENCE kb_probe_seq;
  CREATE TABLE kb_probe_log (at text);
  CREATE FUNCTION kb_probe_write() RETURNS int LANGUAGE sql AS $$ INSERT INTO kb_probe_log VALUES ('written') RETURNING 1 $$;
`;

/** Everything a write could have changed, as one comparable value. */
async function snapshot(hub: TestHub): Promise<Record<string, unknown>> {
  const [db] = await hub.admin(`SELECT
    (SELECT md5(coalesce(string_agg(d::text, E'\\n' ORDER BY d.id), '')) FROM kb_documents d) AS documents,
    (SELECT md5(coalesce(string_agg(u::text, E'\\n' ORDER BY u.iu_id), '')) FROM kb_information_units u) AS units,
    (SELECT count(*) FROM kb_probe_log)::int AS probe_log,
    (SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY 1)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%') AS relations,
    (SELECT string_agg(p.oid::regprocedure::text, ',' ORDER BY 1)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) AS functions,
    (SELECT string_agg(nspname, ',' ORDER BY 1) FROM pg_namespace) AS schemas,
    (SELECT string_agg(sequencename || '=' || coalesce(last_value::text, '-'), ',' ORDER BY 1) FROM pg_sequences) AS sequences,
    (SELECT count(*) FROM pg_largeobject_metadata)::int AS large_objects,
    (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))::int AS advisory_locks`);
  // The session discovery uses: a setting, statement, channel or lock left behind would be here.
  const [session] = await hub.select(`SELECT
    current_setting('search_path') AS search_path,
    current_setting('default_transaction_read_only') AS default_read_only,
    (SELECT count(*) FROM pg_prepared_statements)::int AS prepared,
    (SELECT count(*) FROM pg_listening_channels() AS c)::int AS listening`, {});
  return { ...db, session };
}

await describeEachEngine('read-only proof', (engine) => {
  let hub: TestHub;
  let before: Record<string, unknown>;
  let discoverer: (documentQuery: string) => LiveReadOnlyDiscoverer;

  beforeAll(async () => {
    hub = await engine.open('read_only_proof');
    await hub.exec(FIXTURES);
    before = await snapshot(hub);
    discoverer = (document) => new LiveReadOnlyDiscoverer(hub.select, { document, units: 'SELECT 1' });
  });
  afterAll(async () => hub?.close());

  it('has at least 25 attempts, and the hub it guards has rows to lose', () => {
    expect(ATTEMPTS.length).toBeGreaterThanOrEqual(25);
    expect(before['documents']).not.toBe('d41d8cd98f00b204e9800998ecf8427e'); // md5 of nothing
    expect(before['sequences']).toContain('kb_probe_seq=-');
  });

  it.each(ATTEMPTS)('refuses $name through discovery, and nothing changes', async ({ sql, serverOnly }) => {
    const code = serverOnly ? 'hub_read_only_violation' : 'not_read_only';
    await expect(discoverer(sql).readDocument('KB-6839')).rejects.toMatchObject({ code, exitCode: 4 });
    expect(await snapshot(hub)).toEqual(before);
  });

  // Discovery reads unit keys through Select.each where the hub's driver gives rows as they arrive (pg).
  it.each(ATTEMPTS)('refuses $name through a read that gives rows as they arrive, and nothing changes', async ({ sql, serverOnly }) => {
    if (!hub.select.each) return;
    const code = serverOnly ? 'hub_read_only_violation' : 'not_read_only';
    await expect(hub.select.each(sql, {}, () => {})).rejects.toMatchObject({ code, exitCode: 4 });
    expect(await snapshot(hub)).toEqual(before);
  });

  it.each(ATTEMPTS.filter((a) => a.server !== 'never'))(
    'the server alone also stops $name (refused, or undone by the rollback)',
    async ({ sql, server }) => {
      const outcome = await hub.serverOnly(sql).then(() => null, (e: { code?: string }) => e);
      if (server !== 'undone' && server !== 'never') {
        expect(outcome, 'the server ran it').not.toBeNull();
        expect(server.refused).toContain(outcome!.code);
      }
      expect(await snapshot(hub)).toEqual(before);
    },
  );

  it.each(INJECTIONS.map((s) => [s.length > 60 ? `${s.slice(0, 20)}… (${s.length} chars)` : s, s]))(
    'an injection string as document id and prefix finds nothing and changes nothing: %s',
    async (_label, s) => {
      const live = new LiveReadOnlyDiscoverer(hub.select);
      expect(await live.readDocument(s)).toBeNull();
      expect(await live.readUnits(s, 'ICX-CONST')).toEqual([]);
      expect(await live.readUnits('KB-6839', s)).toEqual([]);
      expect(await snapshot(hub)).toEqual(before);
    },
  );

  it('the honest document and its units are still there after all of it', async () => {
    const live = new LiveReadOnlyDiscoverer(hub.select);
    expect(await live.readDocument('KB-6839')).toMatchObject({ id: 'KB-6839' });
    const [row] = await hub.admin("SELECT count(*)::int AS n FROM kb_information_units WHERE document_id = 'KB-6839' AND prefix = 'ICX-CONST'");
    expect(row!['n']).toBeGreaterThan(0);
    expect(await live.readUnits('KB-6839', 'ICX-CONST')).toHaveLength(row!['n'] as number);
  });
});
