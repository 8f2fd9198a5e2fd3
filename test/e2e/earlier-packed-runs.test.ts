import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { makeProject, REPO, type TestProject } from '../support/project.js';

// Runs written by earlier cutters, paused at SG_2: before the second packed form
// (test/fixtures/runs-compact-1: discover, segment and diff in `cutter-compact-1`), and before the
// third (test/fixtures/runs-compact-2: discover's units as rows, the cut as its hash).
const FIXTURES = [
  { encoding: 'cutter-compact-1', fixture: 'runs-compact-1', RUN: '20261207-081652-kb-6840-f009' },
  { encoding: 'cutter-compact-2', fixture: 'runs-compact-2', RUN: '20261207-110013-kb-6840-a78f' },
];

const PLAN = `version: 1
document: KB-6840
prefix: ICX-GOV
mode: dryrun
source: embedded
cut:
  profile: vn-legal
  unit: clause
`;

describe.each(FIXTURES)('a run saved in an earlier packed form ($encoding)', ({ encoding, fixture, RUN }) => {
  let project: TestProject;
  const run = (args: string[]) => cutter(args, { cwd: project.dir });
  const phaseFile = (name: string) => JSON.parse(readFileSync(join(project.dir, '.cutter', 'runs', RUN, 'phases', `${name}.json`), 'utf8')) as { encoding?: string };

  beforeAll(() => {
    project = makeProject();
    project.write('plans/gov.yaml', PLAN);
    cpSync(join(REPO, 'test', 'fixtures', fixture, 'paused-sg2'), join(project.dir, '.cutter', 'runs', RUN), { recursive: true });
  });
  afterAll(() => project?.remove());

  it('is shown, and resumed to its closeout by this cutter', () => {
    expect(phaseFile('02-discover').encoding).toBe(encoding);
    expect(phaseFile('04-segment').encoding).toBe(encoding);
    const shown = run(['show', RUN, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ gate: 'SG_2', run_id: RUN, summary: { add: 4, change: 1, renumber: 3 } });

    const resumed = run(['resume', RUN, '--approval', 'KB-9102', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run: { status: 'CLOSEOUT_REPORTED' } });
    // What the resume wrote is in the current form (execute's is still the second); what it read stays as it was.
    expect(phaseFile('09-execute').encoding).toBe('cutter-compact-2');
    expect(phaseFile('02-discover').encoding).toBe(encoding);

    for (const command of ['show', 'status']) {
      const r = run([command, RUN, '--json']);
      expect(r.code, `${command}: ${r.stderr}`).toBe(0);
    }
    const runs = run(['runs', '--json']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toContain(RUN);
  });
});
