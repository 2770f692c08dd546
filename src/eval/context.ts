/**
 * What every eval task gets: the pipeline (handed in by the CLI, src/runtime/pipelineApp.ts), the resolved config, a model hub over an in-memory cache (each eval
 * measures the models, never a stale cache), a logger and the item limits of a quick run.
 */
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../runtime/logger.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';
import { createModelHub, type ModelHub } from '../models/hub.js';
import { openModelCache, type ModelCache } from '../store/modelCache.js';

export interface EvalContext {
  /** Runs the stages the tasks need (ingest -> segment -> enrich on a labelled set). */
  pipeline: PipelineApp;
  loaded: LoadedConfig;
  offline: boolean;
  log: Logger;
  /** At most this many items per set (pairs, sentences, claims); undefined = all. */
  limit?: number;
  /** At most this many BASIL events; undefined = all. */
  basilEvents?: number;
  /** Deals the cross-validation folds anew (groupedFolds); '' (default): the folds of every other run. */
  foldSalt: string;
  hub(): Promise<ModelHub>;
  close(): void;
}

export function createEvalContext(
  pipeline: PipelineApp,
  loaded: LoadedConfig,
  offline: boolean,
  log: Logger,
  limit?: number,
  basilEvents?: number,
  foldSalt = '',
): EvalContext {
  let cache: ModelCache | undefined;
  let hub: Promise<ModelHub> | undefined;
  return {
    pipeline,
    loaded,
    offline,
    log,
    limit,
    basilEvents,
    foldSalt,
    hub() {
      cache ??= openModelCache(':memory:');
      hub ??= createModelHub(loaded.config.models, { offline, cache, log });
      return hub;
    },
    close() {
      cache?.close();
    },
  };
}

/** The first `limit` items (all when limit is undefined). */
export function take<T>(items: T[], limit: number | undefined): T[] {
  return limit === undefined ? items : items.slice(0, limit);
}
