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
import { startRedis, type TestRedis } from '../../src/bench/localRedis.js';
import { deadLetterKey } from '../../src/queue/dispatch.js';

let redis: TestRedis;
const workers: CliProcess[] = [];
/** Two workers shared by the first two tests (the poison hook only matches the poison article). */
let pair: CliProcess[] = [];
let reference: Record<string, Buffer> = {};

/** Short stall detection so a killed worker's job comes back in seconds. */
const QUEUE_YAML = 'queue:\n  name: tests\n  stalledIntervalMs: 1000\n  lockDurationMs: 5000\n  attempts: 2\n  backoffMs: 100\n';
const POISON = 'PoisonMarker';

function startWorker(ws: Workspace, env: Record<string, string> = {}): CliProcess {
  const worker = startCli(['worker', '--queue', redis.url, '--config', ws.config, '--verbose'], { env });
  workers.push(worker);
  return worker;
}

function csvFiles(runDir: string): Record<string, Buffer> {
  return Object.fromEntries(
    fs
      .readdirSync(runDir)
      // changes.csv compares a run with the output folder's previous one, not with the reference run.
      .filter((f) => f.endsWith('.csv') && f !== 'changes.csv')
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(runDir, f))]),
  );
}

let shared: Workspace;
beforeAll(async () => {
  redis = await startRedis();
  shared = makeWorkspace('queue-workers', QUEUE_YAML);
  pair = [startWorker(shared, { CROSSFRAME_TEST_POISON: POISON }), startWorker(shared, { CROSSFRAME_TEST_POISON: POISON })];
});

afterAll(async () => {
  for (const w of workers) w.killGroup('SIGKILL');
  await Promise.all(workers.map((w) => w.result));
  await redis?.stop();
  removeWorkspaces();
});

test('two worker processes give byte-identical CSVs to the in-process run', async () => {
  const inProcess = makeWorkspace('queue-ref');
  const coordinator = makeWorkspace('queue-coord', QUEUE_YAML);
  const [ref, queued] = await Promise.all([runCli(runArgs(inProcess)), runCli([...runArgs(coordinator), '--queue', redis.url])]);
  expect(ref.code).toBe(0);
  expect(queued.code).toBe(0);
  reference = csvFiles(checkRunIntact(inProcess.out).runDir);
  const run = checkRunIntact(coordinator.out);
  expect(Object.keys(reference).length).toBeGreaterThanOrEqual(8);
  expect(csvFiles(run.runDir)).toEqual(reference);
  // queue.jobs describes this run (work); the counters (facts about the data) are the in-process run's.
  expect(run.manifest.cache.work['queue.jobs']).toBe(5);
  expect(run.manifest.counters).toEqual(checkRunIntact(inProcess.out).manifest.counters);
  expect(run.manifest.deadLetters).toEqual([]);
  // The models ran on the workers, not in the coordinator.
  expect(pair.some((w) => w.stderrSoFar().includes('job started'))).toBe(true);
  // The queue's segment and enrich results were cached like the in-process ones: a run without
  // --queue reuses them and replays the same counters.
  const again = await runCli(runArgs(coordinator));
  expect(again.code).toBe(0);
  const replay = checkRunIntact(coordinator.out);
  expect(replay.manifest.cache.stagesReused).toEqual(expect.arrayContaining(['segment', 'enrich']));
  expect(replay.manifest.counters).toEqual(run.manifest.counters);
  expect(csvFiles(replay.runDir)).toEqual(reference);
});

test('a poison article goes to the dead-letter list; the run completes and lists it', async () => {
  const coordinator = makeWorkspace('poison-coord', QUEUE_YAML);
  const extra = path.join(coordinator.dir, 'extra');
  fs.mkdirSync(extra);
  const sentence = 'The harbour council in Eastbridge voted on Tuesday to repair the old pier, which storms damaged last winter. ';
  fs.writeFileSync(path.join(extra, 'poison.txt'), `Eastbridge pier repairs approved\n\n${sentence.repeat(6)}${POISON}.\n`);
  // The stages that touch the queue, and the reports: events, claims and framing prove nothing here.
  const result = await runCli([...runArgs(coordinator, [SEEDS_DIR, extra]), '--queue', redis.url, '--stages', 'ingest,segment,enrich,report']);
  expect(result.code).toBe(0);
  const done = checkRunIntact(coordinator.out);
  expect(done.manifest.deadLetters).toHaveLength(1);
  expect(done.manifest.deadLetters[0]).toMatchObject({ file: expect.stringContaining('poison.txt'), reason: 'dead-letter' });
  expect(done.manifest.deadLetters[0].detail).toMatch(/failed 2 times: test poison/);
  expect(done.manifest.skipped).toContainEqual(done.manifest.deadLetters[0]);
  const summary = JSON.parse(fs.readFileSync(path.join(done.runDir, 'summary.json'), 'utf8')) as { deadLetters: number };
  expect(summary.deadLetters).toBe(1);
  // The five other articles were analysed.
  const sentences = fs.readFileSync(path.join(done.runDir, 'sentences.csv'), 'utf8');
  expect(sentences).not.toContain(POISON);
  expect(new Set([...sentences.matchAll(/\n"?(\d{3}_[0-9a-f]{16})#/g)].map((m) => m[1])).size).toBe(5);
  expect(result.stderr).toMatch(/left out: its job failed 2 times/);
  // Redis keeps the dead letter for an operator (XRANGE), beside the manifest.
  const stream = execFileSync('redis-cli', ['-p', String(redis.port), 'XRANGE', deadLetterKey('tests'), '-', '+'], { encoding: 'utf8' });
  expect(stream).toContain('test poison');
  // A segment result missing a dead-lettered article is not cached: the next run segments it.
  const again = await runCli(runArgs(coordinator, [SEEDS_DIR, extra], ['--stages', 'ingest,segment,enrich,report']));
  expect(again.code).toBe(0);
  const retried = checkRunIntact(coordinator.out);
  expect(retried.manifest.cache.stagesReused).not.toContain('segment');
  expect(retried.manifest.deadLetters).toEqual([]);
  expect(fs.readFileSync(path.join(retried.runDir, 'sentences.csv'), 'utf8')).toContain(POISON);
});

test('SIGTERM stops an idle worker with 143; a worker killed with SIGKILL mid-job loses nothing', async () => {
  for (const w of pair) w.killGroup('SIGTERM');
  for (const w of pair) expect((await w.result).code).toBe(143);
  const coordinator = makeWorkspace('kill-coord', QUEUE_YAML);
  const slow = startWorker(shared, { CROSSFRAME_TEST_JOB_DELAY_MS: '120000' });
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
