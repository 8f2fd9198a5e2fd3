import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { cliEnv, cutter, type CliResult } from '../support/cli.js';
import { ICX_PLAN, makeProject, REPO, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// Issue 9: pinned approvals refused before anything changes, and every command cutter prints
// runs when pasted as printed. Through the CLI as a child process, on the embedded hub.

const MAIN = join(REPO, 'dist', 'cli', 'main.js');

describe('pinned approvals are checked before anything changes', () => {
  let project: TestProject;
  beforeAll(() => { project = makeProject(); });
  afterAll(() => project.remove());
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });
  const runsDir = () => join(project.dir, '.cutter', 'runs');
  const fp = `sha256:${'1'.repeat(64)}`;

  it('validate and apply refuse a malformed pinned id, or one id for both gates, and apply creates no run', () => {
    const plan = project.write('plans/bad.yaml', `${SAMPLE_PLAN}approvals:\n  SG_1: { id: "KB-7001; drop", fingerprint: "${fp}" }\n  SG_2: { id: KB-7001, fingerprint: "${fp}" }\n`);
    const v = run('validate', plan);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/bad\.yaml:11:\d+ {2}\/approvals\/SG_1\/id {2}approval "KB-7001; drop" is not a valid approval id/);
    project.write('plans/twice.yaml', `${SAMPLE_PLAN}approvals:\n  SG_1: { id: KB-7001, fingerprint: "${fp}" }\n  SG_2: { id: KB-7001, fingerprint: "${fp}" }\n`);
    expect(run('validate', 'plans/twice.yaml').stdout).toContain('/approvals/SG_2/id  approval KB-7001 is pinned for SG_1 too');
    const twice = run('apply', 'plans/twice.yaml');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('error[plan_invalid]');
    const malformed = run('apply', plan);
    expect(malformed.code).toBe(4);
    expect(malformed.stderr).toContain('error[approval_malformed]: the plan\'s pinned approvals are refused: /approvals/SG_1/id: approval "KB-7001; drop" is not a valid approval id');
    expect(() => readdirSync(runsDir())).toThrow();
  });

  it('an approval pinned for SG_2 given at SG_1 is refused before SG_1 is recorded', () => {
    project.write('plans/pinned.yaml', `${SAMPLE_PLAN}approvals:\n  SG_2: { id: KB-7102, fingerprint: "${fp}" }\n`);
    expect(run('apply', 'plans/pinned.yaml').code).toBe(3);
    const runId = readdirSync(runsDir())[0]!;
    const before = readFileSync(join(runsDir(), runId, 'state.json'));
    const r = run('resume', runId, '--approval', 'KB-7102');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error[approval_reused]: approval KB-7102 is pinned in the plan for SG_2; it cannot also pass SG_1');
    expect(readFileSync(join(runsDir(), runId, 'state.json'))).toEqual(before);
    expect(run('abort', runId).code).toBe(0);
  });

  it('after a policy gate failure the hint is a new run of the edited plan, not a resume', () => {
    project.write('plans/strict.yaml', `${SAMPLE_PLAN}policy:\n  maxRetireRatio: 0\n`);
    const r = run('apply', 'plans/strict.yaml');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error[policy_gate_failed]');
    expect(r.stderr).toContain('then start a new run of the edited plan: cutter apply plans/strict.yaml');
    expect(r.stderr).toContain('To start a new run of the edited plan:\n    cutter apply plans/strict.yaml');
    expect(r.stderr).not.toContain('cutter resume');
  });
});

describe('printed commands work as printed', () => {
  let project: TestProject;
  let elsewhere: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
    // Another folder with cutter installed as a dependency, as `npx cutter` finds it.
    elsewhere = makeProject();
    elsewhere.write('package.json', '{ "name": "team", "private": true }\n');
    // Executable, as npm makes its bin links.
    chmodSync(elsewhere.write('node_modules/.bin/cutter', `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`), 0o755);
  });
  afterAll(() => { project.remove(); elsewhere.remove(); });

  const shell = spawnSyncShell;
  const printed = (text: string, verb: string): string[] =>
    text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('npx cutter ') && l.includes(` ${verb}`));

  it('through npx with --config from another folder, every printed command runs as printed', () => {
    const config = join('..', project.dir.split('/').pop()!, 'cutter.config.yaml');
    const plan = join('..', project.dir.split('/').pop()!, 'plans', 'icx.yaml');
    const applied = shell(`npx --offline cutter --config ${config} apply ${plan}`, elsewhere.dir);
    expect(applied.code, applied.stderr).toBe(3);
    const [approve] = printed(applied.stdout, 'resume');
    expect(approve).toMatch(new RegExp(`^npx cutter --config ${config.replaceAll('.', '\\.')} resume \\S+ --approval KB-NNNN --gate SG_1 --fingerprint sha256:[0-9a-f]{64}$`));
    for (const line of printed(applied.stdout, '')) expect(line).not.toContain('…');

    // A second apply is refused with the commands to go on; the show command runs as printed.
    const again = shell(`npx --offline cutter --config ${config} apply ${plan}`, elsewhere.dir);
    expect(again.code).toBe(4);
    const [show] = printed(again.stderr, 'show');
    expect(shell(show!, elsewhere.dir).code).toBe(0);

    const sg2 = shell(approve!.replace('KB-NNNN', 'KB-9001'), elsewhere.dir);
    expect(sg2.code, sg2.stderr).toBe(3);
    const [approve2] = printed(sg2.stdout, 'resume');
    const closed = shell(approve2!.replace('KB-NNNN', 'KB-9002'), elsewhere.dir);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain('CLOSEOUT_REPORTED');
  });

  it('status of an interrupted run says so, and its resume command continues it as printed', async () => {
    // What a process killed right after creating its run leaves: a RUNNING state and no lock.
    const store = new FileStateStore(join(project.dir, '.cutter'));
    const now = new Date().toISOString();
    await store.create({
      formatVersion: 1, runId: 'interrupted-run', createdAt: now, updatedAt: now, toolVersion: '0.1.0', plan: ICX_PLAN,
      planFile: 'plans/icx.yaml', status: 'RUNNING', phase: 'preflight', gate: null, fingerprint: null, completed: [], approvals: [], error: null,
    });
    const status = cutter(['status', 'interrupted-run'], { cwd: project.dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Interrupted: no cutter process is driving this run; it stopped in phase preflight');
    const line = status.stdout.split('\n').map((l) => l.trim()).find((l) => l.startsWith('cutter resume'))!;
    expect(line).toBe('cutter resume interrupted-run');
    const resumed = spawnSyncShell(line.replace(/^cutter /, `"${process.execPath}" "${MAIN}" `), project.dir);
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(JSON.parse(cutter(['status', 'interrupted-run', '--json'], { cwd: project.dir }).stdout)).toMatchObject({ run: { status: 'PAUSED', gate: 'SG_1' } });
  });
});

/** Runs a line as a person pasting it into a shell would. */
function spawnSyncShell(line: string, cwd: string): CliResult {
  const r = spawnSync('/bin/sh', ['-c', line], { cwd, env: cliEnv(), encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
