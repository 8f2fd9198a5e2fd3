import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhaseContext } from '../../src/orchestrator/phase.js';
import { identify, type IdentifyResult } from '../../src/orchestrator/phases/identify.js';

/** The straightforward form identify had before it was made allocation-light: the reference. */
function reference(units: readonly { id: string; line: number }[]): IdentifyResult {
  const byId = new Map<string, number[]>();
  const byFolded = new Map<string, Set<string>>();
  for (const u of units) {
    byId.set(u.id, [...(byId.get(u.id) ?? []), u.line]);
    const folded = u.id.toUpperCase();
    byFolded.set(folded, (byFolded.get(folded) ?? new Set()).add(u.id));
  }
  return {
    count: units.length,
    duplicates: [...byId].filter(([, lines]) => lines.length > 1).map(([id, lines]) => ({ id, lines })),
    collisions: [...byFolded.values()].filter((s) => s.size > 1).map((s) => ({ ids: [...s].sort() })),
    malformed: [...byId.keys()].filter((id) => !/^[A-Za-z0-9-]+$/.test(id)),
  };
}

describe('identify', () => {
  it('reports what the reference reports, in the same order (generated ids with clashes)', async () => {
    // Few distinct letters, so duplicates and case-only differences are common.
    const id = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '-', '1', 'ß', ' '), minLength: 1, maxLength: 4 });
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ id, line: fc.nat(1000) }), { maxLength: 60 }), async (units) => {
      const ctx = { result: () => Promise.resolve({ units }) } as unknown as PhaseContext;
      const { result } = await identify.run(ctx);
      expect(result).toEqual(reference(units));
    }), { numRuns: 500 });
  });
});
