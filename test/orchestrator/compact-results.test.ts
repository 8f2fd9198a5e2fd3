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
      const encoding = phase === 'diff' ? 'cutter-compact-1' : phase === 'discover' ? 'cutter-compact-3' : COMPACT_ENCODING;
      expect(JSON.parse(stored[phase]!), phase).toMatchObject({ encoding });
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

  it("store discover's hub units that are units of the cut as the index of that unit", async () => {
    const plan: Plan = { ...ICX_PLAN };
    // The hub holds the new text's cut (a run after an apply), a few units otherwise: one at
    // another revision, one retired, one whose hash is not its text's, one with another heading.
    const results = await run(plan, newBody, newBody, (units) => {
      for (const u of units) (u as { status: string }).status = 'active';
      units[1] = { ...units[1]!, sourceRevision: 7 };
      units[2] = { ...units[2]!, status: 'retired' };
      units[3] = { ...units[3]!, contentSha256: '0'.repeat(64) };
      units[4] = { ...units[4]!, heading: 'another heading' };
    });
    const { stored, read } = await roundTrip(plan, results, { ...plan });
    const packed = JSON.parse(stored['discover']!) as { encoding: string; cut: { units: number }; units: { revision: number; rows: unknown[] } };
    expect(packed).toMatchObject({ encoding: 'cutter-compact-3', cut: { units: results.segment.units.length }, units: { revision: 1 } });
    const rows = packed.units.rows;
    expect(rows.slice(1, 5).every((r) => Array.isArray(r))).toBe(true);
    expect(rows.filter((r) => typeof r === 'number')).toHaveLength(rows.length - 4);
    expect(json(read['discover'])).toBe(json(results.discover));
  });

  it("name a discover result whose cut is not made again the same: state_corrupt, or run_cut_changed from another cutter", async () => {
    const plan: Plan = { ...ICX_PLAN };
    const results = await run(plan, oldBody, newBody);
    const { stored } = await roundTrip(plan, results);
    const packed = JSON.parse(stored['discover']!) as { cut: { sha256: string; toolVersion: string } };
    const none = async <T>(): Promise<T> => { throw new Error('discover refers to no earlier result'); };
    const damaged = { ...packed, cut: { ...packed.cut, sha256: '0'.repeat(64) } };
    await expect(unpackResult('discover', damaged, { ...plan }, none)).rejects.toMatchObject({ code: 'state_corrupt', message: expect.stringContaining('discover phase') });
    const older = { ...damaged, cut: { ...damaged.cut, toolVersion: '0.0.1' } };
    await expect(unpackResult('discover', older, { ...plan }, none)).rejects.toMatchObject({ code: 'run_cut_changed', exitCode: 4 });
    // The document's text changed in the stored result: the rows would point into another cut.
    const edited = JSON.parse(stored['discover']!) as { document: { body: string } };
    edited.document.body = edited.document.body.replace('Điều', 'Dieu');
    await expect(unpackResult('discover', edited, { ...plan }, none)).rejects.toMatchObject({ code: 'state_corrupt' });
    // Handed over without the schema's check: a third form without its cut or its revision is damage too.
    const { revision: _revision, ...unitsWithoutRevision } = (JSON.parse(stored['discover']!) as { units: Record<string, unknown> }).units;
    await expect(unpackResult('discover', { ...packed, units: unitsWithoutRevision }, { ...plan }, none)).rejects.toMatchObject({ code: 'state_corrupt' });
    const { cut: _cut, ...withoutCut } = packed as Record<string, unknown>;
    await expect(unpackResult('discover', withoutCut, { ...plan }, none)).rejects.toMatchObject({ code: 'state_corrupt' });
    // A cut with custom rules is not made again on reading: discover's units stay rows (the second form).
    const custom: Plan = { ...plan, cut: { profile: 'custom', unit: 'article', rules: [{ level: 'article', pattern: '^Điều (?<num>\\d+)\\.', token: 'D{num}' }] } };
    expect(await packResult('discover', results.discover, custom, none)).toMatchObject({ encoding: 'cutter-compact-2' });
  });

  it("refuse a discover result in the third form without its cut (the schema check of the store)", async () => {
    const plan: Plan = { ...ICX_PLAN };
    const results = await run(plan, oldBody, newBody);
    const { stored } = await roundTrip(plan, results);
    const dir = mkdtempSync(join(tmpdir(), 'cutter-compact-3-'));
    try {
      const store = new FileStateStore(dir);
      const { cut: _cut, ...withoutCut } = JSON.parse(stored['discover']!) as Record<string, unknown>;
      await store.writeArtifact('r', 'phases/02-discover', withoutCut);
      await expect(storedResults({ store, runId: 'r', plan })('discover')).rejects.toMatchObject({ code: 'state_corrupt' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

// Runs written by earlier cutters, as they wrote them: the first packed form, and the second
// (discover's units as rows, before the third form stored them as indexes of the cut).
describe.each([
  { encoding: 'cutter-compact-1', fixture: 'runs-compact-1', RUN: '20261207-081652-kb-6840-f009' },
  { encoding: 'cutter-compact-2', fixture: 'runs-compact-2', RUN: '20261207-110013-kb-6840-a78f' },
])('runs stored in an earlier packed form ($encoding, test/fixtures/$fixture)', ({ encoding, fixture: name, RUN }) => {
  const fixture = join(REPO, 'test', 'fixtures', name);

  function stateDir(): { dir: string; store: FileStateStore } {
    const dir = mkdtempSync(join(tmpdir(), `cutter-${name}-`));
    cpSync(join(fixture, 'closed'), join(dir, 'runs', RUN), { recursive: true });
    return { dir, store: new FileStateStore(dir) };
  }

  it('read back as the cutter that wrote them read them', async () => {
    const { dir, store } = stateDir();
    try {
      const state = (await store.load(RUN))!;
      const expected = JSON.parse(readFileSync(join(fixture, 'closed.unpacked.json'), 'utf8')) as Record<string, unknown>;
      const read = storedResults({ store, runId: RUN, plan: state.plan });
      expect(JSON.parse(readFileSync(join(dir, 'runs', RUN, 'phases', '02-discover.json'), 'utf8'))).toMatchObject({ encoding });
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
