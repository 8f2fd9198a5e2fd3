import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/plan/schemas.js';
import { cutter } from '../support/cli.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// Every command that shows a changeset takes --format terminal|markdown|json.
describe('--format on the commands that show a changeset (child process, embedded hub)', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
  });
  afterAll(() => project.remove());
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });

  it('plan --format json is valid against schemas/changeset.schema.json', () => {
    const r = run('plan', 'plans/icx.yaml', '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { changes: { kind: string; diff?: unknown }[] };
    const validate = schemaValidator('changeset.schema.json');
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.changes.filter((c) => c.kind === 'change').every((c) => c.diff !== undefined)).toBe(true);
  });

  it('apply --format markdown prints the gate for a pull request and how to approve it (exit 3)', () => {
    const r = run('apply', 'plans/icx.yaml', '--format', 'markdown');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^### cutter SG_1: `ICX-CONST` \(KB-6839 rev 7\)\n/);
    expect(r.stdout).toContain('| add | change | renumber | retire | unchanged |');
    const id = /Run `(\S+)` is paused at SG_1\. To approve: `cutter resume \1 --approval KB-NNNN --gate SG_1 --fingerprint sha256:[0-9a-f]{64}`/.exec(r.stdout);
    expect(id).not.toBeNull();
    const shown = run('show', id![1]!, '--format', 'markdown');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(r.stdout.slice(0, shown.stdout.length));
  });

  it('resume --format json is the same as --json', () => {
    // The runs of the tests above still hold the document (one active run per document).
    for (const held of (JSON.parse(run('runs', '--json').stdout) as { runs: { runId: string; status: string }[] }).runs) {
      if (held.status === 'PAUSED') expect(run('abort', held.runId).code).toBe(0);
    }
    const applied = run('apply', 'plans/icx.yaml', '--json');
    const runId = (JSON.parse(applied.stdout) as { run: { runId: string } }).run.runId;
    const r = run('resume', runId, '--approval', 'KB-7001', '--format', 'json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ format_version: 1, run: { status: 'PAUSED', gate: 'SG_2' }, gate: { gate: 'SG_2' } });
  });
});
