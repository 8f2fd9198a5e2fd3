import type { Command } from 'commander';
import { config, EXIT, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { reportOutcome } from '../outcome.js';
import { withDecisionRunner } from '../session.js';
import { readRun } from '../state-session.js';
import { decisionFlags } from './resume.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('reject')
    .description('record a rejection of the gate a paused run waits at: the run ends REJECTED')
    .argument('<run>', 'run id (see cutter runs)')
    .requiredOption('--approval <kb-id>', 'the KB document recording the rejection')
    .option('--gate <gate>', 'the gate rejected (SG_1 or SG_2); default: the one the run waits at when the command starts')
    .option('--fingerprint <sha256>', 'the full fingerprint rejected; default: the one the gate shows when the command starts')
    .option('--reason <text>', 'why, kept in the run and its journal')
    .addOption(formatOption())
    .option('--json', 'print the run as JSON on stdout (the same as --format json)')
    .addHelpText('after', [
      '', 'Example:',
      '  $ cutter reject 20261125-140102-kb-6839-1a2b --approval KB-7003 --reason "article 12 must not change"',
      '', 'The id is used up like an approval\'s. cutter resume <run> --reject <kb-id> does the same.',
      'Exit codes: 0 rejected, 1 error, 4 refused (not waiting at a gate, malformed or already used id,',
      'the run moved on, lock held).',
    ].join('\n'))
    .action((runId: string, opts: { approval: string; gate?: string; fingerprint?: string; reason?: string; json?: boolean; format: Format }) =>
      run(async (ctx) => {
        const cfg = config(ctx);
        const state = await readRun(ctx, cfg, runId);
        const decision = decisionFlags(state, { id: opts.approval, gate: opts.gate, fingerprint: opts.fingerprint, reason: opts.reason })!;
        const outcome = await withDecisionRunner(ctx, cfg, state.plan, (runner) => runner.reject(runId, decision, { reason: opts.reason }));
        return reportOutcome(ctx, outcome, opts.json ? 'json' : opts.format, EXIT.ok);
      }),
    );
}
