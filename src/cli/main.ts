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

/** The commands that may open the embedded hub (PGlite: PostgreSQL compiled to WebAssembly). */
const OPENS_A_HUB: ReadonlySet<string> = new Set(['plan', 'apply', 'resume', 'reject', 'doctor']);

/**
 * Runs WebAssembly on V8's baseline compiler (Liftoff) only, for this process. PGlite's PostgreSQL
 * is 9 MB of WebAssembly; by default V8 recompiles its hot functions with the optimising compiler
 * on background threads, and a process cannot exit before those compilations finish: for a
 * command that runs PostgreSQL for a few queries, ~0.35 s of CPU and ~90 MiB of RSS spent after
 * the work is done, waited for at exit (measured: open + one SELECT + close, 1.24 s -> 0.97 s
 * wall, 340 -> 253 MB peak). Queries themselves were not slower on baseline code (30,000
 * INSERTs and a sort of them: 3.3 s either way), their time being PGlite's JavaScript side.
 * Set only by the CLI, which owns its process; a program using cutter as a library keeps V8's
 * defaults. It must be set before the module is compiled, so before any command runs.
 */
const BASELINE_WASM_COMPILER = '--liftoff-only';

/**
 * Collects garbage sooner, for the commands that hold a whole document and its units. A plan of
 * a 20 MB law (100,000 units) keeps ~90 MB live at its end, but by default V8 lets the old
 * generation grow past what the last full collection kept by a factor it picks from the
 * collector's speed (up to 4x), and the young generation grow to 2 x 16 MiB. Each flag, as its
 * absence changed that plan (paired medians of two sets of 6-8 runs against all three; issue
 * 14's notes):
 * - `--heap-growing-percent=30`: the old generation grows by 30% between full collections
 *   (without it: peak RSS +23-26 MiB, CPU -8 to -11%);
 * - `--semi-space-growth-factor=1`: the young generation keeps its starting size, 1 MiB
 *   semi-spaces (without it: +29-35 MiB, CPU -3 to -8%);
 * - `--incremental-marking-hard-trigger=85`: marking starts, from the allocation itself, once
 *   85% of the growth allowed since the last full collection is used. By default it starts
 *   when less than the young generation is left (1 MiB here), and through a task, which a
 *   long synchronous phase such as the diff does not let run: the heap then went past its limit
 *   by up to ~15 MB while marking caught up, and the peak varied from 168 to 192 MiB between
 *   runs (with it 169-176, for one more full collection: CPU +0-4% in three paired sets).
 * They change only when V8 collects, never how much memory a process may use: a document
 * larger than any limit we could pick still plans, only with more collections. (The size of the
 * young generation itself, `--max-semi-space-size`, is fixed when V8 starts and cannot be set
 * here; the growth factor and the triggers are read each time they apply.)
 */
const COLLECT_GARBAGE_SOONER = '--heap-growing-percent=30 --semi-space-growth-factor=1 --incremental-marking-hard-trigger=85';

async function setV8FlagsForHubCommands(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(BASELINE_WASM_COMPILER);
  setFlagsFromString(COLLECT_GARBAGE_SOONER);
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
  // The CLI runs as a bundle (scripts/bundle-cli.mjs): with --debug, a stack trace names src/ files
  // and lines. Set before the command's chunk loads (Node reads a file's map when it loads it).
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  if (OPENS_A_HUB.has(commandName(process.argv.slice(2)) ?? '')) await setV8FlagsForHubCommands();
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
}
