/**
 * The options of `crossframe bench`, declared once so the CLI can add them in a loop and turn
 * commander's parsed values into typed options (the eval command's are in src/eval/cliOptions.ts),
 * and the result it writes (read by the summary table).
 */
import type { Logger } from '../runtime/logger.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';
import { parseIntList, parsePositiveInt, splitList, type CliOption, type ResultHeader } from '../measure/harness.js';
import { UsageError } from '../runtime/errors.js';
import type { ThroughputRow } from './throughput.js';
import type { EndToEndResult } from './endToEnd.js';
import type { ScalingResult } from './scaling.js';
import type { RuntimeCompareResult } from './runtimeCompare.js';
import type { ScaleResult } from './queueScale.js';
import type { IncrementResult } from './increment.js';
import type { MemoryResult } from './memory.js';

export type BenchPart = 'throughput' | 'e2e' | 'scaling' | 'runtime' | 'scale' | 'increment' | 'memory';

export interface BenchOptions {
  config?: string;
  offline?: boolean;
  evalDir?: string;
  only?: BenchPart[];
  batchSizes?: number[];
  sentences?: number;
  benchSentences?: string;
  repeats?: number;
  /** Model id under models.dir measured for speed only; "none" skips it. */
  perfModel?: string;
  corpus?: string;
  sizes?: number[];
  scalingSizes?: number[];
  timeoutMinutes?: number;
  hf4Version?: string;
  /** Articles for the queue benchmark (scale). */
  scaleArticles?: number;
  /** Worker process counts for the queue benchmark. */
  scaleWorkers?: number[];
  /** Rounds of the queue benchmark, configurations taking turns; medians and spreads are reported. */
  scaleRepeats?: number;
  /** The nightly increment (--only increment): corpus size, new articles, articles per day. */
  incrementArticles?: number;
  incrementNew?: number;
  incrementPerDay?: number;
  /** A models.sqlite the increment's corpus run starts from (saves its model time; the night and the alone run still share one cache state). */
  incrementModelCache?: string;
  /** Copy the increment's model cache here after the corpus run (seeds a later run with --increment-model-cache). */
  incrementKeepCache?: string;
  /** The night's articles: 'other-sets' (default; texts the corpus does not hold, from basil-dev and ecbplus) or 'copies' (corpus texts again, the measurement before 2026-12-02). */
  incrementNight?: 'other-sets' | 'copies';
  /** Skip the increment's full events run and the in-process replay of both rules (--increment-skip-full). */
  incrementSkipFull?: boolean;
  /** How many times the increment's all-models-cached pair runs (--increment-cached-readings; default 1). */
  incrementCachedReadings?: number;
  /** The memory benchmark (--only memory) takes its sizes from --sizes; a models.sqlite to start its warm-up from. */
  memoryModelCache?: string;
  /** Where the memory benchmark copies its warm-up's models.sqlite (to seed a later run with --memory-model-cache). */
  memoryKeepCache?: string;
  /** A models.sqlite already warm for the memory benchmark's corpus and sizes: no warm-up run (with --memory-model-cache's file). */
  memorySkipWarmup?: boolean;
  out?: string;
  log: Logger;
  /** The stages, handed in by the CLI (pipeline/app.ts): the scaling part runs them in this process. */
  pipeline: PipelineApp;
  print?: (text: string) => void;
}

export interface BenchResult extends ResultHeader {
  config: { files: string[]; offline: boolean; models: Record<string, string>; /** onnxruntime threads per session (models.threads, else CROSSFRAME_MODEL_THREADS); null: onnxruntime's own. */ modelThreads?: number | null };
  options: Required<Pick<BenchOptions, 'batchSizes' | 'sentences' | 'repeats' | 'sizes' | 'scalingSizes'>> & { only: BenchPart[]; perfModel: string | null };
  durationMs: number;
  throughput?: ThroughputRow[];
  e2e?: EndToEndResult[];
  scaling?: ScalingResult;
  runtime?: RuntimeCompareResult;
  scale?: ScaleResult;
  increment?: IncrementResult;
  memory?: MemoryResult;
  failures: { part: BenchPart; error: string }[];
  file: string;
}

export const BENCH_PARTS: readonly BenchPart[] = ['throughput', 'e2e', 'scaling', 'runtime', 'scale', 'increment', 'memory'];
/** Parts that take long and run only when named in --only. */
export const ON_REQUEST_PARTS: readonly BenchPart[] = ['scale', 'increment', 'memory'];

export const BENCH_CLI_OPTIONS: readonly CliOption[] = [
  { flags: '--eval-dir <dir>', description: 'folder holding the evaluation sets (default ../shared/eval beside the repository)' },
  { flags: '--only <parts>', description: `comma-separated subset: ${BENCH_PARTS.join(', ')} (scale, the queue benchmark, runs only when named)` },
  { flags: '--batch-sizes <list>', description: 'model batch sizes (default 1,8,32,64)' },
  { flags: '--sentences <n>', description: 'sentences per throughput measurement (default 512)' },
  { flags: '--bench-sentences <file>', description: 'JSONL with the sentences (default <eval-dir>/basil-dev/sentences.jsonl)' },
  { flags: '--repeats <n>', description: 'timed repeats per measurement; the fastest counts (default 3)' },
  { flags: '--perf-model <id>', description: 'full-size model folder under models.dir for speed only (default perf/minilm-l6-arch-random; "none" skips it)' },
  { flags: '--corpus <file>', description: 'articles for end-to-end and scaling (default <eval-dir>/article_bias/media_test_articles.jsonl)' },
  { flags: '--sizes <list>', description: 'end-to-end corpus sizes, cold and warm cache (default 100,300,1300); also the memory benchmark\'s sizes' },
  { flags: '--scaling-sizes <list>', description: 'corpus sizes for the events + claims timing; beyond the corpus it is repeated with fresh ids (default 100,300,1300,10000)' },
  { flags: '--timeout <minutes>', description: 'stop an end-to-end run after this long (default 180)' },
  { flags: '--scale-articles <n>', description: 'articles for the queue benchmark, --only scale (default 300)' },
  { flags: '--scale-workers <list>', description: 'worker process counts for the queue benchmark (default 1,2,4)' },
  { flags: '--scale-repeats <n>', description: 'rounds of the queue benchmark, configurations taking turns; median and spread of each are reported (default 3)' },
  { flags: '--increment-articles <n>', description: 'corpus size before the night, --only increment (default 10000; the corpus repeated with fresh ids and outlets, dates spread)' },
  { flags: '--increment-new <n>', description: 'new articles of the night, --only increment (default 500)' },
  { flags: '--increment-per-day <n>', description: 'articles per day of the synthetic corpus, --only increment (default 50)' },
  { flags: '--increment-model-cache <file>', description: 'models.sqlite the increment benchmark\'s corpus run starts from (default: an empty cache)' },
  { flags: '--increment-cached-readings <n>', description: 'run the increment benchmark\'s all-models-cached night and alone run n times, each from the same store state, every other pair with the alone run first (default 1): the spread of that ratio, and with n > 1 the median night over the median alone run, of wall and CPU time' },
  { flags: '--increment-skip-full', description: 'skip the increment benchmark\'s run --full of the events stage (B-cubed of the night against it) and the replay of both rules' },
  { flags: '--increment-keep-cache <file>', description: 'copy the increment benchmark\'s models.sqlite here after the corpus run (to seed a larger run with --increment-model-cache)' },
  { flags: '--increment-night <from>', description: 'the increment benchmark\'s new articles: other-sets (default: texts the corpus does not hold, from basil-dev and ecbplus in --eval-dir) or copies (the corpus\'s own texts again, as measured before 2026-12-02: only the all-models-cached reading is valid)' },
  { flags: '--memory-model-cache <file>', description: 'models.sqlite the memory benchmark\'s warm-up starts from (default: an empty cache; the warm-up computes it)' },
  { flags: '--memory-keep-cache <file>', description: 'copy the memory benchmark\'s warmed models.sqlite here (to seed a later run, e.g. the code before a change, with --memory-model-cache)' },
  { flags: '--memory-skip-warmup', description: 'with --memory-model-cache: that file is already warm for these sizes (a --memory-keep-cache copy), so the memory benchmark runs no warm-up' },
  { flags: '--hf4-version <version>', description: '@huggingface/transformers version for the runtime comparison (default 4.3.1)' },
  { flags: '--out <file>', description: 'result file (default output/bench/<date>.json)' },
];

type Raw = Record<string, unknown>;

function incrementNight(value: string | undefined): BenchOptions['incrementNight'] {
  if (value === undefined || value === 'other-sets' || value === 'copies') return value;
  throw new UsageError(`--increment-night: "${value}" is not a night. Fix: other-sets or copies.`);
}
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function benchOptionsFromCli(raw: Raw, log: Logger): Omit<BenchOptions, 'pipeline'> {
  return {
    config: s(raw.config),
    offline: raw.offline === true ? true : undefined,
    evalDir: s(raw.evalDir),
    only: splitList(s(raw.only)) as BenchPart[] | undefined,
    batchSizes: parseIntList(s(raw.batchSizes), '--batch-sizes'),
    sentences: parsePositiveInt(s(raw.sentences), '--sentences'),
    benchSentences: s(raw.benchSentences),
    repeats: parsePositiveInt(s(raw.repeats), '--repeats'),
    perfModel: s(raw.perfModel),
    corpus: s(raw.corpus),
    sizes: parseIntList(s(raw.sizes), '--sizes'),
    scalingSizes: parseIntList(s(raw.scalingSizes), '--scaling-sizes'),
    timeoutMinutes: parsePositiveInt(s(raw.timeout), '--timeout'),
    hf4Version: s(raw.hf4Version),
    scaleArticles: parsePositiveInt(s(raw.scaleArticles), '--scale-articles'),
    scaleWorkers: parseIntList(s(raw.scaleWorkers), '--scale-workers'),
    scaleRepeats: parsePositiveInt(s(raw.scaleRepeats), '--scale-repeats'),
    incrementArticles: parsePositiveInt(s(raw.incrementArticles), '--increment-articles'),
    incrementNew: parsePositiveInt(s(raw.incrementNew), '--increment-new'),
    incrementPerDay: parsePositiveInt(s(raw.incrementPerDay), '--increment-per-day'),
    incrementModelCache: s(raw.incrementModelCache),
    incrementKeepCache: s(raw.incrementKeepCache),
    incrementSkipFull: raw.incrementSkipFull === true,
    incrementCachedReadings: parsePositiveInt(s(raw.incrementCachedReadings), '--increment-cached-readings'),
    incrementNight: incrementNight(s(raw.incrementNight)),
    memoryModelCache: s(raw.memoryModelCache),
    memoryKeepCache: s(raw.memoryKeepCache),
    memorySkipWarmup: raw.memorySkipWarmup === true ? true : undefined,
    out: s(raw.out),
    log,
  };
}
