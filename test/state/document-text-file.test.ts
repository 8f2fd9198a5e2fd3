import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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
 * The file store keeps a large document's text (discover's result) in a raw file beside the
 * artifact's JSON, UTF-16LE or UTF-8 by which is smaller against the other: reading gives back
 * exactly what was written, a damaged or missing text file is state_corrupt, and artifacts with
 * the text inside the JSON or in a UTF-8 file (earlier runs) still read.
 */

const PHASE = 'phases/02-discover';

interface TextFileRef { utf8File?: string; utf16File?: string; bytes: number; sha256: string }

/** The form putTextFile is to choose: UTF-16LE when it is at most 1.6 times the UTF-8. */
const utf16Chosen = (body: string): boolean => 2 * body.length <= 1.6 * Buffer.byteLength(body, 'utf8');

const encodingOf = (txt: string): BufferEncoding => (txt.endsWith('.utf16le.txt') ? 'utf16le' : 'utf8');

function discoverLike(body: unknown): Record<string, unknown> {
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
      const unit = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', ' ', 'ế', 'Đ', '\u{1F600}', '\uFFFD'), maxLength: 40 }));
      await fc.assert(fc.asyncProperty(unit, fc.constantFrom('', '\uFEFF', '\uD800', 'é\u{1F600}\n'), async (text, extra) => {
        const body = `${extra}${text}`;
        await store.writeArtifact('run-a', 'journal/x', discoverLike(body));
        expect(await store.readArtifact('run-a', 'journal/x')).toEqual(discoverLike(body));
        const json = readFileSync(join(dir, 'runs', 'run-a', 'journal', 'x.json'), 'utf8');
        const inFile = body.length >= 4 && !/[\uD800-\uDFFF]/u.test(body);
        expect(json.includes('"utf16File"')).toBe(inFile && utf16Chosen(body));
        expect(json.includes('"utf8File"')).toBe(inFile && !utf16Chosen(body));
      }), { numRuns: 300 });
      // Written a few characters at a time, a pair never split: the file is the text in its form's encoding.
      const folder = join(dir, 'runs', 'run-a', 'journal');
      fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (body, slice) => {
        const { document: { body: ref } } = putTextFile(join(folder, 'z.json'), discoverLike(body), 1, slice) as { document: { body: TextFileRef } };
        const [name, encoding] = ref.utf16File !== undefined ? [ref.utf16File, 'utf16le' as const] : [ref.utf8File!, 'utf8' as const];
        expect(encoding === 'utf16le').toBe(utf16Chosen(body));
        const bytes = readFileSync(join(folder, name));
        expect(bytes.equals(Buffer.from(body, encoding))).toBe(true);
        expect(ref.bytes).toBe(bytes.length);
        expect(ref.sha256).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
      }), { numRuns: 200 });
      // Only the text file the JSON names is left.
      expect(readdirSync(join(dir, 'runs', 'run-a', 'journal')).filter((n) => n.startsWith('x.') && n.endsWith('.txt')).length).toBeLessThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a short text in the JSON; a Vietnamese text goes to UTF-16LE, a mostly English one to UTF-8', async () => {
    const { dir, store } = await storeWithRun(1 << 20);
    const folder = join(dir, 'runs', 'run-a', 'journal');
    try {
      await store.writeArtifact('run-a', 'journal/x', discoverLike('short'));
      expect(readdirSync(folder)).toEqual(['x.json']);
      const vietnamese = discoverLike('Điều 1. Phạm vi điều chỉnh\n'.repeat(1 << 16));
      await store.writeArtifact('run-a', 'journal/y', vietnamese);
      // One curly quote in English: UTF-16LE would be twice the UTF-8, past the run folder's bound.
      const english = discoverLike(`${'Article 1. Scope of this law\n'.repeat(1 << 16)}\u201C`);
      await store.writeArtifact('run-a', 'journal/z', english);
      expect(readdirSync(folder).sort()).toEqual(['x.json', expect.stringMatching(/^y\.[0-9a-f]{16}\.utf16le\.txt$/), 'y.json', expect.stringMatching(/^z\.[0-9a-f]{16}\.txt$/), 'z.json']);
      expect(await store.readArtifact('run-a', 'journal/y')).toEqual(vietnamese);
      expect(await store.readArtifact('run-a', 'journal/z')).toEqual(english);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the forms of earlier runs: the text inside the JSON, a Vietnamese text as a UTF-8 file', async () => {
    const { dir, store } = await storeWithRun(1 << 20);
    const folder = join(dir, 'runs', 'run-a', 'journal');
    try {
      const big = discoverLike('ế'.repeat(1 << 20));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'y.json'), `${JSON.stringify(big)}\n`);
      expect(await store.readArtifact('run-a', 'journal/y')).toEqual(big);
      // As the cutter before the UTF-16LE form wrote it.
      const text = 'Điều 1. Phạm vi điều chỉnh\n'.repeat(1 << 16);
      const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
      const name = `w.${sha256.slice(0, 16)}.txt`;
      writeFileSync(join(folder, name), text, 'utf8');
      writeFileSync(join(folder, 'w.json'), `${JSON.stringify(discoverLike({ utf8File: name, bytes: Buffer.byteLength(text), sha256 }))}\n`);
      expect(await store.readArtifact('run-a', 'journal/w')).toEqual(discoverLike(text));
      // Written again (the phase is run again), it takes the new form and the old file goes.
      await store.writeArtifact('run-a', 'journal/w', discoverLike(text));
      expect(readdirSync(folder).filter((n) => n.startsWith('w.')).sort()).toEqual([`w.${sha256.slice(0, 16)}.utf16le.txt`, 'w.json']);
      expect(await store.readArtifact('run-a', 'journal/w')).toEqual(discoverLike(text));
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

  it('finds a text file missing, cut short, changed or not the one named, in either form: state_corrupt', async () => {
    const { dir, store } = await storeWithRun(8);
    const folder = join(dir, 'runs', 'run-a', 'journal');
    try {
      const fileKey = /"(utf8File|utf16File)":"[^"]+"/;
      const damages: Record<string, (txt: string, json: string) => void> = {
        missing: (txt) => unlinkSync(txt),
        'cut short': (txt) => writeFileSync(txt, readFileSync(txt).subarray(0, 10)),
        'one byte longer': (txt) => writeFileSync(txt, Buffer.concat([readFileSync(txt), Buffer.of(0)])),
        changed: (txt) => writeFileSync(txt, readFileSync(txt, encodingOf(txt)).replace('1', '2'), encodingOf(txt)),
        'another name': (_txt, json) => writeFileSync(json, readFileSync(json, 'utf8').replace(fileKey, '"$1":"../../state.json"')),
        // The UTF-16LE file read as UTF-8, or the other way round.
        'another form': (_txt, json) => writeFileSync(json, readFileSync(json, 'utf8').replace(fileKey, (m, key: string) => m.replace(key, key === 'utf8File' ? 'utf16File' : 'utf8File'))),
      };
      for (const body of ['Điều 1. Phạm vi điều chỉnh \uFFFD\n', 'Article 1. Scope of this law \uFFFD\n']) {
        for (const [what, damage] of Object.entries(damages)) {
          await store.writeArtifact('run-a', 'journal/x', discoverLike(body));
          const txt = join(folder, readdirSync(folder).find((n) => n.endsWith('.txt'))!);
          damage(txt, join(folder, 'x.json'));
          await expect(store.readArtifact('run-a', 'journal/x'), `${what}: ${txt}`).rejects.toMatchObject({ code: 'state_corrupt' });
        }
      }
      // U+FFFD made a lone surrogate in the UTF-16LE file: the same UTF-8 (a lone half is encoded as
      // U+FFFD), so the same UTF-8 hash; the check finds it all the same.
      await store.writeArtifact('run-a', 'journal/x', discoverLike('Điều 1. Phạm vi điều chỉnh \uFFFD\n'));
      const txt = join(folder, readdirSync(folder).find((n) => n.endsWith('.utf16le.txt'))!);
      writeFileSync(txt, readFileSync(txt, 'utf16le').replace('\uFFFD', '\uD800'), 'utf16le');
      await expect(store.readArtifact('run-a', 'journal/x')).rejects.toMatchObject({ code: 'state_corrupt' });
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
    const name = readdirSync(phases).find((n) => /^02-discover\.[0-9a-f]{16}\.(utf16le\.)?txt$/.test(n));
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
