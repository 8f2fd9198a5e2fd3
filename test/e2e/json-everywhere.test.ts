import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { makeProject, REPO, SAMPLE_PLAN, type TestProject } from '../support/project.js';
import { join } from 'node:path';

// --json on every command that prints a result: only JSON on stdout, with format_version, and an
// error as {error: {code, message, hint}} with the command's usual exit code.
describe('--json on every command', () => {
  let project: TestProject;
  let runId = '';
  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
  });
  afterAll(() => project.remove());
  const json = (args: string[], code: number): Record<string, unknown> => {
    const r = cutter([...args, '--json'], { cwd: project.dir });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
    const value = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(value['format_version'], args.join(' ')).toBe(1);
    return value;
  };
  const doc = join(REPO, 'examples', 'hub', 'KB-6839.md');
  const old = join(REPO, 'examples', 'hub', 'KB-6839.rev6.md');

  it('prints a versioned result for each command', () => {
    expect(json(['validate', 'plans/icx.yaml'], 0)).toMatchObject({ valid: true });
    expect(json(['plan', 'plans/icx.yaml'], 2)).toMatchObject({ gate: 'SG_1' });
    const applied = json(['apply', 'plans/icx.yaml'], 3) as { run: { runId: string }; next: { command: string }[] };
    runId = applied.run.runId;
    expect(applied.next.map((n) => n.command)).toContain(`cutter abort ${runId}`);
    expect(json(['show', runId], 0)).toMatchObject({ gate: 'SG_1', run_id: runId });
    expect(json(['status', runId], 0)).toMatchObject({ run: { status: 'PAUSED' } });
    expect(json(['runs'], 0)).toMatchObject({ runs: [{ runId }] });
    expect(json(['cut', doc, '--profile', 'vn-legal'], 0)).toMatchObject({ profile: 'vn-legal' });
    expect(json(['diff', old, doc, '--profile', 'vn-legal', '--prefix', 'ICX-CONST'], 2)).toHaveProperty('summary');
    expect(json(['doctor'], 0)).toHaveProperty('sources');
    expect(json(['reject', runId, '--approval', 'KB-7501'], 0)).toMatchObject({ run: { status: 'REJECTED' } });
    json(['apply', 'plans/icx.yaml'], 3);
    const second = (json(['runs'], 0) as { runs: { runId: string; status: string }[] }).runs.find((r) => r.status === 'PAUSED')!.runId;
    expect(json(['resume', second, '--approval', 'KB-7502'], 3)).toMatchObject({ run: { gate: 'SG_2' } });
    expect(json(['abort', second], 0)).toMatchObject({ run: { status: 'ABORTED' } });
  });

  it('prints errors as {error: {code, message, hint}} with the usual exit codes', () => {
    expect(json(['resume', runId, '--approval', 'KB-7503'], 4)).toMatchObject({ error: { code: 'not_waiting', hint: `cutter status ${runId}` } });
    expect(json(['validate', 'plans/none.yaml'], 1)).toMatchObject({ valid: false });
    expect(json(['plan', 'plans/none.yaml'], 1)).toMatchObject({ error: { code: 'plan_invalid' } });
    expect(json(['show', 'no-such-run'], 1)).toMatchObject({ error: { code: 'run_not_found', message: 'there is no run no-such-run' } });
  });
});
