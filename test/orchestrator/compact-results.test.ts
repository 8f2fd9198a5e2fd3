import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HubUnit } from '../../src/discovery/facts.js';
import { changesetFingerprint } from '../../src/diff/fingerprint.js';
import { packResult, requiredResults, storedResults, unpackResult, COMPACT_ENCODING, type EarlierResult } from '../../src/orchestrator/compact-results.js';
import { PHASES } from '../../src/orchestrator/run-state.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { profileFor } from '../../src/cut/profiles/index.js';
import { segment } from '../../src/cut/segment.js';
import { changesetFor, cutDocument } from '../../src/orchestrator/cut-and-compare.js';
import type { DiscoverResult } from '../../src/orchestrator/phases/discover.js';
import type { DiffResult } from '../../src/orchestrator/phases/diff.js';
import type { ExecuteResult } from '../../src/orchestrator/phases/execute.js';
import type { PhaseName } from '../../src/orchestrator/run-state.js';
import type { Plan } from '../../src/plan/plan.js';
import { ICX_PLAN, REPO } from '../support/project.js';
import { lawShape, renderLaw } from '../cut/generated-law.js';

const json = (v: unknown): string => JSON.stringify(v);
const cutNow = (plan: Plan, body: string) => segment(body, profileFor(plan.cut), { prefix: plan.prefix, unit: plan.cut.unit });

/** The results of one run's phases, as they are in memory and as the store would hand them back. */
async function roundTrip(
  plan: Plan, results: Partial<Record<PhaseName, unknown>>, readPlan = plan,
): Promise<{ stored: Record<string, string>; read: Record<string, unknown> }> {
  const inMemory: EarlierResult = async <T>(p: PhaseName) => results[p] as T;
  const stored: Record<string, string> = {};
  for (const [phase, result] of Object.entries(results)) stored[phase] = json(await packResult(phase as PhaseName, result, plan, inMemory));
  const read: Record<string, unknown> = {};
  const fromStore: EarlierResult = async <T>(p: PhaseName) => {
    read[p] ??= await unpackResult(p, JSON.parse(stored[p]!), readPlan, fromStore);
    return read[p] as T;
  };
  for (const phase of Object.keys(results)) await fromStore(phase as PhaseName);
  return { stored, read };
}

/**
 * A discover / segment / diff / execute chain for a document and the hub's units of an older text.
 * `recut`: the cut is the one `cutDocument` keeps for the plan, as in a run (stored as its hash).
 */
async function run(plan: Plan, oldBody: string, newBody: string, tamper: (units: HubUnit[]) => void = () => {}, { recut = false } = {}) {
  const units: HubUnit[] = cutNow({ ...plan }, oldBody).units.map((u, i) => ({
    iuId: u.id, documentId: plan.document, prefix: plan.prefix, path: u.path, ordinal: u.ordinal, heading: u.heading,
    body: u.text, contentSha256: u.sha256, sourceRevision: 1, status: i % 7 === 3 ? 'retired' : 'active',
  }));
  tamper(units);
  const discover: DiscoverResult = { document: { id: plan.document, title: 'T', body: newBody, revision: 2, status: 'published' }, units };
  const segment = recut ? await cutDocument(plan, newBody) : cutNow(plan, newBody);
  const changeset = changesetFor(units, segment);
  const snapshot = { documentId: plan.document, revision: 2, bodySha256: 'a', unitSetSha256: 'b' };
  const diff: DiffResult = { changeset, fingerprint: changesetFingerprint({ gate: 'SG_1', formatVersion: 1, plan, snapshot, changeset }) };
  // The dry run's simulator: the discovered units, the changed ones with the cut's text.
  const cutById = new Map(segment.units.map((u) => [u.id, u]));
  const simUnits = units.map((u) => {
    const c = cutById.get(u.iuId);
    return c && c.sha256 !== u.contentSha256 ? { ...u, body: c.text, contentSha256: c.sha256, sourceRevision: 2 } : u;
  });
  const execute: ExecuteResult = { target: 'simulator', outcomes: [{ op: 'update', iuId: 'X', outcome: 'applied' }] as unknown as ExecuteResult['outcomes'], simulator: { document: discover.document, prefix: plan.prefix, units: simUnits } };
  return { discover, segment, diff, execute, identify: { count: 0, duplicates: [], collisions: [], malformed: [] } };
}

describe('compact phase results', () => {
  const oldBody = readFileSync(join(REPO, 'examples', 'hub', 'KB-6839.rev6.md'), 'utf8');
  const newBody = readFileSync(join(REPO, 'examples', 'hub', 'KB-6839.md'), 'utf8');

  it('read back exactly as they were written (the sample document, every phase that is packed)', async () => {
    const results = await run(ICX_PLAN, oldBody, newBody);
    const { stored, read } = await roundTrip(ICX_PLAN, results);
    for (const phase of ['discover', 'segment', 'diff', 'execute'] as const) {
      expect(JSON.parse(stored[phase]!), phase).toMatchObject({ encoding: phase === 'diff' ? 'cutter-compact-1' : COMPACT_ENCODING });
      expect(json(read[phase]), phase).toBe(json(results[phase]));
    }
    expect(stored['identify']).toBe(json(results.identify));
    // The document's text is stored once: no other result holds a unit's text.
    const longest = results.segment.units.reduce((a, u) => (u.text.length > a.length ? u.text : a), '');
    for (const phase of ['segment', 'diff', 'execute']) expect(stored[phase]!.includes(JSON.stringify(longest).slice(1, -1)), phase).toBe(false);
  });

  it('keep a text that is not the slice its hash points to (a hub unit whose hash is wrong)', async () => {
    const results = await run(ICX_PLAN, oldBody, newBody, (units) => {
      units[2] = { ...units[2]!, body: `${units[2]!.body} (edited in the hub without a new hash)` };
    });
    const { read } = await roundTrip(ICX_PLAN, results);
    for (const phase of ['discover', 'segment', 'diff', 'execute'] as const) expect(json(read[phase]), phase).toBe(json(results[phase]));
  });

  it('read back exactly on generated laws and edits', async () => {
    await fc.assert(fc.asyncProperty(lawShape, lawShape, async (a, b) => {
      // Stored as rows and as the hash of a cut made again (read with a plan the cut is not kept for).
      for (const recut of [false, true]) {
        const plan: Plan = { ...ICX_PLAN, prefix: 'GEN' };
        const results = await run(plan, renderLaw(a).text, renderLaw(b).text, () => {}, { recut });
        const { read } = await roundTrip(plan, results, { ...plan });
        for (const phase of ['discover', 'segment', 'diff', 'execute'] as const) expect(json(read[phase]), phase).toBe(json(results[phase]));
      }
    }), { numRuns: 40 });
  });

  it('reads results stored before the compact form as they are', async () => {
    const results = await run(ICX_PLAN, oldBody, newBody);
    const plain = JSON.parse(json(results.diff)) as unknown;
    expect(await unpackResult('diff', plain, ICX_PLAN, async () => { throw new Error('not needed'); })).toEqual(plain);
  });

  it('store a cut of a built-in profile as its hash, made again from the document on reading', async () => {
    const plan: Plan = { ...ICX_PLAN };
    const results = await run(plan, oldBody, newBody, () => {}, { recut: true });
    // Read with another plan object of the same content: the cut is really made again.
    const { stored, read } = await roundTrip(plan, results, { ...plan });
    expect(JSON.parse(stored['segment']!)).toMatchObject({ encoding: COMPACT_ENCODING, recut: { units: results.segment.units.length } });
    expect(stored['segment']!.length).toBeLessThan(300);
    for (const phase of ['discover', 'segment', 'diff', 'execute'] as const) expect(json(read[phase]), phase).toBe(json(results[phase]));
  });

  it('name a cut that is not made again the same as state_corrupt (a cutter that cuts otherwise)', async () => {
    const plan: Plan = { ...ICX_PLAN };
    const results = await run(plan, oldBody, newBody, () => {}, { recut: true });
    const { stored } = await roundTrip(plan, results);
    const packed = JSON.parse(stored['segment']!) as { recut: { sha256: string; toolVersion: string } };
    packed.recut.sha256 = '0'.repeat(64);
    const discovered = async <T>() => results.discover as T;
    await expect(unpackResult('segment', packed, { ...plan }, discovered)).rejects.toMatchObject({ code: 'state_corrupt' });
    // Saved by another cutter, which cut otherwise: a refusal naming both versions, not damage.
    const older = { ...packed, recut: { ...packed.recut, toolVersion: '0.0.1' } };
    await expect(unpackResult('segment', older, { ...plan }, discovered)).rejects.toMatchObject({
      code: 'run_cut_changed', exitCode: 4, message: expect.stringContaining('made by cutter 0.0.1'), hint: expect.stringContaining('npx cutter@0.0.1 resume'),
    });
    // A document whose text was changed in the stored discover result: the cut made of it is not the one saved.
    const changed = { ...results.discover, document: { ...results.discover.document, body: newBody.replace('Điều', 'Dieu') } };
    await expect(unpackResult('segment', JSON.parse(stored['segment']!), { ...plan }, async <T>() => changed as T)).rejects.toMatchObject({ code: 'state_corrupt' });
    // A cut with custom rules (cut in a worker, under a time limit) is stored as rows.
    expect(await packResult('segment', results.segment, { ...plan, cut: { ...plan.cut, rules: [] } }, discovered)).toHaveProperty('units');
  });

  it('leave out the hashes that are the hash of their text and the ids that are <prefix>-<path>', async () => {
    const results = await run(ICX_PLAN, oldBody, newBody);
    const { stored } = await roundTrip(ICX_PLAN, results);
    const cutHashes = new Set(results.segment.units.map((u) => u.sha256));
    const unchanged = results.discover.units.filter((u) => cutHashes.has(u.contentSha256));
    expect(unchanged.length).toBeGreaterThan(10);
    for (const u of unchanged) {
      expect(stored['discover']!.includes(u.contentSha256), u.iuId).toBe(false);
      expect(stored['discover']!.includes(`"${u.iuId}"`), u.iuId).toBe(false);
    }
  });
});

describe('runs stored in the first packed form (cutter-compact-1, test/fixtures/runs-compact-1)', () => {
  const RUN = '20261207-081652-kb-6840-f009';
  const fixture = join(REPO, 'test', 'fixtures', 'runs-compact-1');

  function stateDir(): { dir: string; store: FileStateStore } {
    const dir = mkdtempSync(join(tmpdir(), 'cutter-compact-1-'));
    cpSync(join(fixture, 'closed'), join(dir, 'runs', RUN), { recursive: true });
    return { dir, store: new FileStateStore(dir) };
  }

  it('read back as the cutter that wrote them read them', async () => {
    const { dir, store } = stateDir();
    try {
      const state = (await store.load(RUN))!;
      const expected = JSON.parse(readFileSync(join(fixture, 'closed.unpacked.json'), 'utf8')) as Record<string, unknown>;
      const read = storedResults({ store, runId: RUN, plan: state.plan });
      expect(JSON.parse(readFileSync(join(dir, 'runs', RUN, 'phases', '02-discover.json'), 'utf8'))).toMatchObject({ encoding: 'cutter-compact-1' });
      for (const phase of PHASES) expect(json(await read(phase)), phase).toBe(json(expected[phase]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('name a missing result: null from storedResults, state_corrupt from requiredResults', async () => {
    const { dir, store } = stateDir();
    try {
      rmSync(join(dir, 'runs', RUN, 'phases', '02-discover.json'));
      const plan = (await store.load(RUN))!.plan;
      expect(await storedResults({ store, runId: RUN, plan })('discover')).toBeNull();
      await expect(requiredResults({ store, runId: RUN, plan })('discover')).rejects.toMatchObject({ code: 'state_corrupt' });
      // The diff refers to discover's units: read without it, it is named missing too.
      await expect(storedResults({ store, runId: RUN, plan })('diff')).rejects.toMatchObject({ code: 'state_corrupt' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
