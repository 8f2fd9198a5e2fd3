import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { CrashPoint } from '../../src/crash-point.js';
import { cli, nextApproval, readCloseout, runIdOf, unitRows, type LiveEngine, type LiveHub } from '../support/live-hubs.js';

interface Report {
  summary: unknown;
  fingerprints: unknown;
  execution: { token: string; applied: number; skipped: number; counts: unknown; operations: unknown[] };
  verification: unknown;
}

/** What must not depend on where the run was killed. */
const essence = (r: Report) => ({
  summary: r.summary, fingerprints: r.fingerprints, verification: r.verification,
  applied: r.execution.applied, skipped: r.execution.skipped, counts: r.execution.counts, operations: r.execution.operations,
});

/** apply and the SG_1 approval; returns the run id, paused at SG_2. */
function toSg2(hub: LiveHub): string {
  const applied = cli(hub, ['apply', hub.plan]);
  expect(applied.code, applied.stderr).toBe(3);
  const runId = runIdOf(applied);
  expect(cli(hub, ['resume', runId, '--approval', nextApproval()]).code).toBe(3);
  return runId;
}

/**
 * A real SIGKILL of the CLI process (CUTTER_TEST_KILL_AT, a test-only hook) at three instants of
 * a live execution; each time `cutter resume` ends with exactly the rows and the closeout of an
 * uninterrupted run, and the journal token written once. One file per engine runs this body
 * (live-crash-*.test.ts), so that each stays near a minute on a loaded machine.
 */
export function killedAndResumed(engine: LiveEngine): void {
  let reference: { seeded: Awaited<ReturnType<typeof unitRows>>; rows: string[]; total: number; report: ReturnType<typeof essence> };
  beforeAll(async () => {
    const hub = await engine.open({ execution: true });
    try {
      const seeded = await unitRows(hub);
      const runId = toSg2(hub);
      const done = cli(hub, ['resume', runId, '--approval', nextApproval()]);
      expect(done.code, done.stderr).toBe(0);
      const rows = await unitRows(hub);
      reference = { seeded, rows: rows.rows, total: rows.total, report: essence(readCloseout(hub, runId) as unknown as Report) };
    } finally {
      await hub.close();
    }
  });

  for (const point of ['before-transaction', 'before-commit', 'after-commit'] satisfies CrashPoint[]) {
    it(`killed ${point}`, async () => {
      const hub = await engine.open({ execution: true });
      try {
        // Every fresh hub shows the reference's fingerprints, so both approvals can be pinned in
        // the plan and one apply drives the run to execution (two child processes, not four).
        const fingerprints = reference.report.fingerprints as { SG_1: string; SG_2: string };
        const plan = hub.project.write('plans/pinned.yaml', `${readFileSync(join(hub.project.dir, hub.plan), 'utf8')}approvals:
  SG_1: { id: ${nextApproval()}, fingerprint: "${fingerprints.SG_1}" }
  SG_2: { id: ${nextApproval()}, fingerprint: "${fingerprints.SG_2}" }
`);
        const killed = cli(hub, ['apply', plan], { CUTTER_TEST_KILL_AT: point });
        expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
        const [runId] = readdirSync(join(hub.project.dir, '.cutter', 'runs'));
        const between = await unitRows(hub);
        if (point === 'after-commit') {
          expect(between).toEqual({ rows: reference.rows, total: reference.total, journal: 1 });
        } else {
          expect(between).toEqual(reference.seeded);
        }

        const resumed = cli(hub, ['resume', runId!]);
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(await unitRows(hub)).toEqual({ rows: reference.rows, total: reference.total, journal: 1 });
        expect(essence(readCloseout(hub, runId!) as unknown as Report)).toEqual(reference.report);
      } finally {
        await hub.close();
      }
    });
  }
}
