import type { Command } from 'commander';
import { CutterError } from '../../errors.js';
import { runNotFound } from '../../orchestrator/run-state.js';
import { savedGateView } from '../../orchestrator/gate-view.js';
import { gateJson } from '../../render/json.js';
import { renderGateMarkdown } from '../../render/markdown.js';
import { renderGateTerminal } from '../../render/terminal.js';
import { config, EXIT, out, printJson, useColor, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { repairGateReport } from '../repair.js';
import { withStateStore } from '../state-session.js';
import { showBatch } from '../batch.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('show')
    .description("show what a run's latest sovereign gate showed, from the run's saved state (no hub access)")
    .argument('<run>', 'run id')
    .addOption(formatOption())
    .option('--detail', 'list unchanged units too')
    .option('--json', 'print the gate view as JSON on stdout (the same as --format json)')
    .addHelpText('after', '\nExamples:\n  $ cutter show 20261125-140102-kb-6839-1a2b\n  $ cutter show 20261125-140102-kb-6839-1a2b --format json')
    .action((runId: string, opts: { format: Format; detail?: boolean; json?: boolean }) =>
      run(async (ctx) => {
        const cfg = config(ctx);
        const { state, view } = await withStateStore(ctx, cfg, async (store) => {
          const saved = await store.load(runId);
          if (!saved) throw runNotFound(runId);
          if (saved.batch) return { state: saved, view: null };
          await repairGateReport(cfg, store, saved);
          return { state: saved, view: await savedGateView(store, runId) };
        });
        if (state.batch) return showBatch(ctx, state, { ...opts, format: opts.json ? 'json' : opts.format });
        if (!view) throw new CutterError('no_gate_yet', `run ${runId} has not reached a sovereign gate`, { hint: `cutter status ${runId}` });
        if (opts.json || opts.format === 'json') printJson(ctx, gateJson(view));
        else if (opts.format === 'markdown') out(ctx, renderGateMarkdown(view));
        else out(ctx, renderGateTerminal(view, { color: useColor(ctx), detail: opts.detail ?? false }));
        return EXIT.ok;
      }),
    );
}
