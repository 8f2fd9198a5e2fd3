import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Unit } from '../../src/cut/unit.js';
import type { HubUnit } from '../../src/discovery/facts.js';
import { endStateChecks } from '../../src/orchestrator/phases/verify.js';
import type { GateCheck } from '../../src/orchestrator/views.js';

/** G2's checks as they were first written, with a map or set of every id: the reference. */
function byMaps(planned: readonly Unit[], existing: readonly HubUnit[], readBack: readonly HubUnit[], touched: ReadonlySet<string>) {
  const byId = new Map(readBack.map((u) => [u.iuId, u]));
  const plannedIds = new Set(planned.map((u) => u.id));
  const seen = new Map(existing.map((u) => [u.iuId, u]));
  return {
    missing: planned.filter((u) => byId.get(u.id)?.status !== 'active').map((u) => u.id),
    wrongText: planned.filter((u) => { const r = byId.get(u.id); return r && r.contentSha256 !== u.sha256; }).map((u) => u.id),
    wrongPlace: planned.filter((u) => { const r = byId.get(u.id); return r && (r.ordinal !== u.ordinal || r.path !== u.path); }).map((u) => u.id),
    notRetired: existing.filter((u) => u.status === 'active' && !plannedIds.has(u.iuId)).map((u) => u.iuId).filter((id) => byId.get(id)?.status !== 'retired'),
    extra: readBack.filter((u) => u.status === 'active' && !plannedIds.has(u.iuId)).map((u) => u.iuId),
    changedElsewhere: readBack.filter((u) => !touched.has(u.iuId) && !plannedIds.has(u.iuId)).filter((u) => {
      const b = seen.get(u.iuId);
      return !b || b.contentSha256 !== u.contentSha256 || b.status !== u.status || b.path !== u.path || b.ordinal !== u.ordinal;
    }).map((u) => u.iuId),
  };
}

const cutUnit = (n: number, ordinal: number, sha: string): Unit => ({
  id: `U-${n}`, path: `${n}`, steps: [], level: 'clause', ordinal, heading: '', parentId: null, start: 0, end: 0, line: 1, column: 1, text: '', sha256: sha,
});
const hubUnit = (n: number, ordinal: number, sha: string, status: 'active' | 'retired'): HubUnit => ({
  iuId: `U-${n}`, documentId: 'D', prefix: 'U', path: `${n}`, ordinal, heading: '', body: '', contentSha256: sha, sourceRevision: 1, status,
});

/** A list of unique unit numbers, mostly in order, some dropped, some moved. */
const numbers = fc.tuple(fc.array(fc.boolean(), { maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }))
  .map(([keep, moves]) => {
    const ns = keep.flatMap((k, i) => (k ? [i] : []));
    for (const [from, to] of moves) if (ns.length > 1) ns.splice(to % ns.length, 0, ns.splice(from % ns.length, 1)[0]!);
    return ns;
  });

describe('endStateChecks (G2, position-first lookups)', () => {
  it('gives the checks the map-of-every-id reference gives, on generated lists', () => {
    const facts = fc.record({ sha: fc.constantFrom('a', 'b'), retired: fc.boolean(), ordinal: fc.integer({ min: 0, max: 2 }) });
    const factsOfEach = fc.array(facts, { minLength: 60, maxLength: 60 });
    fc.assert(fc.property(fc.tuple(numbers, numbers, numbers), factsOfEach, factsOfEach,
      ([p, e, r], fe, fr) => {
        const planned = p.map((n, i) => cutUnit(n, i + 1, 'a'));
        const existing = e.map((n, i) => hubUnit(n, i + 1 + fe[n]!.ordinal, fe[n]!.sha, fe[n]!.retired ? 'retired' : 'active'));
        const readBack = r.map((n, i) => hubUnit(n, i + 1 + fr[n]!.ordinal, fr[n]!.sha, fr[n]!.retired ? 'retired' : 'active'));
        const touched = new Set(r.filter((_, i) => i % 5 === 0).map((n) => `U-${n}`));
        const checks = endStateChecks(planned, existing, readBack, touched);
        const ref = byMaps(planned, existing, readBack, touched);
        const named = (name: string): GateCheck => checks.find((c) => c.name === name)!;
        // Each check passes when the reference finds nothing, and otherwise names the units it
        // found, in its order (the first five, then how many more).
        const names = (ids: readonly string[]) => (ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`);
        const expectCheck = (name: string, found: readonly string[], failure: string) => {
          expect(named(name).passed, name).toBe(found.length === 0);
          if (found.length > 0) expect(named(name).message, name).toBe(`${failure}: ${names(found)}`);
        };
        expectCheck('all-present', ref.missing, 'not active');
        expectCheck('text-matches', ref.wrongText, 'other text');
        expectCheck('order-matches', ref.wrongPlace, 'other path or ordinal');
        expectCheck('retired', ref.notRetired, 'still active');
        expectCheck('nothing-else', ref.extra, 'unplanned active units');
        expectCheck('untouched-unchanged', ref.changedElsewhere, 'changed outside the plan');
      }), { numRuns: 300 });
  });
});
