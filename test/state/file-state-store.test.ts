import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { decision, describeStoreContract, paused, type StoreHarness } from './store-contract.js';

function fileHarness(): StoreHarness & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cutter-state-'));
  return {
    dir,
    open: async () => new FileStateStore(dir),
    corrupt: async (runId) => writeFileSync(join(dir, 'runs', runId, 'state.json'), '{ "formatVersion": 1, "runId": '),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describeStoreContract('FileStateStore', async () => fileHarness());

describe('FileStateStore approval index after a crash', () => {
  it('lets the same run complete the same decision whose index entry was written before a crash, and nothing else', async () => {
    const h = fileHarness();
    try {
      const store = await h.open();
      const a = paused('run-a', 'SG_1');
      await store.create(a);
      const entry = decision(a, 'KB-7001');
      const { runId: _r, ...record } = entry;
      const after = { ...a, status: 'RUNNING' as const, gate: null, fingerprint: null, approvals: [record] };
      await store.recordDecision(after, entry);
      // The crash: the index entry is written, the state is not.
      await store.save(a);
      await expect(store.recordDecision(after, { ...entry, fingerprint: 'sha256:other' })).rejects.toMatchObject({ code: 'approval_reused' });
      await store.recordDecision(after, entry);
      expect(await store.load('run-a')).toEqual(after);
      // Once the state holds it, the same call is a replay.
      await expect(store.recordDecision(after, entry)).rejects.toMatchObject({ code: 'approval_reused', details: { runId: 'run-a' } });
    } finally {
      await h.cleanup();
    }
  });

  it('keeps the index beside the runs, one file per id, holding the whole entry', async () => {
    const h = fileHarness();
    try {
      const store = await h.open();
      const a = paused('run-a', 'SG_1');
      await store.create(a);
      const entry = decision(a, 'KB-7001');
      await store.recordDecision({ ...a, status: 'RUNNING' }, entry);
      const dir = h.dir;
      const files = readdirSync(join(dir, 'approvals'));
      expect(files).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(dir, 'approvals', files[0]!), 'utf8'))).toEqual(entry);
    } finally {
      await h.cleanup();
    }
  });
});
