import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPlanYaml } from '../support/batch.js';
import { cutter } from '../support/cli.js';
import { postgresEngine, type TestHub } from '../support/hubs.js';
import { pgServer } from '../support/pg.js';
import { makeProject, type TestProject } from '../support/project.js';

const server = await pgServer();

const BATCH = batchPlanYaml('hub');

// A batch of three through the CLI with discovery on the real PostgreSQL server: one approval per
// gate closes all three, and the hub is as it was (a dry run).
describe.skipIf(!server)('cutter apply / resume of a batch on a PostgreSQL source', () => {
  let project: TestProject;
  let hub: TestHub;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => cutter(args, { cwd: project.dir, env });
  const unitsDigest = async (): Promise<unknown> =>
    (await hub.admin("SELECT md5(string_agg(u::text, '|' ORDER BY iu_id)) AS h FROM kb_information_units u"))[0]!['h'];

  beforeAll(async () => {
    hub = await postgresEngine.open('batch_cli');
    env = { HUB_URL: hub.url! };
    project = makeProject();
    project.write('cutter.config.yaml', 'version: 1\nsources:\n  hub:\n    kind: postgres\n    urlEnv: HUB_URL\n');
    project.write('plans/batch.yaml', BATCH);
  });
  afterAll(async () => {
    project?.remove();
    await hub?.close();
  });

  it('one approval per gate closes all three documents; the hub is untouched', async () => {
    const before = await unitsDigest();
    const applied = run('apply', 'plans/batch.yaml', '--parallel', '3');
    expect(applied.code, applied.stderr).toBe(3);
    expect(applied.stdout).toMatch(/KB-6840 +ICX-GOV +4 +1 +3 +0 +18 +at SG_1/u);
    const runId = /cutter resume (\S+) --approval KB-NNNN --gate SG_1 /u.exec(applied.stdout)![1]!;
    expect(run('resume', runId, '--approval', 'KB-7001').code).toBe(3);
    const done = run('resume', runId, '--approval', 'KB-7002', '--json');
    expect(done.code, done.stderr).toBe(0);
    const outcome = JSON.parse(done.stdout.trim().split('\n').at(-1)!);
    expect(outcome).toMatchObject({ type: 'outcome', exit_code: 0, run: { status: 'CLOSEOUT_REPORTED', approvals: [{ gate: 'SG_1', id: 'KB-7001' }, { gate: 'SG_2', id: 'KB-7002' }] } });
    expect(outcome.closeout.closed.map((c: { document: { id: string } }) => c.document.id)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    const report = readFileSync(join(project.dir, '.cutter', 'reports', runId, 'closeout.md'), 'utf8');
    expect(report).toContain('3 closed, 0 not closed');
    expect(await unitsDigest()).toBe(before);
  });
});
