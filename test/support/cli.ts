import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './project.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MAIN = join(REPO, 'dist', 'cli', 'main.js');

/**
 * The environment of a CLI child: this process's, without what npm or npx set when they launched
 * the tests (cutter prints `npx cutter …` under them), so a child runs as if typed in a shell.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '', ...extra };
}

/** Runs the built CLI as a real child process (npm test builds dist/ first). */
export function cutter(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The built CLI as a child process that does not block this one, so several can run at once. */
export function cutterAsync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: cliEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
