import type { Command } from 'commander';
import { CutterError } from '../../errors.js';
import { isEmpty } from '../../diff/changeset.js';
import type { GateView } from '../../orchestrator/views.js';
import type { Config } from '../../plan/config.js';
import { loadAnyPlan, loadPlan } from '../../plan/load-plan.js';
import { gateJson } from '../../render/json.js';
import { MARKDOWN_CAP, renderGateMarkdown } from '../../render/markdown.js';
import { renderGateTerminal } from '../../render/terminal.js';
import { config, EXIT, out, printJson, useColor, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';
import { warmEmbeddedEngine } from '../engine-warmup.js';

interface PlanFlags {
  format: Format;
  json?: boolean;
  detail?: boolean;
  changedSince?: string;
  /** Batch plans: documents read and cut at once. */
  parallel?: string;
}

/** One plan's preview, or why there is none. */
type Planned = { readonly file: string; readonly view: GateView } | { readonly file: string; readonly error: CutterError };

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('plan')
    .description('show what applying the plan(s) would change (read-only: no run is created, nothing is written)')
    .argument('[plans...]', 'plan files')
    .option('--changed-since <git-ref>', 'also plan every plan file added or changed since this ref (as a pull request changes them)')
    .addOption(formatOption())
    .option('--detail', 'list unchanged units too')
    .option('--json', 'print the gate view as JSON on stdout (the same as --format json)')
    .option('--parallel <n>', 'batch plans: documents read and cut at once (default: the number of cores)')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ cutter plan plans/icx-constitution.yaml',
      '  $ cutter plan plans/icx-constitution.yaml --format markdown > plan.md   # for a pull request',
      '  $ cutter plan --changed-since origin/main --format markdown            # every plan a pull request touches, one report',
      '', 'The output ends with the fingerprints to pin in the plan\'s approvals (SG_2\'s as it will be if the hub does not change).',
      '', 'Exit codes: 0 no changes, 1 error, 2 changes present, 4 refused (a policy gate failed: the cut',
      'would exceed the plan\'s limits; raise the limit in the plan if the change is intended).',
      'With several plans: the worst of them (1, then 4, then 2, then 0).',
    ].join('\n'))
    .action((files: string[], opts: PlanFlags) =>
      run(async (ctx) => {
        const cfg = config(ctx);
        if (opts.json) opts.format = 'json';
        if (files.length === 1 && opts.changedSince === undefined) {
          const loaded = loadAnyPlan(files[0]!);
          if (loaded.kind === 'batch') return (await import('../batch.js')).planBatch(ctx, loaded.batch, files[0]!, opts);
          return planOne(ctx, cfg, files[0]!, opts);
        }
        if (files.length === 0 && opts.changedSince === undefined) {
          throw new CutterError('usage', 'give a plan file, or --changed-since <git-ref>', { hint: 'cutter plan plans/icx-constitution.yaml' });
        }
        const changed = opts.changedSince === undefined ? [] : (await import('../../plan/changed-plans.js')).changedPlanFiles(opts.changedSince, ctx.cwd);
        const all = [...new Set([...files, ...changed])];
        const planned: Planned[] = [];
        for (const file of all) {
          try {
            planned.push({ file, view: await preview(ctx, cfg, file) });
          } catch (e) {
            if (!(e instanceof CutterError)) throw e;
            planned.push({ file, error: e });
          }
        }
        report(ctx, planned, opts);
        return worstExit(planned);
      }),
    );
}

async function preview(ctx: CliContext, cfg: Config, file: string): Promise<GateView> {
  const plan = loadPlan(file);
  // The runner and every phase load while the hub's engine loads (session.js is most of plan's code).
  warmEmbeddedEngine(cfg, plan.source);
  const { withRunner } = await import('../session.js');
  return withRunner({ ctx, cfg, plan, access: 'read-only' }, (runner) => runner.preview(plan, { planFile: file }));
}

async function planOne(ctx: CliContext, cfg: Config, file: string, opts: PlanFlags): Promise<number> {
  const view = await preview(ctx, cfg, file);
  if (opts.format === 'json') printJson(ctx, gateJson(view));
  else if (opts.format === 'markdown') out(ctx, renderGateMarkdown(view));
  else out(ctx, renderGateTerminal(view, { color: useColor(ctx), detail: opts.detail ?? false }));
  return isEmpty(view.changeset) ? EXIT.ok : EXIT.changes;
}

/** Several plans: one report, each plan in turn; a plan that fails is reported in its place. */
function report(ctx: CliContext, planned: readonly Planned[], opts: PlanFlags): void {
  const since = opts.changedSince === undefined ? '' : ` changed since ${opts.changedSince}`;
  if (opts.format === 'json') {
    printJson(ctx, {
      format_version: 1,
      changed_since: opts.changedSince ?? null,
      plans: planned.map((p) => ('view' in p
        ? { file: p.file, exit_code: exitOf(p), view: gateJson(p.view) }
        : { file: p.file, exit_code: exitOf(p), error: { code: p.error.code, message: p.error.message, hint: p.error.hint ?? null } })),
    });
    return;
  }
  if (opts.format === 'markdown') {
    // One comment holds every plan: each gets an equal share of GitHub's limit.
    const share = Math.floor((MARKDOWN_CAP - 2_000) / Math.max(1, planned.length));
    const parts = [`## cutter plan: ${planned.length} plan file${planned.length === 1 ? '' : 's'}${since}`, ''];
    if (planned.length === 0) parts.push('No plan file was added or changed, so there is nothing to plan.');
    for (const p of planned) {
      parts.push(`---\n\n### \`${p.file}\``, '');
      if ('view' in p) parts.push(renderGateMarkdown(p.view, share));
      else parts.push(`> **${p.error.exitCode === EXIT.refused ? 'Refused' : 'Error'}** \`${p.error.code}\`: ${p.error.message}`, ...(p.error.hint ? ['>', `> ${p.error.hint}`] : []), '');
    }
    out(ctx, parts.join('\n'));
    return;
  }
  const color = useColor(ctx);
  if (planned.length === 0) out(ctx, `No plan file${since}.`);
  for (const p of planned) {
    out(ctx, `== ${p.file}`);
    if ('view' in p) out(ctx, renderGateTerminal(p.view, { color, detail: opts.detail ?? false }));
    else out(ctx, `error[${p.error.code}]: ${p.error.message}${p.error.hint ? `\n  hint: ${p.error.hint}` : ''}\n`);
  }
}

function exitOf(p: Planned): number {
  if ('error' in p) return p.error.exitCode;
  return isEmpty(p.view.changeset) ? EXIT.ok : EXIT.changes;
}

/** 1 (an error), then 4 (a refusal), then 2 (changes), then 0. */
function worstExit(planned: readonly Planned[]): number {
  const codes = planned.map(exitOf);
  for (const code of [EXIT.error, EXIT.refused, EXIT.changes]) if (codes.includes(code)) return code;
  return EXIT.ok;
}
