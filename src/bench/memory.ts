/**
 * Peak memory as the corpus grows (issue 20, bounded memory): the whole pipeline (`crossframe run`
 * through the bin, a child process as in the end-to-end benchmark) on synthetic corpora of the
 * given sizes, each with its own empty store except for a warm model cache, so model compute is
 * not the cost and what grows is the pipeline's own data.
 *
 * The corpus is the nightly increment's (increment.ts, `syntheticRecord`): the benchmark corpus's
 * records repeated with fresh ids, copy k with outlets "<outlet> ~k" and publication dates at
 * `perDay` articles a day, so each copy covers its own event windows. Every size is a prefix of
 * the same sequence. The warm-up: one run over the first min(largest size, corpus) records (copy
 * 0) fills a model cache (models.sqlite: sentence embeddings, sentiment, NLI pairs, item caches);
 * every measured run starts from a copy of that file and nothing else.
 *
 * Reported per size: wall time, peak RSS (getrusage in the child, exact), per stage its time and
 * the highest RSS and V8 heap sampled while it ran (100 ms samples: a shorter spike can be missed),
 * and the growth of the peak per 1,000 articles (least squares over the sizes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../runtime/logger.js';
import { MODEL_CACHE_FILE } from '../store/modelCache.js';
import { writeCorpusFile, type CorpusRecord } from './corpus.js';
import { runPipelineChild, writeBenchConfig } from './endToEnd.js';
import { syntheticRecord } from './increment.js';

export interface MemoryStage {
  name: string;
  ms: number;
  cached: boolean;
  /** Highest RSS sampled while the stage ran, MB (NaN when no sample fell inside). */
  peakRssMB: number;
  /** V8 heap used, the heap V8 held (used or not) and external memory (Buffers, typed arrays) when the stage ended, MB. */
  heapAfterMB: number;
  heapHeldAfterMB: number;
  externalAfterMB: number;
}

export interface MemoryRow {
  articles: number;
  exitCode: number;
  seconds: number;
  peakRssMB: number;
  stages: MemoryStage[];
  /** Size of each dataset's stored blob at the end of the run (v8 serialisation), MB. */
  datasetsMB: Record<string, number>;
  errorTail?: string;
}

export interface MemoryResult {
  perDay: number;
  warmupArticles: number;
  warmupSeconds: number;
  rows: MemoryRow[];
  /** Least-squares slope of peak RSS over articles, MB per 1,000 articles. */
  growthPerThousandMB: number;
}

export interface MemoryOptions {
  repoRoot: string;
  configFile: string;
  offline: boolean;
  log: Logger;
  timeoutMinutes: number;
  corpus: CorpusRecord[];
  sizes: number[];
  perDay: number;
  /** A models.sqlite the warm-up starts from (a model cache of an earlier run on the same corpus), to save its model time. */
  seedModelCache?: string;
  /** Copy the warmed models.sqlite here after the warm-up (its WAL checkpointed by the run's close). */
  keepModelCache?: string;
  /** The seed cache is already warm for these sizes: copy it in and run no warm-up (its time is reported as 0). */
  skipWarmup?: boolean;
}

interface LogLine {
  time?: number;
  msg?: string;
  stage?: string;
  ms?: number;
  heapUsedMB?: number;
  heapTotalMB?: number;
  rssMB?: number;
  externalMB?: number;
}

interface Span {
  start: number;
  end: number;
  heapAfterMB: number;
  /** What V8 held for its heap (used or not) at the stage's end: the gap to heapAfterMB is the collector's slack. */
  heapHeldAfterMB: number;
  externalAfterMB: number;
  rssAfterMB: number;
}

/** Stage start and end times from the child's JSON log (`<stage>: started` debug line, the info line with `ms`). */
export function stageSpans(logFile: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  let text = '';
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return spans;
  }
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('{')) continue;
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      continue;
    }
    if (!line.stage || typeof line.time !== 'number') continue;
    if (line.msg === `${line.stage}: started`) spans.set(line.stage, { start: line.time, end: Number.NaN, heapAfterMB: Number.NaN, heapHeldAfterMB: Number.NaN, externalAfterMB: Number.NaN, rssAfterMB: Number.NaN });
    else if (typeof line.ms === 'number' && spans.has(line.stage)) {
      const span = spans.get(line.stage)!;
      span.end = line.time;
      span.heapAfterMB = line.heapUsedMB ?? Number.NaN;
      span.heapHeldAfterMB = line.heapTotalMB ?? Number.NaN;
      span.externalAfterMB = line.externalMB ?? Number.NaN;
      span.rssAfterMB = line.rssMB ?? Number.NaN;
    }
  }
  return spans;
}

/**
 * Where a failed run stopped, from its log: the stage that started and never finished, with the
 * stages before it. A run that dies (V8's out-of-memory abort) writes no manifest and no samples,
 * so the log is all the table has.
 */
export function failedStageOf(spans: Map<string, Span>): string {
  const done = [...spans]
    .filter(([, span]) => Number.isFinite(span.end))
    .map(([name, span]) => `${name} ${((span.end - span.start) / 1000).toFixed(1)} s, RSS ${span.rssAfterMB} / heap ${span.heapAfterMB}${Number.isFinite(span.heapHeldAfterMB) ? ` (held ${span.heapHeldAfterMB})` : ''} MB at its end`);
  const open = [...spans].find(([, span]) => !Number.isFinite(span.end));
  if (!open) return '';
  return `in stage ${open[0]} (finished before it: ${done.join('; ') || 'none'}): `;
}

function readSamples(file: string): number[][] {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as number[][];
  } catch {
    return [];
  }
}

/** The stored size of each dataset the run left as the output folder's latest, MB. */
function blobSizes(cacheDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.startsWith('latest-datasets') || !name.endsWith('.json')) continue;
    const latest = JSON.parse(fs.readFileSync(path.join(cacheDir, name), 'utf8')) as Record<string, string>;
    for (const [dataset, hash] of Object.entries(latest)) {
      const file = path.join(cacheDir, 'datasets', `${hash}.v8`);
      if (fs.existsSync(file)) out[dataset] = Math.round((fs.statSync(file).size / 1048576) * 10) / 10;
    }
  }
  return out;
}

const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : Number.NaN);

export function slopePerThousand(points: { x: number; y: number }[]): number {
  const ok = points.filter((p) => Number.isFinite(p.y));
  if (ok.length < 2) return Number.NaN;
  const mx = ok.reduce((s, p) => s + p.x, 0) / ok.length;
  const my = ok.reduce((s, p) => s + p.y, 0) / ok.length;
  const sxx = ok.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = ok.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx ? Math.round((sxy / sxx) * 1000 * 10) / 10 : Number.NaN;
}

/**
 * One measured run: `crossframe run` over `records` in `runDir`, its store empty but for a copy of
 * the model cache in `warmCacheDir`; peak RSS, per-stage time and memory, stored dataset sizes.
 */
export async function measureSize(opts: Pick<MemoryOptions, 'repoRoot' | 'configFile' | 'offline' | 'log' | 'timeoutMinutes'>, records: CorpusRecord[], warmCacheDir: string, runDir: string): Promise<MemoryRow> {
  const size = records.length;
  const cacheDir = path.join(runDir, 'cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const suffix of ['', '-wal']) {
    const file = path.join(warmCacheDir, MODEL_CACHE_FILE + suffix);
    if (fs.existsSync(file)) fs.copyFileSync(file, path.join(cacheDir, MODEL_CACHE_FILE + suffix));
  }
  const input = path.join(runDir, 'in.jsonl');
  writeCorpusFile(records, input);
  const samplesFile = path.join(runDir, 'samples.json');
  const logFile = path.join(runDir, 'stderr.log');
  opts.log.info(`bench memory: ${size} articles, warm model cache`);
  const run = await runPipelineChild(opts, writeBenchConfig(runDir, opts.configFile, cacheDir), input, path.join(runDir, 'out'), size, [], {
    env: { CROSSFRAME_MEMORY_SAMPLES_FILE: samplesFile },
    stderrFile: logFile,
    logArgs: ['--json-log', '--verbose'],
  });
  const samples = readSamples(samplesFile);
  const spans = stageSpans(logFile);
  const stages = run.stages.map((s): MemoryStage => {
    const span = spans.get(s.name);
    const inside = span ? samples.filter(([t]) => t >= span.start && t <= (Number.isFinite(span.end) ? span.end : Infinity)) : [];
    return { ...s, peakRssMB: maxOf(inside.map((x) => x[1])), heapAfterMB: span?.heapAfterMB ?? Number.NaN, heapHeldAfterMB: span?.heapHeldAfterMB ?? Number.NaN, externalAfterMB: span?.externalAfterMB ?? Number.NaN };
  });
  const datasetsMB = blobSizes(cacheDir);
  opts.log.info(`bench memory: ${size} articles: peak RSS ${run.peakRssMB} MB in ${run.seconds.toFixed(1)} s (exit ${run.exitCode})`);
  const errorTail = run.errorTail ? `${failedStageOf(spans)}${run.errorTail}` : undefined;
  return { articles: size, exitCode: run.exitCode, seconds: Math.round(run.seconds * 10) / 10, peakRssMB: run.peakRssMB, stages, datasetsMB, ...(errorTail ? { errorTail } : {}) };
}

export async function benchMemory(opts: MemoryOptions): Promise<MemoryResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-memory-'));
  try {
    const largest = Math.max(...opts.sizes);
    const records = Array.from({ length: largest }, (_, i) => syntheticRecord(opts.corpus, i, opts.perDay));
    const warmDir = path.join(dir, 'warm');
    const warmRecords = records.slice(0, Math.min(largest, opts.corpus.length));
    const warmInput = path.join(warmDir, 'in.jsonl');
    writeCorpusFile(warmRecords, warmInput);
    if (opts.seedModelCache) {
      fs.mkdirSync(path.join(warmDir, 'cache'), { recursive: true });
      fs.copyFileSync(opts.seedModelCache, path.join(warmDir, 'cache', MODEL_CACHE_FILE));
    }
    if (opts.skipWarmup && !opts.seedModelCache) throw new Error('--memory-skip-warmup needs --memory-model-cache FILE (a cache already warm for these sizes).');
    let warmSeconds = 0;
    if (!opts.skipWarmup) {
      opts.log.info(`bench memory: warming the model cache on ${warmRecords.length} articles`);
      const warm = await runPipelineChild(opts, writeBenchConfig(warmDir, opts.configFile, path.join(warmDir, 'cache')), warmInput, path.join(warmDir, 'out'), warmRecords.length);
      if (warm.exitCode !== 0) throw new Error(`the warm-up run exited ${warm.exitCode}: ${warm.errorTail ?? ''}`);
      warmSeconds = warm.seconds;
    }
    if (opts.keepModelCache) {
      for (const suffix of ['', '-wal']) {
        const file = path.join(warmDir, 'cache', MODEL_CACHE_FILE + suffix);
        if (fs.existsSync(file)) fs.copyFileSync(file, opts.keepModelCache + suffix);
      }
      opts.log.info(`bench memory: warmed model cache copied to ${opts.keepModelCache}`);
    }
    const rows: MemoryRow[] = [];
    for (const size of opts.sizes) {
      const runDir = path.join(dir, `n${size}`);
      rows.push(await measureSize(opts, records.slice(0, size), path.join(warmDir, 'cache'), runDir));
      fs.rmSync(runDir, { recursive: true, force: true });
    }
    return {
      perDay: opts.perDay,
      warmupArticles: warmRecords.length,
      warmupSeconds: Math.round(warmSeconds * 10) / 10,
      rows,
      growthPerThousandMB: slopePerThousand(rows.filter((r) => r.exitCode === 0).map((r) => ({ x: r.articles, y: r.peakRssMB }))),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
