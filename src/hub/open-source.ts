import { join } from 'node:path';
import { DEFAULT_QUERIES, LiveReadOnlyDiscoverer } from '../discovery/live-read-only-discoverer.js';
import type { Discoverer } from '../discovery/discoverer.js';
import type { Select } from '../discovery/select.js';
import { CutterError } from '../errors.js';
import type { Executor } from '../orchestrator/executor.js';
import type { Config } from '../plan/config.js';
import { SCHEMAS_DIR } from '../plan/schemas.js';
import { openEmbeddedHub } from './embedded-hub.js';
import { openPostgresSource } from './postgres-hub.js';
import { HubExecutor } from './hub-executor.js';

/** A source opened for one command: a read-only discoverer, and what it holds open. */
export interface OpenSource {
  readonly name: string;
  readonly kind: 'embedded' | 'postgres';
  readonly discoverer: Discoverer;
  /** The same read-only SELECTs, for reading other documents (approvals.verify). */
  readonly select: Select;
  /** Present only when the source can write in live mode. */
  readonly liveExecutor: Executor | undefined;
  close(): Promise<void>;
}

/** Opens the source a plan names. Database drivers load here, lazily, and nowhere else. */
export async function openSource(
  config: Config,
  name: string,
  /** `write`: the caller runs a live plan and needs the live executor (if execution is enabled). */
  options: { readonly env?: NodeJS.ProcessEnv; readonly write?: boolean; readonly lockWaitMs?: number } = {},
): Promise<OpenSource> {
  const source = config.sources[name];
  if (!source) {
    throw new CutterError('source_unknown', `source "${name}" is not defined`, {
      hint: `define it under sources: in ${config.file ?? 'cutter.config.yaml'}, or use one of: ${Object.keys(config.sources).join(', ')}`,
      details: { source: name, known: Object.keys(config.sources) },
    });
  }
  if (source.kind === 'embedded') {
    const hub = await openEmbeddedHub({ dir: source.dir, seedDir: source.seed, schemaFile: join(SCHEMAS_DIR, 'hub.sql'), lockWaitMs: options.lockWaitMs });
    return {
      name,
      kind: 'embedded',
      discoverer: new LiveReadOnlyDiscoverer(hub.select, DEFAULT_QUERIES),
      select: hub.select,
      // A write handle exists only for a live plan, and only when the operator enabled execution:
      // discovery and dry runs never hold anything that could write.
      liveExecutor: config.execution.enabled && options.write === true ? new HubExecutor(hub.transact) : undefined,
      close: () => hub.close(),
    };
  }
  return openPostgresSource(name, source, options.env ?? process.env);
}
