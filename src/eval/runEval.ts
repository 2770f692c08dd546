/**
 * `crossframe eval`: quality of every stage on public evaluation sets, each metric printed and
 * written to output/eval/<date>.json. Runs the offline profile (compact local models) unless
 * --config names another; every data location is an option, defaulting to ../shared/eval.
 *
 * Example:
 *   const result = await runEval({ only: ['stsb', 'sst2'], limit: 100, log });
 *   result.tasks.stsb?.spearman  // 0.70 with compact/embedding
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { Logger } from '../../pipeline/stage.js';
import { createEvalContext } from './context.js';
import { selectTasks } from './cliOptions.js';
import { DEFAULT_EVAL_DIR, OFFLINE_PROFILE, REPO_ROOT, defaultResultFile, resultHeader, writeResult, type ResultHeader } from './harness.js';
import { evalSimilarity, type SimilarityResult } from './similarity.js';
import { evalSentiment, type SentimentEvalResult } from './sentiment.js';
import { evalNumbers, type NumbersEvalResult } from './numbers.js';
import { evalLoadedLanguage, type LoadedLanguageResult } from './loadedLanguage.js';
import { evalEvents, type EventsEvalResult } from './events.js';
import { evalClaimMatching, type ClaimMatchingResult } from './claimMatching.js';
import { printEvalSummary } from './evalTable.js';
import { evalRelations, type RelationsEvalResult } from './relations.js';
import { evalClaimRetrieval, type ClaimRetrievalResult } from './claimRetrieval.js';

export type EvalTask = 'events' | 'loaded' | 'stsb' | 'claims' | 'sst2' | 'numbers' | 'relations' | 'retrieval';

export interface EvalOptions {
  /** Config file; default config/offline.yaml (then offline is on). */
  config?: string;
  /** Forbid model downloads; default true with the offline profile, false with --config. */
  offline?: boolean;
  /** Folder of the evaluation sets; default ../shared/eval beside the repository. */
  evalDir?: string;
  basil?: string;
  stsb?: string;
  sst2?: string;
  claims?: string;
  /** "none" skips the second claim-matching set. */
  claims2025?: string;
  quantemp?: string;
  numbersGold?: string;
  /** claim-relations folder (articles.jsonl + pairs.jsonl). */
  relations?: string;
  /** CLEF2020 query tweets and the verified-claim collection for the retrieval check. */
  claimQueries?: string;
  verifiedClaims?: string;
  /** Task or data-set names; all tasks when empty. */
  only?: string[];
  /** At most this many items per set (quick runs, CI). */
  limit?: number;
  basilEvents?: number;
  /** Result file; default output/eval/<date>.json. */
  out?: string;
  log: Logger;
  /** Where the summary table goes; default stdout. Pass () => {} for none. */
  print?: (text: string) => void;
}

export interface EvalResult extends ResultHeader {
  config: { files: string[]; hash: string; offline: boolean; models: Record<string, string> };
  options: { only: EvalTask[]; limit: number | null; basilEvents: number | null };
  durationMs: number;
  tasks: {
    events?: EventsEvalResult;
    loaded?: LoadedLanguageResult;
    stsb?: SimilarityResult;
    claims?: ClaimMatchingResult;
    sst2?: SentimentEvalResult;
    numbers?: NumbersEvalResult;
    relations?: RelationsEvalResult;
    retrieval?: ClaimRetrievalResult;
  };
  /** Tasks that could not run, with the reason (the others still ran). */
  failures: { task: EvalTask; error: string }[];
  /** Where this result was written. */
  file: string;
}

/** The config and offline flag the harness runs with: the offline profile unless --config says otherwise. */
export function loadEvalConfig(config: string | undefined, offline: boolean | undefined): { loaded: LoadedConfig; offline: boolean } {
  const file = config ?? (fs.existsSync(OFFLINE_PROFILE) ? OFFLINE_PROFILE : path.join(REPO_ROOT, OFFLINE_PROFILE));
  const loaded = loadConfig(file);
  const isOffline = offline ?? config === undefined;
  if (isOffline) loaded.config.models.allowRemote = false;
  return { loaded, offline: isOffline };
}

export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const started = new Date();
  const t0 = performance.now();
  const log = options.log;
  const tasks = selectTasks(options.only);
  const evalDir = path.resolve(options.evalDir ?? DEFAULT_EVAL_DIR);
  const at = (given: string | undefined, ...rel: string[]) => path.resolve(given ?? path.join(evalDir, ...rel));
  const { loaded, offline } = loadEvalConfig(options.config, options.offline);
  for (const w of loaded.warnings) log.warn(w);
  const ctx = createEvalContext(loaded, offline, log, options.limit, options.basilEvents);
  const m = loaded.config.models;
  const result: EvalResult = {
    ...resultHeader('eval', started),
    config: { files: loaded.files, hash: loaded.hash, offline, models: { embedding: m.embedding.id, sentiment: m.sentiment.id, nli: m.nli.id } },
    options: { only: tasks, limit: options.limit ?? null, basilEvents: options.basilEvents ?? null },
    durationMs: 0,
    tasks: {},
    failures: [],
    file: path.resolve(options.out ?? defaultResultFile('eval', started)),
  };
  const claims2025 = options.claims2025 === 'none' ? null : at(options.claims2025, 'claimmatch', 'pairs_claimmatch2025.jsonl');
  const runners: Record<EvalTask, () => Promise<unknown>> = {
    events: async () => (result.tasks.events = await evalEvents(ctx, at(options.basil, 'basil-dev'))),
    loaded: async () => (result.tasks.loaded = await evalLoadedLanguage(ctx, at(options.basil, 'basil-dev'))),
    stsb: async () => (result.tasks.stsb = await evalSimilarity(ctx, at(options.stsb, 'stsb', 'test.jsonl'))),
    claims: async () => (result.tasks.claims = await evalClaimMatching(ctx, at(options.claims, 'claimmatch', 'pairs.jsonl'), claims2025)),
    sst2: async () => (result.tasks.sst2 = await evalSentiment(ctx, at(options.sst2, 'sst2', 'dev.jsonl'))),
    numbers: async () =>
      (result.tasks.numbers = await evalNumbers(
        ctx,
        at(options.quantemp, 'quantemp_numclaims', 'claims.jsonl'),
        path.resolve(options.numbersGold ?? path.join(REPO_ROOT, 'test', 'fixtures', 'eval', 'quantemp_numbers_gold.json')),
      )),
    relations: async () => (result.tasks.relations = await evalRelations(ctx, at(options.relations, 'claim-relations'))),
    retrieval: async () =>
      (result.tasks.retrieval = await evalClaimRetrieval(ctx, at(options.claimQueries, 'claimmatch', 'queries.jsonl'), at(options.verifiedClaims, 'claimmatch', 'verified_claims.jsonl'))),
  };
  try {
    for (const task of tasks) {
      const began = performance.now();
      log.info(`eval ${task} ...`);
      try {
        await runners[task]();
        log.info(`eval ${task} done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      } catch (err) {
        // A model that cannot be found is a setup problem for every task: stop with its message.
        if (err instanceof Error && err.name === 'ModelNotFoundError') throw err;
        const message = err instanceof Error ? err.message : String(err);
        log.error(`eval ${task} failed: ${message}`);
        result.failures.push({ task, error: message });
      }
    }
  } finally {
    ctx.close();
  }
  result.durationMs = Math.round(performance.now() - t0);
  writeResult(result.file, result);
  (options.print ?? ((text: string) => process.stdout.write(text)))(printEvalSummary(result));
  return result;
}
