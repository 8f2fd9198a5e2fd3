import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { CutterError } from '../../src/errors.js';
import { readSeed } from '../../src/hub/seed.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { ICX_PLAN, REPO } from '../support/project.js';

/**
 * Every state and phase file of a run paused at SG_2, damaged in each way a crash, a full disk or a hand
 * can damage it, against each command that reads a run: the outcome is the command's normal one
 * or `state_corrupt` naming the file, never an internal error, and a failed command changes nothing.
 */

const seed = readSeed(join(REPO, 'examples', 'hub'));
// The template run waits at SG_2, so every phase file up to rebase exists.
const APPROVAL = 'KB-7002';

let template: string;
let runId: string;

const FILES = [
  'state.json', 'events.jsonl',
  'phases/01-preflight.json', 'phases/02-discover.json', 'phases/03-snapshot.json', 'phases/04-segment.json',
  'phases/05-identify.json', 'phases/06-validate.json', 'phases/07-diff.json', 'phases/08-rebase.json',
] as const;

/** Each damage, as a function of the file's current text (null: delete the file). */
const DAMAGE: Readonly<Record<string, (text: string) => string | null>> = {
  truncated: (t) => t.slice(0, Math.floor(t.length / 2)),
  empty: () => '',
  '{}': () => '{}\n',
  null: () => 'null\n',
  '[]': () => '[]\n',
  'wrong types': (t) => {
    if (t.trimStart().startsWith('{') && !t.includes('\n{')) {
      const value = JSON.parse(t) as Record<string, unknown>;
      return `${JSON.stringify(Object.fromEntries(Object.keys(value).map((k) => [k, typeof value[k] === 'string' ? 7 : 'wrong'])))}\n`;
    }
    return t.replace(/"type":"[a-z_]+"/, '"type":7');
  },
  deleted: () => null,
};

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'cutter-corrupt-'));
  writeFileSync(join(template, 'cutter.config.yaml'), 'version: 1\n');
  const stateDir = join(template, '.cutter');
  const runner = new OrchestratorRunner({ store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir), discoverer: new InMemoryDiscoverer(seed) });
  const { state } = await runner.cut(ICX_PLAN);
  const second = await runner.resume(state.runId, { approval: { id: 'KB-7001' } });
  expect(second.state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
  runId = state.runId;
});
afterAll(() => rmSync(template, { recursive: true, force: true }));

/** A fresh copy of the paused run's project with one file damaged. */
function damagedProject(file: string, damage: string): { dir: string; runDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cutter-corrupt-case-'));
  cpSync(template, dir, { recursive: true });
  const runDir = join(dir, '.cutter', 'runs', runId);
  const path = join(runDir, file);
  const next = DAMAGE[damage]!(readFileSync(path, 'utf8'));
  if (next === null) unlinkSync(path);
  else writeFileSync(path, next);
  return { dir, runDir };
}

/** Runs the CLI in this process (no hub is opened by these commands). */
async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const sink = () => {
    const chunks: string[] = [];
    return { chunks, stream: new Writable({ write(c: Buffer, _e, done) { chunks.push(c.toString()); done(); } }) };
  };
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, env: { NO_COLOR: '1' }, cwd });
  return { code, stdout: out.chunks.join(''), stderr: err.chunks.join('') };
}

function snapshotOf(runDir: string): Record<string, string | null> {
  return Object.fromEntries(FILES.map((f) => [f, existsSync(join(runDir, f)) ? readFileSync(join(runDir, f), 'utf8') : null]));
}

const cases = FILES.flatMap((file) => Object.keys(DAMAGE).map((damage) => [file, damage] as const));

describe('damaged run state is named, never misread', () => {
  it.each(cases)('%s %s: status, show, runs and resume', async (file, damage) => {
    const { dir, runDir } = damagedProject(file, damage);
    try {
      const before = snapshotOf(runDir);
      // A damaged file is named by its path; a missing phase result by its artifact name (phases/07-diff).
      const fileName = damage === 'deleted' ? file.replace(/\.json$/, '') : file.split('/').pop()!;

      for (const args of [['status', runId], ['status', runId, '--json'], ['show', runId], ['show', runId, '--format', 'json'], ['runs'], ['runs', '--json']]) {
        const r = await cli(args, dir);
        const where = `${file} ${damage}: cutter ${args.join(' ')}`;
        expect(r.stderr, where).not.toMatch(/internal error|this is a bug/);
        // A damaged or missing state.json is never read as a run: status and show must fail on it.
        if (file === 'state.json' && args[0] !== 'runs') expect(r.code, where).toBe(1);
        if (r.code !== 0) {
          expect(r.code, where).toBe(1);
          expect(r.stderr, where).toMatch(file === 'state.json' && damage === 'deleted' ? /error\[run_not_found\]/ : /error\[state_corrupt\]/);
          if (!(file === 'state.json' && damage === 'deleted')) expect(r.stderr, where).toContain(fileName);
        }
        if (args[0] === 'runs') {
          // One damaged run never hides the list; it is flagged with what is wrong.
          expect(r.code, where).toBe(0);
          if (file === 'state.json' && damage !== 'deleted') expect(r.stdout, where).toContain(runId);
        }
      }

      // resume, with and without an approval, through the library function the command calls.
      const stateDir = join(dir, '.cutter');
      const runner = new OrchestratorRunner({ store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir), discoverer: new InMemoryDiscoverer(seed) });
      for (const options of [{}, { approval: { id: APPROVAL } }]) {
        const outcome = await runner.resume(runId, options).then((o) => o, (e: unknown) => e);
        const where = `${file} ${damage}: resume ${JSON.stringify(options)}`;
        if (file === 'events.jsonl') {
          // The journal is only appended to while a run goes on: damage to it stops nothing.
          if ('approval' in options) expect(outcome, where).toMatchObject({ state: { status: 'CLOSEOUT_REPORTED' } });
          else expect(outcome, where).toMatchObject({ code: 'approval_required' });
          continue;
        }
        expect(outcome, where).toBeInstanceOf(CutterError);
        const code = (outcome as CutterError).code;
        if (file === 'state.json' && damage === 'deleted') expect(code, where).toBe('run_not_found');
        else expect(code, where).toBe('state_corrupt');
        if (code === 'state_corrupt') expect((outcome as Error).message, where).toContain(fileName);
        // Check first, then write: a refused resume changed nothing.
        expect(snapshotOf(runDir), where).toEqual(before);
      }
      expect(existsSync(join(runDir, 'run.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a journal cut short in its last line is still read, every complete event kept', async () => {
    const { dir, runDir } = damagedProject('events.jsonl', 'truncated');
    try {
      const text = readFileSync(join(runDir, 'events.jsonl'), 'utf8');
      expect(text.endsWith('\n')).toBe(false);
      const complete = text.split('\n').length - 1;
      const events = await new FileStateStore(join(dir, '.cutter')).readEvents(runId);
      expect(events).toHaveLength(complete);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('missing gate reports are written again by status, equal to the ones the run wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutter-corrupt-case-'));
    try {
      cpSync(template, dir, { recursive: true });
      const reports = ['SG_1.md', 'SG_2.md'].map((name) => join(dir, '.cutter', 'reports', runId, name));
      const originals = reports.map((r) => readFileSync(r, 'utf8'));
      for (const r of reports) unlinkSync(r);
      writeFileSync(`${reports[1]}.999999.tmp`, 'half a report');
      expect((await cli(['status', runId], dir)).code).toBe(0);
      expect(reports.map((r) => readFileSync(r, 'utf8'))).toEqual(originals);
      expect(existsSync(`${reports[1]}.999999.tmp`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a run written by a newer cutter', () => {
  it('is named as such, not as damage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutter-corrupt-case-'));
    try {
      cpSync(template, dir, { recursive: true });
      const path = join(dir, '.cutter', 'runs', runId, 'state.json');
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), formatVersion: 2, toolVersion: '9.0.0' }));
      const r = await cli(['status', runId], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error[state_format_unsupported]: ${path}: run state format 2; this cutter reads format 1`);
      expect(r.stderr).toContain('use the cutter that wrote this run (9.0.0) or a newer one');
      const runs = await cli(['runs'], dir);
      expect(runs.code).toBe(0);
      expect(runs.stdout).toContain(`! ${runId}  unreadable: ${path}: run state format 2`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
