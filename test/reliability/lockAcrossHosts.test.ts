/**
 * Stale locks across host names and reboots (rule in src/store/lock.ts and README): a lock left by
 * this host before a reboot, or by another host name (a container) that stopped refreshing it, is
 * taken over with a warning; a lock another host keeps refreshing is held (exit 3). The holder's
 * heartbeat keeps its lock file fresh while it runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, inspectLock, LOCK_STALE_AFTER_MS } from '../../src/store/lock.js';
import { makeWorkspace, removeWorkspaces, runArgs, runCli } from './cliHarness.js';

afterAll(removeWorkspaces);

const lockFile = (out: string) => path.join(out, '.crossframe.lock');
const bootId = () => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const linuxOnly = fs.existsSync('/proc/sys/kernel/random/boot_id') ? test : test.skip;

function writeLock(out: string, info: object, ageMs: number): void {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(lockFile(out), JSON.stringify({ startedAt: '2026-01-02T03:04:05.000Z', ...info }));
  const then = new Date(Date.now() - ageMs);
  fs.utimesSync(lockFile(out), then, then);
}

linuxOnly('a lock from this host before a reboot (other boot id) is taken over, even with a live pid', async () => {
  const ws = makeWorkspace('lock-reboot');
  // pid 1 is alive (init); the boot id says it was written in another boot.
  writeLock(ws.out, { pid: 1, host: os.hostname(), procStart: '1', bootId: '00000000-0000-0000-0000-000000000000' }, 0);
  const run = await runCli(runArgs(ws, undefined, ['--stages', 'ingest']));
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('took over a stale lock from pid 1');
}, 120_000);

test('a lock from another host name not refreshed for the stale time is taken over', async () => {
  const ws = makeWorkspace('lock-container');
  writeLock(ws.out, { pid: 1, host: 'old-container-4f2a', bootId: bootId() }, LOCK_STALE_AFTER_MS + 60_000);
  const run = await runCli(runArgs(ws, undefined, ['--stages', 'ingest']));
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('took over a stale lock from pid 1');
}, 120_000);

test('a lock another host keeps fresh is held: exit 3', async () => {
  const ws = makeWorkspace('lock-live-elsewhere');
  writeLock(ws.out, { pid: 1, host: 'other-machine', bootId: 'another-boot' }, 10_000);
  const run = await runCli(runArgs(ws, undefined, ['--stages', 'ingest']));
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('pid 1 on other-machine');
  expect(inspectLock(ws.out)?.alive).toBe(true);
}, 120_000);

test('the holder refreshes its lock file while it holds it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-heartbeat-'));
  // A beat every 200 ms instead of LOCK_HEARTBEAT_MS (30 s): the same worker, without the wait.
  const lock = acquireLock(dir, () => undefined, { heartbeatMs: 200 });
  try {
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(lock.file, old, old);
    // Wait for one beat at most (generous: the machine may be busy).
    const deadline = Date.now() + 20_000;
    while (fs.statSync(lock.file).mtimeMs < Date.now() - 60_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(fs.statSync(lock.file).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  } finally {
    lock.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
