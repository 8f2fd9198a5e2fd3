import type { StateStore } from '../orchestrator/ports.js';
import type { StateConfig } from '../plan/config.js';
import { FileStateStore } from './file-state-store.js';

export interface OpenStateStoreOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Who is asking, e.g. `cutter alice@laptop`: PostgreSQL shows it beside the locks a process holds. */
  readonly applicationName?: string | undefined;
}

/**
 * Opens the store the configuration names. The PostgreSQL store is loaded only when configured
 * (it brings pg); nothing is created until the first write. Close the store when done.
 */
export async function openStateStore(state: StateConfig, options: OpenStateStoreOptions): Promise<StateStore> {
  if (state.kind === 'files') return new FileStateStore(state.dir);
  return openPostgresStateStore(state, options);
}

export async function openPostgresStateStore(
  state: Extract<StateConfig, { kind: 'postgres' }>, options: OpenStateStoreOptions,
): Promise<import('./postgres/postgres-state-store.js').PostgresStateStore> {
  const [{ openPgDriver }, { PostgresStateStore }] = await Promise.all([
    import('./postgres/pg-driver.js'),
    import('./postgres/postgres-state-store.js'),
  ]);
  const driver = await openPgDriver({ urlEnv: state.urlEnv, connectTimeoutMs: state.connectTimeoutMs, applicationName: options.applicationName ?? 'cutter' }, options.env);
  return new PostgresStateStore(driver, state.schema);
}
