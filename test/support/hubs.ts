import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, inject } from 'vitest';
import type { Row, Select, SelectColumns } from '../../src/discovery/select.js';
import type { QueryResult } from '../../src/hub/pg-select.js';
import { pgliteRunReadOnly, pgliteSelect, pgliteSelectColumns } from '../../src/hub/pglite-select.js';
import type { HubWriteSide } from '../../src/hub/hub-executor.js';
import { openPostgresHub } from '../../src/hub/postgres-hub.js';
import { openPgWriteSide } from '../../src/hub/write/pg-write-side.js';
import { readSeed } from '../../src/hub/seed.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { pgServer, type TestDatabase } from './pg.js';
import { REPO } from './project.js';

/**
 * One hub for a test file, on either engine, seeded the same way (schemas/hub.sql and the
 * sample documents of examples/hub), so one test body runs against both.
 */
export interface TestHub {
  readonly engine: 'pglite' | 'postgres';
  /** The read-only path under test, as discovery gets it. */
  readonly select: Select;
  readonly columns: SelectColumns;
  /** The read-only transaction without the client-side guard: the server's half alone. */
  readonly serverOnly: (text: string) => Promise<QueryResult>;
  /** Unrestricted SQL, for seeding and for checking what changed; never the path under test. */
  admin(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements at once (fixture DDL). */
  exec(sql: string): Promise<void>;
  /** Connection URL of the postgres engine's database; null for PGlite. */
  readonly url: string | null;
  /** The live write side, as the source opens it for a live plan (default statements). */
  readonly writeSide: HubWriteSide;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: TestHub['engine'];
  open(label: string): Promise<TestHub>;
}

export const pgliteEngine: Engine = {
  name: 'pglite',
  async open() {
    // A copy of the seeded template made once per test run (test/global-setup.ts): ~0.5 s, not ~3.5 s.
    const root = mkdtempSync(join(tmpdir(), 'cutter-hub-'));
    cpSync(inject('hubTemplate'), join(root, 'hub'), { recursive: true });
    const db = await PGlite.create(join(root, 'hub'));
    const writeSide: HubWriteSide = {
      transact: (body) => db.transaction((tx) => body(async (sql, params) => {
        const r = await tx.query<Row>(sql, [...params]);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      })),
      read: async (text, values) => (await pgliteRunReadOnly(db, text, [...values])).rows,
      context: { source: 'test' },
    };
    return {
      writeSide,
      engine: 'pglite',
      select: pgliteSelect(db),
      columns: pgliteSelectColumns(db),
      serverOnly: (text) => pgliteRunReadOnly(db, text, []),
      admin: async (sql, params = []) => (await db.query<Row>(sql, params)).rows,
      exec: async (sql) => void (await db.exec(sql)),
      url: null,
      async close() {
        await db.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
};

export const postgresEngine: Engine = {
  name: 'postgres',
  async open(label) {
    const server = await pgServer();
    if (!server) throw new Error('no PostgreSQL server; guard the suite with pgServer()');
    const db: TestDatabase = await server.createDatabase(label);
    try {
      await db.admin.query(readFileSync(join(SCHEMAS_DIR, 'hub.sql'), 'utf8'));
      await insertSeed(db);
      const config = { kind: 'postgres', urlEnv: 'CUTTER_DATABASE_URL', statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, queries: {}, writeUrlEnv: null, lockTimeoutMs: 1_000, writes: {} } as const;
      const hub = await openPostgresHub('test', config, { CUTTER_DATABASE_URL: db.url });
      const writeSide = await openPgWriteSide('test', config, { CUTTER_DATABASE_URL: db.url });
      return {
        writeSide,
        engine: 'postgres',
        select: hub.select,
        columns: hub.columns,
        serverOnly: hub.serverOnly,
        admin: async (sql, params = []) => (await db.admin.query<Row>(sql, params)).rows,
        exec: async (sql) => void (await db.admin.query(sql)),
        url: db.url,
        async close() {
          await writeSide.close();
          await hub.close();
          await db.drop();
        },
      };
    } catch (e) {
      await db.drop();
      throw e;
    }
  },
};

/**
 * Declares the suite once per engine: PGlite always; the real server when it answers, else the
 * suite shows as skipped (and with CUTTER_REQUIRE_PG=1, `pgServer()` has already failed the file).
 */
export async function describeEachEngine(title: string, body: (engine: Engine) => void): Promise<void> {
  const pgUp = (await pgServer()) !== null;
  for (const engine of [pgliteEngine, postgresEngine]) {
    describe.skipIf(engine.name === 'postgres' && !pgUp)(`${title} [${engine.name}]`, () => body(engine));
  }
}

async function insertSeed(db: TestDatabase): Promise<void> {
  const seed = readSeed(join(REPO, 'examples', 'hub'));
  for (const d of seed.documents) {
    await db.admin.query('INSERT INTO kb_documents (id, title, body, revision, status) VALUES ($1, $2, $3, $4, $5)', [
      d.id, d.title, d.body, d.revision, d.status,
    ]);
  }
  for (const u of seed.units) {
    await db.admin.query(
      `INSERT INTO kb_information_units
         (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [u.iuId, u.documentId, u.prefix, u.path, u.ordinal, u.heading, u.body, u.contentSha256, u.sourceRevision, u.status],
    );
  }
}
