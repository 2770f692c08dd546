/**
 * The executor: runs one stage call (one of the runner's three parts, with the catalog and the
 * session). The interface is one method, JSON in and JSON out:
 *
 *   executeStage(call: StageCall) -> Promise<StageCallResult>
 *
 * A call names the stage, its params (plain JSON) and its inputs by content hash; the executor
 * loads the inputs from the catalog, builds the services on its own side (model hub, item caches,
 * progress), runs the stage, saves the outputs to the catalog and answers with their hashes, the
 * stage's counters, warnings and work, and the models it used. Nothing else crosses: no function,
 * handle or shared state, and no vector inside JSON (datasets travel as catalog blobs).
 *
 * Executors: `createInProcessExecutor` (this file, the default), `createWorkerExecutor`
 * (workerExecutor.ts: the same call in a worker thread) and `createQueueExecutor`
 * (queueExecutor.ts, `run --queue`: segment and enrich as per-article BullMQ jobs for worker
 * processes, every other call in process). An executor must be deterministic for a given call:
 * byte-identical outputs whichever executor runs it.
 */
import type { Config } from '../src/config/schema.js';
import type { ModelHub } from '../src/models/hub.js';
import type { ModelCache } from '../src/store/modelCache.js';
import type { Logger } from '../src/runtime/logger.js';
import type { Progress } from '../src/runtime/progress.js';
import type { ModelUsed, RunNotes } from '../src/runtime/runNotes.js';
import type { Catalog } from './catalog.js';
import type { VectorSource } from '../src/records.js';
import type { DatasetName } from '../src/runtime/datasets.js';
import type { AnyStage, RunInfo, StageSummary, StageWarning } from './stage.js';
import { STAGES } from './stages.js';
import { CrossframeError } from '../src/runtime/errors.js';
import { lazyVectorSource } from '../src/store/vectorSource.js';
import type { StoredPieces } from '../src/store/spilledArray.js';

/** One stage call: JSON only. */
export interface StageCall {
  stage: string;
  params: unknown;
  /** Dataset name -> content hash in the catalog (optional reads the run lacks are left out). */
  inputs: Record<string, string>;
  /** The stage's previousReads: dataset name -> hash of the last completed run's value (those stored). */
  previous?: Record<string, string>;
  run: RunInfo;
  /** What an executor needs to build the services on its side. */
  env: {
    /** models.cacheDir: the catalog's blobs and the model and item caches. */
    cacheDir: string;
    /** The output folder the session publishes to (the catalog keeps its last datasets per folder). */
    outputDir: string;
    models: Config['models'];
    offline: boolean;
  };
}

/** The answer to a stage call: JSON only. */
export interface StageCallResult {
  /**
   * Dataset name -> content hash of the value saved in the catalog: the stage's writes, and any
   * dataset of the run the executor replaced (the queue executor's segment call adds its
   * dead-lettered articles to `skipped`).
   */
  outputs: Record<string, string>;
  counters: Record<string, number>;
  warnings: StageWarning[];
  work: Record<string, number>;
  inputs: RunNotes['inputs'];
  models: ModelUsed[];
  /** The stage's one-line summary for the progress line. */
  summary: string;
  /**
   * False when the executor left items out (the queue's dead-lettered articles): the session
   * then does not cache the result, so the next run tries them again. Absent means complete.
   */
  complete?: false;
}

export interface StageExecutor {
  executeStage(call: StageCall): Promise<StageCallResult>;
  /** Lets go of threads, connections and models. */
  close(): Promise<void>;
}

export class StageInputMissingError extends CrossframeError {
  constructor(stage: string, dataset: string, producer: string) {
    super(
      `stage "${stage}" needs the dataset "${dataset}", which no earlier run has stored. ` +
        `Fix: run the stages that produce it first, e.g. --stages ${producer},${stage}, or run the whole pipeline.`,
    );
    this.name = 'StageInputMissingError';
  }
}

export function producerOf(dataset: string): string {
  return STAGES.find((s) => (s.writes as readonly string[]).includes(dataset))?.name ?? 'ingest';
}

export function stageNamed(name: string): AnyStage {
  const stage = STAGES.find((s) => s.name === name);
  if (!stage) throw new Error(`executor: no stage "${name}"`);
  return stage;
}

/** The services a stage call gets, built by whoever runs it. */
export interface ServiceProvider {
  log: Logger;
  progress(label: string, total: number): Progress;
  models(): Promise<ModelHub>;
  /** The hub if it was created (models() was called), for the models-used list. */
  hubIfLoaded(): Promise<ModelHub | undefined>;
  modelCache(): ModelCache;
}

/**
 * Runs one call against a catalog and a set of services: load inputs by hash, run, save outputs.
 * The in-process executor is this function; a worker thread or a queue worker calls it on its side.
 */
export async function runStageCall(call: StageCall, catalog: Catalog, provider: ServiceProvider): Promise<StageCallResult> {
  const stage = stageNamed(call.stage);
  const inputs: Record<string, unknown> = {};
  const streamed = new Set<string>(stage.streamedReads ?? []);
  for (const [name, hash] of Object.entries(call.inputs)) {
    const part = stage.partialReads?.[name as DatasetName];
    const fields = stage.streamedFields?.[name as DatasetName];
    if (streamed.has(name) || fields) {
      if (streamed.has(name) ? !catalog.stream(hash) : !fields!.every((field) => catalog.stream(hash, field))) throw new StageInputMissingError(stage.name, name, producerOf(name));
      // Streamed and partial: the part in the inputs, the whole items (or the fields' items) from the stream.
      if (!part) continue;
    }
    const value = catalog.load(hash, part);
    if (value === undefined) throw new StageInputMissingError(stage.name, name, producerOf(name));
    inputs[name] = value;
  }
  // A previous value the store no longer holds is left out: the stage then recomputes in full.
  const previous: Record<string, unknown> = {};
  const piecesOf = new Map<string, StoredPieces | undefined>();
  const previousPieces = (name: DatasetName, field?: string) => {
    const key = `${name}|${field ?? ''}`;
    if (!piecesOf.has(key)) piecesOf.set(key, previousPiecesOf(stage, call.previous, catalog, name, field));
    return piecesOf.get(key);
  };
  for (const [name, hash] of Object.entries(call.previous ?? {})) {
    if (stage.previousPieceReads?.includes(name as DatasetName)) continue;
    const parts = stage.previousParts?.[name as DatasetName];
    // A top-level array the stage reads by pieces that is stored as one leaf (a small corpus's) comes with the parts.
    const leaves = parts ? (stage.previousPieceFields?.[name as DatasetName] ?? []).filter((field) => !field.includes('.') && !previousPieces(name as DatasetName, field)) : [];
    const value = catalog.load(hash, parts && [...parts, ...leaves]);
    if (value !== undefined) previous[name] = value;
  }
  const result = await stage.run(inputs as never, call.params, {
    log: provider.log,
    progress: provider.progress,
    models: provider.models,
    get modelCache() {
      return provider.modelCache();
    },
    run: call.run,
    ...(call.previous ? { previous } : {}),
    ...(streamed.size ? { streamed: (name: DatasetName) => (streamed.has(name) && call.inputs[name] ? catalog.stream(call.inputs[name]) : undefined) } : {}),
    ...(stage.streamedFields ? { streamedField: (name: DatasetName, key: string) => (stage.streamedFields?.[name]?.includes(key) && call.inputs[name] ? catalog.stream(call.inputs[name], key) : undefined) } : {}),
    spillFloat32: (length: number) => catalog.spillFloat32(length),
    spillRecords: () => catalog.spillRecords(),
    ...(stage.rowReads ? { vectorRows: (name: DatasetName, key: string) => vectorRowsOf(stage.name, stage.rowReads, call.inputs, catalog, name, key) } : {}),
    ...(stage.previousPieceReads || stage.previousPieceFields ? { previousPieces } : {}),
    ...(stage.previousRowReads ? { previousVectorRows: (name: DatasetName, key: string) => (name in previous ? vectorRowsOf(stage.name, stage.previousRowReads, call.previous ?? {}, catalog, name, key) : undefined) } : {}),
  });
  const outputs: Record<string, string> = {};
  for (const name of stage.writes) outputs[name] = catalog.save((result.outputs as Record<string, unknown>)[name]);
  const roles = new Set<string>(stage.modelRoles ?? []);
  const hub = roles.size ? await provider.hubIfLoaded() : undefined;
  return {
    outputs,
    counters: result.counters,
    warnings: result.warnings,
    work: result.work ?? {},
    inputs: result.inputs ?? [],
    models: hub ? hub.describe().filter((m) => roles.has(m.role)).map((m) => ({ ...m })) : [],
    summary: stage.summarize ? (stage.summarize as StageSummary)(result.outputs, result.counters) : '',
  };
}

/** Where a previous dataset's pieces lie (or an array's inside it), when the stage names it in previousPieceReads (previousPieceFields). */
function previousPiecesOf(stage: AnyStage, previous: StageCall['previous'], catalog: Catalog, name: DatasetName, field?: string): StoredPieces | undefined {
  const named = field === undefined ? stage.previousPieceReads?.includes(name) : stage.previousPieceFields?.[name]?.includes(field);
  return named && previous?.[name] ? catalog.storedPieces(previous[name], field) : undefined;
}

/**
 * A table the stage reads row by row (rowReads; previousRowReads, of a previous dataset); its blob gone
 * or damaged is a missing input, as for a load. Opened on first use: the store checks the whole blob
 * the first time this process opens it (1.5-2.5 s for a 10,000-article corpus's sentence vectors),
 * which a nightly claims stage whose events all come from its memo never needs.
 */
function vectorRowsOf(stage: string, declared: AnyStage['rowReads'], hashes: Record<string, string>, catalog: Catalog, name: DatasetName, key: string): VectorSource | undefined {
  const hash = hashes[name];
  if (!hash || !declared?.[name]?.includes(key)) return undefined;
  return lazyVectorSource(() => {
    const source = catalog.vectorSource(hash, key);
    if (!source) throw new StageInputMissingError(stage, name, producerOf(name));
    return source;
  });
}

/** Runs each call in this process, sharing the session's catalog (values stay in memory) and model hub. */
export function createInProcessExecutor(catalog: Catalog, provider: ServiceProvider): StageExecutor {
  return {
    executeStage: (call) => runStageCall(call, catalog, provider),
    close: async () => undefined,
  };
}
