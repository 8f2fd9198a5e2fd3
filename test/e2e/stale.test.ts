import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedHub } from '../../src/hub/embedded-hub.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { cutter } from '../support/cli.js';
import { makeProject, REPO, SAMPLE_PLAN, type TestProject } from '../support/project.js';

// The document is revised in the hub while the run waits at SG_1: the approval no longer
// describes reality, so the run goes STALE and the CLI says what changed, unit by unit.
describe('a run whose hub changed after SG_1', () => {
  let project: TestProject;
  beforeAll(() => {
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
  });
  afterAll(() => project.remove());

  it('is refused as STALE (exit 4) with the diff of diffs', async () => {
    const applied = cutter(['apply', 'plans/icx.yaml'], { cwd: project.dir });
    expect(applied.code).toBe(3);
    const runId = /cutter resume (\S+) --approval/.exec(applied.stdout)![1]!;

    const hub = await openEmbeddedHub({ dir: project.hubDir, seedDir: join(REPO, 'examples', 'hub'), schemaFile: join(SCHEMAS_DIR, 'hub.sql') });
    try {
      await hub.db.query(
        "UPDATE kb_documents SET revision = 8, body = body || E'\\n### Điều 26. Điều khoản chuyển tiếp\\n\\nCác quy định trước đây trái với Điều lệ này bị bãi bỏ.\\n' WHERE id = 'KB-6839'",
      );
    } finally {
      await hub.close();
    }

    const r = cutter(['resume', runId, '--approval', 'KB-7001'], { cwd: project.dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toContain('Why the SG_1 approval no longer holds:');
    expect(r.stdout).toContain('document revision changed from 7 to 8');
    expect(r.stdout).toMatch(/ICX-CONST-D26/);
    expect(r.stderr).toContain('error[stale]');
    expect(r.stderr).toContain('hint: start a new run: cutter apply plans/icx.yaml');
    const again = cutter(['resume', runId, '--approval', 'KB-7002'], { cwd: project.dir });
    expect(again.code, again.stderr).toBe(4);
    // Flags that need a paused run are refused first, whatever else the run is.
    expect(again.stderr).toContain('error[not_waiting]: run');
    expect(again.stderr).toContain('is STALE');
    const plain = cutter(['resume', runId], { cwd: project.dir });
    expect(plain.code, plain.stderr).toBe(4);
    expect(plain.stderr).toContain('error[run_stale]');
  });
});
