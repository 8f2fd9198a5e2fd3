import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import type { HubUnit } from '../../src/discovery/facts.js';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { diffUnits } from '../../src/diff/diff-units.js';
import { SimulatorExecutor } from '../../src/orchestrator/executor.js';
import { operationsFor } from '../../src/orchestrator/operations.js';
import { activeRecords, fromCut } from '../../src/orchestrator/unit-records.js';

// What execution really runs (operationsFor + the guarded executor), not a model of it: applied
// to the hub holding revision A, it must leave exactly the units of revision B active.
const SUBJECTS = ['phạm vi', 'đối tượng', 'giải thích', 'nguyên tắc', 'trách nhiệm', 'khen thưởng', 'kỷ luật', 'hiệu lực', 'cổ đông', 'vốn', 'hội đồng', 'kiểm soát'];
const article = (n: number, subject: string, edited: boolean) =>
  `### Điều ${n}. Quy định về ${subject}\n\n1. Nội dung thứ nhất về ${subject}${edited ? ' đã được sửa đổi' : ''}.\n\n2. Nội dung thứ hai về ${subject}, áp dụng chung.\n\n`;
const law = (articles: readonly { subject: string; edited: boolean }[]) =>
  `# Quy chế\n\n${articles.map((a, i) => article(i + 1, a.subject, a.edited)).join('')}`;
const cut = (text: string) => segment(text, getProfile('vn-legal'), { prefix: 'LAW', unit: 'clause' }).units;

function hubOf(text: string): InMemoryDiscoverer {
  const units: HubUnit[] = cut(text).map((u) => ({
    iuId: u.id, documentId: 'KB-1', prefix: 'LAW', path: u.path, ordinal: u.ordinal, heading: u.heading,
    body: u.text, contentSha256: u.sha256, sourceRevision: 1, status: 'active',
  }));
  return new InMemoryDiscoverer({ documents: [{ id: 'KB-1', title: 'Quy chế', body: text, revision: 1, status: 'published' }], units });
}

const revision = fc.array(fc.record({ subject: fc.constantFrom(...SUBJECTS), edited: fc.boolean() }), { minLength: 1, maxLength: 8 });
// Each execution has its own journal token, as each run's execute phase gives it.
let seq = 0;

describe('operationsFor through the executor', () => {
  it('turns revision A into revision B: deletions, insertions, renumbers and edits anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(revision, revision, async (a, b) => {
        const [textA, textB] = [law(a), law(b)];
        const hub = hubOf(textA);
        const existing = activeRecords(await hub.readUnits('KB-1', 'LAW'));
        const target = cut(textB).map(fromCut);
        const ops = operationsFor(diffUnits(existing, target));
        await new SimulatorExecutor(hub).execute({ documentId: 'KB-1', prefix: 'LAW', sourceRevision: 1, operations: ops, token: `t-${seq++}`, operationsFingerprint: 'sha256:x' });
        const active = (await hub.readUnits('KB-1', 'LAW')).filter((u) => u.status === 'active');
        expect(active.map((u) => [u.iuId, u.contentSha256, u.ordinal, u.path])).toEqual(target.map((u) => [u.id, u.sha256, u.ordinal, u.path]));
        // Replaying the same operations changes nothing and applies nothing.
        const again = await new SimulatorExecutor(hub).execute({ documentId: 'KB-1', prefix: 'LAW', sourceRevision: 1, operations: ops, token: `t-${seq++}`, operationsFingerprint: 'sha256:x' });
        expect(again.every((o) => o.outcome === 'skipped')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('deleting the first article renumbers the rest onto reused ids without retiring them', async () => {
    const a = SUBJECTS.slice(0, 5).map((subject) => ({ subject, edited: false }));
    const hub = hubOf(law(a));
    const ops = operationsFor(diffUnits(activeRecords(await hub.readUnits('KB-1', 'LAW')), cut(law(a.slice(1))).map(fromCut)));
    expect(ops.filter((o) => o.op === 'retire').map((o) => o.iuId)).toEqual(['LAW-D5', 'LAW-D5-K1', 'LAW-D5-K2']);
    expect(ops.find((o) => o.iuId === 'LAW-D1')).toMatchObject({ op: 'update' });
  });
});
