import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { refusal } from '../errors.js';

/** A held lock; release it in a `finally`. */
export interface Lock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file holding the owner's pid (PGlite has no lock across processes, and two
 * writers on one data folder corrupt it). A lock left by a process that died is taken over.
 */
export function acquireLock(path: string, what: string): Lock {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw refusal('lock_held', `${what} is in use by process ${pid}`, {
          hint: `wait for it to finish, or if no cutter is running remove ${path}`,
          details: { lock: path, pid },
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw refusal('lock_held', `could not take the lock ${path}`, { hint: `remove ${path} if no cutter is running` });
}
