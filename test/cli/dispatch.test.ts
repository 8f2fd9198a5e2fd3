import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { REPO } from '../support/project.js';

const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

// main.ts loads only the module of the command named on the command line; these pin that the
// program still behaves as one program whichever modules were loaded.
describe('the command line dispatcher', () => {
  it('answers --version and -V alone, and after a global option', () => {
    for (const args of [['--version'], ['-V'], ['--no-color', '--version']]) {
      const r = cutter(args, { cwd: REPO });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(`${version}\n`);
    }
  });

  it('lists every command in --help and in `help`', () => {
    for (const args of [['--help'], ['help']]) {
      const r = cutter(args, { cwd: REPO });
      expect(r.code).toBe(0);
      for (const name of ['validate', 'plan', 'apply', 'resume', 'status', 'show', 'diff', 'doctor', 'cut']) {
        expect(r.stdout, `${args.join(' ')} lists ${name}`).toMatch(new RegExp(`^  ${name} `, 'm'));
      }
    }
  });

  it('finds the command after --config and its value', () => {
    const r = cutter(['--config', 'nowhere.yaml', 'validate', '--help'], { cwd: REPO });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cutter validate');
  });

  it('suggests the nearest command for a mistyped one', () => {
    const r = cutter(['pln', 'x.yaml'], { cwd: REPO });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'pln'");
    expect(r.stderr).toContain('Did you mean plan?');
  });
});
