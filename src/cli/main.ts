#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliContext } from './context.js';
import type { CommandModule } from './program.js';

/**
 * Every command, in the order `cutter --help` lists them. A command's module (and whatever it
 * imports: the database drivers, the diff, the renderers) is loaded only when that command runs,
 * so `cutter validate` does not pay for `cutter apply`. Add a new command here, one line each.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  validate: () => import('./commands/validate.js'),
  plan: () => import('./commands/plan.js'),
  apply: () => import('./commands/apply.js'),
  resume: () => import('./commands/resume.js'),
  reject: () => import('./commands/reject.js'),
  abort: () => import('./commands/abort.js'),
  status: () => import('./commands/status.js'),
  // `runs` is registered by the status module (the list form of `status`).
  runs: () => import('./commands/status.js'),
  show: () => import('./commands/show.js'),
  diff: () => import('./commands/diff.js'),
  doctor: () => import('./commands/doctor.js'),
  cut: () => import('./commands/cut.js'),
  state: () => import('./commands/state.js'),
};

/**
 * Runs the CLI and returns the exit code. `--version` answers without loading anything else; a
 * known command loads only its own module; anything else (help, an unknown command) loads them
 * all so commander can list them or suggest the nearest name.
 */
export async function main(argv: readonly string[], io: Omit<CliContext, 'global'>): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    const { TOOL_VERSION } = await import('../version.js');
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const name = commandName(argv);
  const wanted = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  const [{ runProgram }, ...modules] = await Promise.all([
    import('./program.js'),
    ...wanted.map((n) => COMMANDS[n]!()),
  ]);
  // One module may register several commands (status and runs): register each module once.
  return runProgram(argv, io, [...new Set(modules)]);
}

/**
 * The first word that is not a global option: the command commander will dispatch to. Only
 * `--config` takes a value among the global options (program.ts declares them).
 */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

// Run when executed (node dist/cli/main.js, or the npm bin link), not when imported by tests.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `cutter plan … | head`: the reader went away. Stop quietly, as Unix tools do, instead of
  // dying on an unhandled EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
}
