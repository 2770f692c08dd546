/**
 * `crossframe eval`: quality of every stage on public evaluation sets, each metric printed and
 * written to output/eval/<date>.json. Runs the bundled models (config/offline.yaml, no downloads) unless
 * --config names another; every data location is an option, defaulting to ../shared/eval.
 *
 * Example:
 *   const result = await runEval({ only: ['stsb', 'sst2'], limit: 100, log, pipeline: pipelineApp });
 *   result.tasks.stsb?.spearman  // 0.70 with compact/embedding
 */
import path from 'node:path';
import { createEvalContext } from './context.js';
import { selectTasks } from './cliOptions.js';
import { DEFAULT_EVAL_DIR, REPO_ROOT, defaultResultFile, loadEvalConfig, resultHeader, writeResult } from '../measure/harness.js';
import { evalSimilarity } from './similarity.js';
import { evalSentiment } from './sentiment.js';
import { evalNumbers } from './numbers.js';
import { evalLoadedLanguage } from './loadedLanguage.js';
import { evalEvents } from './events.js';
import { evalClaimMatching } from './claimMatching.js';
import { evalTone } from './tone.js';
import { evalActorTone } from './actorTone.js';
import { evalNumericPairs } from './numericPairs.js';
import { printEvalSummary } from './evalTable.js';
import { evalNli } from './nli.js';
import { COMPARE_TOLERANCE, MODEL_TASKS, compareFigures, measureModelLoads, printComparison } from './compareModels.js';
import type { EvalContext } from './context.js';
import type { CompareResult, EvalOptions, EvalResult, EvalTask } from './evalTypes.js';

export type { EvalOptions, EvalResult, EvalTask } from './evalTypes.js';

import { evalRelations } from './relations.js';
import { evalClaimRetrieval } from './claimRetrieval.js';




export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const started = new Date();
  const t0 = performance.now();
  const log = options.log;
  const tasks = selectTasks(options.only);
  const evalDir = path.resolve(options.evalDir ?? DEFAULT_EVAL_DIR);
  const at = (given: string | undefined, ...rel: string[]) => path.resolve(given ?? path.join(evalDir, ...rel));
  const { loaded, offline } = loadEvalConfig(options.config, options.offline);
  for (const w of loaded.warnings) log.warn(w);
  const ctx = createEvalContext(options.pipeline, loaded, offline, log, options.limit, options.basilEvents, options.foldSalt);
  const m = loaded.config.models;
  const result: EvalResult = {
    ...resultHeader('eval', started),
    config: { files: loaded.files, hash: loaded.hash, offline, models: { embedding: m.embedding.id, sentiment: m.sentiment.id, nli: m.nli.id } },
    options: { only: tasks, limit: options.limit ?? null, basilEvents: options.basilEvents ?? null, foldSalt: options.foldSalt ?? '' },
    durationMs: 0,
    tasks: {},
    failures: [],
    file: path.resolve(options.out ?? defaultResultFile('eval', started)),
  };
  const claims2025 = options.claims2025 === 'none' ? null : at(options.claims2025, 'claimmatch', 'pairs_claimmatch2025.jsonl');
  const runnersFor = (ctx: EvalContext, into: EvalResult['tasks']): Record<EvalTask, () => Promise<unknown>> => ({
    events: async () =>
      (into.events = await evalEvents(ctx, at(options.basil, 'basil-dev'), options.ecbplus === 'none' ? null : at(options.ecbplus, 'ecbplus'))),
    loaded: async () => (into.loaded = await evalLoadedLanguage(ctx, at(options.basil, 'basil-dev'))),
    stsb: async () => (into.stsb = await evalSimilarity(ctx, at(options.stsb, 'stsb', 'test.jsonl'))),
    claims: async () => (into.claims = await evalClaimMatching(ctx, at(options.claims, 'claimmatch', 'pairs.jsonl'), claims2025)),
    sst2: async () => (into.sst2 = await evalSentiment(ctx, at(options.sst2, 'sst2', 'dev.jsonl'))),
    numbers: async () =>
      (into.numbers = await evalNumbers(
        ctx,
        at(options.quantemp, 'quantemp_numclaims', 'claims.jsonl'),
        path.resolve(options.numbersGold ?? path.join(REPO_ROOT, 'test', 'fixtures', 'eval', 'quantemp_numbers_gold.json')),
      )),
    relations: async () => (into.relations = await evalRelations(ctx, at(options.relations, 'claim-relations'))),
    retrieval: async () =>
      (into.retrieval = await evalClaimRetrieval(ctx, at(options.claimQueries, 'claimmatch', 'queries.jsonl'), at(options.verifiedClaims, 'claimmatch', 'verified_claims.jsonl'))),
    'numeric-pairs': async () => (into.numericPairs = await evalNumericPairs(ctx, at(options.numericPairs, 'numeric-pairs'))),
    nli: async () => (into.nli = await evalNli(ctx, at(options.nli, 'nli', 'snli_test.jsonl'))),
    tone: async () => (into.tone = await evalTone(ctx, at(options.tone, 'news-tone', 'sentences.jsonl'))),
    'actor-tone': async () =>
      (into.actorTone = await evalActorTone(ctx, at(options.basil, 'basil-dev'), at(options.tone, 'news-tone', 'sentences.jsonl'))),
  });
  const runTasks = async (ctx: EvalContext, list: EvalTask[], into: EvalResult['tasks'], failures: EvalResult['failures'], label: string) => {
    const runners = runnersFor(ctx, into);
    try {
      for (const task of list) {
        const began = performance.now();
        log.info(`eval ${task}${label} ...`);
        try {
          await runners[task]();
          log.info(`eval ${task}${label} done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
        } catch (err) {
          // A model that cannot be found is a setup problem for every task: stop with its message.
          if (err instanceof Error && err.name === 'ModelNotFoundError') throw err;
          const message = err instanceof Error ? err.message : String(err);
          log.error(`eval ${task}${label} failed: ${message}`);
          failures.push({ task, error: message });
        }
      }
    } finally {
      ctx.close();
    }
  };
  const compareWith = options.compareConfig ? loadEvalConfig(options.compareConfig, options.offline ?? offline) : null;
  // Sizes and cold load times first, before any task has warmed a session.
  const mainLoads = compareWith ? await measureModelLoads(loaded, offline) : [];
  const compareLoads = compareWith ? await measureModelLoads(compareWith.loaded, compareWith.offline) : [];
  await runTasks(ctx, tasks, result.tasks, result.failures, '');
  if (compareWith) {
    const c = compareWith.loaded;
    for (const w of c.warnings) log.warn(w);
    const cm = c.config.models;
    const compare: CompareResult = {
      config: { files: c.files, hash: c.hash, models: { embedding: cm.embedding.id, sentiment: cm.sentiment.id, nli: cm.nli.id } },
      tolerance: 0,
      tasks: {},
      failures: [],
      figures: [],
      allWithinTolerance: false,
      models: { main: mainLoads, compare: compareLoads },
    };
    const compareCtx = createEvalContext(options.pipeline, c, compareWith.offline, log, options.limit, options.basilEvents, options.foldSalt);
    await runTasks(compareCtx, tasks.filter((t) => MODEL_TASKS.has(t)), compare.tasks, compare.failures, ` (${c.files[0] ?? 'compare'})`);
    const { figures, allWithin } = compareFigures(result.tasks, compare.tasks);
    Object.assign(compare, { figures, allWithinTolerance: allWithin && !compare.failures.length, tolerance: COMPARE_TOLERANCE });
    result.compare = compare;
  }
  result.durationMs = Math.round(performance.now() - t0);
  writeResult(result.file, result);
  const summary = printEvalSummary(result) + (result.compare ? printComparison(result.config.files[0] ?? 'defaults', result.compare) : '');
  (options.print ?? ((text: string) => process.stdout.write(text)))(summary);
  return result;
}
