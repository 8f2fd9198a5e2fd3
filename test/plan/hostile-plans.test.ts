import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/plan/located-yaml.js';
import { checkPlanFile, checkPlanText } from '../../src/plan/load-plan.js';

const dir = mkdtempSync(join(tmpdir(), 'cutter-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = 'version: 1\ndocument: KB-1\nprefix: ICX\n';

/** Writes bytes to a plan file and returns its problems as printed lines. */
function fileProblems(name: string, bytes: Buffer | string): string[] {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return checkPlanFile(file).problems.map((p) => formatProblem({ ...p, file: name }));
}

const textProblems = (text: string): string[] => checkPlanText('p.yaml', text).problems.map(formatProblem);

describe('plans read within bounds, every refusal located', () => {
  it('refuses a file past 1 MiB, and /dev/zero, without reading it all', () => {
    expect(fileProblems('big.yaml', `${GOOD}# ${'x'.repeat(1024 * 1024)}\n`)).toEqual([
      'big.yaml:1:1  /  larger than 1 MiB: not a plan file (a plan is a few lines of YAML)',
    ]);
    const zero = checkPlanFile('/dev/zero').problems;
    expect(zero.map((p) => p.message)).toEqual(['larger than 1 MiB: not a plan file (a plan is a few lines of YAML)']);
  });

  it('names the encoding problems: UTF-16 with and without a byte order mark, bytes that are not UTF-8, a NUL', () => {
    expect(fileProblems('u16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]))).toEqual([
      'u16.yaml:1:1  /  the file is UTF-16 text; save it as UTF-8',
    ]);
    expect(fileProblems('u16le.yaml', Buffer.from(GOOD, 'utf16le'))).toEqual(['u16le.yaml:1:1  /  the file is UTF-16 text; save it as UTF-8']);
    expect(fileProblems('latin1.yaml', Buffer.from('version: 1\ndocument: KB-1\nprefix: IC\xe9X\n', 'latin1'))).toEqual([
      'latin1.yaml:3:11  /  byte 0xe9 is not UTF-8; save the file as UTF-8',
    ]);
    expect(fileProblems('nul.yaml', `${GOOD}cut:\n  unit: a\0b\n`)).toEqual(['nul.yaml:5:10  /  the file holds a NUL byte: it is not a text file']);
  });

  it('accepts a leading UTF-8 byte order mark and locates one anywhere else', () => {
    expect(fileProblems('bom.yaml', `\ufeff${GOOD}`)).toEqual([]);
    expect(fileProblems('bom-mid.yaml', `version: 1\ndocument: KB-1\ufeff\nprefix: ICX\n`)).toEqual([
      'bom-mid.yaml:2:15  /  a byte order mark (U+FEFF) in the middle of the file; remove it (files joined together?)',
    ]);
  });

  it('refuses deep nesting before the YAML parser recurses into it', () => {
    const deep = `${GOOD}x: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`;
    expect(textProblems(deep)).toEqual(['p.yaml:4:68  /  nested more than 64 levels deep; a plan needs only a few levels']);
    const block = GOOD + Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i)}k:\n`).join('');
    const blockProblems = textProblems(block);
    expect(blockProblems).toHaveLength(1);
    expect(blockProblems[0]).toMatch(/^p\.yaml:\d+:\d+ {2}\/ {2}nested too deeply for cutter to read; a plan needs only a few levels$/);
    // Brackets inside quoted and plain scalars are not nesting.
    expect(textProblems(`${GOOD}cut:\n  rules:\n    - { level: a, pattern: '^${'[['.repeat(40)}(?<num>\\d)', token: 'A{num}' }\n`)[0]).not.toMatch(/nested/);
  });

  it('gives a human message for several documents, empty files, tabs and unknown tags', () => {
    expect(textProblems(`${GOOD}---\nversion: 1\n`)).toEqual([
      'p.yaml:4:1  /  a second YAML document starts here (after ---); a file holds one plan: remove the --- line or split the file',
    ]);
    expect(textProblems('\r\r\r')).toEqual(['p.yaml:1:1  /  must be a YAML mapping of keys to values (version: 1, …), not a string']);
    expect(textProblems(`${GOOD}cut:\n\tprofile: markdown\n`)).toEqual(['p.yaml:5:1  /  Tabs are not allowed as indentation']);
    expect(textProblems('version: 1\ndocument: !custom KB-1\nprefix: ICX\n')).toEqual([
      'p.yaml:2:11  /  Unresolved tag: !custom; cutter reads no YAML tags: remove it',
    ]);
  });

  it('suggests the key meant, and lists the known keys when none is near', () => {
    expect(textProblems('version: 1\ndocment: KB-1\nprefix: ICX\ncut: {profle: markdown}\npolicy: {zzz: 1}\n')).toEqual([
      'p.yaml:1:1  /  missing required property "document"',
      'p.yaml:2:1  /docment  unknown property "docment"; did you mean "document"?',
      'p.yaml:4:7  /cut/profle  unknown property "profle"; did you mean "profile"?',
      'p.yaml:5:10  /policy/zzz  unknown property "zzz"; known here: maxUnits, maxRetireRatio',
    ]);
  });

  it('finds 50,000 unknown keys and a duplicate among them in one pass', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `unknownkey${i}: v`);
    const problems = checkPlanText('p.yaml', `${GOOD}${keys.join('\n')}\nunknownkey7: again\n`).problems;
    // The duplicate is a YAML problem and is reported alone, at the second occurrence.
    expect(problems.map(formatProblem)).toEqual(['p.yaml:50004:1  /  Map keys must be unique; "unknownkey7" is given twice']);
    const unknown = checkPlanText('p.yaml', `${GOOD}${keys.join('\n')}\n`).problems;
    expect(unknown).toHaveLength(50_000);
    expect(formatProblem(unknown[49_999]!)).toBe('p.yaml:50003:1  /unknownkey49999  unknown property "unknownkey49999"; known here: version, document, prefix, documents, mode, source, cut, policy, approvals');
  });
});

describe('cutter.config.yaml is read within the same bounds', () => {
  it('names UTF-16, stray bytes and unknown tags in the configuration, at their place', async () => {
    const { loadConfig } = await import('../../src/plan/config.js');
    const problemOf = (name: string, bytes: Buffer | string): string => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      try {
        loadConfig({ file });
        return 'loaded';
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as Error).message.split('\n')[1] ?? ''}`;
      }
    };
    expect(problemOf('c16.yaml', Buffer.from('version: 1\n', 'utf16le'))).toBe(`config_invalid: ${join(dir, 'c16.yaml')}:1:1  /  the file is UTF-16 text; save it as UTF-8`);
    expect(problemOf('cbytes.yaml', Buffer.from('version: 1\nstate:\n  dir: caf\xe9\n', 'latin1'))).toBe(`config_invalid: ${join(dir, 'cbytes.yaml')}:3:11  /  byte 0xe9 is not UTF-8; save the file as UTF-8`);
    expect(problemOf('ctag.yaml', 'version: !custom 1\n')).toBe(`config_invalid: ${join(dir, 'ctag.yaml')}:1:10  /  Unresolved tag: !custom; cutter reads no YAML tags: remove it`);
  });
});
