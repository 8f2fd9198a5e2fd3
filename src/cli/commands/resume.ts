import type { Command } from 'commander';
import { CutterError, refusal } from '../../errors.js';
import type { ApprovalInput } from '../../orchestrator/approval.js';
import type { RunState } from '../../orchestrator/run-state.js';
import { config, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { exitCodeOf, reportOutcome } from '../outcome.js';
import { warmEmbeddedEngine } from '../engine-warmup.js';
import { withDecisionRunner, withRunner } from '../session.js';
import { readRun } from '../state-session.js';

interface ResumeFlags {
  approval?: string;
  reject?: string;
  gate?: string;
  fingerprint?: string;
  reason?: string;
  json?: boolean;
  format: Format;
  exclude?: string[];
  parallel?: string;
}

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('resume')
    .description('continue a run: pass its sovereign gate with a recorded approval, or retry a failed or interrupted run')
    .argument('<run>', 'run id (see cutter runs)')
    .option('--approval <kb-id>', 'the KB document recording the approval of the gate the run waits at')
    .option('--reject <kb-id>', 'the KB document recording a rejection; the run ends REJECTED (the same as cutter reject)')
    .option('--gate <gate>', 'the gate approved (SG_1 or SG_2); default: the one the run waits at when the command starts')
    .option('--fingerprint <sha256>', 'the full fingerprint approved; default: the one the gate shows when the command starts')
    .option('--reason <text>', 'with --reject: why, kept in the journal')
    .option('--exclude <kb-id>', 'batch runs: drop this document from the batch (repeatable); the gate then needs a new approval', (v: string, prev: string[] = []) => [...prev, v])
    .option('--parallel <n>', 'batch runs: documents read and cut at once (default: the number of cores)')
    .addOption(formatOption())
    .option('--json', 'print the run as JSON on stdout (the same as --format json)')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ cutter resume 20261125-140102-kb-6839-1a2b --approval KB-7001 --gate SG_1 --fingerprint sha256:<as printed>',
      '  $ cutter resume 20261125-140102-kb-6839-1a2b                       # retry a failed or interrupted run',
      '', 'An approval is bound to a gate and the fingerprint of what it shows. Without --gate and',
      '--fingerprint it is bound to what the run showed when the command started: if another approval',
      'moved the run on meanwhile, it is refused and the run is left as it is.',
      '', 'Exit codes: 0 closed out, 3 paused at the next gate, 1 error, 4 refused (not waiting at a gate,',
      'wrong, mismatched or already used approval, the run moved on, stale run, lock held).',
    ].join('\n'))
    .action((runId: string, flags: ResumeFlags) =>
      run(async (ctx) => {
        if (flags.approval !== undefined && flags.reject !== undefined) {
          throw new CutterError('usage', 'give either --approval or --reject, not both');
        }
        if (flags.reason !== undefined && flags.reject === undefined) {
          throw new CutterError('usage', '--reason goes with --reject (or cutter reject / cutter abort); an approval is its KB document');
        }
        const cfg = config(ctx);
        const state = await readRun(ctx, cfg, runId);
        const decision = decisionFlags(state, { ...flags, id: flags.approval ?? flags.reject }, flags.reject !== undefined ? '--reject' : '--approval');
        const format = flags.json ? 'json' : flags.format;
        if (flags.reject !== undefined) {
          if (flags.exclude) throw new CutterError('usage', 'give either --exclude or --reject, not both', { hint: `cutter reject ${runId} --approval KB-NNNN rejects the whole run` });
          const outcome = await withDecisionRunner(ctx, cfg, state.plan, (runner) => runner.reject(runId, decision!, { reason: flags.reason }));
          return reportOutcome(ctx, outcome, format, 0);
        }
        if (state.batch) return (await import('../batch.js')).resumeBatch(ctx, state, { ...flags, decision });
        if (flags.exclude) throw new CutterError('usage', '--exclude applies to batch runs only', { hint: `run ${runId} is a run of one document` });
        // The hub's engine loads while the run's saved results are read back (a second or more for a large law).
        warmEmbeddedEngine(cfg, state.plan.source);
        const outcome = await withRunner({ ctx, cfg, plan: state.plan, access: 'as-planned' }, (runner) =>
          runner.resume(runId, decision ? { approval: decision } : {}));
        return reportOutcome(ctx, outcome, format, exitCodeOf(outcome));
      }),
    );
}

/**
 * The decision a command gives, bound to what the run showed when the command started. Flags
 * that only make sense at a sovereign gate are refused on a run that waits at none, before
 * anything is opened or changed.
 */
export function decisionFlags(
  state: RunState,
  flags: { id?: string | undefined; gate?: string | undefined; fingerprint?: string | undefined; reason?: string | undefined },
  idFlag = '--approval',
): ApprovalInput | null {
  const given = (['id', 'gate', 'fingerprint', 'reason'] as const).filter((k) => flags[k] !== undefined);
  if (given.length === 0) return null;
  if (state.status !== 'PAUSED') {
    throw refusal('not_waiting', `run ${state.runId} is ${state.status}, not waiting at a sovereign gate, so ${given.map((k) => (k === 'id' ? idFlag : `--${k}`)).join(', ')} cannot apply; nothing was changed`, {
      hint: `cutter status ${state.runId}`,
      details: { runId: state.runId, status: state.status, flags: given },
    });
  }
  if (flags.id === undefined) {
    throw new CutterError('usage', '--gate, --fingerprint and --reason go with --approval (or --reject): give the id of the KB document recording the decision');
  }
  const bound = flags.gate === undefined && flags.fingerprint === undefined ? 'seen' : 'given';
  return { id: flags.id, gate: flags.gate ?? state.gate!, fingerprint: flags.fingerprint ?? state.fingerprint!, bound };
}
