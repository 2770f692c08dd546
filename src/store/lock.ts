/**
 * One run per output folder. The lock file is created with O_EXCL, so two runs starting at the
 * same instant cannot both win; a lock whose pid is no longer alive is taken over with a warning.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export class LockHeldError extends Error {
  constructor(readonly lockFile: string, readonly holder: LockInfo) {
    super(
      `another crossframe run holds ${lockFile} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
        `Wait for it to finish; if that process is gone, delete the lock file.`,
    );
    this.name = 'LockHeldError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

export interface HeldLock {
  file: string;
  release(): void;
}

/**
 * Takes the lock in `dir`. `onStale` is told about a dead holder whose lock was taken over.
 * A lock from another host cannot be checked for liveness and is treated as held.
 */
export function acquireLock(dir: string, onStale: (holder: LockInfo) => void): HeldLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '.crossframe.lock');
  const me: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readLock(file)?.pid === me.pid) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && (holder.host !== me.host || isAlive(holder.pid))) throw new LockHeldError(file, holder);
      // Dead holder, or a lock file cut short by a crash while it was written: take it over.
      onStale(holder ?? { pid: -1, host: me.host, startedAt: 'unknown' });
      fs.rmSync(file, { force: true });
    }
  }
  throw new LockHeldError(file, readLock(file) ?? { pid: -1, host: 'unknown', startedAt: 'unknown' });
}

/** The current holder of the lock in `dir`, if any, and whether it is still running. */
export function inspectLock(dir: string): (LockInfo & { alive: boolean }) | undefined {
  const holder = readLock(path.join(dir, '.crossframe.lock'));
  if (!holder) return undefined;
  return { ...holder, alive: holder.host !== os.hostname() || isAlive(holder.pid) };
}
