import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import type { HubUnit } from '../../src/discovery/facts.js';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import type { Plan } from '../../src/plan/plan.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';

const PLAN: Plan = {
  version: 1, document: 'KB-1', prefix: 'LAW', mode: 'dryrun', source: 'embedded',
  cut: { profile: 'vn-legal', unit: 'clause' }, policy: { maxUnits: 5000, maxRetireRatio: 0.2 }, approvals: {},
};

const article = (n: number, title: string) =>
  `### Điều ${n}. ${title}\n\n1. Nội dung thứ nhất của quy định về ${title.toLowerCase()}.\n\n2. Nội dung thứ hai của quy định về ${title.toLowerCase()}, áp dụng cho toàn Công ty.\n\n`;
const law = (titles: string[]) => `# Quy chế\n\n${titles.map((t, i) => article(i + 1, t)).join('')}`;
const TITLES = ['Phạm vi điều chỉnh', 'Đối tượng áp dụng', 'Giải thích từ ngữ', 'Nguyên tắc chung', 'Trách nhiệm thi hành', 'Khen thưởng', 'Kỷ luật', 'Hiệu lực'];

/** The hub as an earlier run left it: the units of `text`, active. */
function hubOf(text: string): InMemoryDiscoverer {
  const units: HubUnit[] = segment(text, getProfile('vn-legal'), { prefix: 'LAW', unit: 'clause' }).units.map((u) => ({
    iuId: u.id, documentId: 'KB-1', prefix: 'LAW', path: u.path, ordinal: u.ordinal, heading: u.heading,
    body: u.text, contentSha256: u.sha256, sourceRevision: 1, status: 'active',
  }));
  return new InMemoryDiscoverer({ documents: [{ id: 'KB-1', title: 'Quy chế', body: text, revision: 1, status: 'published' }], units });
}

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('a run whose changeset renumbers units', () => {
  it('an article inserted at the top executes as updates of reused ids and verifies (G2)', async () => {
    const live = hubOf(law(TITLES));
    // Revision 2 inserts a new first article: every other article moves down one number.
    const revised = law(['Mục đích ban hành', ...TITLES]);
    live.putDocument({ id: 'KB-1', title: 'Quy chế', body: revised, revision: 2, status: 'published' });
    const dir = mkdtempSync(join(tmpdir(), 'cutter-renumber-'));
    dirs.push(dir);
    const runner = new OrchestratorRunner({ store: new FileStateStore(dir), reporter: new DryRunReporter(dir), discoverer: live });

    const sg1 = await runner.cut(PLAN);
    expect(sg1.state.status).toBe('PAUSED');
    const { summary } = sg1.view!.changeset;
    expect(summary.renumber).toBeGreaterThanOrEqual(TITLES.length);
    expect(summary.change).toBe(0);

    const sg2 = await runner.resume(sg1.state.runId, { approval: { id: 'KB-1' } });
    const ops = sg2.view!.operations!;
    // The top ids are taken over by other text: updated in place, never inserted over or retired.
    expect(ops.find((o) => o.iuId === 'LAW-D1')).toMatchObject({ op: 'update' });
    expect(ops.filter((o) => o.op === 'retire')).toEqual([]);
    expect(ops.filter((o) => o.op === 'insert').map((o) => o.iuId)).toEqual(['LAW-D9', 'LAW-D9-K1', 'LAW-D9-K2']);

    const done = await runner.resume(sg1.state.runId, { approval: { id: 'KB-2' } });
    expect(done.state.status).toBe('CLOSEOUT_REPORTED');
    expect(done.closeout!.report.verification.passed).toBe(true);
  });
});
