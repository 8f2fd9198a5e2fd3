import type { Command } from 'commander';
import { config, EXIT, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { reportOutcome } from '../outcome.js';
import { withStoreRunner } from '../session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('abort')
    .description('abandon a run that has not ended (running, interrupted, paused or failed): it ends ABORTED and frees its document')
    .argument('<run>', 'run id (see cutter runs)')
    .option('--reason <text>', 'why, kept in the run and its journal')
    .addOption(formatOption())
    .option('--json', 'print the run as JSON on stdout (the same as --format json)')
    .addHelpText('after', [
      '', 'Example:',
      '  $ cutter abort 20261125-140102-kb-6839-1a2b --reason "superseded by the March revision"',
      '', 'Nothing is written to the hub. Exit codes: 0 aborted, 1 error, 4 refused (the run has ended',
      'already, or another process holds it).',
    ].join('\n'))
    .action((runId: string, opts: { reason?: string; json?: boolean; format: Format }) =>
      run(async (ctx) => {
        const outcome = await withStoreRunner(ctx, config(ctx), (runner) => runner.abort(runId, { reason: opts.reason }));
        return reportOutcome(ctx, outcome, opts.json ? 'json' : opts.format, EXIT.ok);
      }),
    );
}
