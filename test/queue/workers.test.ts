/**
 * Workers on a real Redis (issue #20), through the documented bin: a coordinator (`run --queue`)
 * with worker processes gives the in-process run's CSVs byte for byte; a worker killed with SIGKILL
 * mid-job loses nothing; a poison article goes to the dead-letter list and the run completes.
 * The slow job and the poison article use the test-only hooks CROSSFRAME_TEST_JOB_DELAY_MS and
 * CROSSFRAME_TEST_POISON (src/queue/articleJob.ts, README "Scaling out").
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { makeWorkspace, removeWorkspaces, runArgs, runCli, startCli, waitFor, checkRunIntact, SEEDS_DIR, type CliProcess, type Workspace } from '../reliability/cliHarness.js';
import { startRedis, type TestRedis } from './redisServer.js';
import { deadLetterKey } from '../../src/queue/dispatch.js';

let redis: TestRedis;
const workers: CliProcess[] = [];
let reference: Record<string, Buffer> = {};

/** Short stall detection so a killed worker's job comes back in seconds; each test its own queue. */
const queueYaml = (name: string) => `queue:\n  name: ${name}\n  stalledIntervalMs: 1000\n  lockDurationMs: 5000\n  attempts: 2\n  backoffMs: 100\n`;

function startWorker(ws: Workspace, env: Record<string, string> = {}): CliProcess {
  const worker = startCli(['worker', '--queue', redis.url, '--config', ws.config, '--verbose'], { env });
  workers.push(worker);
  return worker;
}

function csvFiles(runDir: string): Record<string, Buffer> {
  return Object.fromEntries(
    fs
      .readdirSync(runDir)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(runDir, f))]),
  );
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const w of workers) w.killGroup('SIGKILL');
  await Promise.all(workers.map((w) => w.result));
  await redis?.stop();
  removeWorkspaces();
});

test('two worker processes give byte-identical CSVs to the in-process run; SIGTERM stops a worker with 143', async () => {
  const inProcess = makeWorkspace('queue-ref');
  const coordinator = makeWorkspace('queue-coord', queueYaml('same'));
  const shared = makeWorkspace('queue-workers', queueYaml('same'));
  const pair = [startWorker(shared), startWorker(shared)];
  const [ref, queued] = await Promise.all([runCli(runArgs(inProcess)), runCli([...runArgs(coordinator), '--queue', redis.url])]);
  expect(ref.code).toBe(0);
  expect(queued.code).toBe(0);
  reference = csvFiles(checkRunIntact(inProcess.out).runDir);
  const run = checkRunIntact(coordinator.out);
  expect(Object.keys(reference).length).toBeGreaterThanOrEqual(8);
  expect(csvFiles(run.runDir)).toEqual(reference);
  expect(run.manifest.counters['queue.jobs']).toBe(5);
  expect(run.manifest.deadLetters).toEqual([]);
  // The models ran on the workers, not in the coordinator.
  expect(pair.some((w) => w.stderrSoFar().includes('job started'))).toBe(true);
  for (const w of pair) w.killGroup('SIGTERM');
  for (const w of pair) expect((await w.result).code).toBe(143);
});

test('a worker killed with SIGKILL mid-job loses nothing: its job is retried and the run completes', async () => {
  const coordinator = makeWorkspace('kill-coord', queueYaml('kill'));
  const shared = makeWorkspace('kill-workers', queueYaml('kill'));
  const slow = startWorker(shared, { CROSSFRAME_TEST_JOB_DELAY_MS: '120000' });
  await waitFor(() => slow.stderrSoFar().includes('worker ready'), 120_000, 'the slow worker to load its models');
  const run = startCli([...runArgs(coordinator), '--queue', redis.url]);
  let jobId = '';
  await waitFor(() => Boolean((jobId = /job started: (\S+)/.exec(slow.stderrSoFar())?.[1] ?? '')), 120_000, 'the slow worker to take a job');
  slow.killGroup('SIGKILL');
  expect((await slow.result).signal).toBe('SIGKILL');
  const rescuer = startWorker(shared);
  const result = await run.result;
  expect(result.code).toBe(0);
  const done = checkRunIntact(coordinator.out);
  expect(csvFiles(done.runDir)).toEqual(reference);
  expect(done.manifest.deadLetters).toEqual([]);
  // The job the killed worker held was taken again (BullMQ's stalled-job check) by the other worker.
  expect(rescuer.stderrSoFar()).toContain(`job started: ${jobId}`);
});

test('a poison article goes to the dead-letter list; the run completes and lists it', async () => {
  const coordinator = makeWorkspace('poison-coord', queueYaml('poison'));
  const shared = makeWorkspace('poison-workers', queueYaml('poison'));
  const extra = path.join(coordinator.dir, 'extra');
  fs.mkdirSync(extra);
  const sentence = 'The harbour council in Eastbridge voted on Tuesday to repair the old pier, which storms damaged last winter. ';
  fs.writeFileSync(path.join(extra, 'poison.txt'), `Eastbridge pier repairs approved\n\n${sentence.repeat(6)}PoisonMarker.\n`);
  startWorker(shared, { CROSSFRAME_TEST_POISON: 'PoisonMarker' });
  const result = await runCli([...runArgs(coordinator, [SEEDS_DIR, extra]), '--queue', redis.url]);
  expect(result.code).toBe(0);
  const done = checkRunIntact(coordinator.out);
  expect(done.manifest.deadLetters).toHaveLength(1);
  expect(done.manifest.deadLetters[0]).toMatchObject({ file: expect.stringContaining('poison.txt'), reason: 'dead-letter' });
  expect(done.manifest.deadLetters[0].detail).toMatch(/failed 2 times: test poison/);
  expect(done.manifest.skipped).toContainEqual(done.manifest.deadLetters[0]);
  const summary = JSON.parse(fs.readFileSync(path.join(done.runDir, 'summary.json'), 'utf8')) as { deadLetters: number };
  expect(summary.deadLetters).toBe(1);
  // The other five articles were analysed: their sentences are all there.
  const sentences = fs.readFileSync(path.join(done.runDir, 'sentences.csv'), 'utf8');
  expect(sentences).not.toContain('PoisonMarker');
  expect(sentences.includes('000_1152c55187613227#0')).toBe(true);
  expect(result.stderr).toMatch(/left out: its job failed 2 times/);
  // Redis keeps the dead letter for an operator (XRANGE), beside the manifest.
  const stream = execFileSync('redis-cli', ['-p', String(redis.port), 'XRANGE', deadLetterKey('poison'), '-', '+'], { encoding: 'utf8' });
  expect(stream).toContain('test poison');
});
