import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/project.js';

const LOAD_PG = pathToFileURL(join(REPO, 'dist', 'hub', 'load-pg.js')).href;

/** Runs `code` (an ES module body) in a fresh Node process, which has loaded nothing yet; its stdout as JSON. */
function inFreshProcess(code: string): unknown {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

// In a child process: this one (vitest) may have loaded fetch already.
describe('loadPg', () => {
  it('loads pg without loading Node\'s fetch (undici), and leaves the global Response as it found it', () => {
    const seen = inFreshProcess(`
      const { loadPg } = await import(${JSON.stringify(LOAD_PG)});
      const before = Object.getOwnPropertyDescriptor(globalThis, 'Response');
      const pg = loadPg();
      const after = Object.getOwnPropertyDescriptor(globalThis, 'Response');
      const undiciLoaded = process.moduleLoadList.some((m) => m.includes('undici'));
      console.log(JSON.stringify({
        pool: typeof pg.Pool,
        undiciLoaded,
        sameDescriptor: before.get === after.get && before.set === after.set && before.configurable === after.configurable && before.enumerable === after.enumerable,
        response: typeof Response,
      }));
    `);
    expect(seen).toEqual({ pool: 'function', undiciLoaded: false, sameDescriptor: true, response: 'function' });
  });

  it('gives the module that import() gives', () => {
    const seen = inFreshProcess(`
      const { loadPg } = await import(${JSON.stringify(LOAD_PG)});
      const pg = loadPg();
      console.log(JSON.stringify({ same: pg === (await import('pg')).default }));
    `);
    expect(seen).toEqual({ same: true });
  });
});
