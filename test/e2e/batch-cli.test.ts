import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/plan/schemas.js';
import { batchPlanYaml, runIdOf } from '../support/batch.js';
import { cutter } from '../support/cli.js';
import { makeProject, REPO, type TestProject } from '../support/project.js';

const BATCH = batchPlanYaml();


describe('cutter with a batch plan (embedded hub, not a terminal)', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/batch.yaml', BATCH);
  });
  afterAll(() => project.remove());
  const run = (...args: string[]) => cutter(args, { cwd: project.dir });

  it('a document listed twice is a located error, with every other problem at once', () => {
    const dup = project.write('plans/dup.yaml', `${BATCH}  - document: KB-6840\n    prefix: ICX-GOV2\n  - document: KB-6842\n    prefix: ICX\n`);
    const r = run('validate', dup);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dup}:17:15  /documents/3/document  document KB-6840 is already in this batch at /documents/1 (line 11)`);
    expect(r.stdout).toMatch(/dup\.yaml:10:13 {2}\/documents\/0\/prefix {2}the ids of ICX-CONST \(ICX-CONST-…\) also start with ICX-, the prefix of KB-6842/);
    expect(run('validate', 'plans/batch.yaml')).toMatchObject({ code: 0, stdout: 'plans/batch.yaml: valid\n' });
  });

  it('apply → SG_1 → SG_2 → CLOSEOUT_REPORTED with one approval per gate, one plain progress line per phase and gate', () => {
    const applied = run('apply', 'plans/batch.yaml', '--parallel', '2');
    expect(applied.code).toBe(3);
    expect(applied.stdout).toMatch(/^SG_1 {2}batch of 3 documents \(dryrun\) {3}fingerprint sha256:[0-9a-f]{64}$/mu);
    expect(applied.stdout).toMatch(/KB-6840 +ICX-GOV +4 +1 +3 +0 +18 +at SG_1/u);
    // Not a terminal: plain lines on stderr, no escape sequences.
    expect(applied.stderr).toContain('KB-6839 ICX-CONST  segment done (107 units)');
    expect(applied.stderr).toContain('KB-6841 ICX-SEC  waiting at SG_1');
    expect(applied.stderr).toMatch(/batch paused at SG_1 \(3 documents\), fingerprint sha256:/u);
    expect(applied.stderr).not.toContain('\u001b[');
    const runId = runIdOf(applied.stdout);
    const fingerprint = /--fingerprint (sha256:[0-9a-f]{64})/u.exec(applied.stdout)![1]!;

    const sg2 = run('resume', runId, '--approval', 'KB-7001', '--gate', 'SG_1', '--fingerprint', fingerprint);
    expect(sg2.code).toBe(3);
    expect(sg2.stdout).toContain('paused at SG_2 with 3 document(s)');
    const done = run('resume', runId, '--approval', 'KB-7002');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/CLOSEOUT_REPORTED {2}\S+ {2}\(batch of 3, dryrun\): 3 closed, 0 not closed/u);
    const report = JSON.parse(readFileSync(join(project.dir, '.cutter', 'reports', runId, 'closeout.json'), 'utf8'));
    expect(report.closed.map((c: { document: { id: string } }) => c.document.id)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    expect(run('status', runId).stdout).toContain('document  KB-6841 → ICX-SEC  CLOSEOUT_REPORTED');
    const shown = run('show', runId, '--format', 'markdown');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('### cutter SG_2: batch of 3 documents');
  });

  it('--json streams NDJSON events that match schemas/progress-event.schema.json, ending with the outcome', () => {
    const valid = schemaValidator('progress-event.schema.json');
    const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const applied = run('apply', 'plans/batch.yaml', '--json');
    expect(applied.code).toBe(3);
    const events = lines(applied.stdout);
    for (const e of events) expect(valid(e), JSON.stringify(valid.errors)).toBe(true);
    expect(events[0]).toMatchObject({ format_version: 1, type: 'run_started', resumed: false });
    expect(events.filter((e) => e.type === 'phase_completed')).toHaveLength(3 * 7);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'outcome', exit_code: 3, run: { status: 'PAUSED', gate: 'SG_1' }, gate: { batch: true } });
    const runId = (last['run'] as { runId: string }).runId;

    // A refusal still ends the stream with an outcome line.
    const refused = run('resume', runId, '--approval', 'KB-7003', '--fingerprint', `sha256:${'0'.repeat(64)}`, '--json');
    expect(refused.code).toBe(4);
    const end = lines(refused.stdout).at(-1)!;
    expect(valid(end)).toBe(true);
    expect(end).toMatchObject({ type: 'outcome', exit_code: 4, error: { code: 'approval_mismatch' } });

    const toSg2 = run('resume', runId, '--approval', 'KB-7003', '--json');
    expect(toSg2.code).toBe(3);
    const sg2 = lines(toSg2.stdout);
    for (const e of sg2) expect(valid(e), JSON.stringify(valid.errors)).toBe(true);
    expect(sg2.find((e) => e.type === 'gate_passed')).toMatchObject({ gate: 'SG_1', approval: 'KB-7003', documents: ['KB-6839', 'KB-6840', 'KB-6841'] });
    const closed = run('resume', runId, '--approval', 'KB-7004', '--json');
    expect(closed.code).toBe(0);
    const done = lines(closed.stdout);
    expect(done.filter((e) => e.type === 'document_closed').map((e) => e.document)).toEqual(['KB-6839', 'KB-6840', 'KB-6841']);
    expect(done.at(-1)).toMatchObject({ type: 'outcome', exit_code: 0, run: { status: 'CLOSEOUT_REPORTED' } });
  });

  it('cutter plan of a batch is read-only and gives a Markdown summary table first', () => {
    const r = run('plan', 'plans/batch.yaml', '--format', 'markdown');
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')[0]).toBe('### cutter SG_1: batch of 3 documents (mode `dryrun`)');
    expect(r.stdout).toContain('| KB-6841 | `ICX-SEC` | 1 | 2 | 0 | 0 | 6 | at SG_1 |');
    expect(r.stdout).toContain('<details><summary>KB-6840 <code>ICX-GOV</code>');
  });
});

describe('cutter apply of a batch on a terminal (a pseudo-terminal through script)', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/batch.yaml', BATCH);
  });
  afterAll(() => project.remove());

  it('draws one line per document and redraws it in place', () => {
    const main = join(REPO, 'dist', 'cli', 'main.js');
    const r = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(main)} apply plans/batch.yaml`, '/dev/null'], {
      cwd: project.dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '120' }, encoding: 'utf8', timeout: 120_000,
    });
    expect(r.status).toBe(3);
    const out = r.stdout;
    // log-update erases the previous frame (cursor up, erase line) before drawing the next.
    expect(out).toContain('\u001b[2K');
    expect(out).toMatch(/\u001b\[\d+A/u);
    expect(out).toMatch(/cutter apply: batch of 3 documents {2}run \S+/u);
    // The last frame, left on screen: each document at SG_1 with its units and changes.
    expect(out).toMatch(/‖ KB-6839 +ICX-CONST +at SG_1 +107 units +13 changes +\d+\.\ds/u);
    expect(out).toMatch(/‖ KB-6841 +ICX-SEC +at SG_1 +9 units +3 changes/u);
    // A terminal gets the live view, not the plain log lines.
    expect(out).not.toContain('segment done');
    expect(out).toContain('SG_1  batch of 3 documents');
  });
});
