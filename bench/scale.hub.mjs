// The 100k-unit scene of the scale benchmark: a 20 MB law (bench/cut.corpus.mjs, seed 42) whose
// 99,449 clause units sit in a database of the real PostgreSQL server, and the same law with 1% of
// its clauses edited as the document's new body. The database is created here under a unique
// name and dropped by `drop()`; nothing else on the server is touched.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVnLaw } from './cut.corpus.mjs';

const DIST = new URL('../dist/', import.meta.url);
export const DOCUMENT = 'KB-BENCH-LAW';
export const PREFIX = 'BL';

/** psql against `url`, with the SQL on stdin; returns stdout. */
export function psql(url, sql) {
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url], { input: sql, encoding: 'utf8', maxBuffer: 1 << 26 });
}

/** One field of PostgreSQL's COPY text format. */
function copyField(value) {
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Creates the database and fills it. `adminUrl` names a database to connect to for CREATE
 * DATABASE; `dir` receives the COPY files, the project (cutter.config.yaml, plans/law.yaml).
 */
export async function makeScaleHub({ adminUrl, dir, mb = 20, everyNth = 100 }) {
  const { segment } = await import(new URL('cut/segment.js', DIST).href);
  const { getProfile } = await import(new URL('cut/profiles/index.js', DIST).href);
  const { text: old } = generateVnLaw({ targetBytes: mb * 1e6, seed: 42 });
  const cut = segment(old, getProfile('vn-legal'), { prefix: PREFIX, unit: 'clause' });
  // The new body: every `everyNth` clause gets words added before its line end (its hash changes,
  // its id and place do not): the common case of a plan, a few edits in a large law.
  const parts = [];
  let edited = 0;
  for (let i = 0; i < cut.units.length; i++) {
    const t = cut.units[i].text;
    if (i % everyNth === everyNth - 1 && t.endsWith('\n') && t.length > 40) {
      parts.push(`${t.slice(0, -1)} và các quy định khác có liên quan\n`);
      edited += 1;
    } else parts.push(t);
  }
  const body = parts.join('');
  const name = `cutter_bench_${process.pid}_${Date.now().toString(36)}`;
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  psql(adminUrl, `CREATE DATABASE ${name};`);
  const drop = () => psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE);`);
  try {
    psql(url, (await import('node:fs')).readFileSync(new URL('../schemas/hub.sql', import.meta.url), 'utf8'));
    mkdirSync(dir, { recursive: true });
    const docFile = join(dir, 'document.copy');
    writeFileSync(docFile, `${[DOCUMENT, 'Luật (benchmark)', body, 2, 'published'].map(copyField).join('\t')}\n`);
    const unitFile = join(dir, 'units.copy');
    const lines = [];
    for (const u of cut.units) {
      const r = u.toJSON();
      lines.push([r.id, DOCUMENT, PREFIX, r.path, r.ordinal, r.heading, r.text, r.sha256, 1, 'active'].map(copyField).join('\t'));
    }
    writeFileSync(unitFile, `${lines.join('\n')}\n`);
    psql(url, [
      `\\copy kb_documents (id, title, body, revision, status) from '${docFile}'`,
      `\\copy kb_information_units (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status) from '${unitFile}'`,
      'ANALYZE;',
    ].join('\n'));
    writeFileSync(join(dir, 'cutter.config.yaml'), 'version: 1\nsources:\n  hub:\n    kind: postgres\n    urlEnv: BENCH_HUB_URL\n');
    mkdirSync(join(dir, 'plans'), { recursive: true });
    writeFileSync(join(dir, 'plans', 'law.yaml'), [
      'version: 1', `document: ${DOCUMENT}`, `prefix: ${PREFIX}`, 'mode: dryrun', 'source: hub',
      'cut:', '  profile: vn-legal', '  unit: clause', 'policy:', '  maxUnits: 500000', '',
    ].join('\n'));
  } catch (e) {
    drop();
    throw e;
  }
  return { url, name, drop, units: cut.units.length, edited, bodyBytes: Buffer.byteLength(body) };
}

/** The floor of a plan: psql reading the same unit rows and the document body, to /dev/null. */
export function floorCommand(url) {
  return ['psql', '-X', '-q', '-d', url,
    '-c', `\\copy (SELECT id, title, body, revision, status FROM kb_documents WHERE id = '${DOCUMENT}') to '/dev/null'`,
    '-c', `\\copy (SELECT iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status FROM kb_information_units WHERE document_id = '${DOCUMENT}' AND prefix = '${PREFIX}' ORDER BY ordinal, iu_id) to '/dev/null'`];
}

// `node bench/scale.hub.mjs make <dir>` makes the scene and keeps it (for measuring by hand:
// `cd <dir> && BENCH_HUB_URL=<url> node <repo>/dist/cli/main.js plan plans/law.yaml`);
// `node bench/scale.hub.mjs drop <name>` drops it.
if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1] ?? '').href) {
  const [what, arg] = process.argv.slice(2);
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (what === 'make' && arg) {
    const hub = await makeScaleHub({ adminUrl, dir: arg });
    console.log(JSON.stringify({ url: hub.url, name: hub.name, units: hub.units, edited: hub.edited, bodyBytes: hub.bodyBytes, dir: arg }));
  } else if (what === 'drop' && arg) {
    psql(adminUrl, `DROP DATABASE IF EXISTS ${arg} WITH (FORCE);`);
  } else {
    console.error('usage: node bench/scale.hub.mjs make <dir> | drop <database name>');
    process.exitCode = 1;
  }
}
