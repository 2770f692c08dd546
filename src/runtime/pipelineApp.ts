/**
 * What src/ may ask of the pipeline, as plain structural types (nothing here imports pipeline/):
 * the CLI's `run` and `check`, eval, bench and the trainers get a `PipelineApp` handed in, the
 * dependency pointing one way (pipeline/ stands on src/, never the reverse). pipeline/app.ts
 * implements it once; bin/crossframe.js (the composition root, outside src/) passes a loader for it
 * to `main`, so commands that need no stage (`--version`, a bad editor file) never load them.
 *
 * To give src/ something new of the pipeline (a queue executor, say): add a member here, implement
 * it in pipeline/app.ts, and read it where the app is already passed in.
 */
import type { Config } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';
import type { ModelHub, ModelRole } from '../models/hub.js';
import type { ModelCache } from '../store/modelCache.js';
import type { ResourceFile } from '../check/resourceKinds.js';
import type { Logger } from './logger.js';
import type { Progress } from './progress.js';
import type { Datasets, DatasetName } from './datasets.js';
import type { DatasetStream } from '../store/blobCodec.js';
import type { Float32Spill, RecordSpill, StoredPieces } from '../store/spilledArray.js';
import type { VectorSource } from '../records.js';
import type { ModelUsed, RunNotes } from './runNotes.js';

/** The facts of the run a stage may read (plain JSON, the same on every executor). */
export interface RunInfo {
  runId: string;
  /** Absolute path of the folder this run writes its reports to (not yet visible as `latest`); '' when no report runs. */
  runDir: string;
  startedAt: string;
  /** The models the run has used so far (report.html's first line says which). */
  models: ModelUsed[];
  /** Warnings logged before this stage (summary.json's `warnings`). */
  warningsSoFar: number;
}

/** What a stage may call besides its inputs (pipeline/stage.ts): rebuilt on the executor's side. */
export interface StageServices {
  /** For progress and debug lines only: warnings go into the result. */
  log: Logger;
  progress(label: string, total: number): Progress;
  /** Loads models on first use, so stages that do not need them never touch the hub. */
  models(): Promise<ModelHub>;
  /** Per-item memo tables (segmented articles, chart SVGs) that survive across runs. */
  modelCache: ModelCache;
  run: RunInfo;
  /**
   * The datasets of the output folder's last completed run that the stage names in
   * `previousReads` (absent on a first run, under `run --full`, or outside a session).
   */
  previous?: Partial<Datasets>;
  /**
   * The datasets the stage names in `streamedReads`, read from the store piece by piece (see
   * pipeline/stage.ts); undefined outside a session, or for a dataset this run does not have.
   */
  streamed?: (name: DatasetName) => DatasetStream | undefined;
  /**
   * The arrays the stage names in `streamedFields` (an object dataset's top-level key), read from the
   * store piece by piece; undefined outside a session, or for a dataset this run does not have.
   */
  streamedField?: (name: DatasetName, key: string) => DatasetStream | undefined;
  /**
   * The vector tables the stage names in `rowReads`, rows read from the store when asked (see
   * pipeline/stage.ts); undefined outside a session, or for a table this run does not have.
   */
  vectorRows?: (name: DatasetName, key: string) => VectorSource | undefined;
  /**
   * The vector tables of previous datasets the stage names in `previousRowReads`, rows read from the
   * store when asked; undefined outside a session, or when the previous value is not stored.
   */
  previousVectorRows?: (name: DatasetName, key: string) => VectorSource | undefined;
  /**
   * Where the pieces of a previous dataset the stage names in `previousPieceReads` lie in the store
   * (with `field`, of the array under that key or dotted path of one it names in
   * `previousPieceFields`), for a spill to borrow them (RecordSpill.borrow); undefined outside a
   * session, when the previous value is not stored, or when the array is one leaf.
   */
  previousPieces?: (name: DatasetName, field?: string) => StoredPieces | undefined;
  /**
   * A file beside the store to fill a large float32 output in, instead of memory (spilledArray.ts):
   * the output's array is then the spill's `finish()`, which the catalog writes to the store as it
   * would the array. Undefined outside a session, or when the store's folder cannot be written
   * (then keep the array in memory).
   */
  spillFloat32?: (length: number) => Float32Spill | undefined;
  /**
   * A file beside the store to put a large array of records in as they are made (segment's
   * sentences), instead of memory: the output is then the spill's `finish()`, which the catalog
   * writes as it would the array. Undefined outside a session, or when the store's folder cannot be
   * written (then keep the array in memory).
   */
  spillRecords?: <T>() => RecordSpill<T> | undefined;
}

/** One run of the pipeline, as `crossframe run` starts it (pipeline/session.ts adds its own knobs). */
export interface PipelineRunOptions {
  loaded: LoadedConfig;
  /** Stage names to run, in pipeline order; all when omitted. */
  stages?: string[];
  offline: boolean;
  log: Logger;
  progress: (label: string, total: number) => Progress;
  /** Aborting it (the CLI does on SIGINT / SIGTERM) removes this run's folder and releases the lock at once. */
  signal?: AbortSignal;
  /** `run --queue redis://HOST:PORT`: segment and enrich run as per-article jobs on `crossframe worker` processes (pipeline/queueExecutor.ts). */
  queue?: string;
  /** `run --full`: incremental stages (events) recompute everything instead of starting from the last run. */
  full?: boolean;
}

export interface PipelineRunResult {
  runId: string;
  /** The finished run folder, or '' when the selected stages wrote no reports. */
  runDir: string;
  datasets: Partial<Datasets>;
  notes: RunNotes;
}

/** What `check` needs to know of a stage. */
export interface PipelineStageInfo {
  name: string;
  modelRoles?: readonly ModelRole[];
}

/** A resource file with the stage that declares it. */
export type StageResourceFile = ResourceFile & { stage: string };

export interface PipelineApp {
  /** The stages in pipeline order. */
  stages: readonly PipelineStageInfo[];
  /** The resource files the stages read, resolved from the config (the pre-flight validates them). */
  stageResources(config: Config): StageResourceFile[];
  /** One run: lock, run folder, cache, manifest, `latest`. Throws (never exits). */
  runPipeline(options: PipelineRunOptions): Promise<PipelineRunResult>;
  /**
   * The datasets of the last completed run on the config's output folder (`report.dir`, with the
   * store under `models.cacheDir`), each read from the store when first read: what a caller that ran
   * `crossframe run` in another process (bench) reads of it. Empty when no run completed there.
   */
  storedDatasets(config: Config): Partial<Datasets>;
  /**
   * One stage called directly on in-memory datasets, without catalog or run folder (bench times
   * the cross-article stages this way). Its reads are taken from `datasets`.
   */
  runStage(name: string, datasets: Partial<Datasets>, config: Config, services: StageServices): Promise<{ outputs: Partial<Datasets> }>;
}

/** How bin/crossframe.js hands the pipeline to `main`: loaded only by the commands that run stages. */
export type PipelineAppLoader = () => Promise<PipelineApp>;
