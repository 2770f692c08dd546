/**
 * runtime.heapLimitMB and runtime.semiSpaceMB through the real CLI (src/runtime/heapLimit.ts): the
 * run starts itself once more with the V8 flags, signals to the process cron started reach the run's own clean-up, and a
 * parent killed outright does not leave an orphan run holding the lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeWorkspace, removeWorkspaces, runArgs, runCli, startCli, waitFor } from './cliHarness.js';
import { HEAP_FLAGS_ENV, heapFlagsInEffect, needsHeapRelaunch, relaunchArgs, relaunchEnv } from '../../src/runtime/heapLimit.js';

afterAll(removeWorkspaces);

const lockFile = (out: string) => path.join(out, '.crossframe.lock');
const LIMIT = 'runtime:\n  heapLimitMB: 320\n';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of the process that holds the output lock: the relaunched run, not the one started. */
async function lockHolder(out: string): Promise<number> {
  await waitFor(() => fs.existsSync(lockFile(out)), 60_000, 'the run to take the lock');
  return (JSON.parse(fs.readFileSync(lockFile(out), 'utf8')) as { pid: number }).pid;
}

test('the run is relaunched once with the configured V8 heap limit, and finishes', async () => {
  const ws = makeWorkspace('heap', LIMIT);
  const run = await runCli(runArgs(ws, undefined, ['--stages', 'ingest', '--verbose']));
  expect(run.code).toBe(0);
  // Started with --expose-gc: the session collects when a stage is done.
  expect(run.stderr).toMatch(/heap collected between stages/);
  // V8 adds its young generation (a few tens of MB) to the old-space limit it was given.
  const said = /heap limit (\d+) MB \(runtime\.heapLimitMB 320/.exec(run.stderr);
  expect(said).not.toBeNull();
  expect(Number(said![1])).toBeGreaterThanOrEqual(320);
  expect(Number(said![1])).toBeLessThan(420);
  expect(run.stderr.match(/heap limit \d+ MB/g)).toHaveLength(1);
  expect(fs.existsSync(lockFile(ws.out))).toBe(false);
}, 60_000);

test('runtime.semiSpaceMB relaunches the run with a larger young generation, alone or beside the heap limit', async () => {
  // V8's limit is the old space plus three semi-spaces: 320 + 3 x 64 = 512 here, 368 with its own 16 MB.
  const both = makeWorkspace('semi', `runtime:\n  heapLimitMB: 320\n  semiSpaceMB: 64\n`);
  const run = await runCli(runArgs(both, undefined, ['--stages', 'ingest', '--verbose']));
  expect(run.code).toBe(0);
  const said = /heap limit (\d+) MB \(runtime\.heapLimitMB 320, runtime\.semiSpaceMB 64/.exec(run.stderr);
  expect(said).not.toBeNull();
  expect(Number(said![1])).toBeGreaterThanOrEqual(320 + 2 * 64);
  expect(Number(said![1])).toBeLessThanOrEqual(320 + 4 * 64);
  const alone = makeWorkspace('semi-alone', 'runtime:\n  semiSpaceMB: 64\n');
  const semiOnly = await runCli(runArgs(alone, undefined, ['--stages', 'ingest', '--verbose']));
  expect(semiOnly.code).toBe(0);
  // Relaunched (only a started-again process has --expose-gc), once.
  expect(semiOnly.stderr).toMatch(/heap collected between stages/);
  expect(semiOnly.stderr.match(/heap limit \d+ MB \(runtime\.semiSpaceMB 64;/g)).toHaveLength(1);
}, 90_000);

test('SIGTERM to the started process reaches the run: exit 143, nothing published, lock released', async () => {
  const ws = makeWorkspace('heap-term', LIMIT);
  const cli = startCli(runArgs(ws));
  try {
    const holder = await lockHolder(ws.out);
    expect(holder).not.toBe(cli.child.pid);
    process.kill(cli.child.pid as number, 'SIGTERM');
    const done = await cli.result;
    expect(done.code).toBe(143);
    expect(done.stderr).toContain('interrupted by SIGTERM');
    expect(alive(holder)).toBe(false);
  } finally {
    cli.killGroup();
  }
  expect(fs.existsSync(lockFile(ws.out))).toBe(false);
  expect(fs.existsSync(path.join(ws.out, 'latest'))).toBe(false);
}, 120_000);

test('a started process killed outright (SIGKILL) takes its relaunched run with it; the next run goes ahead', async () => {
  const ws = makeWorkspace('heap-kill', LIMIT);
  const cli = startCli(runArgs(ws));
  let holder = 0;
  try {
    holder = await lockHolder(ws.out);
    process.kill(cli.child.pid as number, 'SIGKILL');
    // The relaunched run shares the started process's stderr, so the result closes when it ends.
    const done = await cli.result;
    expect(done.signal).toBe('SIGKILL');
    await waitFor(() => !alive(holder), 30_000, 'the relaunched run to stop once its parent is gone');
    // Stopped as on SIGTERM, not finished: a run nobody waits for must not publish.
    expect(done.stderr).toContain('interrupted by SIGTERM');
  } finally {
    cli.killGroup();
  }
  expect(fs.existsSync(lockFile(ws.out))).toBe(false);
  expect(fs.existsSync(path.join(ws.out, 'latest'))).toBe(false);
  // ingest alone needs no model: the lock is what the next night needs.
  const next = await runCli(runArgs(ws, undefined, ['--stages', 'ingest']));
  expect(next.code).toBe(0);
  expect(next.stderr).not.toContain('stale lock');
}, 240_000);

test('the relaunched process runs with glibc\'s mmap threshold fixed at 128 KB, unless the environment sets its own', () => {
  const limit = { heapLimitMB: 1000, semiSpaceMB: null };
  expect(relaunchEnv(limit, { PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_MMAP_THRESHOLD_: '131072', [HEAP_FLAGS_ENV]: '--max-old-space-size=1000' });
  expect(relaunchEnv(limit, { MALLOC_MMAP_THRESHOLD_: '65536' }).MALLOC_MMAP_THRESHOLD_).toBe('65536');
  expect(relaunchArgs(limit, ['--import', 'tsx'], ['node', 'bin/crossframe.js', 'run'])).toEqual(['--import', 'tsx', '--expose-gc', '--max-old-space-size=1000', 'bin/crossframe.js', 'run']);
  expect(relaunchArgs({ heapLimitMB: 1000, semiSpaceMB: 64 }, [], ['node', 'bin/crossframe.js', 'run'])).toEqual(['--expose-gc', '--max-old-space-size=1000', '--max-semi-space-size=64', 'bin/crossframe.js', 'run']);
});

test('a process relaunches only when its config asks for V8 flags it was not started with', () => {
  const none = { heapLimitMB: null, semiSpaceMB: null };
  const semi = { heapLimitMB: null, semiSpaceMB: 64 };
  expect(needsHeapRelaunch(none, {})).toBe(false);
  expect(needsHeapRelaunch(semi, {})).toBe(true);
  expect(needsHeapRelaunch(semi, relaunchEnv(semi, {}))).toBe(false);
  // Started with other flags (the config changed, or an outer relaunch): start again with these.
  expect(needsHeapRelaunch({ heapLimitMB: 1000, semiSpaceMB: 64 }, relaunchEnv(semi, {}))).toBe(true);
});

test('a benchmark names the V8 heap flags it was measured with, from its node flags and NODE_OPTIONS', () => {
  expect(heapFlagsInEffect([], '')).toEqual([]);
  expect(heapFlagsInEffect(['--expose-gc', '--max-old-space-size=1000'], '--max-semi-space-size=64 --enable-source-maps')).toEqual(['--max-semi-space-size=64', '--max-old-space-size=1000']);
  expect(heapFlagsInEffect(['--max_semi_space_size=32'], '')).toEqual(['--max_semi_space_size=32']);
});
