import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedHub } from '../../src/hub/embedded-hub.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { cutter } from '../support/cli.js';
import { makeProject, REPO, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// approvals.verify: an approval id must name a decision document in the hub, approved, about
// what the gate shows. Through the CLI on the embedded hub, the documents written as a team would.
describe('approvals verified against the hub', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('cutter.config.yaml', `${readFileSync(join(project.dir, 'cutter.config.yaml'), 'utf8')}approvals:\n  verify: {}\n`);
    project.write('plans/icx.yaml', SAMPLE_PLAN);
  });
  afterAll(() => project.remove());
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });
  const stateFile = (runId: string) => join(project.dir, '.cutter', 'runs', runId, 'state.json');
  const hubSql = async (sql: string, params: unknown[]): Promise<void> => {
    const hub = await openEmbeddedHub({ dir: project.hubDir, seedDir: join(REPO, 'examples', 'hub'), schemaFile: join(SCHEMAS_DIR, 'hub.sql') });
    try { await hub.db.query(sql, params); } finally { await hub.close(); }
  };
  const decision = (id: string, status: string, body: string) => hubSql(
    "INSERT INTO kb_documents (id, title, body, revision, status, updated_at) VALUES ($1, 'Quyết định', $2, 1, $3, now()) " +
      'ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, status = EXCLUDED.status', [id, body, status]);

  it('refuses an id with no document, a draft, and a decision about something else; passes the one about this gate', async () => {
    const applied = run('apply', 'plans/icx.yaml', '--json');
    expect(applied.code).toBe(3);
    const { run: paused } = JSON.parse(applied.stdout) as { run: { runId: string; fingerprint: string } };
    const before = readFileSync(stateFile(paused.runId));

    const missing = run('resume', paused.runId, '--approval', 'KB-7001');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('error[approval_unverified]: approval KB-7001 was not verified: approvals.verify.query finds no document KB-7001 in source embedded; nothing was recorded');

    await decision('KB-7001', 'draft', `Phê duyệt SG_1: ${paused.fingerprint}`);
    const draft = run('resume', paused.runId, '--approval', 'KB-7001');
    expect(draft.code).toBe(4);
    expect(draft.stderr).toContain('document KB-7001 has status "draft", not one that records a decision (approved)');

    await decision('KB-7001', 'approved', 'Phê duyệt một việc khác.');
    const unrelated = run('resume', paused.runId, '--approval', 'KB-7001');
    expect(unrelated.code).toBe(4);
    expect(unrelated.stderr).toContain(`document KB-7001 names neither the fingerprint SG_1 shows (${paused.fingerprint}) nor run ${paused.runId} with SG_1`);
    expect(readFileSync(stateFile(paused.runId))).toEqual(before);

    await decision('KB-7001', 'approved', `Hội đồng phê duyệt thay đổi tại SG_1, fingerprint ${paused.fingerprint}.`);
    const passed = run('resume', paused.runId, '--approval', 'KB-7001');
    expect(passed.code, passed.stderr).toBe(3);
    // Naming the run and the gate is enough too.
    await decision('KB-7002', 'approved', `Phê duyệt SG_2 của lượt chạy ${paused.runId}.`);
    expect(run('resume', paused.runId, '--approval', 'KB-7002').code).toBe(0);
  });

  it('doctor checks the approvals query', () => {
    const r = run('doctor', '--json');
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout) as { sources: { checks: { check: string; status: string }[] }[] };
    expect(report.sources[0]!.checks).toContainEqual(expect.objectContaining({ check: 'approvals', status: 'ok' }));
  });
});
