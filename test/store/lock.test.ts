import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { acquireLock, LockHeldError } from '../../src/store/lock.js';
import { tempDir } from '../tempDir.js';

function lockDir(): string {
  return tempDir('cf-lock-');
}

describe('acquireLock', () => {
  it('refuses a second holder while the first is alive, naming its pid and start time', () => {
    const dir = lockDir();
    const first = acquireLock(dir, () => undefined);
    // A live process other than us holds the lock: write its pid into the lock file.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      const info = { pid: sleeper.pid, host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' };
      fs.writeFileSync(first.file, JSON.stringify(info));
      expect(() => acquireLock(dir, () => undefined)).toThrow(LockHeldError);
      try {
        acquireLock(dir, () => undefined);
      } catch (err) {
        expect((err as Error).message).toContain(`pid ${sleeper.pid}`);
        expect((err as Error).message).toContain('2026-01-01T00:00:00.000Z');
      }
    } finally {
      sleeper.kill('SIGKILL');
      first.release();
    }
  });

  it('takes over a stale lock whose process is dead, with a warning', async () => {
    const dir = lockDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(path.join(dir, '.crossframe.lock'), JSON.stringify({ pid: dead.pid, host: os.hostname(), startedAt: 'x' }));
    const stale: number[] = [];
    const lock = acquireLock(dir, (h) => stale.push(h.pid));
    expect(stale).toEqual([dead.pid]);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it('takes over a lock file left empty by a crash mid-write', () => {
    const dir = lockDir();
    fs.writeFileSync(path.join(dir, '.crossframe.lock'), '');
    const warned: number[] = [];
    const lock = acquireLock(dir, (h) => warned.push(h.pid));
    expect(warned).toHaveLength(1);
    lock.release();
  });
});
