import { accessSync, constants, existsSync } from 'node:fs';
import { CutterError } from '../errors.js';
import type { StateConfig } from '../plan/config.js';
import { isActive, type RunStatus } from '../orchestrator/run-state.js';
import { FileStateStore } from './file-state-store.js';
import { openPostgresStateStore } from './open-state-store.js';
import { LATEST_VERSION } from './postgres/migrations.js';

export interface StateCheck {
  /** Stable id: folder, reachable, schema, runs. */
  readonly check: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly message: string;
  readonly hint?: string | undefined;
}

export interface StateDiagnosis {
  readonly kind: StateConfig['kind'];
  /** The store's description: a folder, or server, database and schema; never a password. */
  readonly location: string;
  readonly ok: boolean;
  readonly checks: readonly StateCheck[];
}

/**
 * Checks the configured state store without writing to it: reachable, its schema version against
 * this cutter's, and whether every run can be read. A schema not created yet is a warning (the
 * first apply creates it), not a failure.
 */
export async function diagnoseStateStore(state: StateConfig, env: NodeJS.ProcessEnv): Promise<StateDiagnosis> {
  if (state.kind === 'files') {
    const store = new FileStateStore(state.dir);
    const checks: StateCheck[] = [];
    if (!existsSync(state.dir)) {
      checks.push({ check: 'folder', status: 'ok', message: `${state.dir} does not exist yet; the first run creates it` });
    } else {
      try {
        accessSync(state.dir, constants.W_OK);
        checks.push({ check: 'folder', status: 'ok', message: `${state.dir} is writable` });
      } catch {
        checks.push({ check: 'folder', status: 'fail', message: `${state.dir} is not writable by this user`, hint: 'fix the folder\'s permissions, or set state.dir in cutter.config.yaml' });
      }
      checks.push(await runsCheck(() => store.list()));
    }
    return diagnosis(state.kind, store.description, checks);
  }
  let store;
  try {
    store = await openPostgresStateStore(state, { env, applicationName: 'cutter doctor' });
  } catch (e) {
    if (!(e instanceof CutterError)) throw e;
    return diagnosis(state.kind, `the PostgreSQL state store ($${state.urlEnv}, schema ${state.schema})`, [{ check: 'connection', status: 'fail', message: e.message, hint: e.hint }]);
  }
  const checks: StateCheck[] = [];
  try {
    const version = await store.schemaVersion();
    checks.push({ check: 'reachable', status: 'ok', message: 'connected' });
    if (version === 0) {
      checks.push({ check: 'schema', status: 'warn', message: `schema ${state.schema} has no cutter tables yet`, hint: 'the first cutter apply creates them; or run cutter state migrate now' });
    } else if (version < LATEST_VERSION) {
      checks.push({ check: 'schema', status: 'fail', message: `schema version ${version}; this cutter needs ${LATEST_VERSION}`, hint: 'run cutter state migrate' });
    } else {
      checks.push({ check: 'schema', status: 'ok', message: `schema ${state.schema} at version ${version}` });
      checks.push(await runsCheck(() => store.list()));
    }
  } catch (e) {
    if (!(e instanceof CutterError)) throw e;
    const check = e.code === 'state_schema_newer' ? 'schema' : 'reachable';
    checks.push({ check, status: 'fail', message: e.message, hint: e.hint });
  } finally {
    await store.close();
  }
  return diagnosis(state.kind, store.description, checks);
}

async function runsCheck(list: () => Promise<{ runs: readonly { status: RunStatus }[]; broken: readonly { runId: string }[] }>): Promise<StateCheck> {
  const { runs, broken } = await list();
  const active = runs.filter((r) => isActive(r.status)).length;
  const message = `${runs.length} run${runs.length === 1 ? '' : 's'}, ${active} active`;
  if (broken.length === 0) return { check: 'runs', status: 'ok', message };
  return {
    check: 'runs', status: 'warn', message: `${message}; ${broken.length} unreadable: ${broken.map((b) => b.runId).join(', ')}`,
    hint: 'cutter runs shows what is wrong with each',
  };
}

function diagnosis(kind: StateConfig['kind'], location: string, checks: StateCheck[]): StateDiagnosis {
  return { kind, location, ok: checks.every((c) => c.status !== 'fail'), checks };
}
