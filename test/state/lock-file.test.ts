import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/lock-file.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const lockPath = () => { const d = mkdtempSync(join(tmpdir(), 'cutter-lock-')); dirs.push(d); return join(d, 'x.lock'); };
const refusalOf = (f: () => unknown) => { try { f(); return null; } catch (e) { return e as { code: string; exitCode: number }; } };

describe('lock files', () => {
  it('holds the owner pid, refuses a second holder, and frees on release without leftovers', () => {
    const path = lockPath();
    const lock = acquireLock(path, 'the thing');
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    expect(refusalOf(() => acquireLock(path, 'the thing'))).toMatchObject({ code: 'lock_held', exitCode: 4 });
    lock.release();
    acquireLock(path, 'the thing').release();
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it("takes over a dead process's lock", () => {
    const path = lockPath();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path, `${dead.stdout}\n`);
    const lock = acquireLock(path, 'the thing');
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('treats a lock file it cannot read a pid from as held, never as free', () => {
    const path = lockPath();
    writeFileSync(path, '');
    expect(refusalOf(() => acquireLock(path, 'the thing'))).toMatchObject({ code: 'lock_held' });
  });
});
