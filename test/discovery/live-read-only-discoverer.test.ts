import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256Hex } from '../../src/cut/hash.js';
import { CutterError } from '../../src/errors.js';
import type { Select } from '../../src/discovery/select.js';
import { digestOf } from '../../src/discovery/discoverer.js';
import { DEFAULT_QUERIES, LiveReadOnlyDiscoverer } from '../../src/discovery/live-read-only-discoverer.js';
import { assertQueries, checkQueries, queryCheckOk } from '../../src/hub/source-queries.js';
import { describeEachEngine, type TestHub } from '../support/hubs.js';

// A hub that names things its own way, as real hubs do; cutter reads it through aliasing SELECTs.
const OTHER_SCHEMA = `
  CREATE SCHEMA legacy;
  CREATE TABLE legacy.docs (doc_key text PRIMARY KEY, name text, content text, rev bigint, state text);
  CREATE TABLE legacy.pieces (
    piece_id text PRIMARY KEY, doc_key text, family text, locator text, seq int, caption text,
    content text, digest text, from_rev bigint, retired boolean);
  INSERT INTO legacy.docs VALUES ('POL-1', 'Travel policy', E'# Travel\\n\\nBook early.\\n', 3, 'published');
  INSERT INTO legacy.pieces VALUES
    ('TRV-S2', 'POL-1', 'TRV', 'S2', 2, 'Booking', 'Book early.', 'bbb', 3, false),
    ('TRV-S1', 'POL-1', 'TRV', 'S1', 1, 'Travel', '# Travel', 'aaa', 3, false),
    ('TRV-S0', 'POL-1', 'TRV', 'S0', 0, 'Old', 'gone', 'ccc', 2, true),
    ('OTH-S1', 'POL-1', 'OTH', 'S1', 1, 'Other', 'other family', 'ddd', 3, false);
`;

const LEGACY = {
  document: 'SELECT doc_key AS id, name AS title, content AS body, rev AS revision, state AS status FROM legacy.docs WHERE doc_key = :id',
  units: `SELECT piece_id AS iu_id, doc_key AS document_id, family AS prefix, locator AS path, seq AS ordinal,
                 caption AS heading, content AS body, digest AS content_sha256, from_rev AS source_revision,
                 CASE WHEN retired THEN 'retired' ELSE 'active' END AS status
          FROM legacy.pieces WHERE doc_key = :document_id AND family = :prefix`,
};

await describeEachEngine('LiveReadOnlyDiscoverer', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await engine.open('discovery');
    await hub.exec(OTHER_SCHEMA);
  });
  afterAll(async () => hub?.close());

  it('reads a document of the default schema with its fields typed', async () => {
    const doc = await new LiveReadOnlyDiscoverer(hub.select).readDocument('KB-6839');
    const [row] = await hub.admin("SELECT title, revision, length(body) AS len FROM kb_documents WHERE id = 'KB-6839'");
    expect(doc).toMatchObject({ id: 'KB-6839', title: row!['title'], revision: row!['revision'] });
    expect(doc!.body).toHaveLength(row!['len'] as number);
  });

  it('reads every unit of the document under the prefix, retired ones too, by ordinal', async () => {
    await hub.admin(
      `INSERT INTO kb_information_units
         (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status)
       VALUES ('ICX-CONST-OLD', 'KB-6839', 'ICX-CONST', 'OLD', 0, 'old', 'old', 'x', 1, 'retired'),
              ('OTHER-D1', 'KB-6839', 'OTHER', 'D1', 1, 'other', 'other', 'y', 1, 'active')`,
    );
    const units = await new LiveReadOnlyDiscoverer(hub.select).readUnits('KB-6839', 'ICX-CONST');
    const ids = await hub.admin("SELECT iu_id FROM kb_information_units WHERE document_id = 'KB-6839' AND prefix = 'ICX-CONST' ORDER BY ordinal, iu_id");
    expect(units.map((u) => u.iuId)).toEqual(ids.map((r) => r['iu_id']));
    expect(units[0]).toMatchObject({ iuId: 'ICX-CONST-OLD', status: 'retired', ordinal: 0 });
    expect(units.every((u) => u.prefix === 'ICX-CONST' && u.documentId === 'KB-6839')).toBe(true);
  });

  it('finds nothing for an unknown document or prefix', async () => {
    const live = new LiveReadOnlyDiscoverer(hub.select);
    expect(await live.readDocument('KB-0')).toBeNull();
    expect(await live.readUnits('KB-6839', 'NOPE')).toEqual([]);
  });

  it("reads a hub with its own table and column names through the source's SELECTs", async () => {
    const live = new LiveReadOnlyDiscoverer(hub.select, LEGACY);
    expect(await live.readDocument('POL-1')).toEqual({
      id: 'POL-1', title: 'Travel policy', body: '# Travel\n\nBook early.\n', revision: 3, status: 'published',
    });
    const units = await live.readUnits('POL-1', 'TRV');
    expect(units.map((u) => [u.iuId, u.ordinal, u.status, u.sourceRevision])).toEqual([
      ['TRV-S0', 0, 'retired', 2], ['TRV-S1', 1, 'active', 3], ['TRV-S2', 2, 'active', 3],
    ]);
  });

  it("reads a document's digest, the hash taken by the server, equal to the hash of the text read whole", async () => {
    for (const [queries, id] of [[DEFAULT_QUERIES, 'KB-6839'], [LEGACY, 'POL-1']] as const) {
      const live = new LiveReadOnlyDiscoverer(hub.select, queries);
      const document = (await live.readDocument(id))!;
      expect(await live.readDocumentDigest(id)).toEqual(digestOf(document));
      expect(await live.readDocumentDigest('KB-0')).toBeNull();
    }
    // Text the UTF-8 of which is more than one byte a character, and none at all.
    await hub.admin("INSERT INTO legacy.docs VALUES ('POL-2', 'Quy chế', E'Điều 1. Phạm vi 😀\\n', 1, 'published'), ('POL-3', 'Empty', NULL, 1, 'draft')");
    const live = new LiveReadOnlyDiscoverer(hub.select, LEGACY);
    for (const id of ['POL-2', 'POL-3']) expect(await live.readDocumentDigest(id)).toEqual(digestOf((await live.readDocument(id))!));
    expect((await live.readDocumentDigest('POL-3'))!.bodySha256).toBe(sha256Hex(''));
  });

  it('reads the text and hashes it where the server has no sha256() (before PostgreSQL 11)', async () => {
    // The server's answer to a function it lacks, as pg-select turns it into a CutterError.
    const withoutSha256: Select = async (sql, params) => {
      if (sql.includes('sha256(')) throw new CutterError('hub_missing_function', 'function sha256(bytea) does not exist');
      return hub.select(sql, params);
    };
    const live = new LiveReadOnlyDiscoverer(withoutSha256);
    expect(await live.readDocumentDigest('KB-6839')).toEqual(digestOf((await live.readDocument('KB-6839'))!));
    expect(await live.readDocumentDigest('KB-0')).toBeNull();
  });

  it('refuses a units query that returns one unit twice', async () => {
    const twice = new LiveReadOnlyDiscoverer(hub.select, { ...LEGACY, units: `${LEGACY.units} UNION ALL ${LEGACY.units.replace(/WHERE/u, "WHERE piece_id = 'TRV-S1' AND")}` });
    await expect(twice.readUnits('POL-1', 'TRV')).rejects.toMatchObject({ code: 'source_query_mismatch', message: expect.stringContaining('TRV-S1 more than once') });
  });

  it('refuses a document query that matches more than the one document, for the digest as for the text', async () => {
    const loose = new LiveReadOnlyDiscoverer(hub.select, { ...LEGACY, document: LEGACY.document.replace('WHERE doc_key = :id', 'WHERE doc_key <> :id') });
    await expect(loose.readDocument('POL-9')).rejects.toMatchObject({ code: 'source_query_mismatch' });
    await expect(loose.readDocumentDigest('POL-9')).rejects.toMatchObject({ code: 'source_query_mismatch' });
  });

  it('checks the default and the aliasing queries as fit: read-only, parameters, every column', async () => {
    for (const queries of [DEFAULT_QUERIES, LEGACY]) {
      const checks = await checkQueries(hub.columns, queries);
      // The default schema's keys query is checked too; LEGACY names none (discovery reads it whole).
      const expected = [['document', true], ['units', true], ...('unitHashes' in queries && queries.unitHashes ? [['unitHashes', true]] : [])];
      expect(checks.map((c) => [c.query, queryCheckOk(c)])).toEqual(expected);
    }
  });

  it('names the columns a query does not return, and the parameters it misses or invents', async () => {
    const checks = await checkQueries(hub.columns, {
      document: 'SELECT doc_key AS id, name AS title, content AS body FROM legacy.docs WHERE doc_key = :id',
      units: 'SELECT piece_id AS iu_id FROM legacy.pieces WHERE doc_key = :document_id AND family = :family',
    });
    expect(checks[0]).toMatchObject({ missingColumns: ['revision', 'status'], missingParams: [], error: null });
    expect(checks[1]).toMatchObject({ missingParams: ['prefix'], unknownParams: ['family'] });
    await expect(assertQueries(hub.columns, {
      document: LEGACY.document,
      units: LEGACY.units.replace('digest AS content_sha256, from_rev AS source_revision,', ''),
    }, 'legacy')).rejects.toMatchObject({
      code: 'source_queries_invalid',
      message: expect.stringContaining('the units query does not return the columns content_sha256, source_revision'),
      hint: expect.stringContaining('cutter doctor --source legacy'),
    });
  });

  it('reports a missing table with its SQLSTATE, and a write as refused', async () => {
    const checks = await checkQueries(hub.columns, {
      document: 'SELECT id, title, body, revision, status FROM kb_documentz WHERE id = :id',
      units: 'WITH x AS (DELETE FROM kb_information_units RETURNING *) SELECT * FROM x WHERE document_id = :document_id AND prefix = :prefix',
    });
    expect(checks[0]!.error).toMatchObject({ code: 'hub_missing_table', message: expect.stringMatching(/kb_documentz.*SQLSTATE 42P01/) });
    expect(checks[1]!.error).toMatchObject({ code: 'not_read_only' });
    await expect(new LiveReadOnlyDiscoverer(hub.select, { ...DEFAULT_QUERIES, document: 'SELECT * FROM kb_documentz WHERE id = :id' })
      .readDocument('KB-6839')).rejects.toMatchObject({ code: 'hub_missing_table', details: { sqlstate: '42P01' } });
  });

  it('refuses rows that do not fit: another prefix, several documents, a missing column', async () => {
    const allFamilies = new LiveReadOnlyDiscoverer(hub.select, {
      document: LEGACY.document,
      units: LEGACY.units.replace('AND family = :prefix', 'AND :prefix = :prefix'),
    });
    await expect(allFamilies.readUnits('POL-1', 'TRV')).rejects.toMatchObject({
      code: 'source_query_mismatch', message: expect.stringContaining('OTH-S1 of POL-1 / OTH'),
    });
    const anyDocument = new LiveReadOnlyDiscoverer(hub.select, {
      ...DEFAULT_QUERIES,
      document: `${DEFAULT_QUERIES.document} UNION ALL SELECT doc_key, name, content, rev::int, state FROM legacy.docs`,
    });
    await expect(anyDocument.readDocument('KB-6839')).rejects.toMatchObject({ code: 'source_query_mismatch' });
    const noStatus = new LiveReadOnlyDiscoverer(hub.select, { ...DEFAULT_QUERIES, document: 'SELECT id, title, body, revision FROM kb_documents WHERE id = :id' });
    await expect(noStatus.readDocument('KB-6839')).rejects.toMatchObject({ message: expect.stringContaining('lack the columns status') });
    const rawStatus = new LiveReadOnlyDiscoverer(hub.select, {
      document: LEGACY.document,
      units: LEGACY.units.replace("CASE WHEN retired THEN 'retired' ELSE 'active' END", "CASE WHEN retired THEN 'deleted' ELSE 'active' END"),
    });
    await expect(rawStatus.readUnits('POL-1', 'TRV')).rejects.toMatchObject({
      code: 'source_query_mismatch', message: expect.stringContaining('unit TRV-S0 has status "deleted"'),
    });
  });
});
