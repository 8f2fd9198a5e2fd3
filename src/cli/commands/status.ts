import type { Command } from 'commander';
import { runNotFound } from '../../orchestrator/run-state.js';
import { runJson } from '../../render/json.js';
import { renderRunListTerminal, renderRunTerminal } from '../../render/terminal.js';
import { config, EXIT, out, printJson, useColor, type CliContext } from '../context.js';
import { withStateStore } from '../session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  const action = (runId: string | undefined, opts: { json?: boolean }): Promise<void> =>
    run((ctx) => withStateStore(ctx, config(ctx), async (store) => {
      if (!runId) {
        const { runs, broken } = await store.list();
        if (opts.json) printJson(ctx, { format_version: 1, runs, broken });
        else out(ctx, renderRunListTerminal(runs, { color: useColor(ctx) }));
        for (const b of broken) out(ctx, `  ! ${b.runId}  unreadable: ${b.problem}`);
        return EXIT.ok;
      }
      const state = await store.load(runId);
      if (!state) throw runNotFound(runId);
      if (opts.json) printJson(ctx, { ...runJson(state), events: await store.readEvents(runId) });
      else out(ctx, renderRunTerminal(state, { color: useColor(ctx) }));
      return EXIT.ok;
    }));
  program
    .command('status')
    .description('show one run (phase, gate, approvals, error), or list every run')
    .argument('[run]', 'run id; omit to list all runs')
    .option('--json', 'print as JSON on stdout (with the event journal for one run)')
    .addHelpText('after', '\nExamples:\n  $ cutter status\n  $ cutter status 20261125-140102-kb-6839-1a2b --json')
    .action(action);
  program
    .command('runs')
    .description('list every run (same as cutter status without a run id)')
    .option('--json', 'print as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ cutter runs')
    .action((opts: { json?: boolean }) => action(undefined, opts));
}
