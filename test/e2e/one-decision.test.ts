import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter, cutterAsync } from '../support/cli.js';
import { postgresEngine, type TestHub } from '../support/hubs.js';
import { pgServer } from '../support/pg.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

const server = await pgServer();

// Issue 9: an approval is one decision on what was seen, used once; one active run per document.
// Every case through the CLI as a child process, on the embedded hub.

describe('one decision on what was seen', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
  });
  afterAll(() => project.remove());

  const run = (...args: string[]) => cutter(args, { cwd: project.dir });
  const runDirs = () => readdirSync(join(project.dir, '.cutter', 'runs')).sort();
  const stateBytes = (runId: string) => readFileSync(join(project.dir, '.cutter', 'runs', runId, 'state.json'));
  const state = (runId: string) => JSON.parse(stateBytes(runId).toString());
  const events = (runId: string) => readFileSync(join(project.dir, '.cutter', 'runs', runId, 'events.jsonl'), 'utf8')
    .trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
  let first = '';

  it('8 concurrent applies of one document make exactly 1 run; the 7 others are refused naming it', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => cutterAsync(['apply', 'plans/icx.yaml'], project.dir)));
    const paused = results.filter((r) => r.code === 3);
    expect(paused, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
    expect(runDirs()).toHaveLength(1);
    first = runDirs()[0]!;
    const refused = results.filter((r) => r.code === 4);
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      expect(r.stderr).toContain(`error[run_active]: document KB-6839 (source embedded) already has an active run: ${first}, `);
      // Refused while the run was still on its way to SG_1, or once it waited there.
      expect(r.stderr).toMatch(/, (running phase \w+ in process \d+ right now|paused at SG_1), started \d+ seconds? ago; no run was created/);
      if (r.stderr.includes('paused at SG_1')) {
        expect(r.stderr).toContain(`  cutter resume ${first} --approval KB-NNNN --gate SG_1 --fingerprint ${state(first).fingerprint}`);
        expect(r.stderr).toContain(`  cutter abort ${first}`);
      } else {
        expect(r.stderr).toContain(`  cutter status ${first}`);
      }
      expect(r.stderr).not.toContain('lock_held');
    }
    // Now that it waits at SG_1, the refusal gives the commands to go on with it.
    const late = run('apply', 'plans/icx.yaml');
    expect(late.code).toBe(4);
    expect(late.stderr).toContain(`  cutter resume ${first} --approval KB-NNNN --gate SG_1 --fingerprint ${state(first).fingerprint}`);
    expect(late.stderr).toContain(`  cutter abort ${first}`);
  });

  it('8 concurrent resumes at SG_1 record exactly one approval; the run is at SG_2 and seven exit 4 saying it moved on', async () => {
    // Eight approvers paste the command apply printed, each with their own decision's id.
    const bound = ['--gate', 'SG_1', '--fingerprint', state(first).fingerprint as string];
    const ids = Array.from({ length: 8 }, (_, i) => `KB-81${i}`);
    const results = await Promise.all(ids.map((id) => cutterAsync(['resume', first, '--approval', id, ...bound], project.dir)));
    const passed = results.flatMap((r, i) => (r.code === 3 ? [ids[i]!] : []));
    expect(passed, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
    const after = state(first);
    expect(after).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(after.approvals.map((a: { id: string }) => a.id)).toEqual(passed);
    const refused = results.filter((r) => r.code === 4);
    expect(refused).toHaveLength(7);
    // Each was for SG_1, which the run has left (or was leaving when the command started).
    for (const r of refused) {
      expect(r.stderr).toMatch(/error\[approval_wrong_gate\]: approval KB-81\d is for SG_1, but run \S+ waits at SG_2|error\[not_waiting\]: run \S+ is RUNNING/);
    }
    expect(readdirSync(join(project.dir, '.cutter', 'approvals'))).toHaveLength(1);
    expect(events(first).filter((e) => e.type === 'gate_approved')).toHaveLength(1);
  });

  it('an approval id used in one run is refused in every other run, naming the run that used it', () => {
    const used = state(first).approvals[0].id as string;
    expect(run('abort', first, '--reason', 'superseded').code).toBe(0);
    const applied = run('apply', 'plans/icx.yaml');
    expect(applied.code).toBe(3);
    const second = runDirs().find((d) => d !== first)!;
    const before = stateBytes(second);
    const r = run('resume', second, '--approval', used);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`error[approval_reused]: approval ${used} was already used: approved at SG_1 of run ${first}`);
    expect(stateBytes(second)).toEqual(before);
    // A 5,003-character id is refused before it is stored anywhere.
    const long = run('resume', second, '--approval', `KB-${'7'.repeat(5000)}`);
    expect(long.code).toBe(4);
    expect(long.stderr).toContain('error[approval_malformed]: approval id is 5003 characters long; the limit is 128');
    // A shortened fingerprint is refused, asking for the full one.
    const short = run('resume', second, '--approval', 'KB-8201', '--fingerprint', state(second).fingerprint.slice(0, 19));
    expect(short.code).toBe(4);
    expect(short.stderr).toContain('hint: give the full fingerprint');
    expect(stateBytes(second)).toEqual(before);
    expect(run('abort', second).code).toBe(0);
  });

  it('abort and reject end runs, journaled with their reasons; decision flags on a run that waits at no gate change nothing', () => {
    const aborted = runDirs()[0]!;
    const abortEvent = events(aborted).find((e) => e.type === 'run_aborted');
    expect(abortEvent).toMatchObject({ reason: expect.any(String), from: { status: 'PAUSED' } });
    expect(state(aborted)).toMatchObject({ status: 'ABORTED', error: { code: 'aborted' } });

    const before = stateBytes(aborted);
    const flags = run('resume', aborted, '--approval', 'garbage', '--gate', 'foo');
    expect(flags.code).toBe(4);
    expect(flags.stderr).toContain(`error[not_waiting]: run ${aborted} is ABORTED, not waiting at a sovereign gate, so --approval, --gate cannot apply; nothing was changed`);
    expect(run('reject', aborted, '--approval', 'KB-8301').code).toBe(4);
    const again = run('abort', aborted);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('error[run_ended]');
    expect(stateBytes(aborted)).toEqual(before);

    expect(run('apply', 'plans/icx.yaml').code).toBe(3);
    const third = runDirs().find((d) => state(d).status === 'PAUSED')!;
    const r = run('reject', third, '--approval', 'KB-8302', '--reason', 'article 12 must not change', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format_version: 1, run: { status: 'REJECTED', approvals: [{ id: 'KB-8302', decision: 'rejected', gate: 'SG_1' }] } });
    expect(events(third).find((e) => e.type === 'gate_rejected')).toMatchObject({ gate: 'SG_1', approval: 'KB-8302', reason: 'article 12 must not change' });
    // The rejection used the id up, like an approval.
    expect(run('apply', 'plans/icx.yaml').code).toBe(3);
    const fourth = runDirs().find((d) => state(d).status === 'PAUSED')!;
    expect(run('resume', fourth, '--approval', 'KB-8302').stderr).toContain(`of run ${third}`);
    expect(run('resume', fourth, '--reject', 'KB-8303').code).toBe(0);
    expect(state(fourth).status).toBe('REJECTED');
  });

  it('--json errors are {error: {code, message, hint}} on stdout with the same exit code', () => {
    const r = run('resume', 'no-such-run', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ format_version: 1, error: { code: 'run_not_found', message: 'there is no run no-such-run', hint: 'cutter runs lists the runs' } });
    const refused = run('abort', runDirs()[0]!, '--json');
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'run_ended' } });
    const usage = run('apply', '--json');
    expect(usage.code).toBe(1);
    expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'usage' } });
  });
});

// The round where the bug showed: a PostgreSQL source, no hub lock to serialise the processes.
describe.skipIf(!server)('one decision on a PostgreSQL source', () => {
  let project: TestProject;
  let hub: TestHub;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    hub = await postgresEngine.open('decisions');
    env = { HUB_URL: hub.url! };
    project = makeProject();
    project.write('cutter.config.yaml', 'version: 1\nsources:\n  hub:\n    kind: postgres\n    urlEnv: HUB_URL\n');
    project.write('plans/icx.yaml', SAMPLE_PLAN.replace('source: embedded', 'source: hub'));
  });
  afterAll(async () => {
    project?.remove();
    await hub?.close();
  });

  it('8 concurrent applies make 1 run, then 8 concurrent resumes at SG_1 record exactly one approval', async () => {
    const applies = await Promise.all(Array.from({ length: 8 }, () => cutterAsync(['apply', 'plans/icx.yaml'], project.dir, env)));
    expect(applies.map((r) => r.code).sort(), applies.map((r) => r.stderr).join('\n')).toEqual([3, 4, 4, 4, 4, 4, 4, 4]);
    const [runId] = readdirSync(join(project.dir, '.cutter', 'runs'));
    for (const r of applies.filter((x) => x.code === 4)) expect(r.stderr).toContain(`error[run_active]: document KB-6839 (source hub) already has an active run: ${runId}, `);

    const seen = JSON.parse(readFileSync(join(project.dir, '.cutter', 'runs', runId!, 'state.json'), 'utf8')).fingerprint as string;
    const resumes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      cutterAsync(['resume', runId!, '--approval', `KB-82${i}`, '--gate', 'SG_1', '--fingerprint', seen], project.dir, env)));
    expect(resumes.map((r) => r.code).sort(), resumes.map((r) => r.stderr).join('\n')).toEqual([3, 4, 4, 4, 4, 4, 4, 4]);
    const state = JSON.parse(readFileSync(join(project.dir, '.cutter', 'runs', runId!, 'state.json'), 'utf8'));
    expect(state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
    expect(state.approvals).toHaveLength(1);
  });
});
