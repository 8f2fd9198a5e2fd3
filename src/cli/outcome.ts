import { relative } from 'node:path';
import type { RunState } from '../orchestrator/run-state.js';
import type { RunOutcome } from '../orchestrator/runner.js';
import { gateJson, runJson } from '../render/json.js';
import { renderCloseoutMarkdown, renderGateMarkdown } from '../render/markdown.js';
import { renderStaleMarkdown, renderStaleTerminal } from '../render/stale.js';
import { renderCloseoutTerminal, renderGateTerminal } from '../render/terminal.js';
import { err, EXIT, out, printJson, useColor, type CliContext } from './context.js';
import type { Format } from './format.js';
import { pasteable } from './invocation.js';
import { nextSteps, stepLines, stepsJson } from './run-guidance.js';

/** The exit code of where a run stands (DESIGN §8). */
export function exitCodeOf(outcome: { readonly state: RunState }): number {
  const { state } = outcome;
  return state.status === 'CLOSEOUT_REPORTED' ? EXIT.ok
    : state.status === 'PAUSED' ? EXIT.paused
    : state.status === 'FAILED' && !state.error?.refusal ? EXIT.error
    : state.status === 'RUNNING' ? EXIT.error
    : EXIT.refused;
}

/**
 * Prints where a run stands after apply/resume/abort/reject and returns the exit code: the one
 * of the run's state, unless the command says otherwise (abort and reject succeed with 0).
 */
export function reportOutcome(ctx: CliContext, outcome: RunOutcome, format: Format, code: number = exitCodeOf(outcome)): number {
  const { state } = outcome;
  const steps = nextSteps(ctx, state);
  if (format === 'json') {
    printJson(ctx, {
      ...runJson(state),
      exit_code: code,
      next: stepsJson(steps),
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
    out(ctx, `> Run \`${state.runId}\` is paused at ${state.gate}. To approve: \`${steps[1]!.command}\` (with the id of the KB document recording the decision).`);
  } else if (format === 'markdown' && state.status === 'CLOSEOUT_REPORTED' && outcome.closeout) {
    out(ctx, renderCloseoutMarkdown(outcome.closeout.report));
  } else if (outcome.view && state.status === 'PAUSED') {
    out(ctx, renderGateTerminal(outcome.view, { color }));
    out(ctx, [
      `Run ${state.runId} is paused at ${state.gate}, waiting for a sovereign approval.`,
      'Review the changes above and record the decision as a KB document.',
      '',
      ...stepLines(steps),
    ].join('\n'));
  } else if (state.status === 'CLOSEOUT_REPORTED' && outcome.closeout) {
    out(ctx, renderCloseoutTerminal(outcome.closeout.report, outcome.closeout.files.map(rel), { color }));
  } else if (state.status === 'REJECTED' || state.status === 'ABORTED') {
    out(ctx, [`Run ${state.runId} is ${state.status}: ${state.error?.message ?? ''}`, ...stepLines(steps)].join('\n'));
  } else if (state.error) {
    if (outcome.stale?.delta) {
      const { gate, drift, delta } = outcome.stale;
      if (format === 'markdown') out(ctx, renderStaleMarkdown(delta, { gate, drift }));
      else out(ctx, renderStaleTerminal(delta, { gate, drift, color }));
    }
    err(ctx, `error[${state.error.code}]: run ${state.runId} is ${state.status} in phase ${state.phase}: ${pasteable(ctx, state.error.message)}`);
    if (state.error.hint) err(ctx, `  hint: ${pasteable(ctx, state.error.hint)}`);
    for (const line of stepLines(steps)) err(ctx, `  ${line}`);
  }
  return code;
}
