import { hostname, userInfo } from 'node:os';
import type { StateStore } from '../orchestrator/ports.js';
import { runNotFound, type RunState, type StartedBy } from '../orchestrator/run-state.js';
import type { Config } from '../plan/config.js';
import { openStateStore } from '../state/open-state-store.js';
import type { CliContext } from './context.js';

/*
 * The state store as commands open it. Apart from session.ts (which also opens hubs and builds
 * runners) so that commands that only read runs (status, runs, show, state) load no hub, runner
 * or phase code.
 */

/** A run's state as the command starts (what the person saw), or `run_not_found`. */
export async function readRun(ctx: Pick<CliContext, 'env'>, cfg: Config, runId: string): Promise<RunState> {
  return withStateStore(ctx, cfg, async (store) => {
    const state = await store.load(runId);
    if (!state) throw runNotFound(runId);
    return state;
  });
}

/** Opens the configured state store; the caller closes it (or use `withStateStore`). */
export async function stateStore(ctx: Pick<CliContext, 'env'>, cfg: Config): Promise<StateStore> {
  const who = whoIsRunning(ctx.env);
  // The pid lets a lock_held message, and pg_stat_activity, name the process that holds a run.
  return openStateStore(cfg.state, { env: ctx.env, applicationName: `cutter ${who.user}@${who.host} pid ${process.pid}` });
}

/** Runs `body` with the configured state store and closes it whatever happens. */
export async function withStateStore<T>(ctx: Pick<CliContext, 'env'>, cfg: Config, body: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await stateStore(ctx, cfg);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/**
 * Who starts a run, for `cutter runs` on a shared store: CUTTER_USER, else the CI's actor
 * (GITHUB_ACTOR), else the login name; the machine's host name (CUTTER_HOST overrides it).
 */
export function whoIsRunning(env: NodeJS.ProcessEnv): StartedBy {
  let login = '';
  try {
    login = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  const user = env['CUTTER_USER'] || env['GITHUB_ACTOR'] || login || env['USER'] || 'unknown';
  return { user: user.slice(0, 256), host: (env['CUTTER_HOST'] || hostname() || 'unknown').slice(0, 256) };
}
