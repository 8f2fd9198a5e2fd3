// A child process for the SIGKILL test (test/orchestrator/sigkill.test.ts): drives one whole
// dry run (apply, resume past SG_1, resume past SG_2) with the built library, on the sample hub's
// facts in memory, writing real files under the state folder given. With KILL_AT_WRITE=k it
// SIGKILLs itself just before its k-th write (run state, phase result, journal line or report),
// so every phase boundary can be hit exactly; without it, the parent kills it at a random instant.
// It prints "created" once the run exists, and the number and kinds of its writes when it is done.
import { join } from 'node:path';
import { InMemoryDiscoverer } from '../../dist/discovery/in-memory-discoverer.js';
import { readSeed } from '../../dist/hub/seed.js';
import { OrchestratorRunner } from '../../dist/orchestrator/runner.js';
import { DryRunReporter } from '../../dist/state/dry-run-reporter.js';
import { FileStateStore } from '../../dist/state/file-state-store.js';

const [stateDir, planJson] = process.argv.slice(2);
const plan = JSON.parse(planJson);
const killAt = Number(process.env.KILL_AT_WRITE ?? 0);
let writes = 0;
const sequence = [];

/** Counts every method call that writes, and dies before the one numbered KILL_AT_WRITE. */
function counting(target, writing) {
  return new Proxy(target, {
    get(t, name) {
      const value = Reflect.get(t, name, t);
      if (typeof value !== 'function') return value;
      if (!writing.includes(name)) return value.bind(t);
      return async (...args) => {
        writes += 1;
        sequence.push(name);
        if (writes === killAt) process.kill(process.pid, 'SIGKILL');
        const result = await value.apply(t, args);
        if (name === 'create') process.stdout.write('created\n');
        return result;
      };
    },
  });
}

const store = counting(new FileStateStore(stateDir), ['create', 'save', 'writeArtifact', 'appendEvent', 'recordDecision']);
const reporter = counting(new DryRunReporter(stateDir), ['gate', 'closeout']);
const discoverer = new InMemoryDiscoverer(readSeed(join(import.meta.dirname, '..', '..', 'examples', 'hub')));
const runner = new OrchestratorRunner({ store, reporter, discoverer });

const first = await runner.cut(plan);
const second = await runner.resume(first.state.runId, { approval: { id: 'KB-7001' } });
const third = await runner.resume(second.state.runId, { approval: { id: 'KB-7002' } });
process.stdout.write(`done ${third.state.status} ${writes}\nwrites ${sequence.join(',')}\n`);
