/**
 * One run per output folder. The lock file is created by link(2), which fails when the name exists,
 * so two runs starting at the same instant cannot both win; a lock whose holder is gone is taken over with a warning.
 *
 * When is a holder gone (the rule README's "Running nightly" states):
 * - written on this host in this boot (same host name and /proc boot id): its pid is not running, is a
 *   zombie, or now belongs to a process with another start time;
 * - written on this host name before a reboot (another boot id): always; nothing survives a reboot;
 * - written by another host name (another container on this machine, or another machine sharing the
 *   folder), whose pid cannot be checked from here: the holder refreshes the lock file's time every
 *   LOCK_HEARTBEAT_MS from a worker thread (which runs even while the main thread is busy), so a lock
 *   not refreshed for LOCK_STALE_AFTER_MS belongs to a run that is gone.
 * On Linux the lock also records the holder's start time (from /proc), so a pid reused by another
 * process after a crash, or a killed holder left as a zombie by a container's init that never
 * reaps, does not block every later nightly run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asOutputError, writingTo } from './outputError.js';
import { Worker } from 'node:worker_threads';
import { CrossframeError, EXIT } from '../runtime/errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  /** Linux only: the holder's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  procStart?: string;
  /** Linux only: /proc/sys/kernel/random/boot_id, which makes procStart comparable. */
  bootId?: string;
}

export class LockHeldError extends CrossframeError {
  constructor(readonly lockFile: string, readonly holder: LockInfo) {
    super(
      `another crossframe run holds ${lockFile} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
        `Wait for it to finish; if that process is gone, delete the lock file.`,
      { exitCode: EXIT.locked },
    );
  }
}

const PROC_AVAILABLE = fs.existsSync('/proc/self/stat');
export const LOCK_HEARTBEAT_MS = 30_000;
export const LOCK_STALE_AFTER_MS = 5 * 60_000;

/**
 * Touches the lock file every `every` ms (LOCK_HEARTBEAT_MS in a run) from a worker thread (unref'd:
 * it never keeps the process alive; it dies with it). Returns a function that stops it.
 */
function startHeartbeat(file: string, every: number): () => void {
  const code = `
    const fs = require('node:fs');
    const { workerData } = require('node:worker_threads');
    setInterval(() => { try { const now = new Date(); fs.utimesSync(workerData.file, now, now); } catch {} }, workerData.every);
  `;
  try {
    const worker = new Worker(code, { eval: true, workerData: { file, every } });
    worker.unref();
    worker.on('error', () => undefined);
    return () => void worker.terminate();
  } catch {
    return () => undefined;
  }
}

/** State letter and start time of a process from /proc/<pid>/stat; undefined without /proc or process. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockInfo): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!PROC_AVAILABLE) return true;
  const stat = procStat(holder.pid);
  if (!stat) return false;
  // A zombie has exited; it lingers only because its parent has not reaped it.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  // Same pid, other process: the holder died and the pid was handed out again.
  if (holder.procStart && holder.bootId && holder.bootId === bootId() && holder.procStart !== stat.start) return false;
  return true;
}

/** Whether the lock in `file`, written by `holder`, belongs to a run that is gone (rule at the top). */
function isStale(file: string, holder: LockInfo): boolean {
  const here = os.hostname();
  const boot = bootId();
  if (holder.host === here) {
    if (holder.bootId && boot && holder.bootId !== boot) return true;
    return !isAlive(holder);
  }
  const mtime = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  return mtime !== undefined && Date.now() - mtime > LOCK_STALE_AFTER_MS;
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

/** Takes the lock in `dir`. `onStale` is told about a holder that is gone (see the rule above) whose lock was taken over. */
export function acquireLock(dir: string, onStale: (holder: LockInfo) => void, options: { heartbeatMs?: number } = {}): HeldLock {
  writingTo(dir, '--output', () => fs.mkdirSync(dir, { recursive: true }));
  const file = path.join(dir, '.crossframe.lock');
  const me: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const self = procStat(process.pid);
  const boot = bootId();
  if (self && boot) Object.assign(me, { procStart: self.start, bootId: boot });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The lock appears with its content in one step (link fails if the name exists), so another
      // run never reads a half-written lock and mistakes it for one left by a crash.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(me));
      try {
        fs.linkSync(tmp, file);
      } catch (err) {
        // File systems without hard links (FAT, some network mounts): exclusive create instead.
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
        fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      let released = false;
      const stopHeartbeat = startHeartbeat(file, options.heartbeatMs ?? LOCK_HEARTBEAT_MS);
      const release = () => {
        if (released) return;
        released = true;
        stopHeartbeat();
        if (readLock(file)?.pid === me.pid) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw asOutputError(err, file, '--output');
      const holder = readLock(file);
      if (holder && !isStale(file, holder)) throw new LockHeldError(file, holder);
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
  return { ...holder, alive: !isStale(path.join(dir, '.crossframe.lock'), holder) };
}
