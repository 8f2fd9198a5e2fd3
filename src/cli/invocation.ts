import type { CliContext } from './context.js';

/** The commands whose names, after `cutter `, mark a command line inside a hint. */
const COMMAND_NAMES = ['validate', 'plan', 'apply', 'resume', 'abort', 'reject', 'status', 'runs', 'show', 'diff', 'doctor', 'cut', 'state'];
// Not after `npx ` / `pnpm exec ` / `yarn `: a hint built with cutterCommand is already pasteable,
// and rewriting it again printed `npx npx cutter …`.
const COMMAND_IN_TEXT = new RegExp(`(^|[\\s:(\`'"])(?<!(?:npx|exec|yarn) )cutter (?=(?:${COMMAND_NAMES.join('|')})\\b)`, 'g');

/**
 * How to call cutter again the way this process was called, so every command it prints can be
 * pasted as is: `npx cutter` under npx or an npm script (the bin is not on the shell's PATH there),
 * `pnpm exec cutter` / `yarn cutter` likewise, with `--config <file>` when one was given.
 */
export function cutterCommand(ctx: Pick<CliContext, 'env' | 'global'>): string {
  const agent = ctx.env['npm_config_user_agent'] ?? '';
  const viaPackageManager = (ctx.env['npm_command'] ?? '') !== '' || (ctx.env['npm_lifecycle_event'] ?? '') !== '';
  const base = !viaPackageManager ? 'cutter'
    : agent.startsWith('pnpm/') ? 'pnpm exec cutter'
    : agent.startsWith('yarn/') ? 'yarn cutter'
    : 'npx cutter';
  return ctx.global.config === undefined ? base : `${base} --config ${shellQuote(ctx.global.config)}`;
}

/** Rewrites every `cutter <command>` in a message or hint into the pasteable form for this process. */
export function pasteable(ctx: Pick<CliContext, 'env' | 'global'>, text: string): string {
  const command = cutterCommand(ctx);
  return command === 'cutter' ? text : text.replace(COMMAND_IN_TEXT, (_m, lead: string) => `${lead}${command} `);
}

/** A shell word: as is when plain, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
