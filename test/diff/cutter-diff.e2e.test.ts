import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/plan/schemas.js';
import { cutter } from '../support/cli.js';
import { REPO } from '../support/project.js';

const hub = join(REPO, 'examples', 'hub');
const dir = mkdtempSync(join(tmpdir(), 'cutter-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = ['--profile', 'vn-legal', '--prefix', 'ICX-CONST'];
const diff = (...args: string[]) => cutter(['diff', ...args], { cwd: hub });

/** A small law in the shape web converters produce, articles numbered in order. */
function lawText(titles: readonly string[]): string {
  const articles = titles.map((t, i) => `### Điều ${i + 1}. ${t}\n\n1. Quy định thứ nhất về ${t.toLowerCase()}.\n\n2. Quy định thứ hai về ${t.toLowerCase()} trong thời hạn ${10 + (t.length % 7)} ngày.\n`);
  return `# Luật mẫu\n\nChương I\n\n${articles.join('\n')}`;
}

describe('cutter diff (child process)', () => {
  it('compares the two example revisions: exit 2, summary first, word-level changes', () => {
    const r = diff('KB-6839.rev6.md', 'KB-6839.md', ...opts);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^cutter diff {2}KB-6839\.rev6\.md → KB-6839\.md {2}\(profile vn-legal, prefix ICX-CONST; \d+ → \d+ units\)$/);
    expect(lines[1]).toMatch(/^Diff: [1-9]\d* to add, [1-9]\d* to change, 0 renumbered, 1 to retire, \d+ unchanged\.$/);
    expect(r.stdout).toMatch(/^ {2}~ ICX-CONST-D12-K3 +Điều 12, khoản 3\n {6}….*\[-ba-\]\{\+hai\+\} mươi \(\[-30-\]\{\+20\+\}\)/m);
    expect(r.stdout).toMatch(/^ {2}- ICX-CONST-D10-K4 +\(no longer in the source\)$/m);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stderr).toBe('');
  });

  it('colours only when allowed: FORCE_COLOR on, then --no-color and NO_COLOR off', () => {
    const args = ['diff', 'KB-6839.rev6.md', 'KB-6839.md', ...opts];
    const coloured = cutter(args, { cwd: hub, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[');
    expect(coloured.stdout).not.toContain('{+');
    expect(cutter(['--no-color', ...args], { cwd: hub, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(cutter(args, { cwd: hub, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('exits 0 when nothing changed', () => {
    const r = diff('KB-6839.md', 'KB-6839.md', ...opts);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Diff: 0 to add, 0 to change, 0 renumbered, 0 to retire,');
    expect(r.stdout).toContain('No changes');
  });

  it('prints only JSON on stdout with --format json, valid against the schema', () => {
    const r = diff('KB-6839.rev6.md', 'KB-6839.md', ...opts, '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(schemaValidator('changeset.schema.json')(json)).toBe(true);
    expect(json).toMatchObject({ format_version: 1, profile: 'vn-legal', prefix: 'ICX-CONST', new: { file: 'KB-6839.md' } });
  });

  it('prints Markdown for a pull request with --format markdown', () => {
    const r = diff('KB-6839.rev6.md', 'KB-6839.md', ...opts, '--format', 'markdown');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^### cutter diff: `KB-6839\.rev6\.md` → `KB-6839\.md`\n/);
    expect(r.stdout).toContain('<details><summary>➖ <code>ICX-CONST-D10-K4</code> retired');
  });

  it('reads an article inserted at the top as 1 add + renumbers, folded into one line', () => {
    const titles = Array.from({ length: 40 }, (_, i) => `Chủ đề số ${i + 1}`);
    writeFileSync(join(dir, 'old.md'), lawText(titles));
    writeFileSync(join(dir, 'new.md'), lawText(['Giải thích từ ngữ', ...titles]));
    const r = cutter(['diff', 'old.md', 'new.md', ...opts, '--unit', 'article'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Diff: 1 to add, 0 to change, 40 renumbered, 0 to retire, 2 unchanged.');
    expect(r.stdout).toContain('  + ICX-CONST-D1  ');
    expect(r.stdout).toContain('  → ICX-CONST-D2 … ICX-CONST-D41  ←  ICX-CONST-D1 … ICX-CONST-D40   (40 renumbered, 100% same text; --detail lists each)');
  });

  it('reads the example constitution with an article inserted and every article and reference renumbered', () => {
    const text = readFileSync(join(hub, 'KB-6839.md'), 'utf8').replace(/Điều (\d+)/gu, (_, n: string) => `Điều ${Number(n) + 1}`);
    const first = text.indexOf('Điều 2.');
    const at = text.lastIndexOf('\n', first) + 1;
    writeFileSync(join(dir, 'renumbered.md'), `${text.slice(0, at)}Điều 1. Giải thích từ ngữ\n\nCác từ ngữ dưới đây được hiểu như sau.\n\n${text.slice(at)}`);
    const r = cutter(['diff', join(hub, 'KB-6839.md'), 'renumbered.md', ...opts], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Diff: 1 to add, 0 to change, \d+ renumbered, 0 to retire, \d+ unchanged\.$/m);
    // A clause whose reference to another article was renumbered shows just that word.
    expect(r.stdout).toMatch(/^ {2}→ ICX-CONST-D2-K1 {2}← {2}ICX-CONST-D1-K1 {3}\(renumbered, 9\d% same text\)\n {6}….*Điều \[-5-\]\{\+6\+\}/m);
  });

  it('reports an unreadable file and an unknown profile as errors (exit 1)', () => {
    const missing = diff('nope.md', 'KB-6839.md', ...opts);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error\[file_unreadable\]: cannot read nope\.md/);
    const profile = diff('KB-6839.rev6.md', 'KB-6839.md', '--profile', 'klingon', '--prefix', 'X');
    expect(profile.code).toBe(1);
    expect(profile.stderr).toMatch(/^error\[unknown_profile\]: unknown profile "klingon"/);
  });
});
