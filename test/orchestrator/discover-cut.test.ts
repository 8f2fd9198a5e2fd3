import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryDiscoverer } from '../../src/discovery/in-memory-discoverer.js';
import { readSeed } from '../../src/hub/seed.js';
import { OrchestratorRunner } from '../../src/orchestrator/runner.js';
import type { Plan } from '../../src/plan/plan.js';
import { DryRunReporter } from '../../src/state/dry-run-reporter.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { ICX_PLAN, REPO } from '../support/project.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

// Discovery cuts the document first, to know which bodies it need not read. A cut that fails
// must still fail where it always did, in the segment phase, with its own error.
describe('discovery and a cut that fails', () => {
  it('discover completes (reading every body), and the segment phase reports the cut\'s error', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'cutter-discover-cut-'));
    dirs.push(stateDir);
    const runner = new OrchestratorRunner({
      store: new FileStateStore(stateDir), reporter: new DryRunReporter(stateDir),
      discoverer: new InMemoryDiscoverer(readSeed(join(REPO, 'examples', 'hub'))),
    });
    // An unbalanced pattern: a plan that skipped validation (e.g. written by hand into a run).
    const plan: Plan = { ...ICX_PLAN, cut: { profile: 'custom', unit: 'a', rules: [{ level: 'a', pattern: '^(?<num>\\d+', token: 'A{num}' }] } };
    const outcome = await runner.cut(plan);
    expect(outcome.state).toMatchObject({ status: 'FAILED', phase: 'segment' });
    expect(outcome.state.completed).toContain('discover');
    expect(outcome.state.error?.code).toBe('cut_rules_invalid');
  });
});
