import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('runs as the bundle the build made, whose --debug stack traces name src/ files and lines', () => {
    // scripts/bundle-cli.mjs: main.js loads its command's chunk, not tsc's module graph.
    expect(readFileSync(join(REPO, 'dist', 'cli', 'main.js'), 'utf8')).toMatch(/import\("\.\/bundle-plan-[\w-]+\.js"\)/);
    const project = mkdtempSync(join(tmpdir(), 'cutter-debug-'));
    try {
      // A hub folder under a file: the lock cannot be made, an error cutter does not expect.
      writeFileSync(join(project, 'cutter.config.yaml'), 'version: 1\nsources:\n  embedded:\n    kind: embedded\n    dir: plan.yaml/hub\n');
      writeFileSync(join(project, 'plan.yaml'), 'version: 1\ndocument: KB-6839\nprefix: ICX-CONST\nmode: dryrun\nsource: embedded\ncut:\n  profile: vn-legal\n  unit: clause\n');
      const plain = cutter(['plan', 'plan.yaml'], { cwd: project });
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain('internal error');
      expect(plain.stderr).not.toContain('    at ');
      const debug = cutter(['--debug', 'plan', 'plan.yaml'], { cwd: project });
      expect(debug.code).toBe(1);
      expect(debug.stderr).toMatch(/at openEmbeddedHub \(\S*\/src\/hub\/embedded-hub\.ts:\d+:\d+\)/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
