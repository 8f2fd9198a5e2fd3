import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli, describeEachLiveEngine, nextApproval, readCloseout, runIdOf, unitRows, type LiveHub } from '../support/live-hubs.js';

// Only the operator enables live execution: the configuration or the environment (which can only
// enable), never a plan; the run records which switch did. The same bodies on both engines.
await describeEachLiveEngine('the operator switch', (engine) => {
  let hub: LiveHub;
  beforeAll(async () => {
    hub = await engine.open({ execution: false });
  });
  afterAll(async () => hub?.close());

  it('without either switch a live plan is refused at G0 (exit 4), nothing written', async () => {
    const before = await unitRows(hub);
    const r = cli(hub, ['apply', hub.plan]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('neither execution.enabled: true in cutter.config.yaml nor CUTTER_EXECUTION_ENABLED=1');
    const disabled = cli(hub, ['apply', hub.plan], { CUTTER_EXECUTION_ENABLED: '0' });
    expect(disabled.code).toBe(4);
    expect(await unitRows(hub)).toEqual(before);
  });

  it('a plan file can never enable it: the key is not part of a plan (exit 1)', async () => {
    const before = await unitRows(hub);
    const file = hub.project.write('plans/sneaky.yaml', `${readFileSync(join(hub.project.dir, hub.plan), 'utf8')}execution:\n  enabled: true\n`);
    const r = cli(hub, ['apply', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sneaky\.yaml:\d+:\d+/u);
    expect(await unitRows(hub)).toEqual(before);
  });

  it('the environment switch alone enables it, and the run records that it did', async () => {
    const env = { CUTTER_EXECUTION_ENABLED: '1' };
    const applied = cli(hub, ['apply', hub.plan], env);
    expect(applied.code, applied.stderr).toBe(3);
    const runId = runIdOf(applied);
    expect(cli(hub, ['resume', runId, '--approval', nextApproval()], env).code).toBe(3);
    const done = cli(hub, ['resume', runId, '--approval', nextApproval()], env);
    expect(done.code, done.stderr).toBe(0);
    expect(readCloseout(hub, runId)).toMatchObject({ execution: { target: 'hub', enabledBy: ['environment'] }, verification: { passed: true } });
    const preflight = JSON.parse(readFileSync(join(hub.project.dir, '.cutter', 'runs', runId, 'phases', '01-preflight.json'), 'utf8'));
    expect(preflight.executionEnabledBy).toEqual(['environment']);
  });
});
