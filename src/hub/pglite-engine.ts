import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/** PGlite's engine: its module and its PostgreSQL, compiled from WebAssembly. */
export interface PgliteEngine {
  readonly PGlite: typeof PGlite;
  /** For PGlite.create: the engine as loaded here, so PGlite reads and compiles nothing itself. */
  readonly options: Pick<PGliteOptions, 'pgliteWasmModule'>;
}

/** Node's WebAssembly, which the project's lib (ES2023, no DOM) does not declare. */
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<NonNullable<PGliteOptions['pgliteWasmModule']>> };

let loading: Promise<PgliteEngine> | undefined;

/**
 * Loads PGlite's engine once per process: its module and its 9 MB of WebAssembly (read, then
 * compiled by V8 on background threads), at once. It reads only PGlite's own files in
 * node_modules, never a hub's folder, so a command may start it before it holds the hub's lock
 * (see warmEmbeddedEngine) and let it overlap its own loading; opening a hub awaits the same
 * promise, and every PGlite of the process (tests open many) instantiates the same compiled
 * module. PGlite's 6 MB file-system bundle is left to PGlite, which reads it while it
 * instantiates: handing it over as a Blob costs two copies of it (measured: +10 MiB peak).
 */
export function loadPgliteEngine(): Promise<PgliteEngine> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PgliteEngine> {
  // The package's files are beside its entry point (dist/index.cjs for require, as for import).
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const [{ PGlite }, pgliteWasmModule] = await Promise.all([
    import('@electric-sql/pglite'),
    readFile(join(dist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes)),
  ]);
  return { PGlite, options: { pgliteWasmModule } };
}
