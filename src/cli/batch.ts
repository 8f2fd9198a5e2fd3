import { relative } from 'node:path';
import { CutterError } from '../errors.js';
import { HubApprovalVerifier } from '../hub/approval-documents.js';
import { openSource, type OpenSource } from '../hub/open-source.js';
import type { ApprovalInput } from '../orchestrator/approval.js';
import { BatchRunner, type BatchOutcome } from '../orchestrator/batch-runner.js';
import { savedBatchGateView } from '../orchestrator/batch-saved.js';
import type { RunState } from '../orchestrator/run-state.js';
import type { BatchPlan } from '../plan/batch-plan.js';
import type { Config } from '../plan/config.js';
import { batchGateJson } from '../render/batch-json.js';
import { renderBatchCloseoutMarkdown, renderBatchGateMarkdown } from '../render/batch-markdown.js';
import { renderBatchCloseoutTerminal, renderBatchGateTerminal } from '../render/batch-terminal.js';
import { runJson } from '../render/json.js';
import { ndjsonProgress, plainProgress, PROGRESS_FORMAT_VERSION, type ProgressView } from '../render/progress.js';
import { ttyProgress } from '../render/progress-tty.js';
import { DryRunReporter } from '../state/dry-run-reporter.js';
import { exitCodeOf } from './outcome.js';
import { config, err, EXIT, out, printJson, useColor, type CliContext } from './context.js';
import type { Format } from './format.js';
import { cutterCommand, pasteable } from './invocation.js';
import { nextSteps, stepLines, stepsJson, type NextStep } from './run-guidance.js';
import { lockWaitMs, openedOnFirstRead } from './session.js';
import { stateStore, whoIsRunning } from './state-session.js';

export interface BatchFlags {
  readonly format: Format;
  readonly json?: boolean | undefined;
  readonly parallel?: string | undefined;
}

/** `cutter apply` of a batch plan. */
export async function applyBatch(ctx: CliContext, batch: BatchPlan, file: string, flags: BatchFlags): Promise<number> {
  const cfg = config(ctx);
  return drive(ctx, cfg, batch, flags, 'cutter apply', (runner) => runner.cut(batch, { planFile: file }));
}

/** `cutter resume` of a batch run: approve, retry the failed documents, or drop some. */
export async function resumeBatch(
  ctx: CliContext, state: RunState,
  flags: BatchFlags & { decision: ApprovalInput | null; exclude?: string[] | undefined },
): Promise<number> {
  const cfg = config(ctx);
  return drive(ctx, cfg, state.batch!.plan, flags, 'cutter resume', (runner) => runner.resume(state.runId, {
    ...(flags.decision ? { approval: flags.decision } : {}),
    exclude: flags.exclude ?? [],
  }));
}

/** `cutter plan` of a batch plan: every document's changeset, nothing written. */
export async function planBatch(ctx: CliContext, batch: BatchPlan, file: string, flags: BatchFlags & { detail?: boolean | undefined }): Promise<number> {
  const cfg = config(ctx);
  const view = await withBatchRunner(ctx, cfg, batch, { write: false, parallel: parallelOf(flags.parallel) }, (runner) => runner.preview(batch, { planFile: file }));
  if (flags.format === 'json') printJson(ctx, batchGateJson(view));
  else if (flags.format === 'markdown') out(ctx, renderBatchGateMarkdown(view));
  else out(ctx, renderBatchGateTerminal(view, { color: useColor(ctx), detail: flags.detail ?? false }));
  const failed = view.others.filter((o) => o.status === 'FAILED');
  if (failed.length > 0) return failed.every((o) => o.error?.refusal) ? EXIT.refused : EXIT.error;
  return view.documents.every((d) => d.changeset.entries.every((e) => e.kind === 'unchanged' && !e.moved)) ? EXIT.ok : EXIT.changes;
}

/** `cutter show` of a batch run, from its saved state. */
export async function showBatch(ctx: CliContext, state: RunState, flags: { format: Format; detail?: boolean | undefined }): Promise<number> {
  const store = await stateStore(ctx, config(ctx));
  let view: Awaited<ReturnType<typeof savedBatchGateView>>;
  try {
    view = await savedBatchGateView(store, state);
  } finally {
    await store.close();
  }
  if (!view) throw new CutterError('no_gate_yet', `run ${state.runId} has not reached a sovereign gate`, { hint: `cutter status ${state.runId}` });
  if (flags.format === 'json') printJson(ctx, batchGateJson(view));
  else if (flags.format === 'markdown') out(ctx, renderBatchGateMarkdown(view));
  else out(ctx, renderBatchGateTerminal(view, { color: useColor(ctx), detail: flags.detail ?? false }));
  return EXIT.ok;
}

async function drive(
  ctx: CliContext, cfg: Config, batch: BatchPlan, flags: BatchFlags, title: string, body: (runner: BatchRunner) => Promise<BatchOutcome>,
): Promise<number> {
  const json = flags.json === true || flags.format === 'json';
  const view = progressView(ctx, json, `${title}: batch of ${batch.documents.length} documents`);
  let outcome: BatchOutcome;
  try {
    outcome = await withBatchRunner(ctx, cfg, batch, { write: batch.mode === 'live', parallel: parallelOf(flags.parallel), onProgress: view.sink }, body);
  } catch (e) {
    view.close();
    if (!json || !(e instanceof CutterError)) throw e;
    // The stream ends with an outcome line whatever happens, so CI reading it never waits for one.
    ctx.stdout.write(`${JSON.stringify({ format_version: PROGRESS_FORMAT_VERSION, type: 'outcome', exit_code: e.exitCode, error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } })}\n`);
    return e.exitCode;
  }
  view.close();
  return reportBatchOutcome(ctx, outcome, json ? 'json' : flags.format);
}

function progressView(ctx: CliContext, json: boolean, title: string): ProgressView {
  if (json) return ndjsonProgress((line) => ctx.stdout.write(`${line}\n`));
  const stderr = ctx.stderr as CliContext['stderr'] & { isTTY?: boolean };
  if (stderr.isTTY === true) return ttyProgress(stderr, { color: useColor({ ...ctx, stdout: stderr }), title });
  return plainProgress((line) => err(ctx, line));
}

/** Prints where a batch stands and returns its exit code (DESIGN §8). */
export function reportBatchOutcome(ctx: CliContext, outcome: BatchOutcome, format: Format): number {
  const { state } = outcome;
  const code = exitCodeOf(outcome);
  const steps = batchSteps(ctx, state);
  if (format === 'json') {
    ctx.stdout.write(`${JSON.stringify({
      format_version: PROGRESS_FORMAT_VERSION, type: 'outcome', exit_code: code, ...runJson(state), next: stepsJson(steps),
      ...(outcome.view ? { gate: batchGateJson(outcome.view) } : {}),
      ...(outcome.closeout ? { closeout: outcome.closeout.report, files: outcome.closeout.files } : {}),
    })}\n`);
    return code;
  }
  const color = useColor(ctx);
  const rel = (p: string): string => relative(ctx.cwd, p) || p;
  if (state.status === 'PAUSED' && outcome.view) {
    out(ctx, format === 'markdown' ? renderBatchGateMarkdown(outcome.view) : renderBatchGateTerminal(outcome.view, { color }));
    out(ctx, [
      `Run ${state.runId} is paused at ${state.gate} with ${outcome.view.documents.length} document(s), waiting for one sovereign approval for all of them.`,
      'Review the changes above and record the decision as a KB document.',
      '',
      ...stepLines(steps),
    ].join('\n'));
    return code;
  }
  if (outcome.closeout) {
    out(ctx, format === 'markdown' ? renderBatchCloseoutMarkdown(outcome.closeout.report) : renderBatchCloseoutTerminal(outcome.closeout.report, outcome.closeout.files.map(rel), { color }));
  }
  if (state.status === 'REJECTED' || state.status === 'ABORTED') out(ctx, [`Run ${state.runId} is ${state.status}: ${state.error?.message ?? ''}`, ...stepLines(steps)].join('\n'));
  else if (state.error) {
    err(ctx, `error[${state.error.code}]: run ${state.runId} is ${state.status}: ${pasteable(ctx, state.error.message)}`);
    for (const line of stepLines(steps)) err(ctx, `  ${line}`);
  }
  return code;
}

/**
 * The ways on from where a batch stands: a run's own (approve, reject, abort…), and with documents
 * that did not get through, retrying them or dropping them from the batch.
 */
function batchSteps(ctx: CliContext, state: RunState): NextStep[] {
  const failed = state.batch!.documents.filter((d) => d.status === 'FAILED' || d.status === 'STALE').map((d) => d.document);
  if (state.status !== 'PAUSED' && state.status !== 'FAILED') return nextSteps(ctx, state);
  const cutter = cutterCommand(ctx);
  const own = state.status === 'PAUSED' ? nextSteps(ctx, state) : [];
  const problems: NextStep[] = failed.length === 0 ? [] : [
    { what: `retry ${failed.join(', ')} once the cause is fixed in the hub (only they run again)`, command: `${cutter} resume ${state.runId}` },
    { what: `drop ${failed.join(', ')} from the batch (what the gate shows changes, so it needs its own approval)`, command: `${cutter} resume ${state.runId} ${failed.map((d) => `--exclude ${d}`).join(' ')}` },
  ];
  const abort = state.status === 'FAILED' ? [{ what: 'abandon the run', command: `${cutter} abort ${state.runId}` }] : [];
  return [...own, ...problems, ...abort];
}

async function withBatchRunner<T>(
  ctx: CliContext, cfg: Config, batch: BatchPlan,
  options: { write: boolean; parallel: number | undefined; onProgress?: ProgressView['sink'] },
  body: (runner: BatchRunner) => Promise<T>,
): Promise<T> {
  // As for a run of one document (session.ts): a dry run opens the embedded hub on first read,
  // after the run's lock, so a refused command never waits for the hub.
  const waitMs = lockWaitMs(ctx);
  let opening: Promise<OpenSource> | null = null;
  const open = (): Promise<OpenSource> => (opening ??= openSource(cfg, batch.source, { write: options.write, env: ctx.env, lockWaitMs: waitMs }));
  const store = await stateStore(ctx, cfg);
  try {
    const lazy = !options.write && cfg.sources[batch.source]?.kind === 'embedded';
    const source = lazy ? null : await open();
    const runner = new BatchRunner({
      store, reporter: new DryRunReporter(cfg.stateDir), discoverer: source?.discoverer ?? openedOnFirstRead(open),
      liveExecutor: source?.liveExecutor, executionEnabled: cfg.execution.enabled, executionEnabledBy: cfg.execution.enabledBy, approvalPattern: cfg.approvals.pattern,
      lockWaitMs: waitMs, parallel: options.parallel, onProgress: options.onProgress, startedBy: whoIsRunning(ctx.env),
      approvalVerifier: cfg.approvals.verify ? new HubApprovalVerifier(async () => (await open()).select, cfg.approvals.verify, batch.source) : undefined,
    });
    return await body(runner);
  } finally {
    const opened = opening === null ? null : await (opening as Promise<OpenSource>).catch(() => null);
    try {
      await opened?.close();
    } finally {
      await store.close();
    }
  }
}

function parallelOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new CutterError('usage', `--parallel must be a whole number from 1 to 256, not "${value}"`, { hint: '--parallel 4' });
  }
  return n;
}
