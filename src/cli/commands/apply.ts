import type { Command } from 'commander';
import { CutterError, refusal } from '../../errors.js';
import type { StateStore } from '../../orchestrator/ports.js';
import { loadAnyPlan } from '../../plan/load-plan.js';
import { config, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { reportOutcome } from '../outcome.js';
import { cutterCommand } from '../invocation.js';
import { ageOf, nextSteps, stepLines, whoDrives } from '../run-guidance.js';
import { warmEmbeddedEngine } from '../engine-warmup.js';
import { stateStore } from '../state-session.js';

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
      '  $ cutter resume <run-id> --approval KB-7001 --gate SG_1 --fingerprint sha256:<as printed>',
      '', 'One run at a time per document: while a run of the document is RUNNING or PAUSED, apply is',
      'refused (exit 4) and names it; resume it or end it with cutter abort <run-id>.',
      '', 'Exit codes: 3 paused at a gate (the usual outcome), 0 closed out (approvals pinned in the plan),',
      '1 error, 4 refused (another run active on the document, live mode disabled, policy gate failed,',
      'a pinned approval malformed or already used, lock held).',
    ].join('\n'))
    .action((file: string, opts: { json?: boolean; format: Format; parallel?: string }) =>
      run(async (ctx) => {
        const loaded = loadAnyPlan(file);
        const cfg = config(ctx);
        // The store, the runner and every phase load while the hub's engine loads.
        if (loaded.kind === 'document') warmEmbeddedEngine(cfg, loaded.plan.source);
        const store = await stateStore(ctx, cfg);
        if (loaded.kind === 'batch') {
          try {
            return await (await import('../batch.js')).applyBatch(ctx, loaded.batch, file, opts);
          } catch (e) {
            throw await withHolder(ctx, store, e);
          } finally {
            await store.close();
          }
        }
        const { plan } = loaded;
        try {
          const { withRunner } = await import('../session.js');
          const outcome = await withRunner({ ctx, cfg, plan, access: 'as-planned', store }, (runner) => runner.cut(plan, { planFile: file }));
          return reportOutcome(ctx, outcome, opts.json ? 'json' : opts.format);
        } catch (e) {
          throw await withHolder(ctx, store, e);
        } finally {
          await store.close();
        }
      }),
    );
}

/** A `run_active` refusal told the way a person needs it: which run, where it stands, how old, and what to type. */
async function withHolder(ctx: CliContext, store: StateStore, e: unknown): Promise<unknown> {
  if (!(e instanceof CutterError) || e.code !== 'run_active') return e;
  const runId = String(e.details['runId']);
  const holder = await store.load(runId).catch(() => null);
  if (!holder) return e;
  const driver = holder.status === 'RUNNING' ? await whoDrives(store, runId).catch(() => null) : null;
  const where = holder.status === 'PAUSED' ? `paused at ${holder.gate}`
    : driver?.driving ? `running phase ${holder.phase} in ${driver.by} right now`
    : `${holder.status} in phase ${holder.phase}, interrupted`;
  const steps = driver?.driving ? [{ what: 'see where it stands once it pauses', command: `${cutterCommand(ctx)} status ${runId}` }] : nextSteps(ctx, holder);
  return refusal('run_active', `document ${holder.plan.document} (source ${holder.plan.source}) already has an active run: ${runId}, ${where}, started ${ageOf(holder.createdAt)} ago; no run was created`, {
    hint: ['one run at a time per document; continue that one or end it first.', ...stepLines(steps)].join('\n        '),
    details: { ...e.details, next: steps },
  });
}
