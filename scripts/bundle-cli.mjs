// Bundles the command line (src/cli/main.ts and what it imports) into dist/cli/main.js and a few
// chunks beside it, after tsc has built dist/. Node 20 spends most of a short command's start-up
// resolving, reading and compiling modules one by one (`cutter validate` opened ~100: ours, yaml's
// and commander's); a bundle is a handful of files. Each command stays a chunk of its own, loaded
// only when that command runs (main.ts imports them dynamically). The library (dist/index.js) and
// the cut's worker (dist/orchestrator/bounded-cut-worker.js) stay tsc's output.
//
// Left out of the bundle: PGlite (its WebAssembly and data files are found beside its own
// modules), pg (optional native parts), and what is loaded with require (ajv, recheck).
//
// Every module's `import.meta.url` is rewritten to the URL of the file tsc wrote for it, so a
// path a module finds relative to itself (schemas/, package.json, examples/hub/, the worker) is
// the same in the bundle as in dist/. Source maps point at src/: `cutter --debug` enables them.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(repo, 'src');
const out = join(repo, 'dist', 'cli');
/** The bundle's own files, told apart from tsc's in dist/cli/ (removed before each build). */
const CHUNK_PREFIX = 'bundle-';

const EXTERNAL = /^(node:|@electric-sql\/pglite(\/|$)|pg(\/|$)|pg-[a-z-]+(\/|$)|ajv(\/|$)|ajv-formats(\/|$)|recheck(\/|$))/;

/** `import.meta.url` of a module of src/, as the URL of tsc's file for it, from dist/cli/. */
const importMetaAsTscOutput = {
  name: 'import-meta-as-tsc-output',
  transform(code, id) {
    if (!id.startsWith(src + sep) || !code.includes('import.meta.url')) return null;
    const tscFile = join(repo, 'dist', relative(src, id)).replace(/\.ts$/, '.js');
    const rel = relative(out, tscFile).split(sep).join('/');
    return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), map: null };
  },
};

/**
 * commander requires node:child_process when it loads, for executable subcommands, which cutter
 * does not have; loading it (with net and dgram) is ~6% of `node -e 0` on every command. Here
 * commander gets it on first use instead.
 */
const LAZY_CHILD_PROCESS = '\0lazy-child-process';
const isCommandersChildProcess = (source, importer) =>
  (source === 'node:child_process' || source === 'child_process') && importer?.includes(`${sep}node_modules${sep}commander${sep}`) === true;
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  resolveId(source, importer) {
    return isCommandersChildProcess(source, importer) ? LAZY_CHILD_PROCESS : null;
  },
  load(id) {
    if (id !== LAZY_CHILD_PROCESS) return null;
    return "let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });\n";
  },
};

for (const f of readdirSync(out)) if (f.startsWith(CHUNK_PREFIX)) rmSync(join(out, f));

const bundle = await rolldown({
  input: join(src, 'cli', 'main.ts'),
  platform: 'node',
  external: (id, importer) => EXTERNAL.test(id) && !isCommandersChildProcess(id, importer),
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  plugins: [importMetaAsTscOutput, lazyChildProcessForCommander],
  logLevel: 'warn',
});
await bundle.write({
  dir: out,
  format: 'esm',
  entryFileNames: 'main.js',
  chunkFileNames: `${CHUNK_PREFIX}[name]-[hash].js`,
  sourcemap: true,
  // Less text to parse at each start; the source maps keep the comments' lines. Not minified, so
  // a stack trace read without the maps still names functions.
  comments: { legal: true, annotation: true, jsdoc: false },
});
await bundle.close();
