/**
 * The options of `crossframe eval` and `crossframe bench`, declared once so the CLI can add them
 * in a loop and turn commander's parsed values into typed options:
 *
 *   for (const o of EVAL_CLI_OPTIONS) cmd.option(o.flags, o.description);
 *   cmd.action(async (raw) => { const result = await runEval(evalOptionsFromCli(raw, log)); ... });
 *
 * Both commands also take the common --config / --offline / --quiet / --json-log / --verbose.
 */
import type { Logger } from '../../pipeline/stage.js';
import { UsageError, parseIntList, parsePositiveInt, splitList } from './harness.js';
import type { EvalOptions, EvalTask } from './runEval.js';
import type { BenchOptions, BenchPart } from '../bench/runBench.js';

export interface CliOption {
  flags: string;
  description: string;
}

export const EVAL_TASKS: readonly EvalTask[] = ['events', 'loaded', 'stsb', 'claims', 'sst2', 'numbers', 'relations', 'retrieval', 'numeric-pairs', 'nli', 'tone', 'actor-tone'];
/** Data-set names accepted by --only besides the task names. */
export const EVAL_TASK_ALIASES: Record<string, EvalTask[]> = {
  basil: ['events', 'loaded'],
  ecbplus: ['events'],
  similarity: ['stsb'],
  snli: ['nli'],
  claimmatch: ['claims', 'retrieval'],
  sentiment: ['sst2'],
  quantemp: ['numbers'],
  'claim-relations': ['relations'],
  'news-tone': ['tone', 'actor-tone'],
  actortone: ['actor-tone'],
};

/** --only values (task or data-set names) -> tasks in the fixed order. */
export function selectTasks(only: string[] | undefined): EvalTask[] {
  if (!only?.length) return [...EVAL_TASKS];
  const wanted = new Set<EvalTask>();
  for (const name of only.map((n) => n.toLowerCase())) {
    const tasks = (EVAL_TASKS as readonly string[]).includes(name) ? [name as EvalTask] : EVAL_TASK_ALIASES[name];
    if (!tasks) throw new UsageError(`--only: unknown task "${name}". Tasks: ${EVAL_TASKS.join(', ')}; data sets: ${Object.keys(EVAL_TASK_ALIASES).join(', ')}.`);
    tasks.forEach((t) => wanted.add(t));
  }
  return EVAL_TASKS.filter((t) => wanted.has(t));
}

export const EVAL_CLI_OPTIONS: readonly CliOption[] = [
  { flags: '--eval-dir <dir>', description: 'folder holding the evaluation sets (default ../shared/eval beside the repository)' },
  { flags: '--basil <dir>', description: 'BASIL folder with articles.jsonl (default <eval-dir>/basil-dev)' },
  { flags: '--ecbplus <dir>', description: 'ECB+ folder with articles.jsonl, scored by the events task (default <eval-dir>/ecbplus; "none" skips it)' },
  { flags: '--stsb <file>', description: 'STS Benchmark pairs (default <eval-dir>/stsb/test.jsonl)' },
  { flags: '--sst2 <file>', description: 'SST-2 sentences (default <eval-dir>/sst2/dev.jsonl)' },
  { flags: '--claims <file>', description: 'claim-matching pairs (default <eval-dir>/claimmatch/pairs.jsonl)' },
  { flags: '--claims2025 <file>', description: 'second claim-matching set, scored on its own (default <eval-dir>/claimmatch/pairs_claimmatch2025.jsonl; "none" skips it)' },
  { flags: '--quantemp <file>', description: 'QuanTemp claims (default <eval-dir>/quantemp_numclaims/claims.jsonl)' },
  { flags: '--nli <file>', description: 'SNLI test pairs (default <eval-dir>/nli/snli_test.jsonl)' },
  { flags: '--compare-config <file>', description: 'also run the model tasks with this profile and print every figure side by side (e.g. config/compact-fp32.yaml: bundled int8 vs fp32)' },
  { flags: '--tone <file>', description: 'news sentences labelled for tone, for the tone and actor-tone tasks (default <eval-dir>/news-tone/sentences.jsonl)' },
  { flags: '--numbers-gold <file>', description: 'hand-made number gold (default test/fixtures/eval/quantemp_numbers_gold.json)' },
  { flags: '--numeric-pairs <dir>', description: 'numeric-pairs folder with articles.jsonl, sentences.jsonl, pairs.jsonl (default <eval-dir>/numeric-pairs)' },
  { flags: '--relations <dir>', description: 'claim-relations folder with articles.jsonl and pairs.jsonl (default <eval-dir>/claim-relations)' },
  { flags: '--claim-queries <file>', description: 'CLEF2020 query tweets for the retrieval check (default <eval-dir>/claimmatch/queries.jsonl)' },
  { flags: '--verified-claims <file>', description: 'verified-claim collection ranked for each query (default <eval-dir>/claimmatch/verified_claims.jsonl)' },
  { flags: '--only <tasks>', description: `comma-separated subset: ${EVAL_TASKS.join(', ')} (or basil, quantemp, claimmatch, similarity, sentiment)` },
  { flags: '--limit <n>', description: 'at most n items per set (pairs, sentences, claims): a quick run' },
  { flags: '--basil-events <n>', description: 'at most n BASIL events (3 articles each)' },
  { flags: '--out <file>', description: 'result file (default output/eval/<date>.json)' },
];

export const BENCH_PARTS: readonly BenchPart[] = ['throughput', 'e2e', 'scaling', 'runtime', 'scale'];

export const BENCH_CLI_OPTIONS: readonly CliOption[] = [
  { flags: '--eval-dir <dir>', description: 'folder holding the evaluation sets (default ../shared/eval beside the repository)' },
  { flags: '--only <parts>', description: `comma-separated subset: ${BENCH_PARTS.join(', ')} (scale, the queue benchmark, runs only when named)` },
  { flags: '--batch-sizes <list>', description: 'model batch sizes (default 1,8,32,64)' },
  { flags: '--sentences <n>', description: 'sentences per throughput measurement (default 512)' },
  { flags: '--bench-sentences <file>', description: 'JSONL with the sentences (default <eval-dir>/basil-dev/sentences.jsonl)' },
  { flags: '--repeats <n>', description: 'timed repeats per measurement; the fastest counts (default 3)' },
  { flags: '--perf-model <id>', description: 'full-size model folder under models.dir for speed only (default perf/minilm-l6-arch-random; "none" skips it)' },
  { flags: '--corpus <file>', description: 'articles for end-to-end and scaling (default <eval-dir>/article_bias/media_test_articles.jsonl)' },
  { flags: '--sizes <list>', description: 'end-to-end corpus sizes, cold and warm cache (default 100,300,1300)' },
  { flags: '--scaling-sizes <list>', description: 'corpus sizes for the events + claims timing; beyond the corpus it is repeated with fresh ids (default 100,300,1300,10000)' },
  { flags: '--timeout <minutes>', description: 'stop an end-to-end run after this long (default 180)' },
  { flags: '--scale-articles <n>', description: 'articles for the queue benchmark, --only scale (default 300)' },
  { flags: '--scale-workers <list>', description: 'worker process counts for the queue benchmark (default 1,2,4)' },
  { flags: '--scale-repeats <n>', description: 'rounds of the queue benchmark, configurations taking turns; the fastest run of each counts (default 1)' },
  { flags: '--hf4-version <version>', description: '@huggingface/transformers version for the runtime comparison (default 4.3.1)' },
  { flags: '--out <file>', description: 'result file (default output/bench/<date>.json)' },
];

type Raw = Record<string, unknown>;
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function evalOptionsFromCli(raw: Raw, log: Logger): EvalOptions {
  return {
    config: s(raw.config),
    offline: raw.offline === true ? true : undefined,
    evalDir: s(raw.evalDir),
    basil: s(raw.basil),
    ecbplus: s(raw.ecbplus),
    stsb: s(raw.stsb),
    sst2: s(raw.sst2),
    claims: s(raw.claims),
    claims2025: s(raw.claims2025),
    quantemp: s(raw.quantemp),
    numbersGold: s(raw.numbersGold),
    nli: s(raw.nli),
    compareConfig: s(raw.compareConfig),
    tone: s(raw.tone),
    numericPairs: s(raw.numericPairs),
    relations: s(raw.relations),
    claimQueries: s(raw.claimQueries),
    verifiedClaims: s(raw.verifiedClaims),
    only: splitList(s(raw.only)),
    limit: parsePositiveInt(s(raw.limit), '--limit'),
    basilEvents: parsePositiveInt(s(raw.basilEvents), '--basil-events'),
    out: s(raw.out),
    log,
  };
}

export function benchOptionsFromCli(raw: Raw, log: Logger): BenchOptions {
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
    out: s(raw.out),
    log,
  };
}
