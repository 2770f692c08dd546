/**
 * `crossframe bench`: speed and memory, printed as tables and written to output/bench/<date>.json.
 *   throughput  sentences/s per model and batch size: onnxruntime direct, transformers.js
 *               pipeline, crossframe's model hub (ratio hub/direct: target >= 0.9)
 *   e2e         `crossframe run` as a child process on 100 / 300 / 1,300 real articles, cold and
 *               warm cache: articles/min and peak RSS (target: warm >= 20x faster)
 *   scaling     events + claims time as the corpus grows, with the fitted growth exponent
 *   runtime     @xenova/transformers 2.17 vs @huggingface/transformers 4.x on the same models
 *   increment   the nightly increment: 500 new articles on a 10,000-article corpus against the
 *               same 500 alone, and whether the kept events' rows are byte-identical (--only increment)
 *   memory      peak RSS and per-stage time and memory of `crossframe run` (child process, warm model
 *               cache) on synthetic corpora of --sizes articles, and its growth per 1,000 (--only memory)
 *   scale       the in-process runner vs `run --queue` with 1, 2, 4 worker processes on a private
 *               redis-server: articles/min and the queue's overhead (only with --only scale)
 * A benchmark is a script, not a test: CI runs a tiny version only (test/bench/benchSmoke.test.ts).
 *
 * Example:
 *   const result = await runBench({ only: ['throughput'], batchSizes: [1, 32], sentences: 128, log, pipeline: pipelineApp });
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_EVAL_DIR, DEV_MODELS_DIR, REPO_ROOT, UsageError, defaultResultFile, loadEvalConfig, resultHeader, writeResult } from '../measure/harness.js';
import { BENCH_PARTS, ON_REQUEST_PARTS, type BenchOptions, type BenchPart, type BenchResult } from './benchOptions.js';
import { resolveModelSettings } from '../models/locate.js';
import { loadBenchSentences } from './benchSentences.js';
import { measureThroughput, type ThroughputModel } from './throughput.js';
import { benchEndToEnd } from './endToEnd.js';
import { benchScaling } from './scaling.js';
import { compareRuntimes, HF4_DEFAULT_VERSION } from './runtimeCompare.js';
import { corpusOfSize, outletsByCount, readCorpus, readNightCorpus } from './corpus.js';
import { printBenchSummary } from './benchTable.js';
import { benchQueueScale } from './queueScale.js';
import { benchIncrement } from './increment.js';
import { benchMemory } from './memory.js';

export const DEFAULT_PERF_MODEL = 'perf/minilm-l6-arch-random';

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const started = new Date();
  const t0 = performance.now();
  const log = options.log;
  // The queue benchmark needs redis-server and several minutes: run only when asked for (--only scale).
  // So does the nightly increment (a 10,000-article corpus): --only increment.
  const only = options.only?.length ? options.only : BENCH_PARTS.filter((p) => !ON_REQUEST_PARTS.includes(p));
  const unknown = only.filter((p) => !BENCH_PARTS.includes(p));
  if (unknown.length) throw new UsageError(`--only: unknown part ${unknown.join(', ')}. Parts: ${BENCH_PARTS.join(', ')}.`);
  const evalDir = path.resolve(options.evalDir ?? DEFAULT_EVAL_DIR);
  const { loaded, offline } = loadEvalConfig(options.config, options.offline);
  // The profile the benches that start `crossframe run` processes extend.
  const configFile = path.resolve(loaded.files[0] ?? path.join(REPO_ROOT, 'config', 'pipeline.yaml'));
  const models = loaded.config.models;
  // The perf model and the fp32 files of the runtime comparison are not bundled: without a model
  // folder, those two parts use the development copy beside the repository when there is one. The
  // parts that run the pipeline keep the config as given: that copy holds no int8 compact files, so
  // every pipeline run in a bench warned three times that it fell back to the bundled models.
  const measuredModels = !models.dir && fs.existsSync(DEV_MODELS_DIR) ? { ...models, dir: DEV_MODELS_DIR } : models;
  const batchSizes = options.batchSizes ?? [1, 8, 32, 64];
  const sentences = options.sentences ?? 512;
  const repeats = options.repeats ?? 3;
  const sizes = options.sizes ?? [100, 300, 1300];
  const scalingSizes = options.scalingSizes ?? [100, 300, 1300, 10000];
  const perfModel = options.perfModel === 'none' ? null : (options.perfModel ?? DEFAULT_PERF_MODEL);
  const result: BenchResult = {
    ...resultHeader('bench', started),
    config: { files: loaded.files, offline, models: { embedding: models.embedding.id, sentiment: models.sentiment.id, nli: models.nli.id }, modelThreads: resolveModelSettings(models, offline).threads },
    options: { only, batchSizes, sentences, repeats, sizes, scalingSizes, perfModel },
    durationMs: 0,
    failures: [],
    file: path.resolve(options.out ?? defaultResultFile('bench', started)),
  };
  const sentenceFile = path.resolve(options.benchSentences ?? path.join(evalDir, 'basil-dev', 'sentences.jsonl'));
  const corpusFile = path.resolve(options.corpus ?? path.join(evalDir, 'article_bias', 'media_test_articles.jsonl'));
  // Perf models are plain encoders: measured in the embedding role, at fp32 like the compact ones.
  const throughputModels: ThroughputModel[] = [
    { role: 'embedding', id: models.embedding.id, quantized: models.embedding.quantized },
    ...(perfModel ? [{ role: 'embedding' as const, id: perfModel, quantized: false }] : []),
    { role: 'sentiment', id: models.sentiment.id, quantized: models.sentiment.quantized },
  ];

  const parts: Record<BenchPart, () => Promise<void>> = {
    async throughput() {
      const text = loadBenchSentences(sentenceFile, sentences);
      result.throughput = [];
      for (const spec of throughputModels) result.throughput.push(...(await measureThroughput(measuredModels, spec, batchSizes, text, offline, log, repeats)));
    },
    async e2e() {
      const corpus = readCorpus(corpusFile);
      result.e2e = [];
      for (const size of sizes) {
        const run = await benchEndToEnd({ repoRoot: REPO_ROOT, configFile, offline, log, timeoutMinutes: options.timeoutMinutes ?? 180 }, corpusOfSize(corpus, size));
        result.e2e.push(run);
        if (run.cold.exitCode !== 0) throw new Error(`crossframe run on ${size} articles exited ${run.cold.exitCode}: ${run.cold.errorTail ?? ''}`);
      }
    },
    async scaling() {
      const corpus = readCorpus(corpusFile);
      result.scaling = await benchScaling({ pipeline: options.pipeline, loaded, offline, log, corpus, sizes: scalingSizes });
    },
    async runtime() {
      const settings = resolveModelSettings(measuredModels, offline);
      if (!settings.modelsDir) throw new Error('the runtime comparison loads models from a local folder: set models.dir or CROSSFRAME_MODELS_DIR to a folder with the fp32 compact models (e.g. ../shared/models).');
      const text = loadBenchSentences(sentenceFile, sentences);
      result.runtime = await compareRuntimes({
        repoRoot: REPO_ROOT,
        modelsDir: settings.modelsDir,
        models: throughputModels.map((m) => ({ id: m.id, task: m.role === 'embedding' ? 'feature-extraction' : 'text-classification' })),
        sentences: text.measured,
        batchSizes,
        repeats,
        rounds: repeats > 1 ? 2 : 1,
        hf4Version: options.hf4Version ?? HF4_DEFAULT_VERSION,
        log,
      });
    },
    async scale() {
      const records = corpusOfSize(readCorpus(corpusFile), options.scaleArticles ?? 300);
      result.scale = await benchQueueScale(
        { repoRoot: REPO_ROOT, configFile, offline, log, timeoutMinutes: options.timeoutMinutes ?? 180, workerCounts: options.scaleWorkers ?? [1, 2, 4], repeats: options.scaleRepeats ?? 3 },
        records,
        log,
      );
    },
    async increment() {
      const corpus = readCorpus(corpusFile);
      result.increment = await benchIncrement({
        pipeline: options.pipeline,
        loaded,
        repoRoot: REPO_ROOT,
        configFile,
        timeoutMinutes: options.timeoutMinutes ?? 180,
        offline,
        log,
        corpus,
        ...(options.incrementNight === 'copies' ? {} : { nightCorpus: readNightCorpus(evalDir, outletsByCount(corpus)) }),
        articles: options.incrementArticles ?? 10000,
        newArticles: options.incrementNew ?? 500,
        perDay: options.incrementPerDay ?? 50,
        ...(options.incrementModelCache ? { seedModelCache: path.resolve(options.incrementModelCache) } : {}),
        ...(options.incrementKeepCache ? { keepModelCache: path.resolve(options.incrementKeepCache) } : {}),
        ...(options.incrementSkipFull ? { compareFull: false } : {}),
        ...(options.incrementCachedReadings ? { cachedReadings: options.incrementCachedReadings } : {}),
      });
    },
    async memory() {
      result.memory = await benchMemory({
        repoRoot: REPO_ROOT,
        configFile,
        offline,
        log,
        timeoutMinutes: options.timeoutMinutes ?? 180,
        corpus: readCorpus(corpusFile),
        sizes: options.sizes ?? [1000, 3000],
        perDay: options.incrementPerDay ?? 50,
        ...(options.memoryModelCache ? { seedModelCache: path.resolve(options.memoryModelCache) } : {}),
        ...(options.memoryKeepCache ? { keepModelCache: path.resolve(options.memoryKeepCache) } : {}),
        skipWarmup: options.memorySkipWarmup === true,
      });
    },
  };
  for (const part of BENCH_PARTS.filter((p) => only.includes(p))) {
    const began = performance.now();
    log.info(`bench ${part} ...`);
    try {
      await parts[part]();
      log.info(`bench ${part} done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    } catch (err) {
      if (err instanceof Error && err.name === 'ModelNotFoundError') throw err;
      const message = err instanceof Error ? err.message : String(err);
      log.error(`bench ${part} failed: ${message}`);
      result.failures.push({ part, error: message });
    }
  }
  result.durationMs = Math.round(performance.now() - t0);
  writeResult(result.file, result);
  (options.print ?? ((text: string) => process.stdout.write(text)))(printBenchSummary(result));
  return result;
}
