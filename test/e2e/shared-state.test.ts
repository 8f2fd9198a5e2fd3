import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../src/hub/seed.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { cutter, cutterAsync, type CliResult } from '../support/cli.js';
import { pgServer, type TestDatabase } from '../support/pg.js';
import { REPO } from '../support/project.js';

const server = await pgServer();

/**
 * A team's set-up: two working folders (two clones, each with its own .cutter/), one PostgreSQL
 * server holding the hub and, in schema `cutter`, the shared run state.
 */
const CONFIG = `version: 1
sources:
  hub:
    kind: postgres
    urlEnv: HUB_URL
state:
  kind: postgres
  urlEnv: CUTTER_STATE_URL
  schema: cutter
`;

const plan = (document: string, prefix: string): string => `version: 1
document: ${document}
prefix: ${prefix}
mode: dryrun
source: hub
cut:
  profile: vn-legal
  unit: clause
policy:
  maxUnits: 50000
`;

/** A long synthetic law, so that a run takes long enough to be stopped in the middle. */
function longLaw(articles: number): string {
  const parts = ['# Luật thử nghiệm\n'];
  for (let i = 1; i <= articles; i += 1) {
    parts.push(`Điều ${i}. Quy định số ${i}\n1. Tổ chức, cá nhân có trách nhiệm thực hiện quy định số ${i} theo đúng trình tự.\n2. Cơ quan nhà nước kiểm tra việc thực hiện khoản 1 Điều ${i} hằng năm.\n`);
  }
  return parts.join('\n');
}

describe.skipIf(!server)('two clones sharing one PostgreSQL state store', () => {
  let db: TestDatabase;
  let root: string;
  const clone: Record<'a' | 'b', string> = { a: '', b: '' };
  const env = (who: string): NodeJS.ProcessEnv => ({ HUB_URL: db.url, CUTTER_STATE_URL: db.url, CUTTER_USER: who, CUTTER_HOST: `${who}-laptop` });
  const inA = (...args: string[]): CliResult => cutter(args, { cwd: clone.a, env: env('alice') });
  const inB = (...args: string[]): CliResult => cutter(args, { cwd: clone.b, env: env('bob') });

  beforeAll(async () => {
    db = await server!.createDatabase('shared_state');
    await db.admin.query(readFileSync(join(SCHEMAS_DIR, 'hub.sql'), 'utf8'));
    const seed = readSeed(join(REPO, 'examples', 'hub'));
    for (const d of seed.documents) {
      await db.admin.query('INSERT INTO kb_documents (id, title, body, revision, status) VALUES ($1, $2, $3, $4, $5)', [d.id, d.title, d.body, d.revision, d.status]);
    }
    await db.admin.query("INSERT INTO kb_documents (id, title, body, revision, status) VALUES ('KB-9100', 'Luật thử nghiệm', $1, 1, 'published')", [longLaw(6_000)]);
    root = mkdtempSync(join(tmpdir(), 'cutter-clones-'));
    for (const name of ['a', 'b'] as const) {
      const dir = join(root, name);
      mkdirSync(join(dir, 'plans'), { recursive: true });
      writeFileSync(join(dir, 'cutter.config.yaml'), CONFIG);
      writeFileSync(join(dir, 'plans', 'icx.yaml'), plan('KB-6839', 'ICX-CONST'));
      writeFileSync(join(dir, 'plans', 'long.yaml'), plan('KB-9100', 'LTN'));
      clone[name] = dir;
    }
  });
  afterAll(async () => {
    if (root) rmSync(root, { recursive: true, force: true });
    await db?.drop();
  });

  let firstRun = '';
  let secondRun = '';

  it('a run applied in one clone is resumed in the other, closes out, and both show the same report', () => {
    const applied = inA('apply', 'plans/icx.yaml', '--json');
    expect(applied.code, applied.stderr).toBe(3);
    firstRun = JSON.parse(applied.stdout).run.runId as string;

    const sg2 = inB('resume', firstRun, '--approval', 'KB-7001');
    expect(sg2.code, sg2.stderr).toBe(3);
    const closed = inA('resume', firstRun, '--approval', 'KB-7002', '--json');
    expect(closed.code, closed.stderr).toBe(0);
    const again = inB('resume', firstRun, '--json');
    expect(again.code).toBe(0);
    const a = JSON.parse(closed.stdout);
    const b = JSON.parse(again.stdout);
    expect(b.run).toEqual(a.run);
    expect(b.closeout).toEqual(a.closeout);
    expect(a.closeout.approvals.map((x: { id: string }) => x.id)).toEqual(['KB-7001', 'KB-7002']);
  });

  it('runs lists the run in both clones, with who started it', () => {
    for (const list of [inA('runs'), inB('runs')]) {
      expect(list.code).toBe(0);
      const line = list.stdout.split('\n').find((l) => l.startsWith(firstRun));
      expect(line).toMatch(/CLOSEOUT_REPORTED\s+closeout\s+KB-6839\s+ICX-CONST\s+dryrun\s+alice@alice-laptop\s+\d+[smh]$/u);
    }
    const json = JSON.parse(inB('runs', '--json').stdout);
    expect(json.runs.map((r: { runId: string }) => r.runId)).toEqual([firstRun]);
    expect(json.runs[0].startedBy).toEqual({ user: 'alice', host: 'alice-laptop' });
    // Nothing about the run was written to either clone's own state folder.
    expect(cutter(['runs'], { cwd: clone.b, env: { HUB_URL: db.url } }).code).toBe(1);
  });

  it('8 concurrent applies from the two clones make exactly one run; the 7 others are refused naming it', async () => {
    const started = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      cutterAsync(['apply', 'plans/icx.yaml'], i % 2 === 0 ? clone.a : clone.b, env(i % 2 === 0 ? 'alice' : 'bob'))));
    const paused = started.filter((r) => r.code === 3);
    const refused = started.filter((r) => r.code === 4);
    expect(paused, started.map((r) => r.stderr).join('\n')).toHaveLength(1);
    expect(refused).toHaveLength(7);
    const runId = /cutter resume (\S+) --approval/u.exec(paused[0]!.stdout)![1]!;
    for (const r of refused) expect(r.stderr).toContain(`error[run_active]: document KB-6839 (source hub) already has an active run: ${runId}`);
    const runs = JSON.parse(inA('runs', '--json').stdout).runs as { runId: string; status: string }[];
    expect(runs.map((r) => r.runId)).toEqual([firstRun, runId]);
    expect(runs[1]!.status).toBe('PAUSED');
    secondRun = runId;
  });

  it('an approval id used in one clone is refused when replayed from the other (exit 4, naming the run that used it)', async () => {
    const replay = inB('resume', secondRun, '--approval', 'KB-7001');
    expect(replay.code).toBe(4);
    expect(replay.stderr).toContain('error[approval_reused]');
    expect(replay.stderr).toContain(firstRun);
    expect((await runState(secondRun)).status).toBe('PAUSED');
    const fresh = inA('resume', secondRun, '--approval', 'KB-7101');
    expect(fresh.code, fresh.stderr).toBe(3);
  });

  it('show and abort work from either clone; an aborted run frees its document for the next apply', async () => {
    const shown = inB('show', secondRun, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ gate: 'SG_2', run_id: secondRun });
    const aborted = inB('abort', secondRun, '--reason', 'superseded');
    expect(aborted.code, aborted.stderr).toBe(0);
    expect((await runState(secondRun)).status).toBe('ABORTED');
    const next = inA('apply', 'plans/icx.yaml', '--json');
    expect(next.code, next.stderr).toBe(3);
    expect(inA('abort', JSON.parse(next.stdout).run.runId).code).toBe(0);
  });

  it('a run whose process is killed is resumed from the other clone, with no unlock by hand', async () => {
    const child = spawn(process.execPath, [join(REPO, 'dist', 'cli', 'main.js'), 'apply', 'plans/long.yaml'], {
      cwd: clone.a, env: { ...process.env, ...env('alice'), NO_COLOR: '1' }, stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Stop it the moment it holds the run's lock, so the lock is surely held when it dies.
    await until(async () => (await lockHolders(child.pid!)) > 0, 30_000);
    child.kill('SIGSTOP');
    const runId = await onlyActiveRun('KB-9100');
    const state = await runState(runId);
    expect(state.status).toBe('RUNNING');
    const busy = cutter(['resume', runId], { cwd: clone.b, env: { ...env('bob'), CUTTER_LOCK_TIMEOUT_MS: '0' } });
    expect(busy.code).toBe(4);
    expect(busy.stderr).toMatch(new RegExp(`error\\[lock_held\\]: run ${runId} is in use by cutter alice@alice-laptop pid ${child.pid}`, 'u'));

    expect(inB('status', runId).stdout).toContain(`In progress: cutter alice@alice-laptop pid ${child.pid} is driving it now.`);

    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    // The server notices the dead connection by itself and drops its session lock.
    await until(async () => (await lockHolders(child.pid!)) === 0, 10_000);
    expect(inB('status', runId).stdout).toContain('Interrupted: no cutter process is driving this run');
    const resumed = inB('resume', runId);
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stdout).toContain(`Run ${runId} is paused at SG_1`);
    expect((await runState(runId)).status).toBe('PAUSED');
  });

  async function lockHolders(pid: number): Promise<number> {
    const r = await db.admin.query(
      `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1`, [`% pid ${pid}`]);
    return r.rowCount ?? 0;
  }

  async function onlyActiveRun(document: string): Promise<string> {
    const r = await db.admin.query<{ run_id: string }>('SELECT run_id FROM cutter.run_documents WHERE document = $1 AND active', [document]);
    expect(r.rows).toHaveLength(1);
    return r.rows[0]!.run_id;
  }

  async function runState(runId: string): Promise<{ status: string }> {
    const r = await db.admin.query<{ state: { status: string } }>('SELECT state FROM cutter.runs WHERE run_id = $1', [runId]);
    return r.rows[0]!.state;
  }
});

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
