/**
 * `bench --only scale`: the same corpus through the in-process runner and through the queue
 * (`run --queue` with 1, 2, 4 ... `crossframe worker` processes on this machine, on a private
 * redis-server), every run with empty caches so the models really run. Reported per run: wall
 * time and articles/min of the whole run, and of the two stages the queue carries (segment +
 * enrich, from the run manifest). Workers are started and warmed (models loaded) before the
 * coordinator starts, as standing workers would be; their start-up is not counted. Every run does
 * `--stages ingest,segment,enrich,report`: events, claims and framing run in the coordinator the
 * same way with or without a queue, and would only add the same minutes to both sides.
 * Queue overhead = (segment + enrich with one worker) / (segment + enrich in process) - 1.
 * With repeats, the configurations take turns (in process, 1, 2, 4, in process, ...) and the
 * fastest run of each counts, so a burst of load from other jobs on the machine hits them alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../runtime/logger.js';
import { runPipelineChild, type EndToEndOptions, type PipelineRun } from './endToEnd.js';
import { writeCorpusFile, type CorpusRecord } from './corpus.js';
import { startRedis } from './localRedis.js';

/** The stages the queue carries (segment, enrich), the ingest before them and the report (which writes the manifest timed here). */
const STAGES = ['--stages', 'ingest,segment,enrich,report'];

export interface ScaleRun {
  /** 0 = the in-process runner. */
  workers: number;
  exitCode: number;
  seconds: number;
  articlesPerMinute: number;
  /** segment + enrich, as the coordinator's manifest times them. */
  queueStagesSeconds: number;
  queueStagesArticlesPerMinute: number;
}

export interface ScaleResult {
  articles: number;
  runs: ScaleRun[];
  /** (segment + enrich with one worker) / (in process) - 1; target <= 0.10. */
  overheadAtOneWorker: number;
  /** The same ratio for the run (ingest, segment, enrich, report). */
  wholeRunOverheadAtOneWorker: number;
  /** Redis `used_memory_peak` after the queued runs (MB), or NaN when redis-cli is missing. */
  redisPeakMB: number;
}

export interface ScaleOptions extends EndToEndOptions {
  workerCounts: number[];
  /** Rounds over all configurations; the fastest run of each counts. */
  repeats: number;
}

function writeConfig(dir: string, baseConfig: string, cacheDir: string, queueName: string): string {
  const file = path.join(dir, `${path.basename(cacheDir)}.yaml`);
  fs.writeFileSync(
    file,
    [
      '# Written by crossframe bench --only scale: the profile under test, throw-away cache, its own queue.',
      `extends: ${JSON.stringify(path.relative(dir, baseConfig))}`,
      'models:',
      `  cacheDir: ${JSON.stringify(cacheDir)}`,
      'report:',
      '  keepRuns: 1',
      'queue:',
      `  name: ${queueName}`,
      '',
    ].join('\n'),
  );
  return file;
}

interface StartedWorker {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function startWorker(opts: ScaleOptions, config: string, url: string): StartedWorker {
  const args = ['--import', 'tsx', path.join(opts.repoRoot, 'src', 'cli.ts'), 'worker', '--queue', url, '--config', config];
  if (opts.offline) args.push('--offline');
  const child = spawn(process.execPath, args, { cwd: opts.repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-20000);
      if (stderr.includes('worker ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`a bench worker exited (${code}) before it was ready:\n${stderr.split('\n').slice(-10).join('\n')}`)));
  });
  return { child, ready, exited };
}

function toRun(workers: number, run: PipelineRun, articles: number): ScaleRun {
  const ms = run.stages.filter((s) => s.name === 'segment' || s.name === 'enrich').reduce((n, s) => n + s.ms, 0);
  return {
    workers,
    exitCode: run.exitCode,
    seconds: run.seconds,
    articlesPerMinute: run.articlesPerMinute,
    queueStagesSeconds: ms / 1000,
    queueStagesArticlesPerMinute: ms > 0 ? (articles / ms) * 60_000 : Number.NaN,
  };
}

export async function benchQueueScale(opts: ScaleOptions, records: CorpusRecord[], log: Logger): Promise<ScaleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crossframe-bench-scale-${records.length}-`));
  const redis = await startRedis();
  try {
    const input = path.join(dir, `articles-${records.length}.jsonl`);
    writeCorpusFile(records, input);
    const best = new Map<number, ScaleRun>();
    const keep = (run: ScaleRun) => {
      const seen = best.get(run.workers);
      if (!seen || run.queueStagesSeconds < seen.queueStagesSeconds) best.set(run.workers, run);
    };
    for (let round = 1; round <= opts.repeats; round++) {
      log.info(`bench scale: ${records.length} articles in process (round ${round}/${opts.repeats})`);
      const localOut = path.join(dir, `out-in-process-${round}`);
      const local = await runPipelineChild(opts, writeConfig(dir, opts.configFile, path.join(dir, `cache-in-process-${round}`), 'unused'), input, localOut, records.length, STAGES);
      if (local.exitCode !== 0) throw new Error(`the in-process run exited ${local.exitCode}: ${local.errorTail ?? ''}`);
      keep(toRun(0, local, records.length));
      for (const n of opts.workerCounts) {
        const queueName = `bench-${n}-${round}`;
        const coordinatorConfig = writeConfig(dir, opts.configFile, path.join(dir, `cache-coordinator-${n}-${round}`), queueName);
        const workerConfig = writeConfig(dir, opts.configFile, path.join(dir, `cache-workers-${n}-${round}`), queueName);
        log.info(`bench scale: ${records.length} articles with ${n} worker process(es) (round ${round}/${opts.repeats})`);
        const workers = Array.from({ length: n }, () => startWorker(opts, workerConfig, redis.url));
        try {
          await Promise.all(workers.map((w) => w.ready));
          const run = await runPipelineChild(opts, coordinatorConfig, input, path.join(dir, `out-${n}-${round}`), records.length, [...STAGES, '--queue', redis.url]);
          if (run.exitCode !== 0) throw new Error(`the coordinator with ${n} workers exited ${run.exitCode}: ${run.errorTail ?? ''}`);
          keep(toRun(n, run, records.length));
        } finally {
          for (const w of workers) w.child.kill('SIGTERM');
          await Promise.all(workers.map((w) => w.exited));
        }
      }
    }
    const runs = [0, ...opts.workerCounts].map((n) => best.get(n) as ScaleRun);
    const one = runs.find((r) => r.workers === 1);
    let redisPeakMB = Number.NaN;
    try {
      const info = execFileSync('redis-cli', ['-p', String(redis.port), 'INFO', 'memory'], { encoding: 'utf8' });
      redisPeakMB = Number(/used_memory_peak:(\d+)/.exec(info)?.[1]) / 1048576;
    } catch {
      // redis-cli is in redis-tools, which Debian's redis-server depends on; without it the figure is left out.
    }
    return {
      articles: records.length,
      runs,
      overheadAtOneWorker: one ? one.queueStagesSeconds / runs[0].queueStagesSeconds - 1 : Number.NaN,
      wholeRunOverheadAtOneWorker: one ? one.seconds / runs[0].seconds - 1 : Number.NaN,
      redisPeakMB,
    };
  } finally {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
