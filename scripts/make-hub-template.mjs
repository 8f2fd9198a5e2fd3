// Makes the embedded hub's template at build time: an empty PostgreSQL data folder with
// schemas/hub.sql applied, dumped as a tarball (schemas/compiled/hub-template.tar.gz). A
// project's first command loads it (PGlite's loadDataDir) instead of running initdb inside
// WebAssembly, which took ~3.5 s and ~900 MiB. Kept when hub.sql and PGlite have not changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const outDir = join(schemasDir, 'compiled');
const tarball = join(outDir, 'hub-template.tar.gz');
const sidecar = join(outDir, 'hub-template.json');

const sql = readFileSync(join(schemasDir, 'hub.sql'), 'utf8');
const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const pglitePackage = JSON.parse(readFileSync(join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf('/dist/')), 'package.json'), 'utf8'));
const wanted = { hubSqlSha256: createHash('sha256').update(sql).digest('hex'), pglite: pglitePackage.version };

const have = existsSync(sidecar) && existsSync(tarball) ? JSON.parse(readFileSync(sidecar, 'utf8')) : null;
if (have && have.hubSqlSha256 === wanted.hubSqlSha256 && have.pglite === wanted.pglite) {
  console.log('hub template is up to date');
} else {
  const db = await PGlite.create();
  await db.exec(sql);
  const blob = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(tarball, Buffer.from(await blob.arrayBuffer()));
  writeFileSync(sidecar, `${JSON.stringify(wanted)}\n`);
  console.log(`made the hub template (${blob.size} bytes)`);
}
