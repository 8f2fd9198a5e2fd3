import { hash } from 'node:crypto';
import { constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { Row, Select } from '../discovery/select.js';
import type { Transactor } from './hub-executor.js';
import { acquireLockWaiting, type Lock } from '../lock-file.js';
import { pgliteSelect } from './pglite-select.js';
import { loadPgliteEngine, type PgliteEngine } from './pglite-engine.js';
import { readSeed } from './seed.js';

/** Made by scripts/make-hub-template.mjs at build time (same depth from src/hub and dist/hub). */
const TEMPLATE = fileURLToPath(new URL('../../schemas/compiled/hub-template', import.meta.url));
const TEMPLATE_SIDECAR = fileURLToPath(new URL('../../schemas/compiled/hub-template.json', import.meta.url));

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
 * Opens the embedded hub, creating and seeding it on first use. PostgreSQL starts once: a new
 * hub is a copy of the empty hub the build made (schemas/compiled/hub-template/, used while it
 * was made from this schemas/hub.sql; otherwise initdb runs), seeded, then used as it is. A marker file beside the folder exists while it is being made, so a crash part-way
 * leaves a folder that the next command throws away and makes again, never a half-seeded hub.
 */
export async function openEmbeddedHub(options: EmbeddedHubOptions): Promise<EmbeddedHub> {
  const engine = await loadPgliteEngine();
  const lock: Lock = await acquireLockWaiting(`${options.dir}.lock`, `the embedded hub ${options.dir}`, options.lockWaitMs ?? 0);
  let db: PGlite | undefined;
  try {
    const marker = `${options.dir}.incomplete`;
    const created = !existsSync(join(options.dir, 'PG_VERSION')) || existsSync(marker);
    if (created) {
      mkdirSync(dirname(options.dir), { recursive: true });
      writeFileSync(marker, 'the embedded hub next to this file is being made; if no cutter is running, it was interrupted and will be made again\n');
      rmSync(options.dir, { recursive: true, force: true });
      // Left by versions that made the hub in a staging folder.
      rmSync(`${options.dir}.creating`, { recursive: true, force: true });
      const schema = readFileSync(options.schemaFile, 'utf8');
      const fromTemplate = hubTemplateFits(schema);
      // A reflink where the file system can (copy-on-write), a copy elsewhere.
      if (fromTemplate) cpSync(TEMPLATE, options.dir, { recursive: true, mode: constants.COPYFILE_FICLONE });
      db = await engine.PGlite.create(options.dir, startOptions(engine, options.dir));
      if (!fromTemplate) await db.exec(schema);
      await seedHub(db, options.seedDir);
      rmSync(marker);
    } else {
      db = await engine.PGlite.create(options.dir, startOptions(engine, options.dir));
    }
    const open = db;
    return {
      select: pgliteSelect(open),
      db: open,
      transact: (body) => open.transaction((tx) => body(async (sql, params) => {
        const r = await tx.query<Row>(sql, [...params]);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      })),
      created,
      async close() {
        try {
          await open.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    await db?.close().catch(() => {});
    lock.release();
    throw e;
  }
}

/**
 * PostgreSQL's start parameters for the hub in `dir`: PGlite's own, with shared_buffers sized to
 * the data. PGlite zeroes the whole buffer pool at start in WebAssembly (a memset of 128 MB by
 * default: about half of PGlite's start and ~90 MiB of RSS, for a hub whose tables fit in a few
 * MB). The pool is a cache of the files, so its size changes speed only: it is the data's size
 * rounded up to a power of two, at least 16 MB (an empty hub's catalogs are ~8 MB) and at most
 * PostgreSQL's default 128 MB. Nothing is written to the folder's postgresql.conf.
 */
function startOptions(engine: PgliteEngine, dir: string): PGliteOptions {
  const startParams = [...engine.PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersMb(folderBytes(join(dir, 'base')))}MB`];
  return { ...engine.options, startParams };
}

/** The buffer pool for `dataBytes` of tables and indexes, in MB (see startOptions). */
export function sharedBuffersMb(dataBytes: number): number {
  let mb = 16;
  while (mb < 128 && mb * 2 ** 20 < dataBytes) mb *= 2;
  return mb;
}

/** Bytes of the files under `dir` (0 when it does not exist: a hub about to be made). */
function folderBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : entry.isFile() ? statSync(path).size : 0;
  }
  return total;
}

/** True when the build made a template of an empty hub from this schema (else: initdb). */
function hubTemplateFits(schema: string): boolean {
  try {
    const made = JSON.parse(readFileSync(TEMPLATE_SIDECAR, 'utf8')) as { hubSqlSha256?: string; pglite?: string };
    // The build records both (scripts/make-hub-template.mjs): a data folder made by another PGlite
    // than the one installed now is not copied.
    return made.hubSqlSha256 === hash('sha256', schema) && made.pglite === installedPgliteVersion()
      && existsSync(join(TEMPLATE, 'PG_VERSION'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

function installedPgliteVersion(): string | undefined {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(entry.slice(0, entry.lastIndexOf('/dist/')), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version;
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
