import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// With execution enabled by the operator's configuration, a live run writes to the embedded hub
// in one guarded transaction; afterwards the hub holds exactly what the document cuts into.
describe('live mode on the embedded hub, execution enabled', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject({ execution: true });
    project.write('plans/live.yaml', SAMPLE_PLAN.replace('mode: dryrun', 'mode: live'));
  });
  afterAll(() => project.remove());
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });

  it('executes, verifies by reading the hub back, and leaves nothing to change', () => {
    const applied = run('apply', 'plans/live.yaml');
    expect(applied.code).toBe(3);
    const runId = /cutter resume (\S+) --approval/.exec(applied.stdout)![1]!;
    expect(run('resume', runId, '--approval', 'KB-8001').code).toBe(3);
    const done = run('resume', runId, '--approval', 'KB-8002');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Executed on the hub');
    const report = JSON.parse(readFileSync(join(project.dir, '.cutter', 'reports', runId, 'closeout.json'), 'utf8'));
    expect(report).toMatchObject({ mode: 'live', execution: { target: 'hub' }, verification: { passed: true } });
    expect(report.execution.applied).toBeGreaterThan(0);

    const after = run('plan', 'plans/live.yaml');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Plan: 0 to add, 0 to change, 0 renumbered, 0 to retire, \d+ unchanged\./);
  });

  it('applying the same plan again has nothing to approve: no changes, closed out, exit 0', () => {
    const again = run('apply', 'plans/live.yaml', '--json');
    expect(again.code, again.stderr).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.closeout.summary).toMatchObject({ add: 0, change: 0, renumber: 0, retire: 0 });
    expect(json.closeout.execution).toMatchObject({ applied: 0, skipped: 0, token: null });
    expect(json.closeout.verification.passed).toBe(true);
    expect(json.closeout.approvals).toEqual([]);
  });
});
