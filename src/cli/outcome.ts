import { relative } from 'node:path';
import type { RunOutcome } from '../orchestrator/runner.js';
import { gateJson, runJson } from '../render/json.js';
import { renderCloseoutMarkdown, renderGateMarkdown } from '../render/markdown.js';
import { renderStaleMarkdown, renderStaleTerminal } from '../render/stale.js';
import { renderCloseoutTerminal, renderGateTerminal } from '../render/terminal.js';
import { err, EXIT, out, printJson, useColor, type CliContext } from './context.js';
import type { Format } from './format.js';

/** Prints where a run stands after apply/resume and returns its exit code (DESIGN §8). */
export function reportOutcome(ctx: CliContext, outcome: RunOutcome, format: Format): number {
  const { state } = outcome;
  const code =
    state.status === 'CLOSEOUT_REPORTED' ? EXIT.ok
    : state.status === 'PAUSED' ? EXIT.paused
    : state.status === 'FAILED' && !state.error?.refusal ? EXIT.error
    : state.status === 'RUNNING' ? EXIT.error
    : EXIT.refused;
  if (format === 'json') {
    printJson(ctx, {
      ...runJson(state),
      exit_code: code,
      ...(outcome.view ? { gate: gateJson(outcome.view) } : {}),
      ...(outcome.closeout ? { closeout: outcome.closeout.report, files: outcome.closeout.files } : {}),
      ...(outcome.stale ? { stale: outcome.stale } : {}),
    });
    return code;
  }
  const color = useColor(ctx);
  const rel = (p: string): string => relative(ctx.cwd, p) || p;
  if (format === 'markdown' && outcome.view && state.status === 'PAUSED') {
    out(ctx, renderGateMarkdown(outcome.view));
    out(ctx, `> Run \`${state.runId}\` is paused at ${state.gate}. To approve: \`cutter resume ${state.runId} --approval <KB-id>\`.`);
  } else if (format === 'markdown' && state.status === 'CLOSEOUT_REPORTED' && outcome.closeout) {
    out(ctx, renderCloseoutMarkdown(outcome.closeout.report));
  } else if (outcome.view && state.status === 'PAUSED') {
    out(ctx, renderGateTerminal(outcome.view, { color }));
    out(ctx, [
      `Run ${state.runId} is paused at ${state.gate}, waiting for a sovereign approval.`,
      `Review the changes above, record the decision as a KB document, then run:`,
      '',
      `  cutter resume ${state.runId} --approval <KB-id>`,
      '',
      `(to reject instead: cutter resume ${state.runId} --reject <KB-id>)`,
    ].join('\n'));
  } else if (state.status === 'CLOSEOUT_REPORTED' && outcome.closeout) {
    out(ctx, renderCloseoutTerminal(outcome.closeout.report, outcome.closeout.files.map(rel), { color }));
  } else if (state.status === 'REJECTED') {
    out(ctx, `Run ${state.runId} is REJECTED: ${state.error?.message ?? ''}`);
  } else if (state.error) {
    if (outcome.stale?.delta) {
      const { gate, drift, delta } = outcome.stale;
      if (format === 'markdown') out(ctx, renderStaleMarkdown(delta, { gate, drift }));
      else out(ctx, renderStaleTerminal(delta, { gate, drift, color }));
    }
    err(ctx, `error[${state.error.code}]: run ${state.runId} is ${state.status} in phase ${state.phase}: ${state.error.message}`);
    if (state.error.hint) err(ctx, `  hint: ${state.error.hint}`);
    if (state.status === 'FAILED') err(ctx, `  after fixing the cause, retry with: cutter resume ${state.runId}`);
  }
  return code;
}
