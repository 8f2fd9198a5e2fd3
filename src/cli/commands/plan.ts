import type { Command } from 'commander';
import { loadAnyPlan } from '../../plan/load-plan.js';
import { planBatch } from '../batch.js';
import { gateJson } from '../../render/json.js';
import { renderGateMarkdown } from '../../render/markdown.js';
import { isEmpty } from '../../diff/changeset.js';
import { renderGateTerminal } from '../../render/terminal.js';
import { config, EXIT, out, printJson, useColor, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { withRunner } from '../session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('plan')
    .description('show what applying the plan would change (read-only: no run is created, nothing is written)')
    .argument('<plan>', 'plan file')
    .addOption(formatOption())
    .option('--detail', 'list unchanged units too')
    .option('--json', 'print the gate view as JSON on stdout (the same as --format json)')
    .option('--parallel <n>', 'batch plans: documents read and cut at once (default: the number of cores)')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ cutter plan plans/icx-constitution.yaml',
      '  $ cutter plan plans/icx-constitution.yaml --format markdown > plan.md   # for a pull request',
      '', 'Exit codes: 0 no changes, 1 error, 2 changes present, 4 refused (a policy gate failed: the cut',
      'would exceed the plan\'s limits; raise the limit in the plan if the change is intended).',
    ].join('\n'))
    .action((file: string, opts: { format: Format; detail?: boolean; json?: boolean; parallel?: string }) =>
      run(async (ctx) => {
        const loaded = loadAnyPlan(file);
        if (loaded.kind === 'batch') return planBatch(ctx, loaded.batch, file, { ...opts, format: opts.json ? 'json' : opts.format });
        const { plan } = loaded;
        const cfg = config(ctx);
        const view = await withRunner({ ctx, cfg, plan, access: 'read-only' }, (runner) => runner.preview(plan, { planFile: file }));
        if (opts.json || opts.format === 'json') printJson(ctx, gateJson(view));
        else if (opts.format === 'markdown') out(ctx, renderGateMarkdown(view));
        else out(ctx, renderGateTerminal(view, { color: useColor(ctx), detail: opts.detail ?? false }));
        return isEmpty(view.changeset) ? EXIT.ok : EXIT.changes;
      }),
    );
}
