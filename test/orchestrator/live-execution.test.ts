import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveReadOnlyDiscoverer } from '../../src/discovery/live-read-only-discoverer.js';
import { openEmbeddedHub, type EmbeddedHub } from '../../src/hub/embedded-hub.js';
import { HubExecutor } from '../../src/hub/hub-executor.js';
import type { Operation } from '../../src/orchestrator/operations.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { makeProject, REPO, type TestProject } from '../support/project.js';

describe('HubExecutor on PGlite', () => {
  let project: TestProject;
  let hub: EmbeddedHub;
  beforeAll(async () => {
    project = makeProject();
    hub = await openEmbeddedHub({ dir: project.hubDir, seedDir: join(REPO, 'examples', 'hub'), schemaFile: join(SCHEMAS_DIR, 'hub.sql') });
  });
  afterAll(async () => {
    await hub.close();
    project.remove();
  });

  const units = () => new LiveReadOnlyDiscoverer(hub.select).readUnits('KB-6839', 'ICX-CONST');
  const input = (operations: Operation[], sourceRevision = 7) => ({ documentId: 'KB-6839', prefix: 'ICX-CONST', sourceRevision, operations });

  it('applies once, then skips the same operations: no write happens twice', async () => {
    const [first, second] = await units();
    const ops: Operation[] = [
      { op: 'insert', iuId: 'ICX-CONST-D99', path: 'D99', ordinal: 999, heading: 'Điều 99', body: 'Điều 99. Thử\n', sha256: 'a'.repeat(64) },
      { op: 'update', iuId: first!.iuId, path: first!.path, ordinal: first!.ordinal, heading: first!.heading, body: 'x', sha256: 'b'.repeat(64), expectSha256: first!.contentSha256 },
      { op: 'retire', iuId: second!.iuId, expectSha256: second!.contentSha256 },
    ];
    const executor = new HubExecutor(hub.transact);
    expect((await executor.execute(input(ops))).map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    const once = await units();
    expect((await executor.execute(input(ops))).map((o) => o.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await units()).toEqual(once);
    expect(once.find((u) => u.iuId === 'ICX-CONST-D99')).toMatchObject({ status: 'active', sourceRevision: 7 });
    expect(once.find((u) => u.iuId === second!.iuId)!.status).toBe('retired');
  });

  it('a conflict or another source revision rolls everything back', async () => {
    const before = await units();
    const target = before.find((u) => u.status === 'active')!;
    const executor = new HubExecutor(hub.transact);
    const insert: Operation = { op: 'insert', iuId: 'ICX-CONST-D98', path: 'D98', ordinal: 998, heading: 'Điều 98', body: 'y', sha256: 'c'.repeat(64) };
    const stale: Operation = { op: 'retire', iuId: target.iuId, expectSha256: 'd'.repeat(64) };
    await expect(executor.execute(input([insert, stale]))).rejects.toMatchObject({ code: 'execution_conflict' });
    await expect(executor.execute(input([insert], 6))).rejects.toThrow(/planned from revision 6/);
    expect(await units()).toEqual(before);
  });
});
