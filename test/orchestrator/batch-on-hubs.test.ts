import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveReadOnlyDiscoverer } from '../../src/discovery/live-read-only-discoverer.js';
import { HubApprovalVerifier } from '../../src/hub/approval-documents.js';
import { BatchRunner } from '../../src/orchestrator/batch-runner.js';
import { DEFAULT_APPROVAL_QUERY } from '../../src/plan/config.js';
import type { BatchPlan } from '../../src/plan/batch-plan.js';
import type { Plan } from '../../src/plan/plan.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { describeEachEngine, type TestHub } from '../support/hubs.js';

const doc = (document: string, prefix: string, profile: string, policy: Partial<Plan['policy']> = {}): Plan => ({
  version: 1, document, prefix, mode: 'dryrun', source: 'hub', cut: { profile, unit: profile === 'markdown' ? 'h6' : 'clause' },
  policy: { maxUnits: 5000, maxRetireRatio: 0.2, ...policy }, approvals: {},
});

const batchOf = (securityPolicy: Partial<Plan['policy']> = {}): BatchPlan => ({
  version: 1, mode: 'dryrun', source: 'hub', approvals: {},
  documents: [doc('KB-6839', 'ICX-CONST', 'vn-legal'), doc('KB-6840', 'ICX-GOV', 'vn-legal'), doc('KB-6841', 'ICX-SEC', 'markdown', securityPolicy)],
});

const dirs: string[] = [];
afterAll(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/**
 * A batch of the three sample documents with discovery reading a real database, on each engine
 * (PGlite and the PostgreSQL server): one approval per gate closes all three; a document that
 * fails its policy stops alone, and once fixed in the hub, `resume` brings it level with the rest.
 */
await describeEachEngine('a batch over a database hub', (engine) => {
  let hub: TestHub;
  const unitsDigest = async (): Promise<unknown> =>
    (await hub.admin("SELECT md5(string_agg(u::text, '|' ORDER BY iu_id)) AS h FROM kb_information_units u"))[0]!['h'];
  const runner = (options: { verify?: boolean } = {}): BatchRunner => {
    const stateDir = mkdtempSync(join(tmpdir(), 'cutter-batch-hub-'));
    dirs.push(stateDir);
    return new BatchRunner({
      store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir), discoverer: new LiveReadOnlyDiscoverer(hub.select), parallel: 3,
      approvalVerifier: options.verify ? new HubApprovalVerifier(async () => hub.select, { query: DEFAULT_APPROVAL_QUERY, approvedStatuses: ['approved'] }, 'hub') : undefined,
    });
  };

  beforeAll(async () => {
    hub = await engine.open('batch');
  });
  afterAll(async () => hub?.close());

  it('one approval per gate passes all three documents to CLOSEOUT_REPORTED, and the hub is untouched', async () => {
    const before = await unitsDigest();
    const r = runner();
    const first = await r.cut(batchOf());
    expect(first.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(first.view!.documents.map((d) => [d.document.id, d.changeset.summary.add > 0 || d.changeset.summary.change > 0])).toEqual([
      ['KB-6839', true], ['KB-6840', true], ['KB-6841', true],
    ]);
    const second = await r.resume(first.state.runId, { approval: { id: 'KB-7101', gate: 'SG_1', fingerprint: first.state.fingerprint! } });
    expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    const third = await r.resume(first.state.runId, { approval: { id: 'KB-7102', gate: 'SG_2', fingerprint: second.state.fingerprint! } });
    expect(third.state.status).toBe('CLOSEOUT_REPORTED');
    expect(third.state.approvals).toHaveLength(2);
    expect(third.closeout!.report.closed.map((c) => [c.document.id, c.verification.passed])).toEqual([
      ['KB-6839', true], ['KB-6840', true], ['KB-6841', true],
    ]);
    expect(await unitsDigest()).toBe(before);
  });

  it('one document over its policy limit fails alone; the other two reach SG_2; fixed in the hub and resumed, all three close', async () => {
    const r = runner();
    const first = await r.cut(batchOf({ maxUnits: 8 })); // KB-6841 cuts into 9 units
    expect(first.state.batch!.documents.map((d) => d.status)).toEqual(['PAUSED', 'PAUSED', 'FAILED']);
    expect(first.state.batch!.documents[2]!.error).toMatchObject({ code: 'policy_gate_failed', refusal: true });
    const second = await r.resume(first.state.runId, { approval: { id: 'KB-7201' } });
    expect(second.state.batch!.documents.map((d) => `${d.status}:${d.gate}`)).toEqual(['PAUSED:SG_2', 'PAUSED:SG_2', 'FAILED:G1']);

    await hub.admin(
      "UPDATE kb_documents SET revision = revision + 1, body = regexp_replace(body, '### 3\\.3 .*?(?=## 4)', '', 's') WHERE id = 'KB-6841'",
    );
    const retried = await r.resume(first.state.runId);
    expect(retried.state).toMatchObject({ status: 'PAUSED', gate: 'SG_1' });
    expect(retried.view!.documents.map((d) => d.document.id)).toEqual(['KB-6841']);
    expect(retried.view!.documents[0]!.document.revision).toBe(6);
    const level = await r.resume(first.state.runId, { approval: { id: 'KB-7202' } });
    expect(level.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(level.view!.documents.map((d) => d.document.id)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    const done = await r.resume(first.state.runId, { approval: { id: 'KB-7203' } });
    expect(done.state.status).toBe('CLOSEOUT_REPORTED');
    expect(done.closeout!.report.closed).toHaveLength(3);
    expect(done.state.approvals.map((a) => a.gate)).toEqual(['SG_1', 'SG_1', 'SG_2']);
  });

  it('with approvals.verify, the one approval of a batch gate must be a decision document naming the batch fingerprint', async () => {
    const r = runner({ verify: true });
    const first = await r.cut(batchOf());
    const refused = await r.resume(first.state.runId, { approval: { id: 'KB-7601' } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'approval_unverified' });
    // A decision about one document's own fingerprint is not a decision about the batch.
    await hub.admin("INSERT INTO kb_documents (id, title, body, revision, status) VALUES ('KB-7601', 'Quyết định', $1, 1, 'approved')",
      [`Phê duyệt ${first.state.batch!.documents[0]!.fingerprint}`]);
    expect(await r.resume(first.state.runId, { approval: { id: 'KB-7601' } }).catch((e: unknown) => e)).toMatchObject({ code: 'approval_unverified' });
    await hub.admin("UPDATE kb_documents SET body = $1 WHERE id = 'KB-7601'", [`Hội đồng phê duyệt lô tại SG_1, fingerprint ${first.state.fingerprint}.`]);
    const passed = await r.resume(first.state.runId, { approval: { id: 'KB-7601' } });
    expect(passed.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
  });
});
