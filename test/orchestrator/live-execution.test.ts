import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveReadOnlyDiscoverer } from '../../src/discovery/live-read-only-discoverer.js';
import { CutterError } from '../../src/errors.js';
import { HubExecutor } from '../../src/hub/hub-executor.js';
import { DEFAULT_WRITES, resolveWrites } from '../../src/hub/write/write-statements.js';
import type { Operation } from '../../src/orchestrator/operations.js';
import { describeEachEngine, type TestHub } from '../support/hubs.js';

// The guarded executor, the same statements and the same test body on PGlite and a real server.
await describeEachEngine('HubExecutor', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await engine.open('live_exec');
  });
  afterAll(async () => hub?.close());

  let n = 0;
  const units = () => new LiveReadOnlyDiscoverer(hub.select).readUnits('KB-6839', 'ICX-CONST');
  const input = (operations: Operation[], sourceRevision = 7, token = `token-${engine.name}-${(n += 1)}`) =>
    ({ documentId: 'KB-6839', prefix: 'ICX-CONST', sourceRevision, operations, token, operationsFingerprint: 'sha256:test' });
  const rowCount = async () => Number((await hub.admin('SELECT count(*) AS n FROM kb_information_units'))[0]!['n']);
  const tokens = async () => (await hub.admin('SELECT token FROM cutter_executions ORDER BY token')).map((r) => r['token']);

  it('applies once with its token recorded; the same token is never written twice; a new one skips everything', async () => {
    const [first, second] = await units();
    const ops: Operation[] = [
      { op: 'insert', iuId: 'ICX-CONST-D99', path: 'D99', ordinal: 999, heading: 'Điều 99', body: 'Điều 99. Thử\n', sha256: 'a'.repeat(64) },
      { op: 'update', iuId: first!.iuId, path: first!.path, ordinal: first!.ordinal, heading: first!.heading, body: 'x', sha256: 'b'.repeat(64), expectSha256: first!.contentSha256 },
      { op: 'retire', iuId: second!.iuId, expectSha256: second!.contentSha256 },
    ];
    const executor = new HubExecutor(hub.writeSide);
    const once = input(ops);
    expect(await executor.committed(once.token)).toBe(false);
    const journaled: unknown[] = [];
    expect((await executor.execute(once, { beforeCommit: async (o) => void journaled.push(o) })).map((o) => o.outcome))
      .toEqual(['applied', 'applied', 'applied']);
    expect(journaled).toHaveLength(1);
    expect(await executor.committed(once.token)).toBe(true);
    const after = await units();
    const count = await rowCount();

    await expect(executor.execute(once)).rejects.toMatchObject({ code: 'execution_already_committed', exitCode: 4 });
    expect((await executor.execute(input(ops))).map((o) => o.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await units()).toEqual(after);
    expect(await rowCount()).toBe(count);
    expect(after.find((u) => u.iuId === 'ICX-CONST-D99')).toMatchObject({ status: 'active', sourceRevision: 7 });
    // Retired, never deleted.
    expect(after.find((u) => u.iuId === second!.iuId)!.status).toBe('retired');
  });

  it('a conflict or another source revision rolls everything back, token included', async () => {
    const before = await units();
    const count = await rowCount();
    const recorded = await tokens();
    const target = before.find((u) => u.status === 'active')!;
    const executor = new HubExecutor(hub.writeSide);
    const insert: Operation = { op: 'insert', iuId: 'ICX-CONST-D98', path: 'D98', ordinal: 998, heading: 'Điều 98', body: 'y', sha256: 'c'.repeat(64) };
    const stale: Operation = { op: 'retire', iuId: target.iuId, expectSha256: 'd'.repeat(64) };
    let hooked = false;
    await expect(executor.execute(input([insert, stale]), { beforeCommit: async () => { hooked = true; } }))
      .rejects.toMatchObject({ code: 'execution_conflict' });
    await expect(executor.execute(input([insert], 6))).rejects.toThrow(/planned from revision 6/);
    expect(hooked).toBe(false);
    expect(await units()).toEqual(before);
    expect(await rowCount()).toBe(count);
    expect(await tokens()).toEqual(recorded);
  });

  it('a write statement naming a missing table or column fails clearly, nothing written', async () => {
    const before = await units();
    const recorded = await tokens();
    const op: Operation = { op: 'insert', iuId: 'ICX-CONST-D97', path: 'D97', ordinal: 997, heading: 'Điều 97', body: 'z', sha256: 'e'.repeat(64) };
    const noTable = new HubExecutor(hub.writeSide, resolveWrites({ upsertUnit: DEFAULT_WRITES.upsertUnit.replace('INSERT INTO kb_information_units', 'INSERT INTO kb_units_gone') }));
    const e1 = await noTable.execute(input([op])).then(() => null, (e: unknown) => e);
    expect(e1).toBeInstanceOf(CutterError);
    expect(e1).toMatchObject({ code: 'hub_missing_table', exitCode: 1, details: { statement: 'upsertUnit', sqlstate: '42P01', written: false } });
    expect((e1 as CutterError).message).toMatch(/kb_units_gone.*in the upsertUnit statement; nothing was written/su);

    const noColumn = new HubExecutor(hub.writeSide, resolveWrites({ lockDocument: 'SELECT rev_number AS revision FROM kb_documents WHERE id = :document_id FOR UPDATE' }));
    await expect(noColumn.execute(input([op]))).rejects.toMatchObject({ code: 'hub_missing_column', details: { statement: 'lockDocument' } });

    const noJournal = new HubExecutor(hub.writeSide, resolveWrites({ findExecution: 'SELECT token FROM cutter_runs_journal WHERE token = :token' }));
    const e3 = await noJournal.committed('t').then(() => null, (e: unknown) => e);
    expect(e3).toMatchObject({ code: 'hub_missing_table', details: { statement: 'findExecution' } });
    expect((e3 as CutterError).hint).toContain('schemas/hub.sql');

    expect(await units()).toEqual(before);
    expect(await tokens()).toEqual(recorded);
  });
});
