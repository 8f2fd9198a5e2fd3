import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Row, Select } from '../discovery/select.js';
import type { Transactor } from './hub-executor.js';
import { acquireLockWaiting, type Lock } from '../lock-file.js';
import { pgliteSelect } from './pglite-select.js';
import { readSeed } from './seed.js';

export interface EmbeddedHubOptions {
  /** The PGlite data folder, e.g. `.cutter/hub`. */
  readonly dir: string;
  /** Folder with hub.yaml and the sample documents, used only when the folder is first made. */
  readonly seedDir: string;
  /** Path of schemas/hub.sql. */
  readonly schemaFile: string;
  /**
   * How long to wait for another cutter process to close the hub before refusing `lock_held`.
   * Default 0: refuse at once.
   */
  readonly lockWaitMs?: number | undefined;
}

export interface EmbeddedHub {
  readonly select: Select;
  /** The database itself, for the hub's own setup and the live executor; never given to discovery. */
  readonly db: PGlite;
  /** Write transactions, for the live executor only (never handed to discovery). */
  readonly transact: Transactor;
  /** True when this call created and seeded the folder. */
  readonly created: boolean;
  close(): Promise<void>;
}

/**
 * Opens the embedded hub, creating and seeding it on first use. Creation happens in a temporary
 * folder renamed into place at the end, so a crash never leaves a half-seeded hub behind.
 */
export async function openEmbeddedHub(options: EmbeddedHubOptions): Promise<EmbeddedHub> {
  const { PGlite } = await import('@electric-sql/pglite');
  const lock: Lock = await acquireLockWaiting(`${options.dir}.lock`, `the embedded hub ${options.dir}`, options.lockWaitMs ?? 0);
  try {
    let created = false;
    if (!existsSync(join(options.dir, 'PG_VERSION'))) {
      const staging = `${options.dir}.creating`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(dirname(options.dir), { recursive: true });
      const fresh = await PGlite.create(staging);
      try {
        await fresh.exec(readFileSync(options.schemaFile, 'utf8'));
        await seedHub(fresh, options.seedDir);
      } finally {
        await fresh.close();
      }
      rmSync(options.dir, { recursive: true, force: true });
      renameSync(staging, options.dir);
      created = true;
    }
    const db = await PGlite.create(options.dir);
    return {
      select: pgliteSelect(db),
      db,
      transact: (body) => db.transaction((tx) => body(async (sql, params) => (await tx.query<Row>(sql, [...params])).rows)),
      created,
      async close() {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function seedHub(db: PGlite, seedDir: string): Promise<void> {
  const seed = readSeed(seedDir);
  await db.transaction(async (tx) => {
    for (const d of seed.documents) {
      await tx.query('INSERT INTO kb_documents (id, title, body, revision, status) VALUES ($1, $2, $3, $4, $5)', [
        d.id, d.title, d.body, d.revision, d.status,
      ]);
    }
    for (const u of seed.units) {
      await tx.query(
        `INSERT INTO kb_information_units
           (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [u.iuId, u.documentId, u.prefix, u.path, u.ordinal, u.heading, u.body, u.contentSha256, u.sourceRevision, u.status],
      );
    }
  });
}
