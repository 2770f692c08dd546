/**
 * The types of `crossframe eval` in one place: the options, the tasks and the result file's shape.
 * Kept apart from runEval.ts so the modules runEval uses (cliOptions, evalTable, compareModels)
 * can name them without importing runEval back: the import graph has no cycles, type-only ones
 * included (test/importGraph.test.ts).
 */
import type { Logger } from '../runtime/logger.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';
import type { ResultHeader } from '../measure/harness.js';
import type { SimilarityResult } from './similarity.js';
import type { SentimentEvalResult } from './sentiment.js';
import type { NumbersEvalResult } from './numbers.js';
import type { LoadedLanguageResult } from './loadedLanguage.js';
import type { EventsEvalResult } from './events.js';
import type { ClaimMatchingResult } from './claimMatching.js';
import type { ToneEvalResult } from './tone.js';
import type { ActorToneEvalResult } from './actorTone.js';
import type { NumericPairsEvalResult } from './numericPairs.js';
import type { NliEvalResult } from './nli.js';
import type { RelationsEvalResult } from './relations.js';
import type { ClaimRetrievalResult } from './claimRetrieval.js';

export type EvalTask = 'events' | 'loaded' | 'stsb' | 'claims' | 'sst2' | 'numbers' | 'relations' | 'retrieval' | 'numeric-pairs' | 'nli' | 'tone' | 'actor-tone';

export interface EvalOptions {
  /** Config file; default config/offline.yaml (then offline is on). */
  config?: string;
  /** Forbid model downloads; default true with the offline profile, false with --config. */
  offline?: boolean;
  /** Folder of the evaluation sets; default ../shared/eval beside the repository. */
  evalDir?: string;
  basil?: string;
  /** ECB+ folder with articles.jsonl; "none" skips it. */
  ecbplus?: string;
  stsb?: string;
  sst2?: string;
  claims?: string;
  /** "none" skips the second claim-matching set. */
  claims2025?: string;
  quantemp?: string;
  numbersGold?: string;
  nli?: string;
  /** A second profile: the model tasks run again with it and every figure is printed side by side. */
  compareConfig?: string;
  /** News sentences labelled for tone (news-tone sentences.jsonl). */
  tone?: string;
  /** numeric-pairs folder (articles.jsonl, sentences.jsonl, pairs.jsonl). */
  numericPairs?: string;
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
  /** Deals the cross-validation folds anew (groupedFolds): how far a figure moves with the folds alone. */
  foldSalt?: string;
  /** Result file; default output/eval/<date>.json. */
  out?: string;
  log: Logger;
  /** The stages, handed in by the CLI (pipeline/app.ts's `pipelineApp`): src/ never imports pipeline/. */
  pipeline: PipelineApp;
  /** Where the summary table goes; default stdout. Pass () => {} for none. */
  print?: (text: string) => void;
}

export interface EvalResult extends ResultHeader {
  config: { files: string[]; hash: string; offline: boolean; models: Record<string, string> };
  options: { only: EvalTask[]; limit: number | null; basilEvents: number | null; foldSalt: string };
  durationMs: number;
  tasks: {
    events?: EventsEvalResult;
    loaded?: LoadedLanguageResult;
    stsb?: SimilarityResult;
    claims?: ClaimMatchingResult;
    sst2?: SentimentEvalResult;
    numbers?: NumbersEvalResult;
    nli?: NliEvalResult;
    tone?: ToneEvalResult;
    actorTone?: ActorToneEvalResult;
    numericPairs?: NumericPairsEvalResult;
    relations?: RelationsEvalResult;
    retrieval?: ClaimRetrievalResult;
  };
  /** With --compare-config: the same model tasks under the second profile, figure by figure. */
  compare?: CompareResult;
  /** Tasks that could not run, with the reason (the others still ran). */
  failures: { task: EvalTask; error: string }[];
  /** Where this result was written. */
  file: string;
}

export interface ModelFootprint {
  role: string;
  id: string;
  file: string;
  bytes: number;
  /** Finding + hashing the files and building tokenizer and onnxruntime session, cold. */
  loadMs: number;
}

export interface FigureComparison {
  task: EvalTask;
  metric: string;
  main: number;
  compare: number;
  /** main - compare. */
  diff: number;
  withinTolerance: boolean;
}

export interface CompareResult {
  config: { files: string[]; hash: string; models: Record<string, string> };
  tolerance: number;
  tasks: EvalResult['tasks'];
  failures: EvalResult['failures'];
  figures: FigureComparison[];
  /** True when every figure of both runs is within the tolerance (and none is missing). */
  allWithinTolerance: boolean;
  models: { main: ModelFootprint[]; compare: ModelFootprint[] };
}
