import { Command, CommanderError } from 'commander';
import { CutterError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT, printJson, type CliContext, type GlobalOptions } from './context.js';
import { pasteable } from './invocation.js';

/** What a command module exports: it declares its options on the program and runs its action. */
export interface CommandModule {
  register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void;
}

/**
 * The program with the given commands registered, run on argv. The one error boundary: every
 * CutterError becomes a message with its hint and exit code; anything else is a bug, with the
 * stack only under --debug.
 */
export async function runProgram(argv: readonly string[], io: Omit<CliContext, 'global'>, commands: readonly CommandModule[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('cutter')
    .description('Cut governance documents in a Knowledge Hub into information units, through a governed plan / apply flow.')
    .version(TOOL_VERSION)
    .option('--config <file>', 'cutter.config.yaml to use (default: the nearest one above the current folder)')
    .option('--no-color', 'plain output (NO_COLOR is honoured too)')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run cutter --help for usage)')
    .addHelpText('after', [
      '', 'The governed flow:',
      '  $ cutter validate plans/icx-constitution.yaml',
      '  $ cutter plan plans/icx-constitution.yaml',
      '  $ cutter apply plans/icx-constitution.yaml          # stops at SG_1 (exit 3)',
      '  $ cutter resume <run-id> --approval KB-7001 --gate SG_1 --fingerprint sha256:<full>   # stops at SG_2 (exit 3)',
      '  $ cutter resume <run-id> --approval KB-7002 --gate SG_2 --fingerprint sha256:<full>   # CLOSEOUT_REPORTED (exit 0)',
      '  $ cutter reject <run-id> --approval KB-7003 --reason "why"   /   cutter abort <run-id>',
      '', 'apply and resume print these commands in full, ready to paste.',
      '', 'Exit codes: 0 ok / no changes, 1 error, 2 plan has changes, 3 paused at a sovereign gate,',
      '4 refused (live mode disabled, stale run, wrong or used approval, another run active on the',
      'document, lock held, policy gate failed). With --json, errors are {"error": {code, message, hint}}',
      'on stdout, with the same exit codes.',
    ].join('\n'));

  const run = async (action: (ctx: CliContext) => Promise<number>): Promise<void> => {
    const global = program.opts<GlobalOptions>();
    try {
      code = await action({ ...io, global });
    } catch (e) {
      code = reportError(e, { ...io, global }, wantsJson(argv));
    }
  };
  for (const c of commands) c.register(program, run);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed on stderr.
      if (e.exitCode === 0) return EXIT.ok;
      if (wantsJson(argv)) printJson({ ...io, global: {} }, { format_version: 1, error: { code: 'usage', message: e.message.replace(/^error: /, ''), hint: 'run cutter --help for usage' } });
      return EXIT.error;
    }
    return reportError(e, { ...io, global: { debug: argv.includes('--debug') } }, wantsJson(argv));
  }
  return code;
}

/** `--json` or `--format json` anywhere: the caller reads stdout as JSON, errors included. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

function reportError(e: unknown, ctx: CliContext, json: boolean): number {
  const debug = ctx.global.debug ?? false;
  if (e instanceof CutterError) {
    const message = pasteable(ctx, e.message);
    const hint = e.hint === undefined ? undefined : pasteable(ctx, e.hint);
    if (json) printJson(ctx, { format_version: 1, error: { code: e.code, message, hint: hint ?? null, details: e.details }, exit_code: e.exitCode });
    ctx.stderr.write(`error[${e.code}]: ${message}\n`);
    if (hint) ctx.stderr.write(`  hint: ${hint}\n`);
    if (debug && e.cause) ctx.stderr.write(`${String((e.cause as Error).stack ?? e.cause)}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (json) printJson(ctx, { format_version: 1, error: { code: 'internal_error', message: err.message, hint: 'this is a bug in cutter; please report it with the output of --debug' }, exit_code: EXIT.error });
  ctx.stderr.write(`internal error: ${err.message}\n  this is a bug in cutter; please report it with the output of --debug\n`);
  if (debug) ctx.stderr.write(`${err.stack ?? ''}\n`);
  return EXIT.error;
}
