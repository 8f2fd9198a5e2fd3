import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { refusal, type CutterError } from './errors.js';

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
 * writers on one data folder corrupt it). The pid is written to a private file first and linked
 * into place, so the lock file is never seen empty. A lock left by a process that died is taken
 * over: it is renamed aside (only one process can win that rename) and checked once more.
 */
export function acquireLock(path: string, what: string): Lock {
  mkdirSync(dirname(path), { recursive: true });
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        linkSync(mine, path);
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
        const pid = ownerOf(path);
        if (pid === null || alive(pid)) throw held(path, what, pid);
        takeOverDead(path);
      }
    }
    throw held(path, what, ownerOf(path));
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * `acquireLock`, waiting up to `waitMs` for a live holder to let go (like PostgreSQL's
 * lock_timeout) before refusing `lock_held`. Polls with a growing pause, so a lock held for a
 * moment by another short command is simply waited out instead of failing the command.
 */
export async function acquireLockWaiting(path: string, what: string, waitMs: number): Promise<Lock> {
  const deadline = Date.now() + Math.max(0, waitMs);
  let pause = 5;
  for (;;) {
    try {
      return acquireLock(path, what);
    } catch (e) {
      if (!isLockHeld(e) || Date.now() >= deadline) throw e;
    }
    // A little jitter keeps waiters from retrying in lock-step.
    await sleep(Math.min(pause + Math.random() * pause, Math.max(1, deadline - Date.now())));
    pause = Math.min(pause * 2, 100);
  }
}

function isLockHeld(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'lock_held';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ownerOf(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Moves a dead owner's lock aside; if what was moved turns out to be a live owner's, puts it back. */
function takeOverDead(path: string): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // another process took it over first
    throw e;
  }
  const pid = ownerOf(aside);
  if (pid !== null && alive(pid)) {
    try { linkSync(aside, path); } catch { /* the live owner's lock is back or replaced by another live one */ }
  }
  rmSync(aside, { force: true });
}

function held(path: string, what: string, pid: number | null): CutterError {
  return refusal('lock_held', `${what} is in use${pid === null ? '' : ` by process ${pid}`}`, {
    hint: `wait for it to finish, or if no cutter is running remove ${path}`,
    details: { lock: path, pid },
  });
}
