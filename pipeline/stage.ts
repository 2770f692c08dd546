/**
 * The stage contract.
 *
 *   run(inputs, params, services) -> { outputs, counters, warnings, work }
 *
 * A stage names the datasets it reads and writes, derives from the config only the values it
 * uses (`params`, plain JSON: its hash is the config part of the stage's cache key, so changing
 * `claims.agreeThreshold` does not recompute the events), declares the resource files it reads
 * (`resources`: the catalog reads, validates and hashes them; `crossframe check` walks the same
 * list) and the models it calls (`modelRoles`). It never calls another stage, never touches the
 * run's shared state and reports through its result: `counters` (facts about the data) and
 * `warnings` are stored with the outputs and replayed when the result is reused, so a cached
 * run's manifest carries the same counters and warnings as a fresh one; `work` (model calls,
 * cache hits, articles rebuilt) describes this call only and is not replayed.
 *
 * Services are what a stage may call besides its inputs: progress, debug/info logging, the
 * models, the item caches, and the facts of the run (ids, folder) for the report stage. They
 * are rebuilt on the executor's side (in-process, a worker thread, a queue worker), so a stage
 * call is JSON in, JSON out (see executor.ts).
 */
import type { Config } from '../src/config/schema.js';
import type { ModelRole } from '../src/models/hub.js';
import type { Logger } from '../src/runtime/logger.js';
import type { Progress } from '../src/runtime/progress.js';
import type { Datasets, DatasetName } from '../src/runtime/datasets.js';
import type { ModelUsed, RunNotes } from '../src/runtime/runNotes.js';
import type { ResourceFile, ResourceKind } from '../src/check/resourceKinds.js';
import type { RunInfo, StageServices } from '../src/runtime/pipelineApp.js';
import type { AnalysisVectors, Enrichment } from '../src/records.js';

// RunInfo and StageServices are defined in src/ (src/runtime/pipelineApp.ts), which bench also uses.
export type { Logger, Progress, Datasets, DatasetName, RunNotes, ModelUsed, ResourceFile, ResourceKind, RunInfo, StageServices };

/** A warning for the log and the manifest; `fields` travel to --json-log lines. */
export interface StageWarning {
  message: string;
  fields?: Record<string, unknown>;
}

export interface StageResult<W extends DatasetName = DatasetName> {
  outputs: Pick<Datasets, W>;
  /** Facts about the data (`claims.contradict`): stored with the outputs, replayed on reuse. */
  counters: Record<string, number>;
  warnings: StageWarning[];
  /** What this call computed (`enrich.modelCalls`, `segment.articlesReused`): not replayed. */
  work?: Record<string, number>;
  /** Input files the stage read, with their hashes (the manifest's `inputs`; ingest's). */
  inputs?: RunNotes['inputs'];
}

export interface Stage<R extends DatasetName = DatasetName, W extends DatasetName = DatasetName, P = unknown> {
  name: string;
  description: string;
  reads: readonly R[];
  /**
   * Reads the stage can do without: given when an earlier stage of this run produced them, else
   * undefined (never taken from an older run, whose results may not match this run's articles).
   */
  optionalReads?: readonly DatasetName[];
  writes: readonly W[];
  /**
   * Of a dataset the stage reads, only a part (src/store/datasetPart.ts): of an object dataset these
   * top-level fields (`enrichment: ['sentiment']`), of an array dataset its items without the fields
   * named with a leading '-' (`articles: ['-text']`). The catalog loads just that part, and a run
   * frees the rest (the vector matrices, the article texts) after the last stage that reads the
   * whole dataset. The stage sees only that part.
   */
  partialReads?: Partial<Record<DatasetName, readonly string[]>>;
  /**
   * Array datasets the stage reads piece by piece from the store (`services.streamed(name)`, in
   * stored order, at most 1,000 items at a time) instead of whole in its inputs: the run frees them
   * after the last stage that reads them whole. They stay in `reads` (the cache key); a stage called
   * outside a session (PipelineApp.runStage) gets them in its inputs instead. A dataset also named
   * in `partialReads` comes as that part in the inputs, and whole from the stream (the events stage
   * holds the articles without their texts and reads the few texts it needs from the store).
   */
  streamedReads?: readonly DatasetName[];
  /**
   * Vector tables of object datasets the stage reads row by row from the store
   * (`services.vectorRows(name, key)`, a VectorSource) instead of whole in its inputs (`enrichment:
   * ['sentenceVectors']`): events and claims hold only the rows they are working on. Name the
   * dataset's other keys it reads in `partialReads`; the run frees the table after the last stage that
   * reads it whole. A stage called outside a session gets the table in its inputs instead.
   */
  rowReads?: Partial<Record<DatasetName, readonly string[]>>;
  /**
   * Arrays under top-level keys of object datasets the stage reads piece by piece from the store
   * (`services.streamedField(name, key)`, in stored order) instead of whole in its inputs
   * (`enrichment: ['sentiment']`: framing and report walk the sentence sentiment beside the
   * sentences). Name the dataset's other keys it reads in `partialReads`; the run then holds none of
   * it for the stage. A stage called outside a session gets the arrays in its inputs instead.
   */
  streamedFields?: Partial<Record<DatasetName, readonly string[]>>;
  /**
   * Datasets of the output folder's last completed run the stage starts from (services.previous):
   * their hashes join the cache key. `incremental` stages lose them under `run --full`.
   */
  previousReads?: readonly DatasetName[];
  /**
   * Vector tables of previous datasets the stage reads row by row (`services.previousVectorRows(name,
   * key)`) instead of whole: the previous value then comes without them, as its other top-level keys
   * (`previousParts`). Enrich copies the previous run's rows of unchanged sentences chunk by chunk, so
   * a night never holds the corpus's previous sentence vectors (~340 MB at 10,000 articles) beside
   * its own.
   */
  previousRowReads?: Partial<Record<DatasetName, readonly string[]>>;
  /**
   * Previous array datasets the stage does not read but lets a spill borrow pieces of
   * (`services.previousPieces(name)`, RecordSpill.borrow): they are not loaded. Segment's sentences: a
   * night's unchanged articles come first, and their sentences are the previous value's pieces.
   */
  previousPieceReads?: readonly DatasetName[];
  /**
   * Arrays inside previous datasets (a key or dotted path of one the stage reads in `previousParts`)
   * whose pieces a spill may borrow or the stage reads one at a time (`services.previousPieces(name,
   * field)`); they stay out of the loaded parts. Enrich's sentiment rows and sentence ids: a night's
   * unchanged articles come first, and their rows are the previous value's pieces.
   */
  previousPieceFields?: Partial<Record<DatasetName, readonly string[]>>;
  /** The top-level keys of a previous dataset the stage reads, when it names tables of it in previousRowReads. */
  previousParts?: Partial<Record<DatasetName, readonly string[]>>;
  /**
   * True when the previous datasets only save work (the output is the same without them, as enrich's
   * reuse by sentence text): they stay out of the cache key, so a run after an interrupted one (whose
   * previous run differs) still reuses the stage's result for the same inputs.
   */
  previousOnlySavesWork?: boolean;
  incremental?: boolean;
  /** Models the stage calls: their file hashes are part of its cache key, and `check` finds them first. */
  modelRoles?: readonly ModelRole[];
  /** The config values the stage uses, as plain JSON (file paths resolved): hashed into the cache key. */
  params(config: Config): P;
  /** The resource files the stage reads: validated before the run, hashed into the cache key. */
  resources?(params: P): ResourceFile[];
  /** Bump when the stage's output for the same input changes. */
  version: number;
  /** False for stages whose output must be produced every run (ingest reads the disk, report writes it). */
  cacheable: boolean;
  run(inputs: Pick<Datasets, R>, params: P, services: StageServices): Promise<StageResult<W>>;
  /**
   * Short summary for the progress line, e.g. "5 articles, 0 skipped", from the outputs and the
   * counters the run gave (a reused result's, replayed). A session gives the outputs of a reused
   * result loaded when first read, so a summary from the counters alone loads nothing (read
   * `outputs.name` only where needed: destructuring the parameter reads every output).
   */
  summarize?(outputs: Pick<Datasets, W>, counters: Record<string, number>): string;
}

/** A stage's summarize, called without knowing its datasets' types. */
export type StageSummary = (outputs: unknown, counters: Record<string, number>) => string;

export type AnyStage = Stage<DatasetName, DatasetName, unknown>;

export function defineStage<R extends DatasetName, W extends DatasetName, P>(stage: Stage<R, W, P>): Stage<R, W, P> {
  return stage;
}

/**
 * A stage's params as its cache keys and memos see them: each resource file's absolute path becomes
 * the config key that names it. The file's content is hashed into those keys apart, so the same
 * settings in a moved checkout or config folder (a fresh clone, a container built at another path)
 * keep every stored stage result and memo instead of computing them all again.
 */
export function portableParams(params: unknown, resources: readonly ResourceFile[]): unknown {
  const keyOfPath = new Map(resources.map((r) => [r.file, `<${r.key}>`]));
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return keyOfPath.get(value) ?? value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(params);
}

/** A result with nothing to report besides its outputs. */
export function result<W extends DatasetName>(outputs: Pick<Datasets, W>, counters: Record<string, number> = {}, warnings: StageWarning[] = [], work?: Record<string, number>): StageResult<W> {
  return { outputs, counters, warnings, ...(work ? { work } : {}) };
}

/**
 * The vectors of a stage that names `enrichment: ['sentenceVectors']` in its rowReads (events,
 * claims): the sentence vectors read from the store in a session, the whole table when the stage is
 * called alone (PipelineApp.runStage gives it in the inputs).
 */
export function analysisVectors(enrichment: Pick<Enrichment, 'articleVectors'> & Partial<Pick<Enrichment, 'sentenceVectors'>>, services: StageServices): AnalysisVectors {
  const sentenceVectors = services.vectorRows?.('enrichment', 'sentenceVectors') ?? enrichment.sentenceVectors;
  if (!sentenceVectors) throw new Error('analysisVectors (pipeline/stage.ts): the stage got neither the sentence vectors nor a way to read them. Fix: name enrichment: [\'sentenceVectors\'] in its rowReads, or give the enrichment whole.');
  return { articleVectors: enrichment.articleVectors, sentenceVectors };
}
