/**
 * The output-folder lock through the real CLI: a second run while one is going exits 3 and names
 * the holder's pid and start time; a lock left by a dead process is taken over with a warning.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, SEEDS_DIR, seededRandom, startCli, waitFor, type Workspace } from './cliHarness.js';
import { loopArticle } from './killLoopCore.js';

afterAll(removeWorkspaces);

const lockFile = (out: string) => path.join(out, '.crossframe.lock');

test('a second concurrent run on the same output exits 3 naming the holder; the first run finishes', async () => {
  const ws = makeWorkspace('lock');
  const first = startCli(runArgs(ws));
  try {
    // The lock is written once the config is loaded, before any model is touched.
    await waitFor(() => fs.existsSync(lockFile(ws.out)), 30_000, 'the first run to take the lock');
    const holder = JSON.parse(fs.readFileSync(lockFile(ws.out), 'utf8')) as { pid: number; startedAt: string };
    const second = await runCli(runArgs(ws));
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`pid ${holder.pid}`);
    expect(second.stderr).toContain(holder.startedAt);
    expect(second.stderr).toContain(lockFile(ws.out));
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // The refused run must not have disturbed the holder: it finishes and publishes its reports.
    const done = await first.result;
    expect(done.code).toBe(0);
  } finally {
    first.killGroup();
  }
  expect(checkRunIntact(ws.out).manifest.tool).toBe('crossframe');
  expect(fs.existsSync(lockFile(ws.out))).toBe(false);
}, 180_000);

test('a stale lock (dead pid) is taken over with a warning naming that pid', async () => {
  const ws = makeWorkspace('stale');
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => dead.on('close', r));
  fs.mkdirSync(ws.out, { recursive: true });
  const startedAt = '2026-01-02T03:04:05.000Z';
  fs.writeFileSync(lockFile(ws.out), JSON.stringify({ pid: dead.pid, host: os.hostname(), startedAt }));
  // ingest alone needs no model: the lock is all this run is about.
  const run = await runCli(runArgs(ws, undefined, ['--stages', 'ingest']));
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(new RegExp(`warning: took over a stale lock from pid ${dead.pid} \\(started ${startedAt.replace(/\./g, '\\.')}\\)`));
  expect(fs.existsSync(lockFile(ws.out))).toBe(false);
}, 60_000);

// Process start times come from /proc: Linux only.
const linuxOnly = fs.existsSync('/proc/sys/kernel/random/boot_id') ? test : test.skip;

linuxOnly('a lock whose pid now belongs to another process (pid reused after a crash) is stale', async () => {
  const ws = makeWorkspace('reused');
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    fs.mkdirSync(ws.out, { recursive: true });
    // Same pid and host, but the recorded process start time is not that process's.
    const info = { pid: other.pid, host: os.hostname(), startedAt: '2026-01-02T03:04:05.000Z', procStart: '1', bootId: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() };
    fs.writeFileSync(lockFile(ws.out), JSON.stringify(info));
    const run = await runCli(runArgs(ws, undefined, ['--stages', 'ingest']));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`took over a stale lock from pid ${other.pid}`);
  } finally {
    other.kill('SIGKILL');
  }
}, 60_000);

/**
 * The previous run the signal cases start from: the seeds, run once and copied into each case's
 * workspace (report folder and cache, as the run left them), instead of one identical cold run per case.
 */
let previousRun: Promise<Workspace> | undefined;
function copyOfPreviousRun(prefix: string): Promise<Workspace> {
  previousRun ??= (async () => {
    const template = makeWorkspace('signal-previous');
    const before = await runCli(runArgs(template));
    expect(before.code).toBe(0);
    return template;
  })();
  return previousRun.then((template) => {
    const ws = makeWorkspace(prefix);
    // verbatimSymlinks: `latest` stays the relative link the run wrote.
    fs.cpSync(template.out, ws.out, { recursive: true, verbatimSymlinks: true });
    fs.cpSync(template.cache, ws.cache, { recursive: true, verbatimSymlinks: true });
    return ws;
  });
}

test.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('%s during a run: exit %i, lock released, no partial folder, the previous reports intact', async (signal, code) => {
  const ws = await copyOfPreviousRun(`signal-${signal}`);
  const previous = checkRunIntact(ws.out);
  // New articles give the interrupted run model work to be in the middle of.
  const input = path.join(ws.dir, 'articles');
  fs.mkdirSync(input);
  const random = seededRandom(11);
  for (let k = 0; k < 40; k++) fs.writeFileSync(path.join(input, `council-${k}.txt`), loopArticle(k, random));
  const run = startCli(runArgs(ws, [SEEDS_DIR, input]));
  try {
    await waitFor(() => /segment\s+\d+ sentences/.test(run.stderrSoFar()), 60_000, 'the run to finish segmenting');
    run.killGroup(signal);
    const result = await run.result;
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(new RegExp(`interrupted by ${signal}: this run's reports are discarded`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  } finally {
    run.killGroup();
  }
  expect(fs.existsSync(lockFile(ws.out))).toBe(false);
  expect(fs.readdirSync(ws.out).filter((f) => f.endsWith('.partial'))).toEqual([]);
  expect(checkRunIntact(ws.out).runId).toBe(previous.runId);
}, 180_000);
