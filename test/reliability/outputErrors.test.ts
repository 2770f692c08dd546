/**
 * A run that cannot write its output (file-size limit reached, disk full, a file where the output
 * folder should be, `latest` replaced by a folder) exits 1 with one `crossframe: ...` line naming
 * the path and the fix, no stack trace; the previous run stays published as `latest`, and no
 * partial run folder or lock is left behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, type CliResult, type Workspace } from './cliHarness.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let ws: Workspace;
let previous: string;

beforeAll(async () => {
  ws = makeWorkspace('outerr');
  const first = await runCli(runArgs(ws));
  if (first.code !== 0) throw new Error(`the first run failed:\n${first.stderr}`);
  previous = checkRunIntact(ws.out).runId;
}, 180_000);

/** The CLI's whole complaint: one `crossframe:` line (after any warnings), no stack trace. */
function expectOneClearError(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('warning: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^crossframe: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |CROSSFRAME_DEBUG/);
}

/** What a failed run must leave: the previous run published and whole, nothing half-made. */
function expectPreviousRunKept(out: string, runId: string): void {
  expect(checkRunIntact(out).runId).toBe(runId);
  expect(fs.readdirSync(out).filter((n) => n.endsWith('.partial') || n === '.crossframe.lock')).toEqual([]);
}

test('a file-size limit hit while writing reports (EFBIG): exit 1, path and fix named, latest kept', async () => {
  // report.html is about 160 KB on the seeds: under `ulimit -f 100` its write fails part-way.
  const result = await runCli(runArgs(ws, undefined, ['--quiet']), { fileSizeLimitKb: 100 });
  expectOneClearError(result, new RegExp(`cannot write ${escapeRe(ws.out)}/[^ ]+\\.partial/report\\.html: .*Fix: .*free disk space.*--output \\(EFBIG\\)`));
  expectPreviousRunKept(ws.out, previous);
}, 120_000);

test('a file-size limit hit while writing the cache costs the cache, not the run: a warning naming models.cacheDir', async () => {
  // A fresh cache must store the sentences dataset (about 100 KB): under `ulimit -f 64` that write
  // fails. The run goes on without caching; here report.html then hits the same limit, which is
  // the run's one error.
  const cold = makeWorkspace('outerr-cache');
  fs.mkdirSync(cold.out);
  const result = await runCli(runArgs(cold, undefined, ['--quiet']), { fileSizeLimitKb: 64 });
  expect(result.stderr).toMatch(new RegExp(`warning: ${escapeRe(cold.cache)}/\\S+: cannot write the stage cache .*Fix: free disk space or make models\\.cacheDir writable`));
  expectOneClearError(result, new RegExp(`cannot write ${escapeRe(cold.out)}/[^ ]+\\.partial/report\\.html: .*\\(EFBIG\\)`));
  expect(fs.readdirSync(cold.out)).toEqual([]);
}, 120_000);

test('an output path whose parent is a regular file: exit 1, says so and how to fix it', async () => {
  const file = path.join(ws.dir, 'not-a-folder');
  fs.writeFileSync(file, 'x');
  const result = await runCli(['run', '--config', ws.config, '--output', path.join(file, 'out'), '--quiet']);
  expectOneClearError(result, /cannot write .*not-a-folder\/out: a part of the path is a file, not a folder\. Fix: choose another --output/);
}, 60_000);

test('with --json-log the failure is a JSON line too (level 50, exit code), like every other line', async () => {
  const file = path.join(ws.dir, 'not-a-folder-either');
  fs.writeFileSync(file, 'x');
  const result = await runCli(['run', '--config', ws.config, '--output', path.join(file, 'out'), '--json-log']);
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string; exitCode?: number });
  expect(lines.at(-1)).toMatchObject({ level: 50, exitCode: 1, msg: expect.stringMatching(/^crossframe: cannot write .*not-a-folder-either\/out: .*Fix: /) });
}, 60_000);

test('latest replaced by a real folder: exit 1 naming it; that folder is left alone', async () => {
  const out = path.join(ws.dir, 'out-with-folder-latest');
  fs.mkdirSync(path.join(out, 'latest'), { recursive: true });
  fs.writeFileSync(path.join(out, 'latest', 'notes.txt'), 'mine');
  const result = await runCli(['run', '--config', ws.config, '--output', out, '--quiet']);
  expectOneClearError(result, /latest exists and is not a symlink.*Fix: move or delete/);
  expect(fs.readFileSync(path.join(out, 'latest', 'notes.txt'), 'utf8')).toBe('mine');
  expect(fs.readdirSync(out).filter((n) => n.endsWith('.partial') || n === '.crossframe.lock')).toEqual([]);
}, 120_000);

// A real full disk needs a small file system: a tmpfs, which only root can mount.
function mountTmpfs(dir: string, size: string): boolean {
  if (process.getuid?.() !== 0) return false;
  fs.mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}
const tmpfsDir = path.join(makeWorkspace('outerr-tmpfs').dir, 'disk');
const mounted = mountTmpfs(tmpfsDir, '1m');
afterAll(() => {
  if (mounted) spawnSync('umount', [tmpfsDir]);
  removeWorkspaces();
});

(mounted ? test : test.skip)('a disk that fills up between runs (ENOSPC): exit 1, latest kept (root only: tmpfs)', async () => {
  const out = path.join(tmpfsDir, 'out');
  const args = ['run', '--config', ws.config, '--output', out, '--quiet'];
  const ok = await runCli(args);
  expect(ok.code).toBe(0);
  const before = checkRunIntact(out).runId;
  // Leave about 60 KB free: the next run's reports (about 350 KB) cannot fit.
  const { bavail, bsize } = fs.statfsSync(tmpfsDir);
  fs.writeFileSync(path.join(tmpfsDir, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 60 * 1024)));
  const full = await runCli(args);
  expectOneClearError(full, new RegExp(`cannot write ${escapeRe(out)}/.*no space left on the device\\. Fix: free disk space, or choose another --output \\(ENOSPC\\)`));
  expectPreviousRunKept(out, before);
}, 120_000);
