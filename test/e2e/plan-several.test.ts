import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/plan/schemas.js';
import { cutter } from '../support/cli.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

describe('cutter plan with several plan files and --changed-since', () => {
  let project: TestProject;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, encoding: 'utf8' });
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });

  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
    project.write('plans/same.yaml', `${SAMPLE_PLAN}policy: {maxUnits: 4500}\n`);
    project.write('.gitignore', '.cutter/\n');
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@example.org', '-c', 'user.name=t', 'add', '-A');
    git('-c', 'user.email=t@example.org', '-c', 'user.name=t', 'commit', '-qm', 'plans');
    // The working tree now changes one plan, adds a broken one and edits the config (not a plan).
    project.write('plans/icx.yaml', SAMPLE_PLAN.replace('mode: dryrun', 'mode: dryrun\npolicy: {maxUnits: 4000}'));
    project.write('plans/broken.yaml', SAMPLE_PLAN.replace('profile: vn-legal', 'profile: nonsense'));
    project.write('cutter.config.yaml', `${SAMPLE_CONFIG_COMMENT}${git('show', 'HEAD:cutter.config.yaml')}`);
  });
  afterAll(() => project.remove());

  it('plans exactly the changed plan files, in one Markdown report, and exits with the worst outcome', () => {
    const r = run('plan', '--changed-since', 'main', '--format', 'markdown');
    expect(r.code).toBe(1); // the broken plan is an error; the other is still planned
    expect(r.stdout).toMatch(/^## cutter plan: 2 plan files changed since main\n/u);
    expect(r.stdout).toContain('### `plans/broken.yaml`');
    expect(r.stdout).toMatch(/> \*\*Error\*\* `plan_invalid`: .*plans\/broken\.yaml/u);
    expect(r.stdout).toContain('### `plans/icx.yaml`');
    expect(r.stdout).not.toContain('plans/same.yaml');
    expect(r.stdout).toMatch(/ {2}SG_1: \{ id: KB-…, fingerprint: "sha256:[0-9a-f]{64}" \}\n {2}SG_2: \{ id: KB-…, fingerprint: "sha256:[0-9a-f]{64}" \}/u);
  });

  it('takes several files given by name, with both fingerprints in the JSON of each', () => {
    const r = run('plan', 'plans/icx.yaml', 'plans/same.yaml', '--json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.plans.map((p: { file: string; exit_code: number }) => [p.file, p.exit_code])).toEqual([['plans/icx.yaml', 2], ['plans/same.yaml', 2]]);
    const validate = schemaValidator('changeset.schema.json');
    for (const p of json.plans) {
      expect(validate(p.view)).toBe(true);
      expect(p.view.pins.SG_1).toBe(p.view.fingerprint);
      expect(p.view.pins.SG_2).toMatch(/^sha256:[0-9a-f]{64}$/u);
      expect(p.view.pins.SG_2).not.toBe(p.view.fingerprint);
    }
  });

  it('the SG_2 fingerprint plan prints is the one the run\'s SG_2 shows', () => {
    const planned = JSON.parse(run('plan', 'plans/same.yaml', '--json').stdout);
    const applied = run('apply', 'plans/same.yaml', '--json');
    expect(applied.code).toBe(3);
    const runId = JSON.parse(applied.stdout).run.runId;
    expect(JSON.parse(applied.stdout).gate.fingerprint).toBe(planned.pins.SG_1);
    const sg2 = run('resume', runId, '--approval', 'KB-7301', '--json');
    expect(sg2.code).toBe(3);
    expect(JSON.parse(sg2.stdout).gate.fingerprint).toBe(planned.pins.SG_2);
  });

  it('validate --changed-since checks the changed plans only; a ref that is not one is refused', () => {
    const r = run('validate', '--changed-since', 'main');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('plans/icx.yaml: valid');
    expect(r.stdout).toContain('plans/broken.yaml:');
    expect(r.stdout).not.toContain('plans/same.yaml');
    const bad = run('plan', '--changed-since', '--output=x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--changed-since needs a git ref');
    const unknown = run('plan', '--changed-since', 'no-such-branch');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error[changed_since_failed]: cannot list the plan files changed since no-such-branch');
  });
});

const SAMPLE_CONFIG_COMMENT = '# edited in the same pull request\n';
