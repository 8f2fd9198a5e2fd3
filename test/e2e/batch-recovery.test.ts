import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPlanYaml, runIdOf } from '../support/batch.js';
import { cutter } from '../support/cli.js';
import { makeProject, REPO, type TestProject } from '../support/project.js';

const BATCH = batchPlanYaml();


describe('a batch killed while it moves (SIGKILL)', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/batch.yaml', BATCH);
  });
  afterAll(() => project.remove());

  it('resumes from each document\'s last persisted phase to the gate and fingerprint of an uninterrupted run', async () => {
    const main = join(REPO, 'dist', 'cli', 'main.js');
    const child = spawn(process.execPath, [main, 'apply', 'plans/batch.yaml', '--parallel', '1'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Kill once the first document is at SG_1 and the second is on its way.
      if (/KB-6840 ICX-GOV {2}discover done/u.test(stderr)) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    const runId = /run (\S+): started/u.exec(stderr)![1]!;
    const killed = JSON.parse(cutter(['status', runId, '--json'], { cwd: project.dir }).stdout);
    expect(killed.run.status).toBe('RUNNING');

    const resumed = cutter(['resume', runId], { cwd: project.dir });
    expect(resumed.code).toBe(3);
    // Only what was not persisted runs again: KB-6839 had reached SG_1 and is not driven again.
    expect(resumed.stderr).not.toContain('KB-6839 ICX-CONST  discover done');
    expect(resumed.stderr).toContain('KB-6841 ICX-SEC  waiting at SG_1');
    const fingerprint = /--fingerprint (sha256:[0-9a-f]{64})/u.exec(resumed.stdout)![1]!;
    // An uninterrupted preview of the same plan shows the same fingerprint.
    const planned = JSON.parse(cutter(['plan', 'plans/batch.yaml', '--format', 'json'], { cwd: project.dir }).stdout);
    expect(planned.fingerprint).toBe(fingerprint);
  });
});

describe('a live batch on the embedded hub, execution enabled', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject({ execution: true });
    project.write('plans/batch.yaml', BATCH.replace('mode: dryrun', 'mode: live'));
  });
  afterAll(() => project.remove());

  it('writes each document in its own transaction, in the plan\'s order, and leaves nothing to change', () => {
    const run = (...args: string[]) => cutter(args, { cwd: project.dir });
    const applied = run('apply', 'plans/batch.yaml');
    expect(applied.code).toBe(3);
    const runId = runIdOf(applied.stdout);
    expect(run('resume', runId, '--approval', 'KB-8101').code).toBe(3);
    const done = run('resume', runId, '--approval', 'KB-8102', '--json');
    expect(done.code).toBe(0);
    const events = done.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; phase?: string; document?: string });
    // Execution of one document ends before the next one's starts.
    const execution = events.filter((e) => e.phase === 'execute').map((e) => `${e.type}:${e.document}`);
    expect(execution).toEqual([
      'phase_started:KB-6839', 'phase_completed:KB-6839', 'phase_started:KB-6840', 'phase_completed:KB-6840', 'phase_started:KB-6841', 'phase_completed:KB-6841',
    ]);
    const outcome = events.at(-1) as unknown as { closeout: { closed: { execution: { target: string; applied: number }; verification: { passed: boolean } }[] } };
    expect(outcome.closeout.closed.map((c) => [c.execution.target, c.execution.applied > 0, c.verification.passed])).toEqual([
      ['hub', true, true], ['hub', true, true], ['hub', true, true],
    ]);
    const after = run('plan', 'plans/batch.yaml');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Plan: 0 to add, 0 to change, 0 renumbered, 0 to retire, \d+ unchanged\. \(3 at SG_1\)/u);
  });
});

describe('a batch with a document over its policy limit, through the CLI', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/batch.yaml', `${BATCH}    policy:\n      maxUnits: 8\n`);
  });
  afterAll(() => project.remove());

  it('names the failed document at the gate, and --exclude drops it, which needs an approval of the new fingerprint', () => {
    const run = (...args: string[]) => cutter(args, { cwd: project.dir });
    const applied = run('apply', 'plans/batch.yaml');
    expect(applied.code).toBe(3);
    expect(applied.stdout).toMatch(/KB-6841 +ICX-SEC +FAILED in validate \(G1\)/u);
    expect(applied.stdout).toContain('KB-6841: error[policy_gate_failed] gate G1 failed: 9 units (policy maxUnits 8)');
    const runId = runIdOf(applied.stdout);
    expect(applied.stdout).toContain(`cutter resume ${runId} --exclude KB-6841`);
    const shown = /--fingerprint (sha256:[0-9a-f]{64})/u.exec(applied.stdout)![1]!;

    const dropped = run('resume', runId, '--exclude', 'KB-6841');
    expect(dropped.code).toBe(3);
    const now = /--fingerprint (sha256:[0-9a-f]{64})/u.exec(dropped.stdout)![1]!;
    expect(now).not.toBe(shown);
    expect(dropped.stdout).toMatch(/KB-6841 +ICX-SEC +excluded/u);
    // What the approver saw before no longer stands.
    const stale = run('resume', runId, '--approval', 'KB-7301', '--gate', 'SG_1', '--fingerprint', shown);
    expect(stale.code).toBe(4);
    expect(stale.stderr).toContain('approval_mismatch');
    expect(run('resume', runId, '--approval', 'KB-7301', '--gate', 'SG_1', '--fingerprint', now).code).toBe(3);
    const done = run('resume', runId, '--approval', 'KB-7302');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/2 closed, 1 not closed/u);
    expect(done.stdout).toMatch(/KB-6841 +ICX-SEC +excluded/u);
  });
});
