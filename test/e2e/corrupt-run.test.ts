import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// The cases through the real CLI on the embedded hub: damaged run files are named, a
// refused resume records nothing, and a run with a missing gate report gets it back.
describe('a damaged run through the CLI', () => {
  let project: TestProject;
  let runId = '';
  const runDir = () => join(project.dir, '.cutter', 'runs', runId);
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });

  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
    const r = run('apply', 'plans/icx.yaml');
    expect(r.code).toBe(3);
    runId = /cutter resume (\S+) --approval <KB-id>/.exec(r.stdout)![1]!;
  });
  afterAll(() => project.remove());

  it('{} in the snapshot is state_corrupt, never STALE, and the approval is not recorded', () => {
    const snapshot = join(runDir(), 'phases', '03-snapshot.json');
    const good = readFileSync(snapshot, 'utf8');
    const stateBefore = readFileSync(join(runDir(), 'state.json'), 'utf8');
    writeFileSync(snapshot, '{}\n');
    const r = run('resume', runId, '--approval', 'KB-7001');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[state_corrupt]');
    expect(r.stderr).toContain('03-snapshot.json: not a snapshot result: / is missing "documentId"');
    expect(r.stderr).not.toMatch(/STALE|internal error/);
    expect(readFileSync(join(runDir(), 'state.json'), 'utf8')).toBe(stateBefore);
    writeFileSync(snapshot, good);
  });

  it('state.json of the wrong shape: status, show and runs name it; runs still lists the others', () => {
    const statePath = join(runDir(), 'state.json');
    const good = readFileSync(statePath, 'utf8');
    writeFileSync(statePath, JSON.stringify({ ...JSON.parse(good), status: 'BOGUS' }));
    for (const args of [['status', runId], ['show', runId], ['resume', runId]]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/error\[state_corrupt\]: \S+state\.json: \/status must be one of "RUNNING"/);
    }
    const runs = run('runs');
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain(`! ${runId}`);
    writeFileSync(statePath, good);
  });

  it('a gate report lost to a crash is written again by show', () => {
    const report = join(project.dir, '.cutter', 'reports', runId, 'SG_1.md');
    const original = readFileSync(report, 'utf8');
    rmSync(report);
    expect(run('show', runId).code).toBe(0);
    expect(readFileSync(report, 'utf8')).toBe(original);
  });

  it('after all that the run goes on to closeout', () => {
    expect(run('resume', runId, '--approval', 'KB-7001').code).toBe(3);
    expect(run('resume', runId, '--approval', 'KB-7002').code).toBe(0);
  });
});
