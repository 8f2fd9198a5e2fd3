import type { Command } from 'commander';
import { CutterError } from '../../errors.js';
import { runNotFound } from '../../orchestrator/run-state.js';
import { config, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { reportOutcome } from '../outcome.js';
import { stateStore, withRunner } from '../session.js';
import { resumeBatch } from '../batch.js';

interface ResumeFlags {
  approval?: string;
  reject?: string;
  gate?: string;
  fingerprint?: string;
  json?: boolean;
  format: Format;
  exclude?: string[];
  parallel?: string;
}

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('resume')
    .description('continue a run: pass its sovereign gate with a recorded approval, or retry a failed phase')
    .argument('<run>', 'run id (see cutter status)')
    .option('--approval <kb-id>', 'the KB document recording the approval of the gate the run waits at')
    .option('--reject <kb-id>', 'the KB document recording a rejection; the run ends REJECTED')
    .option('--gate <gate>', 'refuse unless the run waits at this gate (SG_1 or SG_2)')
    .option('--fingerprint <sha256>', 'refuse unless the gate still shows this fingerprint')
    .option('--exclude <kb-id>', 'batch runs: drop this document from the batch (repeatable); the gate then needs a new approval', (v: string, prev: string[] = []) => [...prev, v])
    .option('--parallel <n>', 'batch runs: documents read and cut at once (default: the number of cores)')
    .addOption(formatOption())
    .option('--json', 'print the run as JSON on stdout (the same as --format json)')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ cutter resume 20261125-140102-kb-6839-1a2b --approval KB-7001   # SG_1 -> SG_2',
      '  $ cutter resume 20261125-140102-kb-6839-1a2b --approval KB-7002   # SG_2 -> CLOSEOUT_REPORTED',
      '', 'Exit codes: 0 closed out, 3 paused at the next gate, 1 error, 4 refused (wrong or reused approval, stale run).',
    ].join('\n'))
    .action((runId: string, flags: ResumeFlags) =>
      run(async (ctx) => {
        if (flags.approval && flags.reject) {
          throw new CutterError('usage', 'give either --approval or --reject, not both');
        }
        const cfg = config(ctx);
        const state = await stateStore(cfg).load(runId);
        if (!state) throw runNotFound(runId);
        if (state.batch) return resumeBatch(ctx, state, flags);
        if (flags.exclude) throw new CutterError('usage', '--exclude applies to batch runs only', { hint: `run ${runId} is a run of one document` });
        const decision = { id: flags.approval ?? flags.reject ?? '', gate: flags.gate, fingerprint: flags.fingerprint };
        const outcome = await withRunner({ ctx, cfg, plan: state.plan, access: 'as-planned' }, (runner) =>
          runner.resume(runId, flags.reject ? { reject: decision } : flags.approval ? { approval: decision } : {}),
        );
        return reportOutcome(ctx, outcome, flags.json ? 'json' : flags.format);
      }),
    );
}
