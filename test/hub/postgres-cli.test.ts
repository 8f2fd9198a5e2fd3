import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { postgresEngine, type TestHub } from '../support/hubs.js';
import { pgServer } from '../support/pg.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

const SECRET = 'cli-pw-Q4v';
const server = await pgServer();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// The governed flow through the CLI with discovery on a real PostgreSQL hub: the same outcome as
// on the embedded hub, the hub untouched, and the password in no output, state or report file.
describe.skipIf(!server)('cutter plan / apply / resume on a PostgreSQL source', () => {
  let project: TestProject;
  let hub: TestHub;
  let env: NodeJS.ProcessEnv;
  const outputs: string[] = [];
  const run = (...args: string[]) => {
    const r = cutter(args, { cwd: project.dir, env });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const unitsDigest = async (): Promise<unknown> =>
    (await hub.admin("SELECT md5(string_agg(u::text, '|' ORDER BY iu_id)) AS h FROM kb_information_units u"))[0]!['h'];

  beforeAll(async () => {
    hub = await postgresEngine.open('cli');
    const url = new URL(hub.url!);
    url.password = SECRET; // the test server trusts loopback, so any password connects
    env = { HUB_URL: url.toString() };
    project = makeProject();
    project.write('cutter.config.yaml', 'version: 1\nsources:\n  hub:\n    kind: postgres\n    urlEnv: HUB_URL\n');
    project.write('plans/icx.yaml', SAMPLE_PLAN.replace('source: embedded', 'source: hub'));
  });
  afterAll(async () => {
    project?.remove();
    await hub?.close();
  });

  it('plans, pauses at both gates, closes out, and leaves the hub as it was', async () => {
    const before = await unitsDigest();
    const plan = run('plan', 'plans/icx.yaml');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/^SG_1 {2}ICX-CONST {2}\(KB-6839 rev 7/m);

    const apply = run('apply', 'plans/icx.yaml');
    expect(apply.code, apply.stderr).toBe(3);
    const runId = /cutter resume (\S+) --approval KB-NNNN --gate SG_1 /.exec(apply.stdout)![1]!;
    expect(run('resume', runId, '--approval', 'KB-7001').code).toBe(3);
    const last = run('resume', runId, '--approval', 'KB-7002', '--json');
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ run: { status: 'CLOSEOUT_REPORTED' } });
    expect(await unitsDigest()).toBe(before);
  });

  it('an unreachable server fails with what to check (exit 1)', () => {
    const r = cutter(['plan', 'plans/icx.yaml'], { cwd: project.dir, env: { HUB_URL: `postgres://me:${SECRET}@127.0.0.1:1/hub` } });
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[hub_connection_refused]: source "hub": cannot connect to postgres://me@127.0.0.1:1/hub');
  });

  it('the password appears in no output and no file cutter wrote', () => {
    expect(outputs.length).toBeGreaterThan(0);
    for (const o of outputs) expect(o).not.toContain(SECRET);
    const written = filesUnder(join(project.dir, '.cutter')).filter((f) => !f.includes(`${join('.cutter', 'hub')}`));
    expect(written.length).toBeGreaterThan(3);
    for (const f of written) expect(readFileSync(f, 'utf8'), f).not.toContain(SECRET);
  });
});
