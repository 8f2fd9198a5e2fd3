import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// The README's main job, through the real CLI in a child process: apply -> SG_1 -> SG_2 -> closeout.
describe('cutter apply / resume on the embedded hub', () => {
  let project: TestProject;
  let runId = '';

  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
  });
  afterAll(() => project.remove());

  const run = (...args: string[]) => cutter(args, { cwd: project.dir });
  const state = () => JSON.parse(readFileSync(join(project.dir, '.cutter', 'runs', runId, 'state.json'), 'utf8'));

  it('validate accepts the plan', () => {
    const r = run('validate', 'plans/icx.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('plans/icx.yaml: valid');
  });

  it('plan shows adds, changes and retirements and creates no run (exit 2)', () => {
    const r = run('plan', 'plans/icx.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^SG_1 {2}ICX-CONST {2}\(KB-6839 rev 7/m);
    expect(r.stdout).toMatch(/Plan: [1-9]\d* to add, [1-9]\d* to change, \d+ renumbered, [1-9]\d* to retire/);
    expect(r.stdout).toMatch(/^ {2}\+ ICX-CONST-D25 +Điều 25\. Hiệu lực thi hành$/m);
    expect(r.stdout).toMatch(/^ {2}~ ICX-CONST-D12-K3 /m);
    expect(r.stdout).toMatch(/^ {2}- ICX-CONST-D10-K4 +\(no longer in the source\)$/m);
    expect(existsSync(join(project.dir, '.cutter', 'runs'))).toBe(false);
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR is set by the harness
  });

  it('apply stops at SG_1 with the diff and the exact resume command (exit 3)', () => {
    const r = run('apply', 'plans/icx.yaml');
    expect(r.code).toBe(3);
    const m = /^  cutter resume (\S+) --approval KB-NNNN --gate SG_1 --fingerprint sha256:[0-9a-f]{64}$/m.exec(r.stdout);
    expect(m).not.toBeNull();
    runId = m![1]!;
    expect(r.stdout).toContain('+ ICX-CONST-D25');
    expect(state()).toMatchObject({ status: 'PAUSED', gate: 'SG_1', phase: 'rebase' });
    expect(readFileSync(join(project.dir, '.cutter', 'reports', runId, 'SG_1.md'), 'utf8')).toContain('<code>ICX-CONST-D25</code>');
  });

  it('a malformed approval is refused (exit 4) and the run stays paused', () => {
    const r = run('resume', runId, '--approval', 'yes please');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error[approval_malformed]');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    expect(state()).toMatchObject({ status: 'PAUSED', gate: 'SG_1', approvals: [] });
  });

  it('an approval for the other gate or another fingerprint is refused (exit 4)', () => {
    expect(run('resume', runId, '--approval', 'KB-7001', '--gate', 'SG_2').code).toBe(4);
    const r = run('resume', runId, '--approval', 'KB-7001', '--fingerprint', `sha256:${'0'.repeat(64)}`);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error[approval_mismatch]');
    expect(state()).toMatchObject({ status: 'PAUSED', gate: 'SG_1', approvals: [] });
  });

  it('the first approval passes SG_1 and stops at SG_2 with the operations (exit 3)', () => {
    const fingerprint = state().fingerprint as string;
    const r = run('resume', runId, '--approval', 'KB-7001', '--gate', 'SG_1', '--fingerprint', fingerprint);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^SG_2 /m);
    // 1 unit added in the middle shifts the later ordinals: those updates are counted apart from text updates.
    expect(r.stdout).toMatch(/Operations: \d+, in order: 6 insert, 6 text update, [1-9]\d* position-only update, 1 retire\./);
    expect(state()).toMatchObject({ status: 'PAUSED', gate: 'SG_2', approvals: [{ gate: 'SG_1', id: 'KB-7001', fingerprint }] });
    const report = readFileSync(join(project.dir, '.cutter', 'reports', runId, 'SG_2.md'), 'utf8');
    expect(report).toMatch(/^### cutter SG_2: `ICX-CONST`/m);
    expect(report).toMatch(/^Operations: \d+, in order: 6 insert, 6 text update/m);
  });

  it('reusing the SG_1 approval at SG_2 is refused (exit 4)', () => {
    const r = run('resume', runId, '--approval', 'KB-7001');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error[approval_reused]');
    expect(state()).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
  });

  it('the second approval executes on the simulator, verifies and closes out (exit 0)', () => {
    const r = run('resume', runId, '--approval', 'KB-7002');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CLOSEOUT_REPORTED');
    expect(r.stdout).toContain('G2 verification passed');
    expect(state()).toMatchObject({ status: 'CLOSEOUT_REPORTED', phase: 'closeout' });
    const report = JSON.parse(readFileSync(join(project.dir, '.cutter', 'reports', runId, 'closeout.json'), 'utf8'));
    expect(report.execution.target).toBe('simulator');
    expect(report.execution.applied).toBeGreaterThan(0);
    expect(report.verification.passed).toBe(true);
    expect(report.approvals.map((a: { id: string }) => a.id)).toEqual(['KB-7001', 'KB-7002']);
    const md = readFileSync(join(project.dir, '.cutter', 'reports', runId, 'closeout.md'), 'utf8');
    expect(md).toContain('Verification (G2: passed)');
    expect(md).toContain('nothing was written to the hub');
  });

  it('dry run wrote nothing to the hub: the next plan shows the same changes', () => {
    const r = run('plan', 'plans/icx.yaml', '--format', 'json');
    expect(r.code).toBe(2);
    const view = JSON.parse(r.stdout);
    expect(view.summary.add).toBeGreaterThan(0);
    expect(view.summary.retire).toBeGreaterThan(0);
  });

  it('status lists the run and shows its approvals, as text and as JSON', () => {
    const list = run('status');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${runId} +CLOSEOUT_REPORTED`, 'm'));
    const one = run('status', runId, '--json');
    const json = JSON.parse(one.stdout);
    expect(json.run.approvals).toHaveLength(2);
    expect(json.events.map((e: { type: string }) => e.type)).toContain('run_closed');
  });

  it('show prints the last gate from saved state alone', () => {
    const r = run('show', runId, '--format', 'json');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view).toMatchObject({ gate: 'SG_2', run_id: runId, fingerprint: state().approvals[1].fingerprint });
    expect(view.operations.length).toBeGreaterThan(0);
  });
});

describe('refusals and errors', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
  });
  afterAll(() => project.remove());
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });

  it('an invalid plan gets every error with file:line:col (exit 1)', () => {
    project.write('plans/bad.yaml', [
      'version: 2',
      'document: KB-6839',
      'prefix: icx const',
      'mode: fast',
      'cut:',
      '  profile: vn-legal',
      '  unit: paragraph',
      '  colour: blue',
      '',
    ].join('\n'));
    const r = run('validate', 'plans/bad.yaml');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('plans/bad.yaml:1:10  /version  must be 1');
    expect(lines).toContain('plans/bad.yaml:3:9  /prefix  must match ^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$');
    expect(lines).toContain('plans/bad.yaml:4:7  /mode  must be one of: dryrun, live');
    expect(lines).toContain('plans/bad.yaml:7:9  /cut/unit  profile vn-legal has no level "paragraph"; use one of: part, chapter, section, article, clause, point');
    expect(lines).toContain('plans/bad.yaml:8:3  /cut/colour  unknown property "colour"');
    expect(lines.at(-1)).toBe('5 problems in 1 of 1 plan.');
    // apply refuses the same plan with the same list, before touching any hub.
    const a = run('apply', 'plans/bad.yaml');
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('error[plan_invalid]');
    expect(a.stderr).toContain('plans/bad.yaml:4:7  /mode  must be one of: dryrun, live');
  });

  it('a YAML syntax error is reported with its position (exit 1)', () => {
    project.write('plans/broken.yaml', 'version: 1\ndocument: [KB-1\n');
    const r = run('validate', 'plans/broken.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^plans\/broken\.yaml:\d+:\d+ {2}\/ {2}\S/m);
  });

  it('a live plan is refused at G0 while execution is disabled (exit 4)', () => {
    project.write('plans/live.yaml', SAMPLE_PLAN.replace('mode: dryrun', 'mode: live'));
    const r = run('apply', 'plans/live.yaml');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error[execution_disabled]');
    expect(r.stderr).toContain('execution is disabled');
    expect(r.stderr).toContain('hint: use mode: dryrun');
  });

  it('an unknown run is an error (exit 1)', () => {
    const r = run('resume', 'no-such-run', '--approval', 'KB-1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[run_not_found]');
  });

  it('every command has --help with an example', () => {
    for (const cmd of ['validate', 'plan', 'apply', 'resume', 'status', 'runs', 'show']) {
      const r = run(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples?:\n\s+\$ cutter /);
    }
  });
});
