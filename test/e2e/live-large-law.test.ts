import { afterAll, beforeAll, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import { cli, describeEachLiveEngine, nextApproval, readCloseout, runIdOf, unitRows, type LiveHub } from '../support/live-hubs.js';

const ARTICLES = 210;

/** A law of `labels.length` articles; each label keeps its text when its article is renumbered. */
function law(labels: readonly string[], edited: string | null): string {
  const articles = labels.map((label, i) => {
    const clauses = label === 'NEW' ? 2 : (Number(label.slice(1)) % 3) + 1;
    const body = Array.from({ length: clauses }, (_, j) =>
      `${j + 1}. Nội dung khoản ${j + 1} của quy định ${label}${label === edited && j === 1 ? ', đã được sửa đổi bổ sung' : ''}.`);
    return `### Điều ${i + 1}. Quy định ${label}\n\n${body.join('\n\n')}\n`;
  });
  return `# Luật thử nghiệm\n\n${articles.join('\n')}`;
}

const cut = (text: string) => segment(text, getProfile('vn-legal'), { prefix: 'LAW', unit: 'clause' }).units;

// A real-world-size revision applied live: the first revision is in the hub (as an earlier run
// wrote it); the second inserts an article near the top and edits one clause. Afterwards the hub
// holds exactly the new cut: renumbered ids updated in place, nothing duplicated, what no text
// takes over retired.
await describeEachLiveEngine('a 210-article law revised and applied live', (engine) => {
  let hub: LiveHub;
  const labels = Array.from({ length: ARTICLES }, (_, i) => `M${i + 1}`);
  const rev1 = law(labels, null);
  const rev2 = law([...labels.slice(0, 2), 'NEW', ...labels.slice(2)], 'M100');
  beforeAll(async () => {
    hub = await engine.open({ execution: true });
    const units = cut(rev1).map((u) => ({
      iu_id: u.id, document_id: 'KB-9100', prefix: 'LAW', path: u.path, ordinal: u.ordinal, heading: u.heading,
      body: u.text, content_sha256: u.sha256, source_revision: 1, status: 'active',
    }));
    await hub.sql("INSERT INTO kb_documents (id, title, body, revision) VALUES ('KB-9100', 'Luật thử nghiệm', $1, 2)", [rev2]);
    await hub.sql(
      `INSERT INTO kb_information_units (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status)
       SELECT iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status
       FROM jsonb_to_recordset($1::jsonb) AS u(iu_id text, document_id text, prefix text, path text, ordinal int, heading text,
         body text, content_sha256 text, source_revision int, status text)`,
      [JSON.stringify(units)],
    );
    hub.project.write('plans/law.yaml', [
      'version: 1', 'document: KB-9100', 'prefix: LAW', 'mode: live', `source: ${engine.name === 'pglite' ? 'embedded' : 'hub'}`,
      'cut:', '  profile: vn-legal', '  unit: clause', '',
    ].join('\n'));
  });
  afterAll(async () => hub?.close());

  it('leaves exactly the new cut in the hub', async () => {
    const before = await unitRows(hub, 'KB-9100');
    const oldIds = new Set(cut(rev1).map((u) => u.id));
    expect(oldIds.size).toBeGreaterThan(400);

    const applied = cli(hub, ['apply', 'plans/law.yaml']);
    expect(applied.code, applied.stderr).toBe(3);
    expect(applied.stdout).toMatch(/Plan: 3 to add, \d+ to change, [1-9]\d+ renumbered/u);
    const runId = runIdOf(applied);
    expect(cli(hub, ['resume', runId, '--approval', nextApproval()]).code).toBe(3);
    const done = cli(hub, ['resume', runId, '--approval', nextApproval()]);
    expect(done.code, done.stderr).toBe(0);
    expect(readCloseout(hub, runId)).toMatchObject({ verification: { passed: true } });

    const planned = cut(rev2);
    const newIds = new Set(planned.map((u) => u.id));
    const after = await unitRows(hub, 'KB-9100');
    expect(after.rows.filter((r) => r.includes(' active '))).toEqual(
      planned.map((u) => `${u.id} ${u.sha256} active ${u.path} ${u.ordinal}`).sort(),
    );
    // One row per id ever used: the renumbered ids were updated in place, not added again.
    expect(after.rows.length).toBe(new Set([...oldIds, ...newIds]).size);
    expect(after.total - before.total).toBe(after.rows.length - before.rows.length);
    const retired = [...oldIds].filter((id) => !newIds.has(id)).sort();
    expect(retired.length).toBeGreaterThan(0);
    expect(after.rows.filter((r) => r.includes(' retired ')).map((r) => r.split(' ')[0])).toEqual(retired);

    expect(cli(hub, ['plan', 'plans/law.yaml']).code).toBe(0);
  });
});
