import type { Command } from 'commander';
import { formatProblem } from '../../plan/located-yaml.js';
import { checkPlanFile } from '../../plan/load-plan.js';
import { config, EXIT, out, printJson, type CliContext } from '../context.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('validate')
    .description('check plan files against schemas/plan.schema.json; print every problem as file:line:col')
    .argument('<plan...>', 'plan files')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ cutter validate plans/*.yaml\n\nExit codes: 0 all valid, 1 a plan has problems.')
    .action((files: string[], opts: { json?: boolean }) =>
      run(async (ctx) => {
        // Pinned approval ids are checked against the project's pattern, as apply will.
        const approvalPattern = config(ctx).approvals.pattern;
        const checks = files.map((f) => checkPlanFile(f, { approvalPattern }));
        const bad = checks.filter((c) => c.problems.length > 0);
        if (opts.json) {
          printJson(ctx, { format_version: 1, valid: bad.length === 0, files: checks.map((c) => ({ file: c.file, valid: c.problems.length === 0, problems: c.problems })) });
        } else {
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
