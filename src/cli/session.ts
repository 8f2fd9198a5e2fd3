import { hostname, userInfo } from 'node:os';
import { openSource } from '../hub/open-source.js';
import type { CliContext } from './context.js';
import type { StateStore } from '../orchestrator/ports.js';
import type { StartedBy } from '../orchestrator/run-state.js';
import { OrchestratorRunner } from '../orchestrator/runner.js';
import type { Config } from '../plan/config.js';
import type { Plan } from '../plan/plan.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';
import { openStateStore } from '../state/open-state-store.js';

/**
 * Opens a plan's source (with a write handle only `as-planned` for a live plan, never `read-only`)
 * and the state store, builds a runner on them, runs `body`, and closes both whatever happens.
 */
export async function withRunner<T>(
  session: {
    readonly ctx: CliContext; readonly cfg: Config; readonly plan: Plan; readonly access: 'read-only' | 'as-planned';
    /** A store the caller already opened (and closes); otherwise one is opened here. */
    readonly store?: StateStore | undefined;
  },
  body: (runner: OrchestratorRunner) => Promise<T>,
): Promise<T> {
  const { ctx, cfg, plan, access } = session;
  if (session.store) return drive(session.store);
  // `cutter plan` never reads or writes runs: it does not even open the store.
  if (access === 'read-only') return drive(UNUSED_STORE);
  return withStateStore(ctx, cfg, drive);

  async function drive(store: StateStore): Promise<T> {
    const source = await openSource(cfg, plan.source, { write: access === 'as-planned' && plan.mode === 'live', env: ctx.env });
    try {
      const runner = new OrchestratorRunner({
        store,
        reporter: new DryRunReporter(cfg.stateDir),
        discoverer: source.discoverer,
        liveExecutor: source.liveExecutor,
        executionEnabled: cfg.execution.enabled,
        approvalPattern: cfg.approvals.pattern,
        startedBy: whoIsRunning(ctx.env),
      });
      return await body(runner);
    } finally {
      await source.close();
    }
  }
}

/** Opens the configured state store; the caller closes it (see `withStateStore`). */
export async function stateStore(ctx: CliContext, cfg: Config): Promise<StateStore> {
  const who = whoIsRunning(ctx.env);
  return openStateStore(cfg.state, { env: ctx.env, applicationName: `cutter ${who.user}@${who.host} pid ${process.pid}` });
}

/** Runs `body` with the configured state store and closes it whatever happens. */
export async function withStateStore<T>(ctx: CliContext, cfg: Config, body: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await stateStore(ctx, cfg);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/**
 * Who starts a run, for `cutter runs` on a shared store: CUTTER_USER, else the CI's actor
 * (GITHUB_ACTOR), else the login name; the machine's host name.
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

/** `cutter plan` runs only the preview, which never touches runs. */
const UNUSED_STORE: StateStore = new Proxy({} as StateStore, {
  get(_target, property) {
    if (property === 'description') return 'no state store (a preview creates no run)';
    return () => Promise.reject(new Error(`a preview must not use the state store (called ${String(property)})`));
  },
});
