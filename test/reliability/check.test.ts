/**
 * `crossframe check`, the cron pre-flight: exit 0 on a good setup, 1 with one FAIL line naming the
 * problem when the model folder or the inputs are wrong or the output is locked by a live run,
 * 2 on an invalid config or a missing input path; and it never runs a model (nothing enters the
 * model cache). The table is on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeWorkspace, removeWorkspaces, runCli, SEEDS_DIR, type Workspace } from './cliHarness.js';
import { MODEL_CACHE_FILE } from '../../src/store/modelCache.js';

afterAll(removeWorkspaces);

const checkArgs = (ws: Workspace, inputs = [SEEDS_DIR]) => ['check', '--config', ws.config, '--output', ws.out, '--input', ...inputs];
const failLines = (stdout: string) => stdout.split('\n').filter((l) => /FAIL/.test(l));

test('a good setup passes every check without running a model', async () => {
  const ws = makeWorkspace('check-ok');
  const result = await runCli(checkArgs(ws));
  expect(result.code).toBe(0);
  expect(failLines(result.stdout)).toEqual([]);
  for (const name of ['config', 'inputs', 'manifests', 'outlets', 'entities', 'stance', 'lexicons', 'verdicts', 'output', 'model embedding', 'model sentiment', 'model nli']) {
    expect(result.stdout).toMatch(new RegExp(`^ok +${name} `, 'm'));
  }
  expect(result.stderr).toContain('all checks passed');
  // Models were found and hashed, not run: the model cache is still empty and no stage result exists.
  const db = new Database(path.join(ws.cache, MODEL_CACHE_FILE), { readonly: true });
  try {
    expect(db.prepare('SELECT COUNT(*) AS n FROM entries').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
  expect(fs.existsSync(path.join(ws.cache, 'datasets'))).toBe(false);
}, 60_000);

test('a wrong model folder fails the model checks: exit 1, the folder searched and the fix', async () => {
  const ws = makeWorkspace('check-models');
  const result = await runCli(checkArgs(ws), { env: { CROSSFRAME_MODELS_DIR: '/nonexistent' } });
  expect(result.code).toBe(1);
  const fails = failLines(result.stdout);
  expect(fails).toHaveLength(3);
  for (const role of ['embedding', 'sentiment', 'nli']) {
    expect(fails.find((l) => l.includes(`FAIL model ${role}`))).toMatch(new RegExp(`Searched: /nonexistent/compact/${role} .*Fix: `));
  }
  expect(result.stdout).toMatch(/^ok +inputs /m);
}, 60_000);

test('a folder without articles fails the input check: exit 1, the path and the fix', async () => {
  const ws = makeWorkspace('check-inputs');
  const empty = path.join(ws.dir, 'empty-folder');
  fs.mkdirSync(empty);
  const result = await runCli(checkArgs(ws, [empty]));
  expect(result.code).toBe(1);
  expect(failLines(result.stdout)).toEqual([expect.stringMatching(new RegExp(`FAIL inputs +no readable article files under ${empty}\\. Fix: `))]);
}, 60_000);

test('an input path that does not exist is a usage mistake: exit 2 in the pre-flight, no table', async () => {
  const ws = makeWorkspace('check-missing');
  const missing = path.join(ws.dir, 'no-such-folder');
  const result = await runCli(checkArgs(ws, [missing]));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`${missing}: input path does not exist`);
  expect(result.stdout).toBe('');
}, 60_000);

test('an output folder locked by a live run fails the output check', async () => {
  const ws = makeWorkspace('check-locked');
  fs.mkdirSync(ws.out, { recursive: true });
  // This test process is alive on this host: its pid makes the lock live.
  fs.writeFileSync(path.join(ws.out, '.crossframe.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: '2026-01-02T03:04:05.000Z' }));
  const result = await runCli(checkArgs(ws));
  expect(result.code).toBe(1);
  expect(failLines(result.stdout)).toEqual([expect.stringMatching(new RegExp(`FAIL output .*locked by a running crossframe \\(pid ${process.pid}, started 2026-01-02T03:04:05\\.000Z\\)`))]);
}, 60_000);

test('an --output that is a file fails the output check with the reason and the fix, no raw error code alone', async () => {
  const ws = makeWorkspace('check-output-file');
  const asFile = path.join(ws.dir, 'reports');
  fs.writeFileSync(asFile, 'not a folder');
  const result = await runCli(['check', '--config', ws.config, '--output', asFile, '--input', SEEDS_DIR]);
  expect(result.code).toBe(1);
  expect(failLines(result.stdout)).toEqual([
    expect.stringMatching(new RegExp(`FAIL output +cannot write ${asFile}: .*Fix: choose another --output`)),
  ]);
}, 60_000);

test('an invalid config exits 2 with file:line:col, before any check', async () => {
  const ws = makeWorkspace('check-config', 'input:\n  maxFileBytes: -5\n');
  const result = await runCli(checkArgs(ws));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('nothing was run; fix this first');
  expect(result.stderr).toMatch(new RegExp(`${ws.config}:5:17 input\\.maxFileBytes: `));
  expect(result.stdout).toBe('');
}, 60_000);
