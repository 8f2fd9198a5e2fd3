import { relative } from 'node:path';
import type { Command } from 'commander';
import { doctor, type DoctorReport } from '../../hub/doctor.js';
import { config, EXIT, out, printJson, type CliContext } from '../context.js';
import { lockWaitMs } from '../session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('doctor')
    .description('check each source: reachable, server version, read-only enforced twice, statement timeout, the queries\' columns; and whether execution is enabled')
    .option('--source <name>', 'check only this source')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ cutter doctor',
      '  $ CUTTER_DATABASE_URL=postgres://reader@db:5432/hub cutter doctor --source hub',
      '', 'Exit codes: 0 every check passed (warnings allowed), 1 a check failed.',
    ].join('\n'))
    .action((opts: { source?: string; json?: boolean }) =>
      run(async (ctx) => {
        const cfg = config(ctx);
        const report = await doctor(cfg, { source: opts.source, env: ctx.env, lockWaitMs: lockWaitMs(ctx) });
        if (opts.json) {
          const { formatVersion, ...rest } = report;
          printJson(ctx, { format_version: formatVersion, ...rest });
        } else {
          out(ctx, renderDoctor(report, (p) => relative(ctx.cwd, p) || p));
        }
        return report.ok ? EXIT.ok : EXIT.error;
      }),
    );
}

/** Plain text, one line per check; the status word leads so it reads without colour. */
function renderDoctor(report: DoctorReport, rel: (path: string) => string): string {
  const lines: string[] = [`cutter doctor  (${report.config ? rel(report.config) : 'no cutter.config.yaml: defaults'})`];
  for (const s of report.sources) {
    const location = s.location === null ? '' : `  ${s.kind === 'embedded' ? rel(s.location) : s.location}`;
    lines.push('', `source ${s.name}  (${s.kind})${location}`);
    for (const c of s.checks) {
      lines.push(`  ${c.status.padEnd(5)} ${c.check.padEnd(18)} ${c.message.replaceAll('\n', '\n' + ' '.repeat(26))}`);
      if (c.hint && c.status !== 'ok') lines.push(`${' '.repeat(26)}hint: ${c.hint}`);
    }
  }
  lines.push('', report.execution.message, '');
  const sick = report.sources.filter((s) => !s.ok).map((s) => s.name);
  lines.push(sick.length === 0 ? 'No problems found.' : `Problems in ${sick.length === 1 ? 'source' : 'sources'} ${sick.join(', ')}.`);
  return lines.join('\n');
}
