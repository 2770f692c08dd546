/**
 * Scaling of the cross-article stages: wall time of `events` then `claims` (the stages whose
 * cost could grow with the square of the corpus) on growing corpora, in this process, on the
 * datasets the earlier stages produced once for the largest real corpus. Sizes beyond the corpus
 * repeat it with fresh article and sentence ids and everything else unchanged (same outlets,
 * same dates: a denser corpus, the hard case for blocking). A least-squares fit of
 * log(time) on log(articles) gives the growth exponent (1 = linear, 2 = quadratic); each step's
 * own exponent is kept too, since fixed costs flatten the fit at the small sizes. The stages come
 * from the `PipelineApp` the CLI hands in (src/runtime/pipelineApp.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { linearRegression } from 'simple-statistics';
import { hashConfig, type LoadedConfig } from '../config/load.js';
import type { Logger } from '../runtime/logger.js';
import type { Datasets } from '../runtime/datasets.js';
import type { PipelineApp, StageServices } from '../runtime/pipelineApp.js';
import { createModelHub, type ModelHub } from '../models/hub.js';
import { openModelCache } from '../store/modelCache.js';
import { writeCorpusFile, type CorpusRecord } from './corpus.js';
import { datasetsOfSize, type BaseDatasets } from './scalingData.js';
import { isAnalysed } from '../records.js';

export interface ScalingPoint {
  articles: number;
  /** Articles the stages analysed (analysable, not duplicates). */
  analysed: number;
  sentences: number;
  synthetic: boolean;
  eventsSeconds: number;
  claimsSeconds: number;
  totalSeconds: number;
  events: number;
  claimMatches: number;
  /** NLI inputs computed by the model (not served from the cache) during claims. */
  nliComputed: number;
  rssMB: number;
  /** log(time ratio) / log(size ratio) against the previous size: the growth exponent of this step. */
  stepExponent: number | null;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** Fitted exponent over all sizes, and over the real (non-synthetic) sizes only. */
  exponent: number;
  exponentReal: number;
  /** Seconds the earlier stages (ingest, segment, enrich) took to prepare the base datasets. */
  prepareSeconds: number;
}

const quietProgress = () => ({ tick: () => undefined, done: () => undefined });

function fitExponent(points: { articles: number; totalSeconds: number }[]): number {
  const usable = points.filter((p) => p.totalSeconds > 0 && p.articles > 0);
  if (usable.length < 2) return Number.NaN;
  return linearRegression(usable.map((p) => [Math.log(p.articles), Math.log(p.totalSeconds)])).m;
}

export interface ScalingOptions {
  pipeline: PipelineApp;
  loaded: LoadedConfig;
  offline: boolean;
  log: Logger;
  corpus: CorpusRecord[];
  sizes: number[];
}

export async function benchScaling(opts: ScalingOptions): Promise<ScalingResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-scaling-'));
  try {
    const input = path.join(dir, 'corpus.jsonl');
    writeCorpusFile(opts.corpus, input);
    const config = structuredClone(opts.loaded.config);
    config.input.paths = [input];
    config.report.dir = path.join(dir, 'out');
    config.models.cacheDir = path.join(dir, 'cache');
    const loaded: LoadedConfig = { ...opts.loaded, config, hash: hashConfig(config) };
    opts.log.info(`bench scaling: preparing ${opts.corpus.length} articles (ingest, segment, enrich)`);
    const began = performance.now();
    const prepared = await opts.pipeline.runPipeline({ loaded, stages: ['ingest', 'segment', 'enrich'], offline: opts.offline, log: quiet(opts.log), progress: quietProgress });
    const prepareSeconds = (performance.now() - began) / 1000;
    const base = prepared.datasets as BaseDatasets;
    // Input order: articles by their line in the corpus file.
    const inputOrder = [...base.articles].sort((a, b) => (a.sourceLine ?? 0) - (b.sourceLine ?? 0)).map((a) => a.id);

    const points: ScalingPoint[] = [];
    for (const size of [...opts.sizes].sort((a, b) => a - b)) {
      opts.log.info(`bench scaling: events + claims on ${size} articles`);
      const data = datasetsOfSize(base, inputOrder, size);
      const point = await timeStages(opts.pipeline, loaded, opts.offline, opts.log, data, size, path.join(dir, `cache-${size}`));
      opts.log.info(`bench scaling: ${size} articles: events ${point.eventsSeconds.toFixed(1)} s, claims ${point.claimsSeconds.toFixed(1)} s`);
      const previous = points[points.length - 1];
      point.stepExponent = previous ? Math.log(point.totalSeconds / previous.totalSeconds) / Math.log(point.articles / previous.articles) : null;
      points.push(point);
    }
    return { points, exponent: fitExponent(points), exponentReal: fitExponent(points.filter((p) => !p.synthetic)), prepareSeconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs events then claims on `data` with a fresh model cache (so claims pays for its NLI calls). */
async function timeStages(pipeline: PipelineApp, loaded: LoadedConfig, offline: boolean, log: Logger, data: BaseDatasets & { synthetic: boolean }, size: number, cacheDir: string): Promise<ScalingPoint> {
  const cache = openModelCache(cacheDir);
  let hub: Promise<ModelHub> | undefined;
  const services: StageServices = {
    log: quiet(log),
    progress: quietProgress,
    models: () => (hub ??= createModelHub(loaded.config.models, { offline, cache, log: quiet(log) })),
    modelCache: cache,
    run: { runId: `bench-scaling-${size}`, runDir: '', startedAt: new Date().toISOString(), models: [], warningsSoFar: 0 },
  };
  const datasets: Partial<Datasets> = { articles: data.articles, sentences: data.sentences, enrichment: data.enrichment, skipped: [] };
  const seconds: Record<string, number> = {};
  try {
    for (const stage of ['events', 'claims']) {
      const t0 = performance.now();
      const out = await pipeline.runStage(stage, datasets, loaded.config, services);
      seconds[stage] = (performance.now() - t0) / 1000;
      Object.assign(datasets, out.outputs);
    }
    const nli = hub ? (await hub).counters.computed.nli : 0;
    return {
      articles: size,
      analysed: data.articles.filter(isAnalysed).length,
      sentences: data.sentences.length,
      synthetic: data.synthetic,
      eventsSeconds: seconds.events ?? Number.NaN,
      claimsSeconds: seconds.claims ?? Number.NaN,
      totalSeconds: (seconds.events ?? 0) + (seconds.claims ?? 0),
      events: datasets.events?.length ?? Number.NaN,
      claimMatches: datasets.analysis?.claimMatches?.length ?? Number.NaN,
      nliComputed: nli,
      rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
      stepExponent: null,
    };
  } finally {
    cache.close();
  }
}

function quiet(log: Logger): Logger {
  return { ...log, info: log.debug };
}
