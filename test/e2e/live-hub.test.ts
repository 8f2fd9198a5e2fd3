import { afterAll, beforeAll, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import { cli, describeEachLiveEngine, nextApproval, readCloseout, runIdOf, unitRows, type LiveHub } from '../support/live-hubs.js';

/** The active units the document cuts into, as `unitRows` lists them. */
async function plannedRows(hub: LiveHub): Promise<string[]> {
  const [doc] = await hub.sql("SELECT body FROM kb_documents WHERE id = 'KB-6839'");
  return segment(String(doc!['body']), getProfile('vn-legal'), { prefix: 'ICX-CONST', unit: 'clause' }).units
    .map((u) => `${u.id} ${u.sha256} active ${u.path} ${u.ordinal}`)
    .sort();
}

// Live execution through the CLI, the same bodies on the embedded hub and on a real server
// (there read by a SELECT-only role and written by a writer role of its own).
await describeEachLiveEngine('live execution', (engine) => {
  let hub: LiveHub;
  beforeAll(async () => {
    hub = await engine.open({ execution: true });
  });
  afterAll(async () => hub?.close());

  it('applies, verifies by reading back, and afterwards plan and apply show no changes (exit 0)', async () => {
    const before = await unitRows(hub);
    const applied = cli(hub, ['apply', hub.plan]);
    expect(applied.code, applied.stderr).toBe(3);
    const runId = runIdOf(applied);
    expect(cli(hub, ['resume', runId, '--approval', nextApproval()]).code).toBe(3);
    const done = cli(hub, ['resume', runId, '--approval', nextApproval()]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Execution token [0-9a-f-]{36} \(\d+ inserted, \d+ updated, \d+ retired\); enabled by config\./u);

    const report = readCloseout(hub, runId) as { execution: { token: string; applied: number; enabledBy: string[] }; verification: { passed: boolean; checks: { name: string; passed: boolean }[] } };
    expect(report.execution.enabledBy).toEqual(['config']);
    expect(report.execution.applied).toBeGreaterThan(0);
    expect(report.verification.passed).toBe(true);
    expect(report.verification.checks.map((c) => c.name)).toContain('untouched-unchanged');
    const [journal] = await hub.sql('SELECT token, applied FROM cutter_executions');
    expect(journal).toMatchObject({ token: report.execution.token, applied: report.execution.applied });

    const after = await unitRows(hub);
    // Exactly the cut active, retirements kept (never deleted), no other row added.
    expect(after.rows.filter((r) => r.includes(' active '))).toEqual(await plannedRows(hub));
    expect(after.total).toBe(before.total + after.rows.length - before.rows.length);
    expect(after.rows.filter((r) => r.includes(' retired ')).length).toBeGreaterThan(0);

    const plan = cli(hub, ['plan', hub.plan]);
    expect(plan.code, plan.stdout).toBe(0);
    const again = cli(hub, ['apply', hub.plan, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).closeout.execution).toMatchObject({ applied: 0, token: null });
    expect(await unitRows(hub)).toEqual(after);
  });

  it('a document revised between SG_2 and execute makes the run STALE (exit 4), nothing written', async () => {
    await hub.sql("UPDATE kb_documents SET body = body || E'\\n\\n### Điều 300. Mới\\n\\n1. Nội dung mới.\\n' WHERE id = 'KB-6839'");
    const applied = cli(hub, ['apply', hub.plan]);
    const runId = runIdOf(applied);
    expect(cli(hub, ['resume', runId, '--approval', nextApproval()]).code).toBe(3);
    const before = await unitRows(hub);
    await hub.sql("UPDATE kb_documents SET revision = revision + 1, body = body || E'\\nThêm.\\n' WHERE id = 'KB-6839'");
    const stale = cli(hub, ['resume', runId, '--approval', nextApproval(), '--json']);
    expect(stale.code, stale.stderr).toBe(4);
    expect(JSON.parse(stale.stdout).run).toMatchObject({ status: 'STALE' });
    expect(await unitRows(hub)).toEqual(before);
  });
});
