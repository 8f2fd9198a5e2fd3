import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { readSeed } from '../../src/hub/seed.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import type { CloseoutReport } from '../../src/orchestrator/views.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { ICX_PLAN, REPO } from '../support/project.js';

/**
 * Real SIGKILLs: child processes (test/support/crash-child.mjs) drive a whole dry run with the
 * built library and die at every write they make (so at every phase boundary) and at random
 * instants; each run is then resumed to closeout, which must equal an uninterrupted run's, with
 * no temp file left and every gate report present. Several children run at once, each in its own
 * state folder, so the whole file stays well under a minute.
 */

const CHILD = join(REPO, 'test', 'support', 'crash-child.mjs');
const APPROVALS = { SG_1: 'KB-7001', SG_2: 'KB-7002' } as const;
const RANDOM_KILLS = 24;
const PARALLEL = 4;
const seed = readSeed(join(REPO, 'examples', 'hub'));
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface ChildEnd {
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from "created" to the end. */
  readonly afterCreated: number;
}

/** Runs the child; with `killAfterMs`, SIGKILLs it that long after it reports the run created. */
function runChild(stateDir: string, options: { killAtWrite?: number; killAfterMs?: number }): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, stateDir, JSON.stringify(ICX_PLAN)], {
      env: { ...process.env, KILL_AT_WRITE: String(options.killAtWrite ?? 0) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let created = 0;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (!created && stdout.includes('created\n')) {
        created = performance.now();
        if (options.killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, stdout, stderr, afterCreated: created ? performance.now() - created : 0 }));
  });
}

/** Drives whatever the killed child left to closeout, as an operator would after a crash. */
async function finish(stateDir: string): Promise<{ report: CloseoutReport; runId: string }> {
  const store = new FileStateStore(stateDir);
  const runner = new OrchestratorRunner({ store, reporter: new DryRunReporter(stateDir), discoverer: new InMemoryDiscoverer(seed) });
  const listing = await store.list();
  expect(listing.broken).toEqual([]);
  let state = listing.runs[0] ?? (await runner.cut(ICX_PLAN)).state;
  for (let step = 0; step < 10 && state.status !== 'CLOSEOUT_REPORTED'; step += 1) {
    const gate = state.status === 'PAUSED' ? (state.gate as 'SG_1' | 'SG_2') : null;
    state = (await runner.resume(state.runId, gate ? { approval: { id: APPROVALS[gate] } } : {})).state;
  }
  expect(state.status).toBe('CLOSEOUT_REPORTED');
  return { report: (await runner.resume(state.runId)).closeout!.report, runId: state.runId };
}

/** What must not depend on where the run was killed. */
const essence = (r: CloseoutReport) => ({
  summary: r.summary, fingerprints: r.fingerprints, verification: r.verification,
  operations: r.execution.operations.map((o) => [o.op, o.iuId, o.outcome]), approvals: r.approvals.map((a) => [a.gate, a.id, a.fingerprint, a.decision]),
});

function tempFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));
}

/** A small seeded generator, so a failing instant can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

describe('a run SIGKILLed at any instant resumes to the closeout of an uninterrupted run', () => {
  it('at every write and at random instants, in real child processes', { timeout: 120_000 }, async () => {
    const referenceDir = mkdtempSync(join(tmpdir(), 'cutter-sigkill-'));
    dirs.push(referenceDir);
    const uninterrupted = await runChild(referenceDir, {});
    const done = /done CLOSEOUT_REPORTED (\d+)/.exec(uninterrupted.stdout);
    expect(done, uninterrupted.stderr).not.toBeNull();
    const writes = /writes (.*)/.exec(uninterrupted.stdout)![1]!.split(',');
    expect(writes).toHaveLength(Number(done![1]));
    const reference = essence((await finish(referenceDir)).report);

    const seedValue = Date.now() % 100_000;
    const next = random(seedValue);
    const window = Math.max(uninterrupted.afterCreated, 50);
    // Just before each write of state, of a phase's result and of a report: every phase boundary,
    // on both sides of each persisted step. (Journal lines fall between those and are covered by
    // the random instants.)
    const boundaries = writes.flatMap((kind, i) => (kind === 'appendEvent' ? [] : [i + 1]));
    expect(boundaries.length).toBeGreaterThan(25);
    const kills = [
      ...boundaries.map((k) => ({ killAtWrite: k })),
      ...Array.from({ length: RANDOM_KILLS }, () => ({ killAfterMs: Math.floor(next() * window) })),
    ];
    expect(kills.length).toBeGreaterThanOrEqual(50);

    let killed = 0;
    await inParallel(kills, PARALLEL, async (kill) => {
      const where = `${JSON.stringify(kill)} (random seed ${seedValue})`;
      const stateDir = mkdtempSync(join(tmpdir(), 'cutter-sigkill-'));
      dirs.push(stateDir);
      const end = await runChild(stateDir, kill);
      if (end.signal === 'SIGKILL') killed += 1;
      else expect(end.stdout, `${where}: ${end.stderr}`).toContain('done CLOSEOUT_REPORTED');

      const { report, runId } = await finish(stateDir);
      expect(essence(report), where).toEqual(reference);
      expect(tempFiles(stateDir), where).toEqual([]);
      for (const name of ['SG_1.md', 'SG_2.md', 'closeout.md', 'closeout.json']) {
        expect(existsSync(join(stateDir, 'reports', runId, name)), `${where}: ${name}`).toBe(true);
      }
      // The journal stays readable whatever line the kill cut short.
      await expect(new FileStateStore(stateDir).readEvents(runId)).resolves.not.toHaveLength(0);
      rmSync(stateDir, { recursive: true, force: true });
    });
    // Every write-numbered kill happened; a random one may come after the child finished.
    expect(killed).toBeGreaterThanOrEqual(boundaries.length);
  });
});
