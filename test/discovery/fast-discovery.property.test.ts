import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_QUERIES, LiveReadOnlyDiscoverer, type SourceQueries } from '../../src/discovery/live-read-only-discoverer.js';
import type { SegmentResult } from '../../src/cut/unit.js';
import type { KnownUnit } from '../../src/discovery/discoverer.js';
import { plainHubUnit } from '../../src/discovery/facts.js';
import { knownHubUnits, knownUnitsOf } from '../../src/orchestrator/cut-and-compare.js';
import type { Row, Select } from '../../src/discovery/select.js';
import { resolveQueries } from '../../src/hub/source-queries.js';
import { describeEachEngine, type TestHub } from '../support/hubs.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

// Pages of 3 keys and batches of 2 ids: every generated hub is read in several statements.
const SMALL = { keyPageRows: 3, bodyBatchIds: 2 };

// A hub that names things its own way, with its own keys query.
const LEGACY_SCHEMA = `
  CREATE TABLE legacy_pieces (piece_id text PRIMARY KEY, doc_key text, family text, locator text, seq int,
    caption text, content text, digest text, from_rev bigint, retired boolean);
`;
const LEGACY_COLUMNS = `piece_id AS iu_id, doc_key AS document_id, family AS prefix, locator AS path, seq AS ordinal,
  caption AS heading, digest AS content_sha256, from_rev AS source_revision, CASE WHEN retired THEN 'retired' ELSE 'active' END AS status`;
const LEGACY: SourceQueries = {
  document: DEFAULT_QUERIES.document,
  units: `SELECT ${LEGACY_COLUMNS}, content AS body FROM legacy_pieces WHERE doc_key = :document_id AND family = :prefix ORDER BY seq;`,
  unitHashes: `-- keys only\nSELECT ${LEGACY_COLUMNS} FROM legacy_pieces WHERE doc_key = :document_id AND family = :prefix`,
};

interface GeneratedUnit { id: string; ordinal: number; body: string; retired: boolean }

// Ordinals from a small range, so ties (broken by id) are common; bodies repeat, so several units
// share a hash; unicode and quotes in ids and bodies.
const unitsArb = fc.uniqueArray(
  fc.record({
    id: fc.string({ unit: fc.constantFrom('A', 'b', '-', '1', 'Đ', "'", 'ß'), minLength: 1, maxLength: 5 }),
    ordinal: fc.integer({ min: -2, max: 6 }),
    body: fc.constantFrom('', 'Điều 1.', 'Điều 1. Phạm vi\n', "it's", 'x'.repeat(40)),
    retired: fc.boolean(),
  }),
  { selector: (u) => u.id, maxLength: 14 },
);

await describeEachEngine('discovery that reads hashes first', (engine) => {
  let hub: TestHub;
  let n = 0;
  beforeAll(async () => {
    hub = await engine.open('fastdisc');
    await hub.exec(LEGACY_SCHEMA);
  });
  afterAll(async () => hub?.close());

  /** A fresh document holding `units` in both the default tables and the legacy one. */
  async function seed(units: readonly GeneratedUnit[]): Promise<string> {
    const doc = `PROP-${++n}`;
    await hub.admin("INSERT INTO kb_documents (id, title, body, revision, status) VALUES ($1, 't', '', 1, 'published')", [doc]);
    for (const u of units) {
      await hub.admin(
        `INSERT INTO kb_information_units (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status)
         VALUES ($1, $2, 'P', $3, $4, $5, $6, $7, 1, $8)`,
        [`${doc}/${u.id}`, doc, u.id, u.ordinal, `h ${u.id}`, u.body, sha(u.body), u.retired ? 'retired' : 'active'],
      );
      await hub.admin('INSERT INTO legacy_pieces VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)', [
        `${doc}/${u.id}`, doc, 'P', u.id, u.ordinal, `h ${u.id}`, u.body, sha(u.body), u.retired,
      ]);
    }
    return doc;
  }

  /** The Select under test, counting what it is asked. */
  function counting(): { select: Select; statements: string[] } {
    const statements: string[] = [];
    return { statements, select: async (sql: string, params: Readonly<Record<string, unknown>>): Promise<Row[]> => {
      statements.push(sql);
      return hub.select(sql, params);
    } };
  }

  it('gives exactly the units the full read gives, whichever bodies the caller knows (default and own queries)', async () => {
    await fc.assert(fc.asyncProperty(unitsArb, fc.array(fc.boolean(), { maxLength: 14 }), async (units, knownMask) => {
      const doc = await seed(units);
      // The caller knows some of the texts (a cut holds the unchanged ones), by hash.
      const held = units.filter((_, i) => knownMask[i] === true);
      const known = new Map(held.map((u) => [sha(u.body), u.body]));
      // As hub units an earlier read gave (rebase and execute know discover's): id, hash and text.
      const knownUnits = knownHubUnits(held.map((u) => ({ iuId: u.id, documentId: doc, prefix: 'P', path: '', ordinal: u.ordinal, heading: '',
        body: u.body, contentSha256: sha(u.body), sourceRevision: 1, status: u.retired ? 'retired' : 'active' })));
      for (const queries of [DEFAULT_QUERIES, LEGACY]) {
        const full = await new LiveReadOnlyDiscoverer(hub.select, { ...queries, unitHashes: undefined }).readUnits(doc, 'P');
        const { select, statements } = counting();
        const fast = await new LiveReadOnlyDiscoverer(select, queries, SMALL).readUnits(doc, 'P', { knownUnits });
        expect(fast).toEqual(full);
        const unknown = units.filter((u) => !known.has(sha(u.body))).length;
        // Keys first, page by page; then bodies by id, unless most are unknown (then one full read).
        if (unknown <= units.length / 2) {
          expect(statements.filter((s) => s.includes('cutter_keys'))).toHaveLength(Math.floor(units.length / SMALL.keyPageRows) + 1);
          expect(statements.filter((s) => s.includes('cutter_bodies'))).toHaveLength(Math.ceil(unknown / SMALL.bodyBatchIds));
        }
      }
    }), { numRuns: 15 });
  });

  it('gives exactly the units the full read gives when the caller knows units, not only texts (near their place, elsewhere, as other units)', async () => {
    // Hub units that are views of the caller's (a unit known as itself), over all generated hubs.
    let views = 0;
    await fc.assert(fc.asyncProperty(unitsArb, fc.array(fc.constantFrom(0, 1, 2), { maxLength: 14 }), fc.nat(3), async (units, knownMask, rotate) => {
      const doc = await seed(units);
      // 0: not known; 1: known as the same unit (same id, path, heading); 2: another unit with that text.
      const known: KnownUnit[] = [];
      units.forEach((u, i) => {
        const k = knownMask[i] ?? 0;
        if (k === 1) known.push({ id: `${doc}/${u.id}`, path: u.id, heading: `h ${u.id}`, sha256: sha(u.body), text: u.body });
        if (k === 2) known.push({ id: 'elsewhere', path: 'elsewhere', heading: 'another', sha256: sha(u.body), text: u.body });
      });
      // The caller's units in some order of their own: found near the hub's ordinals or not.
      const cut = { units: [...known.slice(rotate % (known.length || 1)), ...known.slice(0, rotate % (known.length || 1))], diagnostics: [] } as unknown as SegmentResult;
      for (const queries of [DEFAULT_QUERIES, LEGACY]) {
        const full = await new LiveReadOnlyDiscoverer(hub.select, { ...queries, unitHashes: undefined }).readUnits(doc, 'P');
        const fast = await new LiveReadOnlyDiscoverer(hub.select, queries, SMALL).readUnits(doc, 'P', { knownUnits: knownUnitsOf(cut) });
        // The cut's units are lasting: a unit that is one of them is a view of it, which reads,
        // copies and serialises as the plain unit the full read gives.
        expect(fast.map(plainHubUnit)).toEqual(full);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
        views += fast.filter((u) => !Object.hasOwn(u, 'iuId')).length;
      }
    }), { numRuns: 15 });
    expect(views).toBeGreaterThan(0);
  });

  it('reads whole when the source has its own units query and no unitHashes', () => {
    expect(resolveQueries({}).unitHashes).toBe(DEFAULT_QUERIES.unitHashes);
    expect(resolveQueries({ units: LEGACY.units }).unitHashes).toBeUndefined();
    expect(resolveQueries({ units: LEGACY.units, unitHashes: LEGACY.unitHashes! }).unitHashes).toBe(LEGACY.unitHashes);
  });
});
