import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HubDocument, HubUnit } from '../../src/discovery/facts.js';
import { digestOf } from '../../src/discovery/discoverer.js';
import { driftOutside, takeSnapshot } from '../../src/orchestrator/phases/snapshot.js';

const document: HubDocument = { id: 'D', title: 'T', body: 'text', revision: 1, status: 'published' };

const unit = (i: number, sha: string, status: 'active' | 'retired', ordinal: number): HubUnit => ({
  iuId: `U-${i}`, documentId: 'D', prefix: 'U', path: String(i), ordinal, heading: '', body: '', contentSha256: sha, sourceRevision: 1, status,
});

/** What drift outside means, said the slow way: the untouched units' rows differ as sets. */
function rowsDiffer(a: readonly HubUnit[], b: readonly HubUnit[], touched: ReadonlySet<string>): boolean {
  const rows = (units: readonly HubUnit[]) => units.filter((u) => !touched.has(u.iuId))
    .map((u) => JSON.stringify([u.iuId, u.contentSha256, u.status, u.ordinal])).sort().join('\n');
  return rows(a) !== rows(b);
}

describe('driftOutside', () => {
  it('finds drift exactly when the untouched units differ, in whatever order the hub gives them', () => {
    const row = fc.record({ sha: fc.constantFrom('a', 'b'), retired: fc.boolean(), ordinal: fc.integer({ min: 1, max: 3 }) });
    fc.assert(fc.property(
      fc.array(row, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('sha', 'status', 'ordinal', 'drop', 'swap')), { maxLength: 3 }),
      fc.array(fc.nat(), { maxLength: 3 }),
      (rows, edits, touchedAt) => {
        const then = rows.map((r, i) => unit(i, r.sha, r.retired ? 'retired' : 'active', r.ordinal));
        const now = [...then];
        for (const [at, what] of edits) {
          if (now.length === 0) break;
          const i = at % now.length;
          const u = now[i]!;
          if (what === 'sha') now[i] = { ...u, contentSha256: `${u.contentSha256}x` };
          else if (what === 'status') now[i] = { ...u, status: u.status === 'active' ? 'retired' : 'active' };
          else if (what === 'ordinal') now[i] = { ...u, ordinal: u.ordinal + 1 };
          else if (what === 'drop') now.splice(i, 1);
          else now.splice(i, 1), now.unshift(u);
        }
        const touched = new Set(touchedAt.filter((t) => t < then.length).map((t) => then[t]!.iuId));
        const reasons = driftOutside(takeSnapshot(document, then), then, digestOf(document), now, touched);
        expect(reasons.length > 0).toBe(rowsDiffer(then, now, touched));
      },
    ), { numRuns: 300 });
  });
});
