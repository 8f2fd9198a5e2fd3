import type { Command } from 'commander';
import { runNotFound, type RunState } from '../../orchestrator/run-state.js';
import { runJson } from '../../render/json.js';
import { renderRunListTerminal, renderRunTerminal } from '../../render/terminal.js';
import { config, err, EXIT, out, printJson, useColor, type CliContext } from '../context.js';
import { repairGateReport } from '../repair.js';
import { ageOf, nextSteps, stepLines, stepsJson, whoDrives } from '../run-guidance.js';
import { stateStore } from '../state-session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  const action = (runId: string | undefined, opts: { json?: boolean }): Promise<void> =>
    run(async (ctx) => {
      const store = await stateStore(ctx, config(ctx));
      try {
        if (!runId) {
          const { runs, broken } = await store.list();
          if (opts.json) printJson(ctx, { format_version: 1, runs, broken });
          else {
            // "No runs yet" would be wrong when there are runs that cannot be read.
            if (runs.length > 0 || broken.length === 0) out(ctx, renderRunListTerminal(runs, { color: useColor(ctx) }));
            for (const b of broken) out(ctx, `  ! ${b.runId}  unreadable: ${b.problem}`);
            if (broken.length > 0) {
              err(ctx, `${broken.length} run${broken.length === 1 ? '' : 's'} cannot be read (marked !): restore the named file from a backup, or remove the run's folder and start again with cutter apply`);
            }
          }
          return EXIT.ok;
        }
        const state = await store.load(runId);
        if (!state) throw runNotFound(runId);
        await repairGateReport(config(ctx), store, state);
        const driver = state.status === 'RUNNING' ? await whoDrives(store, runId) : null;
        const unknown = state.status === 'RUNNING' && driver === null;
        const steps = driver?.driving ? [] : nextSteps(ctx, state);
        if (opts.json) {
          printJson(ctx, { ...runJson(state), ...(driver ? { interrupted: !driver.driving } : {}), next: stepsJson(steps), events: await store.readEvents(runId) });
          return EXIT.ok;
        }
        out(ctx, renderRunTerminal(state, { color: useColor(ctx) }));
        if (driver?.driving) out(ctx, `In progress: ${driver.by} is driving it now.`);
        else if (driver) out(ctx, interruptedLine(state));
        else if (unknown) out(ctx, 'Running or interrupted: whether a process drives it cannot be told from here (its lock cannot be tried).');
        if (steps.length > 0) out(ctx, ['', ...stepLines(steps)].join('\n'));
        return EXIT.ok;
      } finally {
        await store.close();
      }
    });
  program
    .command('status')
    .description('show one run (phase, gate, approvals, error, what to do next), or list every run')
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

function interruptedLine(state: RunState): string {
  return `Interrupted: no cutter process is driving this run; it stopped in phase ${state.phase} ${ageOf(state.updatedAt)} ago (killed, crashed or cut off). Its saved phases stand: resume goes on from there.`;
}
