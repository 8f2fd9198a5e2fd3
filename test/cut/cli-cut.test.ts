import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { REPO } from '../support/project.js';

// `cutter cut` through the built CLI in a child process: what an author runs on a draft.
describe('cutter cut', () => {
  let dir = '';
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const run = (...args: string[]) => cutter(args, { cwd: dir });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cutter-cut-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the units of the sample constitution with a prefix from the file name (exit 0)', () => {
    const r = run('cut', join(REPO, 'examples', 'hub', 'KB-6839.md'), '--profile', 'vn-legal');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +9 {2}KB-6839-D1 +\d+ B {2}Điều 1\. Giải thích từ ngữ$/m);
    expect(r.stdout).toMatch(/^107 units \(1 preamble, 7 chapter, 25 article, 74 clause\); 0 errors, 0 warnings\.$/m);
    expect(r.stderr).toBe('');
  });

  it('draws the tree, children indented under their parents', () => {
    const file = write('draft.md', 'Chương I\nĐiều 1. A\n1. Một.\nĐiều 2. B\n');
    const r = run('cut', file, '--prefix', 'ICX', '--tree');
    expect(r.code).toBe(0);
    const bytes = (s: string): number => Buffer.byteLength(s);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      `ICX-CI  Chương I  (${bytes('Chương I\n')} B, line 1)`,
      `  ICX-D1  Điều 1. A  (${bytes('Điều 1. A\n')} B, line 2)`,
      `    ICX-D1-K1  Điều 1, khoản 1  (${bytes('1. Một.\n')} B, line 3)`,
      `  ICX-D2  Điều 2. B  (${bytes('Điều 2. B\n')} B, line 4)`,
    ]);
  });

  it('prints diagnostics to stderr as file:line:col and exits 1 on a duplicate id', () => {
    const file = write('dup.md', 'Điều 1. A\nĐiều 2. B\n\n| Điều 9. x |\n\n**Điều 2.** C\n');
    const r = run('cut', file);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${file}:4:3  warning marker_in_table  “Điều 9. x” looks like a marker but is inside a table (from line 4); kept as text, not cut`,
      `${file}:6:3  error duplicate_id  DUP-D2 is given twice (first at line 2): two units print the same number; renumber one of them`,
    ]);
    expect(r.stdout).toContain('3 units (3 article); 1 error, 1 warning.');
  });

  it('--json puts only JSON on stdout: units without their text, counts, diagnostics', () => {
    const file = write('charter.md', '## Article I\nSection 1. Name.\nSection 2. Purpose.\n(a) one;\n');
    const r = run('cut', file, '--profile', 'en-legal', '--unit', 'section', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ format_version: 1, profile: 'en-legal', unit: 'section', prefix: 'CHARTER', summary: { units: 3, errors: 0, warnings: 0 } });
    expect(json.units.map((u: { id: string }) => u.id)).toEqual(['CHARTER-ART1', 'CHARTER-ART1-SEC1', 'CHARTER-ART1-SEC2']);
    expect(json.units[2]).toMatchObject({ heading: 'Section 2. Purpose.', line: 3, bytes: 29, parentId: 'CHARTER-ART1' });
    expect(json.units[2].text).toBeUndefined();
  });

  it('takes custom rules, unit and prefix from a plan', () => {
    const plan = write('rules.yaml', [
      'version: 1', 'document: KB-1', 'prefix: HR', 'cut:', '  rules:',
      '    - { level: rule, pattern: "^Rule (?<num>\\\\d+)\\\\.", token: "R{num}" }', '',
    ].join('\n'));
    const file = write('handbook.md', 'Intro.\n\nRule 1. Hours.\nRule 2. Leave.\n');
    const r = run('cut', file, '--plan', plan, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).units.map((u: { id: string }) => u.id)).toEqual(['HR-PREAMBLE', 'HR-R1', 'HR-R2']);
  });

  it('refuses an unknown unit level or a missing file with a hint (exit 1)', () => {
    const bad = run('cut', write('x.md', 'Điều 1. A\n'), '--unit', 'h2');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[cut_unit_unknown]: profile vn-legal has no level "h2"');
    expect(bad.stderr).toContain('hint: use one of: part, chapter, section, article, clause, point');
    const missing = run('cut', join(dir, 'nope.md'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[file_unreadable]');
  });

  const wiki = join(REPO, 'test', 'cut', 'fixtures', 'en-legal-corpus', 'us-constitution-wiki.md');

  it('--profile auto says which profile and unit level fit, with the counts per level, and cuts with them', () => {
    const r = run('cut', wiki, '--profile', 'auto');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^auto: --profile en-legal --unit section \(confidence high\): en-legal finds 1 amendments, 7 article, 13 amendment, 21 section, 2 clause\. Found per level: en-legal: .*; vn-legal: nothing; markdown: .*h3\.$/m);
    expect(r.stdout).toMatch(/^43 units \(1 preamble, 7 article, 21 section, 1 amendments, 13 amendment\); 0 errors, 0 warnings\.$/m);
    const json = JSON.parse(run('cut', wiki, '--profile', 'auto', '--json').stdout);
    expect(json).toMatchObject({ profile: 'en-legal', unit: 'section', detected: { profile: 'en-legal', unit: 'section', confidence: 'high' } });
    expect(json.detected.fits.find((f: { profile: string }) => f.profile === 'vn-legal')).toEqual({ profile: 'vn-legal', counts: [], titled: 0 });
    // A --unit given with auto wins over the level auto would choose.
    expect(JSON.parse(run('cut', wiki, '--profile', 'auto', '--unit', 'article', '--json').stdout).unit).toBe('article');
  });

  it('warns when a profile finds nothing at the requested level instead of silently making one preamble unit', () => {
    const vn = run('cut', wiki, '--profile', 'vn-legal');
    expect(vn.code).toBe(0);
    expect(vn.stderr).toContain('warning: 0 clauses found by vn-legal: did you mean --profile en-legal --unit section?');
    const notes = write('notes.md', '# Notes\n\nSome text.\n\n## More\n\nText.\n');
    expect(run('cut', notes, '--profile', 'en-legal', '--unit', 'article').stderr).toContain('warning: 0 articles found by en-legal: did you mean --profile markdown --unit h2?');
    const charter = write('plain-charter.md', '## Article I\nSection 1. Name.\n');
    expect(run('cut', charter, '--profile', 'en-legal', '--unit', 'clause').stderr).toContain('warning: 0 clauses found by en-legal; the finest level it found is section (1): try --unit section');
    // The default level need not be in every document: no warning when it was not asked for.
    expect(run('cut', charter, '--profile', 'en-legal').stderr).toBe('');
  });
});
