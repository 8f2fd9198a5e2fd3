import type { Command } from 'commander';
import { loadAnyPlan } from '../../plan/load-plan.js';
import { applyBatch } from '../batch.js';
import { config, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { reportOutcome } from '../outcome.js';
import { withRunner } from '../session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('apply')
    .description('create a run for the plan and drive it to the first sovereign gate (SG_1), showing the diff')
    .argument('<plan>', 'plan file')
    .addOption(formatOption())
    .option('--json', 'print the run and the gate view as JSON on stdout (the same as --format json); for a batch plan, NDJSON progress events ending with the outcome (schemas/progress-event.schema.json)')
    .option('--parallel <n>', 'batch plans: documents read and cut at once (default: the number of cores); execution is always one document at a time, in the plan\'s order')
    .addHelpText('after', [
      '', 'Example:',
      '  $ cutter apply plans/icx-constitution.yaml',
      '  $ cutter resume <run-id> --approval KB-7001',
      '', 'Exit codes: 3 paused at a gate (the usual outcome), 0 closed out (approvals pinned in the plan),',
      '1 error, 4 refused (live mode disabled, policy gate failed, lock held).',
    ].join('\n'))
    .action((file: string, opts: { json?: boolean; format: Format; parallel?: string }) =>
      run(async (ctx) => {
        const loaded = loadAnyPlan(file);
        if (loaded.kind === 'batch') return applyBatch(ctx, loaded.batch, file, opts);
        const { plan } = loaded;
        const cfg = config(ctx);
        const outcome = await withRunner({ ctx, cfg, plan, access: 'as-planned' }, (runner) => runner.cut(plan, { planFile: file }));
        return reportOutcome(ctx, outcome, opts.json ? 'json' : opts.format);
      }),
    );
}
