import type { Config } from '../plan/config.js';

/**
 * Starts loading the embedded hub's engine (PGlite's module, its WebAssembly compiled by V8 on
 * background threads) when the plan's source is the embedded hub, so that it overlaps with what
 * the command does before it opens the hub (plan and apply: loading the runner and every phase;
 * resume: reading the run's saved results back); opening the hub later awaits it. reject, abort
 * and doctor open the hub at once or not at all, and do not call this. Only
 * PGlite's own files are read: the hub's folder is touched once its lock is held, and a command
 * refused before it opens the hub does not wait for the hub. A failure to load is left to the
 * opening of the hub, which reports it.
 */
export function warmEmbeddedEngine(cfg: Config, source: string): void {
  if (cfg.sources[source]?.kind !== 'embedded') return;
  import('../hub/pglite-engine.js').then((engine) => engine.loadPgliteEngine()).catch(() => {});
}
