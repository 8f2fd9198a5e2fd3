import type { Discoverer } from '../discovery/discoverer.js';
import { CutterError } from '../errors.js';
import { openSource, type OpenSource } from '../hub/open-source.js';
import type { CliContext } from './context.js';
import type { StateStore } from '../orchestrator/ports.js';
import { OrchestratorRunner } from '../orchestrator/runner.js';
import type { Config } from '../plan/config.js';
import type { Plan } from '../plan/plan.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';
import { withStateStore, whoIsRunning } from './state-session.js';
import { HubApprovalVerifier } from '../hub/approval-documents.js';

/**
 * How long a command waits for the embedded hub's lock and a run's lock before refusing
 * `lock_held`, like PostgreSQL's lock_timeout: another cutter working on the same hub or run for a
 * few seconds is waited out, a stuck one is not waited for forever.
 */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

export function lockWaitMs(ctx: Pick<CliContext, 'env'>): number {
  const raw = ctx.env['CUTTER_LOCK_TIMEOUT_MS'];
  if (raw === undefined || raw === '') return DEFAULT_LOCK_WAIT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new CutterError('config_invalid', `CUTTER_LOCK_TIMEOUT_MS is "${raw}", not a whole number of milliseconds`, {
      hint: 'unset it for the default (30000), or give e.g. CUTTER_LOCK_TIMEOUT_MS=5000; 0 refuses at once',
    });
  }
  return ms;
}

/**
 * Builds a runner for a plan's source, runs `body`, and closes what was opened whatever happens.
 * The embedded hub of a dry run is opened only when a phase first reads it: a command refused
 * before that (another run active, an approval for a gate the run has left) never waits for the
 * hub's lock, and the run's lock is always taken before the hub's, so the two never cross.
 * A live plan opens its source first (with a write handle only `as-planned`, never `read-only`).
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
    const waitMs = lockWaitMs(ctx);
    const write = access === 'as-planned' && plan.mode === 'live';
    let opening: Promise<OpenSource> | null = null;
    const open = (): Promise<OpenSource> => (opening ??= openSource(cfg, plan.source, { write, env: ctx.env, lockWaitMs: waitMs }));
    try {
      const lazy = !write && cfg.sources[plan.source]?.kind === 'embedded';
      const source = lazy ? null : await open();
      const runner = new OrchestratorRunner({
        store,
        reporter: new DryRunReporter(cfg.stateDir),
        discoverer: source?.discoverer ?? openedOnFirstRead(open),
        liveExecutor: source?.liveExecutor,
        executionEnabled: cfg.execution.enabled,
        executionEnabledBy: cfg.execution.enabledBy,
        approvalPattern: cfg.approvals.pattern,
        approvalVerifier: cfg.approvals.verify ? new HubApprovalVerifier(async () => (await open()).select, cfg.approvals.verify, plan.source) : undefined,
        lockWaitMs: waitMs,
        startedBy: whoIsRunning(ctx.env),
      });
      return await body(runner);
    } finally {
      const opened = opening === null ? null : await (opening as Promise<OpenSource>).catch(() => null);
      await opened?.close();
    }
  }
}

/**
 * A runner for a decision on a run of `plan` (reject): with the hub when approvals are verified
 * against it (`approvals.verify`), else with the store only.
 */
export async function withDecisionRunner<T>(ctx: CliContext, cfg: Config, plan: Plan, body: (runner: OrchestratorRunner) => Promise<T>): Promise<T> {
  return cfg.approvals.verify ? withRunner({ ctx, cfg, plan, access: 'read-only' }, body) : withStoreRunner(ctx, cfg, body);
}

/**
 * A runner for the decisions that need no hub (abort; reject without approvals.verify): it holds
 * the store only, and any attempt to read a hub through it is a bug.
 */
export async function withStoreRunner<T>(
  ctx: CliContext, cfg: Config, body: (runner: OrchestratorRunner) => Promise<T>, opened?: StateStore,
): Promise<T> {
  const noHub = (): never => { throw new Error('this command does not read the hub'); };
  const drive = (store: StateStore): Promise<T> => body(new OrchestratorRunner({
    store,
    reporter: new DryRunReporter(cfg.stateDir),
    discoverer: { readDocument: async () => noHub(), readDocumentDigest: async () => noHub(), readUnits: async () => noHub() },
    approvalPattern: cfg.approvals.pattern,
    lockWaitMs: lockWaitMs(ctx),
  }));
  return opened ? drive(opened) : withStateStore(ctx, cfg, drive);
}

export function openedOnFirstRead(open: () => Promise<OpenSource>): Discoverer {
  return {
    readDocument: async (documentId) => (await open()).discoverer.readDocument(documentId),
    readDocumentDigest: async (documentId) => (await open()).discoverer.readDocumentDigest(documentId),
    readUnits: async (documentId, prefix, options) => (await open()).discoverer.readUnits(documentId, prefix, options),
  };
}

/** `cutter plan` runs only the preview, which never touches runs. */
const UNUSED_STORE: StateStore = new Proxy({} as StateStore, {
  get(_target, property) {
    if (property === 'description') return 'no state store (a preview creates no run)';
    return () => Promise.reject(new Error(`a preview must not use the state store (called ${String(property)})`));
  },
});
