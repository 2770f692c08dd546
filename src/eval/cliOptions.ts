/**
 * The options of `crossframe eval`, declared once so the CLI can add them in a loop and turn
 * commander's parsed values into typed options (bench's are in src/bench/benchOptions.ts):
 *
 *   for (const o of EVAL_CLI_OPTIONS) cmd.option(o.flags, o.description);
 *   cmd.action(async (raw) => { const result = await runEval({ ...evalOptionsFromCli(raw, log), pipeline }); ... });
 *
 * Both eval and bench also take the common --config / --offline / --quiet / --json-log / --verbose.
 */
import type { Logger } from '../runtime/logger.js';
import { UsageError, parsePositiveInt, splitList, type CliOption } from '../measure/harness.js';
import type { EvalOptions, EvalTask } from './evalTypes.js';

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
  {
    flags: '--fold-salt <text>',
    description: 'deal the cross-validation folds anew (events by a hash of the text and their id): how far each cross-validated figure moves with the folds alone (default: none, the folds of every other run)',
  },
  { flags: '--out <file>', description: 'result file (default output/eval/<date>.json)' },
];

type Raw = Record<string, unknown>;
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function evalOptionsFromCli(raw: Raw, log: Logger): Omit<EvalOptions, 'pipeline'> {
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
    foldSalt: s(raw.foldSalt),
    out: s(raw.out),
    log,
  };
}
