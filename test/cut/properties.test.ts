import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCustomRules } from '../../src/cut/profiles/custom.js';
import { getProfile, profileNames } from '../../src/cut/profiles/index.js';
import type { Profile } from '../../src/cut/profiles/profile.js';
import { segment } from '../../src/cut/segment.js';
import type { SegmentResult } from '../../src/cut/unit.js';
import { fragments, lawShape, renderLaw } from './generated-law.js';

const custom = compileCustomRules([
  { level: 'chapter', pattern: '^(?:Chương|CHAPTER) (?<num>[IVX]+)', token: 'C{num}', container: true },
  { level: 'article', pattern: '^(?:Điều|Article) (?<num>\\d+)', token: 'A{num}', parent: 'chapter' },
]).profile!;
const allProfiles: Profile[] = [...profileNames.map(getProfile), custom];

/** The invariants every cut holds, whatever the input. */
function expectWellFormed(text: string, result: SegmentResult): void {
  const { units } = result;
  expect(units.map((u) => u.text).join('')).toBe(text);
  let offset = 0;
  let line = 1;
  units.forEach((u, i) => {
    expect(u.start).toBe(offset);
    expect(u.text).toBe(text.slice(u.start, u.end));
    expect(u.ordinal).toBe(i + 1);
    expect(u.sha256).toBe(createHash('sha256').update(u.text, 'utf8').digest('hex'));
    expect(u.id).toBe(`X-${u.path}`);
    expect(u.id).toMatch(/^[A-Za-z0-9-]+$/);
    expect(u.line).toBeGreaterThanOrEqual(line);
    if (u.parentId !== null) expect(units.slice(0, i).some((p) => p.id === u.parentId)).toBe(true);
    offset = u.end;
    line = u.line;
  });
  expect(offset).toBe(text.length);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
}

describe('cut properties', () => {
  it('any text, any profile: lossless, contiguous, hashed, deterministic, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fragments, fc.string({ unit: 'binary', maxLength: 200 })), fc.constantFrom(...allProfiles), (text, profile) => {
        const once = segment(text, profile, { prefix: 'X' });
        expectWellFormed(text, once);
        // Through JSON, so that the derived fields (text, sha256, heading, steps) are compared too.
        expect(JSON.parse(JSON.stringify(segment(text, profile, { prefix: 'X' })))).toEqual(JSON.parse(JSON.stringify(once)));
      }),
      { numRuns: 400 },
    );
  });

  it('a generated law: exactly the units the generator wrote, at its lines, with unique ids and no errors', () => {
    fc.assert(
      fc.property(lawShape, (shape) => {
        const law = renderLaw(shape);
        const result = segment(law.text, getProfile('vn-legal'), { prefix: 'X', unit: 'point' });
        expectWellFormed(law.text, result);
        expect(result.units.map((u) => u.path)).toEqual(law.paths);
        expect(result.units.map((u) => u.line)).toEqual(law.lines);
        expect(new Set(result.units.map((u) => u.id)).size).toBe(result.units.length);
        const count = (level: string): number => result.units.filter((u) => u.level === level).length;
        for (const level of ['chapter', 'article', 'clause', 'point']) expect(count(level)).toBe(law.levels[level]);
        expect(result.units.filter((u) => u.level === 'article').map((u) => u.heading)).toEqual(law.articleHeadings);
        expect(result.diagnostics.map((d) => d.code)).toEqual(shape.trapTable ? ['marker_in_table'] : []);
      }),
      { numRuns: 300 },
    );
  });

  it('a coarser unit level gives the same boundaries minus the finer ones', () => {
    fc.assert(
      fc.property(lawShape, (shape) => {
        const { text } = renderLaw(shape);
        const vn = getProfile('vn-legal');
        const fine = segment(text, vn, { prefix: 'X', unit: 'point' }).units;
        const coarse = segment(text, vn, { prefix: 'X', unit: 'article' }).units;
        expect(coarse.map((u) => u.start)).toEqual(fine.filter((u) => u.level !== 'clause' && u.level !== 'point').map((u) => u.start));
        expect(coarse.map((u) => u.id)).toEqual(fine.filter((u) => u.level !== 'clause' && u.level !== 'point').map((u) => u.id));
      }),
      { numRuns: 100 },
    );
  });
});
