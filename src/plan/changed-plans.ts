import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CutterError } from '../errors.js';

/** A plan file names its document (or, in a batch, its documents) at the top level. */
const PLAN_SHAPE = /^(?:document|documents):/mu;

/**
 * The plan files added or changed since `ref` (from the point where the current branch left it,
 * as a pull request's diff does, plus uncommitted edits and new files git does not ignore),
 * relative to `cwd`, sorted. Deleted
 * files are left out; YAML files that are not plans (the config, workflows) too.
 */
export function changedPlanFiles(ref: string, cwd: string): string[] {
  if (ref.startsWith('-') || ref.trim() === '') {
    // git would read it as an option.
    throw new CutterError('usage', `--changed-since needs a git ref (a branch, tag or commit), not "${ref}"`, { hint: 'e.g. cutter plan --changed-since origin/main' });
  }
  const top = git(['rev-parse', '--show-toplevel'], cwd, ref).trim();
  const base = git(['merge-base', ref, 'HEAD'], cwd, ref).trim();
  const changed = git(['diff', '--name-only', '-z', '--diff-filter=ACMRT', base, '--'], cwd, ref);
  // A new plan not added to git yet is changed too (on a laptop; CI has no such files).
  const untracked = git(['ls-files', '-z', '--others', '--exclude-standard', '--full-name', '--', top], cwd, ref);
  const names = [...new Set(`${changed}\0${untracked}`.split('\0').filter((n) => n !== ''))];
  const plans: string[] = [];
  for (const name of names) {
    if (!/\.ya?ml$/u.test(name)) continue;
    const path = join(top, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // listed by git but gone from the working tree: nothing to plan
    }
    if (PLAN_SHAPE.test(text)) plans.push(relative(cwd, path) || name);
  }
  return plans.sort();
}

function git(args: readonly string[], cwd: string, ref: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const why = err.code === 'ENOENT' ? 'git is not installed' : (err.stderr ?? err.message).trim().split('\n')[0];
    throw new CutterError('changed_since_failed', `cannot list the plan files changed since ${ref}: ${why}`, {
      hint: `run it inside the git repository, with ${ref} fetched (in GitHub Actions: actions/checkout with fetch-depth: 0)`,
      details: { ref, git: args.join(' ') },
    });
  }
}
