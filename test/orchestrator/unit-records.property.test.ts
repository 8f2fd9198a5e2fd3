import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileFor } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import type { HubUnit } from '../../src/discovery/facts.js';
import { activeRecords, fromCut, fromHub } from '../../src/orchestrator/unit-records.js';
import { lawShape, renderLaw } from '../cut/generated-law.js';
import { ICX_PLAN } from '../support/project.js';

const FIELDS = ['id', 'path', 'ordinal', 'heading', 'body', 'sha256'] as const;

describe('unit records (views of the units, not copies)', () => {
  it('read and serialise as the plain records they replace (generated laws)', () => {
    fc.assert(fc.property(lawShape, fc.nat(6), (shape, retiredEvery) => {
      const units = segment(renderLaw(shape).text, profileFor(ICX_PLAN.cut), { prefix: 'GEN', unit: ICX_PLAN.cut.unit }).units;
      const hub: HubUnit[] = units.map((u, i) => ({
        iuId: u.id, documentId: 'KB-1', prefix: 'GEN', path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.text,
        contentSha256: u.sha256, sourceRevision: 1, status: retiredEvery > 0 && i % retiredEvery === 0 ? 'retired' : 'active',
      }));
      for (const u of units) {
        const plain = { id: u.id, path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.text, sha256: u.sha256 };
        const r = fromCut(u);
        expect(Object.fromEntries(FIELDS.map((f) => [f, r[f]]))).toEqual(plain);
        expect(JSON.stringify(r)).toBe(JSON.stringify(plain));
      }
      const active = activeRecords(hub);
      expect(active.map((r) => JSON.stringify(r))).toEqual(hub.filter((u) => u.status === 'active').map((u) => JSON.stringify({
        id: u.iuId, path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.body, sha256: u.contentSha256,
      })));
      for (const u of hub) expect(fromHub(u).sha256).toBe(u.contentSha256);
    }), { numRuns: 30 });
  });
});
