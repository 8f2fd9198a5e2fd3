// Makes the embedded hub's template at build time: an empty PostgreSQL data folder with
// schemas/hub.sql applied (schemas/compiled/hub-template/). A project's first command copies it
// and opens the copy, instead of running initdb inside WebAssembly (~3.5 s and ~900 MiB, and
// PostgreSQL started twice). Loading a dumpDataDir tarball was measured too: PGlite writes its
// ~1,000 files one by one through Emscripten's file system, and that alone took seconds. The
// databases template0 and template1 are dropped (the hub lives in "postgres" and never creates
// a database): a third of the files each. Kept when hub.sql and PGlite have not changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const outDir = join(schemasDir, 'compiled');
const folder = join(outDir, 'hub-template');
const sidecar = join(outDir, 'hub-template.json');

const sql = readFileSync(join(schemasDir, 'hub.sql'), 'utf8');
const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const pglitePackage = JSON.parse(readFileSync(join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf('/dist/')), 'package.json'), 'utf8'));
const wanted = { hubSqlSha256: createHash('sha256').update(sql).digest('hex'), pglite: pglitePackage.version };

const have = existsSync(sidecar) && existsSync(join(folder, 'PG_VERSION')) ? JSON.parse(readFileSync(sidecar, 'utf8')) : null;
if (have && have.hubSqlSha256 === wanted.hubSqlSha256 && have.pglite === wanted.pglite) {
  console.log('hub template is up to date');
} else {
  rmSync(sidecar, { force: true });
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const db = await PGlite.create(folder);
  await db.exec(sql);
  for (const name of ['template0', 'template1']) {
    await db.query(`UPDATE pg_database SET datistemplate = false WHERE datname = '${name}'`);
    await db.query(`DROP DATABASE ${name}`);
  }
  await db.close();
  writeFileSync(sidecar, `${JSON.stringify(wanted)}\n`);
  console.log('made the hub template');
}
