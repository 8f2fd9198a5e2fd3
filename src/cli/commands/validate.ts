import type { Command } from 'commander';
import { CutterError } from '../../errors.js';
import { formatProblem } from '../../plan/located-yaml.js';
import { checkPlanFile } from '../../plan/load-plan.js';
import { config, EXIT, out, printJson, type CliContext } from '../context.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('validate')
    .description('check plan files against schemas/plan.schema.json; print every problem as file:line:col')
    .argument('[plans...]', 'plan files')
    .option('--changed-since <git-ref>', 'also check every plan file added or changed since this ref (as a pull request changes them)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ cutter validate plans/*.yaml\n  $ cutter validate --changed-since origin/main\n\nExit codes: 0 all valid (or no plan file changed), 1 a plan has problems.')
    .action((given: string[], opts: { json?: boolean; changedSince?: string }) =>
      run(async (ctx) => {
        if (given.length === 0 && opts.changedSince === undefined) {
          throw new CutterError('usage', 'give plan files, or --changed-since <git-ref>', { hint: 'cutter validate plans/*.yaml' });
        }
        // Loaded only for --changed-since: it runs git, and node:child_process costs a plain
        // `cutter validate plans/x.yaml` a few ms of start-up (~5% of `node -e 0`).
        const changed = opts.changedSince === undefined ? [] : (await import('../../plan/changed-plans.js')).changedPlanFiles(opts.changedSince, ctx.cwd);
        const files = [...new Set([...given, ...changed])];
        // Pinned approval ids are checked against the project's pattern, as apply will.
        const approvalPattern = config(ctx).approvals.pattern;
        const checks = files.map((f) => checkPlanFile(f, { approvalPattern }));
        const bad = checks.filter((c) => c.problems.length > 0);
        if (opts.json) {
          printJson(ctx, { format_version: 1, valid: bad.length === 0, files: checks.map((c) => ({ file: c.file, valid: c.problems.length === 0, problems: c.problems })) });
        } else {
          if (checks.length === 0) out(ctx, `No plan file was added or changed since ${opts.changedSince}.`);
          for (const c of checks) {
            if (c.problems.length === 0) out(ctx, `${c.file}: valid`);
            else for (const p of c.problems) out(ctx, formatProblem(p));
          }
          if (bad.length > 0) {
            const n = bad.reduce((sum, c) => sum + c.problems.length, 0);
            out(ctx, `\n${n} problem${n === 1 ? '' : 's'} in ${bad.length} of ${checks.length} plan${checks.length === 1 ? '' : 's'}.`);
          }
        }
        return bad.length > 0 ? EXIT.error : EXIT.ok;
      }),
    );
}
