import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkPlanFile, type PlanCheck } from '../../src/plan/load-plan.js';
import { cutter } from '../support/cli.js';
import { REPO } from '../support/project.js';

/**
 * 1,000 mutated plans (keys deleted and misspelt, values of the wrong type, random bytes,
 * truncation, huge and deeply nested values, random custom-rule patterns): each is either a valid
 * plan or a list of problems, each naming the file with a line and column inside it; never an
 * exception, never more than 2 s. The plans run through the library in this process; a sample
 * of them through the CLI.
 */

const CASES = 1000;
const dir = mkdtempSync(join(tmpdir(), 'cutter-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASES: readonly Record<string, unknown>[] = [
  { version: 1, document: 'KB-6839', prefix: 'ICX-CONST', mode: 'dryrun', source: 'embedded', cut: { profile: 'vn-legal', unit: 'clause' } },
  { version: 1, document: 'KB-1', prefix: 'ICX', policy: { maxUnits: 10, maxRetireRatio: 0.5 },
    approvals: { SG_1: { id: 'KB-7001', fingerprint: `sha256:${'a'.repeat(64)}` } } },
  { version: 1, document: 'KB-2', prefix: 'LAW', cut: { unit: 'clause', rules: [
    { level: 'article', pattern: '^Art\\. (?<num>\\d+)\\.', token: 'A{num}', container: true },
    { level: 'clause', parent: 'article', pattern: '^\\((?<num>\\d+)\\)', token: 'K{num}', label: 'cl. {num}' },
  ] } },
];

// Pieces of regular expressions, some harmless, some catastrophic, some invalid.
const REGEX_PIECES = ['^', '(?<num>\\d+)', '(?<num>[^#]+)', '(a|a)*', '(\\w+)+', '.*', '\\s*', '[', ')', '(?<num>', '\\', '(?=x)', '\\1', 'x{2,}', '(?:Art|Article)', '$', '#'];

function generator(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: (xs) => xs[int(xs.length)]! };
}

type Rng = ReturnType<typeof generator>;

/** Every path to a value in a plan object, as key lists. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

function parentOf(root: unknown, path: (string | number)[]): Record<string | number, unknown> | null {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return null;
    node = node[k] as Record<string | number, unknown>;
  }
  return typeof node === 'object' && node !== null ? node : null;
}

function wrongValue(rng: Rng): unknown {
  return rng.pick<unknown>([0, -1, 1.5, 1e308, '', 'x', 'KB-7001', true, null, [], [1, 2], {}, { a: 1 }, 'dryrun', '~', '2026-01-01']);
}

function nested(depth: number, flow: boolean): string {
  return flow ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
}

/** One mutated plan file's bytes. */
function mutate(rng: Rng): Buffer {
  const plan = structuredClone(BASES[rng.int(BASES.length)]!);
  const structural = (): void => {
    const all = paths(plan).filter((p) => p.length > 0);
    if (all.length === 0) return;
    const path = rng.pick(all);
    const parent = parentOf(plan, path);
    const key = path[path.length - 1]!;
    if (!parent) return;
    switch (rng.int(5)) {
      case 0: // delete a key
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 1: { // misspell a key
        if (Array.isArray(parent) || typeof key !== 'string') break;
        const value = parent[key];
        delete parent[key];
        const i = rng.int(key.length);
        parent[rng.int(2) === 0 ? key.slice(0, i) + key.slice(i + 1) : `${key.slice(0, i)}${key[i]!.toUpperCase()}${key.slice(i)}`] = value;
        break;
      }
      case 2: // a value of the wrong type
        parent[key] = wrongValue(rng);
        break;
      case 3: // a huge value
        parent[key] = rng.int(2) === 0 ? 'x'.repeat(rng.int(20) === 0 ? 1_100_000 : 50_000 + rng.int(200_000)) : Array.from({ length: 300 }, (_, i) => i);
        break;
      default: { // a random custom rule
        const rules = Array.from({ length: 1 + rng.int(3) }, (_, i) => ({
          level: rng.pick(['article', 'clause', 'point', 'Bad Level']),
          pattern: Array.from({ length: 1 + rng.int(5) }, () => rng.pick(REGEX_PIECES)).join(''),
          token: rng.pick(['A{num}', 'K{num}', '{num}{num}', 'x-{num}']),
          ...(i > 0 && rng.int(2) === 0 ? { parent: 'article' } : {}),
        }));
        plan['cut'] = { rules };
      }
    }
  };
  const steps = 1 + rng.int(3);
  for (let i = 0; i < steps; i += 1) structural();
  let text = stringify(plan, { lineWidth: 0 });
  switch (rng.int(8)) {
    case 0: // truncated anywhere
      text = text.slice(0, rng.int(text.length + 1));
      break;
    case 1: { // deep nesting, in flow or block style
      const depth = rng.pick([10, 100, 1000, 100_000]);
      text += depth > 1000 || rng.int(2) === 0 ? `deep: ${nested(depth, true)}\n` : `deep:\n${nested(depth, false).replace(/^/gmu, '  ')}\n`;
      break;
    }
    case 2: // YAML's own hazards
      text += rng.pick(['---\nversion: 1\n', 'x: !custom 1\n', '\tcut: 1\n', 'a: &a [1]\nb: *a\n', 'c: *missing\n', '? [a]\n: b\n', '"unclosed\n']);
      break;
    default:
      break;
  }
  let bytes = Buffer.from(text, 'utf8');
  if (rng.int(5) === 0) {
    // Random bytes somewhere: invalid UTF-8, NULs, a byte order mark, control characters.
    const junk = Buffer.from(Array.from({ length: 1 + rng.int(8) }, () => rng.pick([0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0xc3, 0x80, 0x07, 0x1b, 0x0d, rng.int(256)])));
    const at = rng.int(bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
  }
  if (rng.int(20) === 0) bytes = Buffer.from(stringify(plan), 'utf16le');
  return bytes;
}

/** Every problem is located inside the file and names it; a plan comes only without problems. */
function expectLocated(check: PlanCheck, file: string, bytes: Buffer, where: string): void {
  const lines = bytes.toString('utf8').split(/\r\n|\r|\n/u).length;
  if (check.plan) {
    expect(check.problems, where).toEqual([]);
    return;
  }
  expect(check.problems.length, where).toBeGreaterThan(0);
  for (const p of check.problems) {
    expect(p.file, where).toBe(file);
    expect(p.line, where).toBeGreaterThanOrEqual(1);
    expect(p.line, where).toBeLessThanOrEqual(lines + 1);
    expect(p.column, where).toBeGreaterThanOrEqual(1);
    expect(typeof p.message === 'string' && p.message.length > 0, where).toBe(true);
  }
}

describe('fuzzed plans: valid, or located problems naming the file', () => {
  const seed = Number(process.env['CUTTER_FUZZ_SEED'] ?? Date.now() % 1_000_000);

  it(`${CASES} mutated plans through the library (seed ${seed}; replay with CUTTER_FUZZ_SEED)`, { timeout: 300_000 }, () => {
    const rng = generator(seed);
    let valid = 0;
    let slowest = 0;
    for (let i = 0; i < CASES; i += 1) {
      const bytes = mutate(rng);
      const file = join(dir, `plan-${i}.yaml`);
      writeFileSync(file, bytes);
      const where = `case ${i} of seed ${seed}`;
      const started = performance.now();
      let check: PlanCheck;
      try {
        check = checkPlanFile(file);
      } catch (e) {
        throw new Error(`${where}: checkPlanFile threw ${(e as Error).stack}`);
      }
      const took = performance.now() - started;
      slowest = Math.max(slowest, took);
      expectLocated(check, file, bytes, where);
      if (check.plan) valid += 1;
    }
    // The mutations must reach both outcomes, or the test proves little.
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(CASES);
    // The bound on one plan; the reading limits keep even the worst case far under it.
    expect(slowest).toBeLessThan(2_000);
  });

  it('a sample through the CLI: exit 0 or 1, problems as file:line:col, never a stack trace', () => {
    const rng = generator(seed + 1);
    const files = Array.from({ length: 6 }, (_, i) => {
      const file = join(dir, `cli-${i}.yaml`);
      writeFileSync(file, mutate(rng));
      return file;
    });
    const r = cutter(['validate', ...files], { cwd: dir });
    expect([0, 1]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|this is a bug|\n\s+at /u);
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith(dir))) {
      expect(line).toMatch(/^\/\S+\.yaml(:\d+:\d+ {2}\S+ {2}.+|: valid)$/u);
    }
  });

  it("the issue's hanging rule ends quickly in plan, with the pattern's position", () => {
    const file = join(dir, 'hang.yaml');
    writeFileSync(file, [
      'version: 1', 'document: KB-6839', 'prefix: ICX-CONST', 'cut:', '  rules:',
      "    - {level: article, pattern: '^(?<num>([^#]|[^#])+)#', token: 'D{num}'}", '',
    ].join('\n'));
    const r = cutter(['plan', file], { cwd: REPO });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[plan_invalid]');
    expect(r.stderr).toMatch(/hang\.yaml:6:33 {2}\/cut\/rules\/0\/pattern {2}can take exponential time/u);
  });
});
