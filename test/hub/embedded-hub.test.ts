import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedHub, sharedBuffersMb } from '../../src/hub/embedded-hub.js';
import { loadPgliteEngine } from '../../src/hub/pglite-engine.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { REPO } from '../support/project.js';

const root = mkdtempSync(join(tmpdir(), 'cutter-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const seedDir = join(REPO, 'examples', 'hub');

async function facts(dir: string, schemaFile = join(SCHEMAS_DIR, 'hub.sql')): Promise<{ created: boolean; documents: number; units: number }> {
  const hub = await openEmbeddedHub({ dir, seedDir, schemaFile });
  try {
    const [row] = await hub.select('SELECT (SELECT count(*) FROM kb_documents) AS documents, (SELECT count(*) FROM kb_information_units) AS units', {});
    return { created: hub.created, documents: Number(row!['documents']), units: Number(row!['units']) };
  } finally {
    await hub.close();
  }
}

describe('the embedded hub', () => {
  it('is made and seeded on first use (from the build\'s template), then reopened as it is', async () => {
    expect(existsSync(join(SCHEMAS_DIR, 'compiled', 'hub-template', 'PG_VERSION'))).toBe(true);
    const dir = join(root, 'a', 'hub');
    const first = await facts(dir);
    expect(first).toMatchObject({ created: true, documents: 3 });
    expect(first.units).toBeGreaterThan(10);
    expect(existsSync(`${dir}.incomplete`)).toBe(false);
    expect(await facts(dir)).toEqual({ ...first, created: false });
  });

  it('is made with initdb when the schema is not the one the template was made from', async () => {
    const schemaFile = join(root, 'hub-edited.sql');
    writeFileSync(schemaFile, `${readFileSync(join(SCHEMAS_DIR, 'hub.sql'), 'utf8')}\n-- edited\n`);
    const made = await facts(join(root, 'b', 'hub'), schemaFile);
    expect(made).toMatchObject({ created: true, documents: 3 });
    expect(made.units).toBeGreaterThan(10);
  });

  it('is made again when an earlier making was interrupted (its marker is still there)', async () => {
    const dir = join(root, 'c', 'hub');
    // What a crash part-way leaves: a folder that looks like a data folder, and the marker.
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(REPO, 'package.json'), join(dir, 'PG_VERSION'));
    writeFileSync(`${dir}.incomplete`, '');
    const made = await facts(dir);
    expect(made).toMatchObject({ created: true, documents: 3 });
    expect(existsSync(`${dir}.incomplete`)).toBe(false);
  });

  it('starts PostgreSQL with a buffer pool sized to the data: 16 MB for the sample, up to the default 128 MB', async () => {
    expect([0, 8e6, 16 * 2 ** 20, 16 * 2 ** 20 + 1, 100e6, 1e9].map(sharedBuffersMb)).toEqual([16, 16, 16, 32, 128, 128]);
    const dir = join(root, 'd', 'hub');
    await facts(dir);
    const hub = await openEmbeddedHub({ dir, seedDir, schemaFile: join(SCHEMAS_DIR, 'hub.sql') });
    try {
      expect(await hub.select("SELECT current_setting('shared_buffers') AS pool", {})).toEqual([{ pool: '16MB' }]);
    } finally {
      await hub.close();
    }
  });

  it('loads its engine once, before any hub is named: PGlite and its compiled WebAssembly, nothing of a hub', async () => {
    const before = readdirSync(root).sort();
    const engine = await loadPgliteEngine();
    expect(await loadPgliteEngine()).toBe(engine);
    expect(engine.options.pgliteWasmModule).toBeDefined();
    expect(readdirSync(root).sort()).toEqual(before);
    // Hubs opened after it use it (each a PostgreSQL of its own, the same compiled module).
    const [a, b] = [join(root, 'e', 'hub'), join(root, 'f', 'hub')];
    const first = await facts(a);
    expect(first.created).toBe(true);
    expect(await facts(b)).toEqual(first);
  });
});
