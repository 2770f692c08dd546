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
 * With repeats, the configurations take turns (in process, 1, 2, 4, then 4, 2, 1, in process, ...)
 * and the median and spread of each are reported; the overhead is the median of per-round ratios
 * (one worker vs in process in the same round). Every run starts with an empty model cache.
 * Besides wall time, CPU seconds (runner + workers) are reported: on a shared machine they move
 * far less with other jobs' load than wall time does.
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
  /** Which round of the interleaved repeats (1-based). */
  round: number;
  exitCode: number;
  seconds: number;
  articlesPerMinute: number;
  /** segment + enrich, as the coordinator's manifest times them. */
  queueStagesSeconds: number;
  queueStagesArticlesPerMinute: number;
  /**
   * CPU seconds (user + system) the run cost: the runner's process plus, with a queue, what the
   * worker processes used while it ran (Linux /proc; NaN elsewhere). Less sensitive than wall
   * time to other jobs on a shared machine, and it shows work the queue adds.
   */
  cpuSeconds: number;
}

/** Median and spread of one configuration over the rounds. */
export interface ScaleSummary {
  workers: number;
  rounds: number;
  exitCodes: number[];
  queueStagesSeconds: Spread;
  queueStagesArticlesPerMinute: number;
  seconds: Spread;
  cpuSeconds: Spread;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface ScaleResult {
  articles: number;
  /** Every run, in the order they ran. */
  runs: ScaleRun[];
  summaries: ScaleSummary[];
  /**
   * Median over rounds of (segment + enrich with one worker) / (in process, same round) - 1;
   * target <= 0.10. Paired by round, so a burst of load from other jobs hits both sides of a pair.
   */
  overheadAtOneWorker: number;
  /** Smallest and largest of those per-round ratios. */
  overheadAtOneWorkerRange: [number, number];
  /** The same paired median for the whole run (ingest, segment, enrich, report). */
  wholeRunOverheadAtOneWorker: number;
  /** The same paired median for CPU seconds (runner + workers). */
  cpuOverheadAtOneWorker: number;
  /** Redis `used_memory_peak` after the queued runs (MB), or NaN when redis-cli is missing. */
  redisPeakMB: number;
}

export interface ScaleOptions extends EndToEndOptions {
  workerCounts: number[];
  /** Rounds over all configurations, taking turns; medians and spreads are reported. */
  repeats: number;
}

export function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function spread(values: number[]): Spread {
  const v = values.filter((x) => !Number.isNaN(x));
  return { median: median(v), min: v.length ? Math.min(...v) : Number.NaN, max: v.length ? Math.max(...v) : Number.NaN };
}

/** CPU seconds (user + system) of a live process, or of this process's reaped children ('children'). */
function cpuSecondsOf(pid: number | 'children'): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid === 'children' ? 'self' : pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = (n: number) => Number(fields[n - 3]);
    const ticks = pid === 'children' ? at(16) + at(17) : at(14) + at(15);
    return ticks / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

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
  const args = [path.join(opts.repoRoot, 'bin', 'crossframe.js'), 'worker', '--queue', url, '--config', config];
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

function toRun(workers: number, round: number, run: PipelineRun, articles: number, cpuSeconds: number): ScaleRun {
  const ms = run.stages.filter((s) => s.name === 'segment' || s.name === 'enrich').reduce((n, s) => n + s.ms, 0);
  return {
    workers,
    round,
    exitCode: run.exitCode,
    seconds: run.seconds,
    articlesPerMinute: run.articlesPerMinute,
    queueStagesSeconds: ms / 1000,
    queueStagesArticlesPerMinute: ms > 0 ? (articles / ms) * 60_000 : Number.NaN,
    cpuSeconds,
  };
}

/** Median over rounds of (value with one worker) / (value in process, same round) - 1, with the range. */
function pairedOverhead(runs: ScaleRun[], value: (r: ScaleRun) => number): { median: number; range: [number, number] } {
  const ratios: number[] = [];
  for (const one of runs.filter((r) => r.workers === 1)) {
    const local = runs.find((r) => r.workers === 0 && r.round === one.round);
    if (local) ratios.push(value(one) / value(local) - 1);
  }
  const s = spread(ratios);
  return { median: s.median, range: [s.min, s.max] };
}

export async function benchQueueScale(opts: ScaleOptions, records: CorpusRecord[], log: Logger): Promise<ScaleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crossframe-bench-scale-${records.length}-`));
  const redis = await startRedis();
  try {
    const input = path.join(dir, `articles-${records.length}.jsonl`);
    writeCorpusFile(records, input);
    const runs: ScaleRun[] = [];
    const runInProcess = async (round: number) => {
      log.info(`bench scale: ${records.length} articles in process (round ${round}/${opts.repeats})`);
      const cpuBefore = cpuSecondsOf('children');
      const local = await runPipelineChild(opts, writeConfig(dir, opts.configFile, path.join(dir, `cache-in-process-${round}`), 'unused'), input, path.join(dir, `out-in-process-${round}`), records.length, STAGES);
      if (local.exitCode !== 0) throw new Error(`the in-process run exited ${local.exitCode}: ${local.errorTail ?? ''}`);
      runs.push(toRun(0, round, local, records.length, cpuSecondsOf('children') - cpuBefore));
    };
    const runQueued = async (n: number, round: number) => {
      const queueName = `bench-${n}-${round}`;
      const coordinatorConfig = writeConfig(dir, opts.configFile, path.join(dir, `cache-coordinator-${n}-${round}`), queueName);
      const workerConfig = writeConfig(dir, opts.configFile, path.join(dir, `cache-workers-${n}-${round}`), queueName);
      log.info(`bench scale: ${records.length} articles with ${n} worker process(es) (round ${round}/${opts.repeats})`);
      const workers = Array.from({ length: n }, () => startWorker(opts, workerConfig, redis.url));
      try {
        await Promise.all(workers.map((w) => w.ready));
        const workersCpu = () => workers.reduce((sum, w) => sum + cpuSecondsOf(w.child.pid as number), 0);
        const cpuBefore = cpuSecondsOf('children');
        const workersBefore = workersCpu();
        const run = await runPipelineChild(opts, coordinatorConfig, input, path.join(dir, `out-${n}-${round}`), records.length, [...STAGES, '--queue', redis.url]);
        const cpu = cpuSecondsOf('children') - cpuBefore + (workersCpu() - workersBefore);
        if (run.exitCode !== 0) throw new Error(`the coordinator with ${n} workers exited ${run.exitCode}: ${run.errorTail ?? ''}`);
        runs.push(toRun(n, round, run, records.length, cpu));
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
      }
    };
    for (let round = 1; round <= opts.repeats; round++) {
      // Taking turns, and every other round in reverse order, so drifting load on a shared
      // machine (and whatever the OS keeps cached from the previous run) favours no side.
      const order = [0, ...opts.workerCounts];
      if (round % 2 === 0) order.reverse();
      for (const n of order) await (n === 0 ? runInProcess(round) : runQueued(n, round));
    }
    let redisPeakMB = Number.NaN;
    try {
      const info = execFileSync('redis-cli', ['-p', String(redis.port), 'INFO', 'memory'], { encoding: 'utf8' });
      redisPeakMB = Number(/used_memory_peak:(\d+)/.exec(info)?.[1]) / 1048576;
    } catch {
      // redis-cli is in redis-tools, which Debian's redis-server depends on; without it the figure is left out.
    }
    const summaries: ScaleSummary[] = [0, ...opts.workerCounts].map((n) => {
      const own = runs.filter((r) => r.workers === n);
      const stages = spread(own.map((r) => r.queueStagesSeconds));
      return {
        workers: n,
        rounds: own.length,
        exitCodes: own.map((r) => r.exitCode),
        queueStagesSeconds: stages,
        queueStagesArticlesPerMinute: (records.length / stages.median) * 60,
        seconds: spread(own.map((r) => r.seconds)),
        cpuSeconds: spread(own.map((r) => r.cpuSeconds)),
      };
    });
    const stagesOverhead = pairedOverhead(runs, (r) => r.queueStagesSeconds);
    return {
      articles: records.length,
      runs,
      summaries,
      overheadAtOneWorker: stagesOverhead.median,
      overheadAtOneWorkerRange: stagesOverhead.range,
      wholeRunOverheadAtOneWorker: pairedOverhead(runs, (r) => r.seconds).median,
      cpuOverheadAtOneWorker: pairedOverhead(runs, (r) => r.cpuSeconds).median,
      redisPeakMB,
    };
  } finally {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
