import type { Writable } from 'node:stream';
import { loadConfig, type Config } from '../plan/config.js';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  readonly config?: string;
  readonly color?: boolean;
  readonly debug?: boolean;
}

/** What a command needs from the outside world, so commands stay testable and print nowhere else. */
export interface CliContext {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly global: GlobalOptions;
}

/** Colour when writing to a terminal, unless NO_COLOR is set or --no-color was given. */
export function useColor(ctx: CliContext): boolean {
  if (ctx.global.color === false) return false;
  if (ctx.env['NO_COLOR'] !== undefined && ctx.env['NO_COLOR'] !== '') return false;
  if (ctx.env['FORCE_COLOR'] !== undefined && ctx.env['FORCE_COLOR'] !== '0') return true;
  return ctx.stdout.isTTY === true;
}

export function config(ctx: CliContext): Config {
  return loadConfig({ file: ctx.global.config, cwd: ctx.cwd, env: ctx.env });
}

export function out(ctx: CliContext, text: string): void {
  ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function err(ctx: CliContext, text: string): void {
  ctx.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** DESIGN §8. */
export const EXIT = { ok: 0, error: 1, changes: 2, paused: 3, refused: 4 } as const;
