import { describe, expect, it } from 'vitest';
import type { BatchGateView } from '../../src/orchestrator/batch-views.js';
import type { BatchPlan } from '../../src/plan/batch-plan.js';
import { renderBatchGateMarkdown } from '../../src/render/batch-markdown.js';
import { MARKDOWN_CAP } from '../../src/render/markdown.js';
import { everyKind, PLAN, storm, view } from './fixtures.js';

function batchOf(n: number, changeset: (i: number) => ReturnType<typeof storm>): BatchGateView {
  const plans = Array.from({ length: n }, (_, i) => ({ ...PLAN, document: `KB-${7000 + i}`, prefix: `LAW-${i}` }));
  const plan: BatchPlan = { version: 1, mode: 'dryrun', source: 'embedded', approvals: {}, documents: plans };
  return {
    gate: 'SG_1', runId: 'run-50', plan, fingerprint: `sha256:${'ab'.repeat(32)}`,
    documents: plans.map((p, i) => view(changeset(i), { plan: p, runId: 'run-50', document: { id: p.document, title: `Law ${i}`, revision: 3 } })),
    others: [{ document: 'KB-7999', prefix: 'LAW-X', status: 'FAILED', phase: 'validate', gate: 'G1', error: { code: 'policy_gate_failed', message: 'gate G1 failed: 9 units (policy maxUnits 8)', refusal: true } }],
    notes: [],
  };
}

describe('the Markdown of a batch gate', () => {
  it('stays under 60,000 characters for 50 documents of 400 changes each, summary table first, and says what it left out', () => {
    const big = storm(400);
    const md = renderBatchGateMarkdown(batchOf(50, () => big));
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_CAP);
    const lines = md.split('\n');
    expect(lines[0]).toBe('### cutter SG_1: batch of 50 documents (mode `dryrun`)');
    // The table comes before any details, with a row per document (and the failed one named).
    const firstDetails = lines.findIndex((l) => l.startsWith('<details>'));
    const rows = lines.slice(0, firstDetails).filter((l) => /^\| KB-\d+ \|/u.test(l));
    expect(rows).toHaveLength(51);
    expect(rows.at(-1)).toContain('failed in validate (G1): policy\\_gate\\_failed');
    // Every document that got a section is folded; what did not fit is named with the way to see it.
    expect(md).toMatch(/more changes are not shown here|details of \d+ documents are not shown here/u);
    expect(md).toContain('cutter show run-50 --detail');
  });

  it('shows every document in full when they fit', () => {
    const md = renderBatchGateMarkdown(batchOf(3, () => everyKind()));
    expect(md.match(/<details><summary>KB-700\d <code>LAW-\d<\/code>/gu)).toHaveLength(3);
    expect(md).not.toContain('not shown here');
    expect(md).toContain('**1 document did not get through:**');
  });
});
