import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import { enLawShape, renderEnLaw } from './generated-en-law.js';

const en = getProfile('en-legal');

describe('en-legal on generated constitutions carrying link, ordinal, bold and tag decorations', () => {
  it('cuts exactly the units the generator wrote, at their lines, with unique ids, losslessly and without errors', () => {
    fc.assert(
      fc.property(enLawShape, (shape) => {
        const law = renderEnLaw(shape);
        const result = segment(law.text, en, { prefix: 'X', unit: 'clause' });
        expect(result.units.map((u) => u.text).join('')).toBe(law.text);
        expect(result.units.map((u) => u.path)).toEqual(law.paths);
        expect(result.units.map((u) => u.level)).toEqual(law.levels);
        expect(result.units.map((u) => u.line)).toEqual(law.lines);
        expect(new Set(result.units.map((u) => u.id)).size).toBe(result.units.length);
        for (const u of result.units) expect(u.sha256).toBe(createHash('sha256').update(u.text, 'utf8').digest('hex'));
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a coarser level keeps the same boundaries and ids minus the finer ones; amendments are cut with the articles', () => {
    fc.assert(
      fc.property(enLawShape, (shape) => {
        const { text } = renderEnLaw(shape);
        const fine = segment(text, en, { prefix: 'X', unit: 'clause' }).units;
        for (const [unit, dropped] of [['section', ['clause']], ['article', ['clause', 'section']], ['amendment', ['clause', 'section']]] as const) {
          const coarse = segment(text, en, { prefix: 'X', unit }).units;
          const kept = fine.filter((u) => !(dropped as readonly string[]).includes(String(u.level)));
          expect(coarse.map((u) => u.id)).toEqual(kept.map((u) => u.id));
          expect(coarse.map((u) => u.start)).toEqual(kept.map((u) => u.start));
        }
      }),
      { numRuns: 100 },
    );
  });
});
