import { closeSync, fstatSync, fsyncSync, ftruncateSync, linkSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new one:
 * temp file beside it, fsync, rename over, fsync the folder so the rename itself is durable.
 * The content may come in pieces (`jsonPieces`), so that a large one is never one string.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string | Uint8Array>): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    if (typeof content === 'string') writeSync(fd, content);
    else for (const piece of content) if (typeof piece === 'string') writeSync(fd, piece); else writeAll(fd, piece);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dir);
}

/** Writes all the bytes (one writeSync may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Creates a file with this content unless one exists at `path` (false then), all or nothing: the
 * content is written and fsynced under a temp name, then hard-linked into place, which fails if
 * the name is taken. Two processes creating one path: exactly one gets true.
 */
export function createFileOnce(path: string, content: string): boolean {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  // Named like writeFileAtomic's temp files (`.<pid>.tmp` last) so removeTempFiles sweeps a crash's leftover.
  const tmp = `${path}.${Math.random().toString(36).slice(2)}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    fsyncDir(dir);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Removes the temp files writeFileAtomic left in `dir` and its subfolders when a process died
 * between writing and renaming: those whose writer (the pid in the name) is gone, so a write in
 * progress in another process is never disturbed.
 */
export function removeTempFiles(dir: string): string[] {
  const removed: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw e;
  }
  for (const entry of entries) {
    const pid = /\.(\d+)\.tmp$/.exec(entry.name)?.[1];
    if (entry.isFile() && pid !== undefined && !processAlive(Number(pid))) {
      const path = join(entry.parentPath, entry.name);
      rmSync(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}

/**
 * Appends one line; with `sync`, fsyncs it (the journal's entries survive a crash once written).
 * A line that a crash cut short is dropped first, so the new line never runs on from it.
 */
export function appendLine(path: string, line: string, { sync }: { sync: boolean }): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+');
  try {
    dropTornTail(fd);
    writeSync(fd, line.endsWith('\n') ? line : `${line}\n`);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Fsyncs a file that exists (what `appendLine` wrote without `sync`); a missing one is left alone. */
export function syncFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function dropTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const tail = Buffer.alloc(Math.min(size, 64 * 1024));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  if (tail[tail.length - 1] === 0x0a) return;
  const lastNewline = tail.lastIndexOf(0x0a);
  // A torn line longer than the tail read is left alone: no journal line is that long.
  if (lastNewline < 0 && size > tail.length) return;
  ftruncateSync(fd, size - tail.length + lastNewline + 1);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  }
}
