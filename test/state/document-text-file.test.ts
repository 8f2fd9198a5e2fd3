import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { readSeed } from '../../src/hub/seed.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { putTextFile } from '../../src/state/document-text-file.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { paused } from './store-contract.js';
import { ICX_PLAN, REPO } from '../support/project.js';

/**
 * The file store keeps a large document's text (discover's result) in a raw UTF-8 file beside
 * the artifact's JSON: reading gives back exactly what was written, a damaged or missing text
 * file is state_corrupt, and artifacts with the text inside the JSON still read.
 */

const PHASE = 'phases/02-discover';

function discoverLike(body: string): Record<string, unknown> {
  return { encoding: 'x', document: { id: 'KB-1', title: 'T', body, revision: 1, status: 'published' }, units: [] };
}

async function storeWithRun(textFileAt: number): Promise<{ dir: string; store: FileStateStore; phases: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cutter-text-file-'));
  const store = new FileStateStore(dir, { textFileAt });
  await store.create(paused('run-a', 'SG_1'));
  return { dir, store, phases: join(dir, 'runs', 'run-a', 'phases') };
}

describe('FileStateStore: a large document text in a file of its own', () => {
  it('reads back exactly the value written (generated texts with pairs, BOMs, controls; lone surrogates stay JSON)', async () => {
    const { dir, store } = await storeWithRun(4);
    try {
      await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\uFEFF', '\uD800', 'é\u{1F600}\n'), async (text, extra) => {
        const body = `${extra}${text}`;
        await store.writeArtifact('run-a', 'journal/x', discoverLike(body));
        expect(await store.readArtifact('run-a', 'journal/x')).toEqual(discoverLike(body));
        const json = readFileSync(join(dir, 'runs', 'run-a', 'journal', 'x.json'), 'utf8');
        const wellFormed = !/[\uD800-\uDFFF]/u.test(body);
        expect(json.includes('"utf8File"')).toBe(body.length >= 4 && wellFormed);
      }), { numRuns: 200 });
      // Written a few characters at a time, a pair never split: the file is the text's UTF-8.
      const folder = join(dir, 'runs', 'run-a', 'journal');
      fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (body, slice) => {
        const written = putTextFile(join(folder, 'z.json'), discoverLike(body), 1, slice) as { document: { body: { utf8File: string; bytes: number } } };
        const bytes = readFileSync(join(folder, written.document.body.utf8File));
        expect(bytes.equals(Buffer.from(body, 'utf8'))).toBe(true);
        expect(written.document.body.bytes).toBe(bytes.length);
      }), { numRuns: 200 });
      // Only the text file the JSON names is left.
      expect(readdirSync(join(dir, 'runs', 'run-a', 'journal')).filter((n) => n.startsWith('x.') && n.endsWith('.txt')).length).toBeLessThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a short text in the JSON and reads artifacts written with the text inside (older runs)', async () => {
    const { dir, store, phases } = await storeWithRun(1 << 20);
    try {
      await store.writeArtifact('run-a', 'journal/x', discoverLike('short'));
      expect(readdirSync(join(dir, 'runs', 'run-a', 'journal'))).toEqual(['x.json']);
      const big = discoverLike('ế'.repeat(1 << 20));
      writeFileSync(join(phases, '..', 'journal', 'y.json'), `${JSON.stringify(big)}\n`);
      expect(await store.readArtifact('run-a', 'journal/y')).toEqual(big);
      await store.writeArtifact('run-a', 'journal/y', big);
      expect(readdirSync(join(dir, 'runs', 'run-a', 'journal')).sort()).toEqual(['x.json', expect.stringMatching(/^y\.[0-9a-f]{16}\.txt$/), 'y.json']);
      expect(await store.readArtifact('run-a', 'journal/y')).toEqual(big);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a crash between the new text file and its JSON leaves the artifact before it readable', async () => {
    const { dir, store } = await storeWithRun(8);
    const folder = join(dir, 'runs', 'run-a', 'journal');
    try {
      const before = discoverLike('the text before, long enough');
      await store.writeArtifact('run-a', 'journal/x', before);
      // The crash: the next text file is in place, the JSON naming it is not.
      putTextFile(join(folder, 'x.json'), discoverLike('the text after, long enough'), 8);
      expect(readdirSync(folder).filter((n) => n.endsWith('.txt'))).toHaveLength(2);
      expect(await store.readArtifact('run-a', 'journal/x')).toEqual(before);
      // Written again (the phase is run again), only the new text file stays.
      await store.writeArtifact('run-a', 'journal/x', discoverLike('the text after, long enough'));
      expect(readdirSync(folder).filter((n) => n.endsWith('.txt'))).toHaveLength(1);
      expect(await store.readArtifact('run-a', 'journal/x')).toEqual(discoverLike('the text after, long enough'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a text file missing, cut short, changed or not the one named: state_corrupt', async () => {
    const { dir, store } = await storeWithRun(8);
    const folder = join(dir, 'runs', 'run-a', 'journal');
    try {
      const value = discoverLike('Điều 1. Phạm vi điều chỉnh\n');
      const damages: Record<string, (txt: string, json: string) => void> = {
        missing: (txt) => unlinkSync(txt),
        'cut short': (txt) => writeFileSync(txt, readFileSync(txt).subarray(0, 10)),
        changed: (txt) => writeFileSync(txt, readFileSync(txt, 'utf8').replace('1', '2')),
        'another name': (_txt, json) => writeFileSync(json, readFileSync(json, 'utf8').replace(/"utf8File":"[^"]+"/, '"utf8File":"../../state.json"')),
      };
      for (const [what, damage] of Object.entries(damages)) {
        await store.writeArtifact('run-a', 'journal/x', value);
        const txt = join(folder, readdirSync(folder).find((n) => n.endsWith('.txt'))!);
        damage(txt, join(folder, 'x.json'));
        await expect(store.readArtifact('run-a', 'journal/x'), what).rejects.toMatchObject({ code: 'state_corrupt' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a run whose discover result keeps its text in a file', () => {
  const seed = readSeed(join(REPO, 'examples', 'hub'));
  let dir: string;
  let stateDir: string;
  let runId: string;
  const runner = () => new OrchestratorRunner({
    store: new FileStateStore(stateDir, { textFileAt: 16 }), reporter: new DryRunReporter(stateDir), discoverer: new InMemoryDiscoverer(seed),
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cutter-text-run-'));
    stateDir = join(dir, '.cutter');
    runId = (await runner().cut(ICX_PLAN)).state.runId;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused state_corrupt with nothing changed when the text file is damaged, and resumes once it is back', async () => {
    const phases = join(stateDir, 'runs', runId, 'phases');
    const name = readdirSync(phases).find((n) => /^02-discover\.[0-9a-f]{16}\.txt$/.test(n));
    expect(name).toBeDefined();
    const txt = join(phases, name!);
    const original = readFileSync(txt);
    const before = ['state.json', 'events.jsonl'].map((f) => readFileSync(join(stateDir, 'runs', runId, f), 'utf8'));
    writeFileSync(txt, original.subarray(0, original.length - 1));
    await expect(runner().resume(runId, { approval: { id: 'KB-7001' } })).rejects.toMatchObject({ code: 'state_corrupt' });
    expect(['state.json', 'events.jsonl'].map((f) => readFileSync(join(stateDir, 'runs', runId, f), 'utf8'))).toEqual(before);
    writeFileSync(txt, original);
    const { state } = await runner().resume(runId, { approval: { id: 'KB-7001' } });
    expect(state).toMatchObject({ status: 'PAUSED', gate: 'SG_2' });
  });
});
