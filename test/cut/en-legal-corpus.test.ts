import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { finestRuleIndex } from '../../src/cut/profiles/profile.js';
import { segment } from '../../src/cut/segment.js';

/**
 * Real English legal Markdown, cut exactly: for every document of the corpus and every unit
 * level it has, the units per level equal the ground truth counted by reading
 * (fixtures/en-legal-corpus/ground-truth.json), the ids are unique (but for the duplicates the
 * document itself prints), and the cut is lossless. Documents that are not public domain are
 * not kept in the repository: their test runs when the file is in CUTTER_EN_CORPUS_DIR and is
 * skipped otherwise. Nothing is fetched.
 */

interface Truth {
  readonly file: string;
  readonly kept: boolean;
  readonly source: { readonly repo: string; readonly path: string; readonly commit: string };
  readonly counts: Readonly<Record<string, number>>;
  readonly levels: readonly string[];
  readonly ids: readonly string[];
  readonly errors: Readonly<Record<string, readonly string[]>>;
}

const corpus = join(import.meta.dirname, 'fixtures', 'en-legal-corpus');
const truths = (JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as { documents: Truth[] }).documents;
const en = getProfile('en-legal');

function pathOf(truth: Truth): string | undefined {
  if (truth.kept) return join(corpus, truth.file);
  const dir = process.env['CUTTER_EN_CORPUS_DIR'];
  return dir !== undefined && existsSync(join(dir, truth.file)) ? join(dir, truth.file) : undefined;
}

describe('the en-legal corpus', () => {
  it('holds documents from several sources and conversion styles, the public-domain ones kept', () => {
    expect(truths.length).toBeGreaterThanOrEqual(8);
    expect(new Set(truths.map((t) => t.source.repo)).size).toBeGreaterThanOrEqual(5);
    for (const t of truths.filter((x) => x.kept)) expect(existsSync(join(corpus, t.file)), t.file).toBe(true);
  });

  for (const truth of truths) {
    const path = pathOf(truth);
    describe.skipIf(path === undefined)(`${truth.file} (${truth.source.repo})`, () => {
      const text = path === undefined ? '' : readFileSync(path, 'utf8');

      it.each(truth.levels.map((l) => [l]))('cut at --unit %s: the counts of the ground truth, unique ids, lossless', (unit) => {
        const { units, diagnostics } = segment(text, en, { prefix: 'X', unit });
        expect(units.map((u) => u.text).join('')).toBe(text);
        const finest = finestRuleIndex(en.rules, unit);
        const expected = Object.fromEntries(Object.entries(truth.counts).filter(([level]) => en.rules.findIndex((r) => r.level === level) <= finest));
        const counts: Record<string, number> = {};
        for (const u of units) if (u.level !== 'preamble') counts[String(u.level)] = (counts[String(u.level)] ?? 0) + 1;
        expect(counts).toEqual(expected);
        const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${/X-([A-Z0-9-]+)/u.exec(d.message)?.[1] ?? ''}`);
        expect(errors).toEqual(truth.errors[unit] ?? []);
        const duplicates = errors.length;
        expect(new Set(units.map((u) => u.id)).size).toBe(units.length - duplicates);
      });

      it('gives the ids the ground truth names', () => {
        const ids = new Set(segment(text, en, { prefix: 'X', unit: truth.levels[truth.levels.length - 1] }).units.map((u) => u.path));
        for (const id of truth.ids) expect(ids.has(id), id).toBe(true);
      });
    });
  }
});
