/**
 * Calls one stage directly, the way an executor does (params from the config, services built
 * here), and folds its result into run notes as the session does: counters and work into
 * `notes`, warnings into the log. For tests that exercise a stage without the runner.
 */
import type { Config } from '../../src/config/schema.js';
import type { ModelHub } from '../../src/models/hub.js';
import type { ModelCache } from '../../src/store/modelCache.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { Progress } from '../../src/runtime/progress.js';
import type { RunNotes } from '../../src/runtime/runNotes.js';
import type { Datasets, DatasetName, RunInfo, Stage, StageServices, StageWarning } from '../../pipeline/stage.js';
import type { DatasetStream } from '../../src/store/blobCodec.js';
import type { VectorSource } from '../../src/records.js';

export interface TestStageContext {
  config: Config;
  log: Logger;
  progress(label: string, total: number): Progress;
  models(): Promise<ModelHub>;
  modelCache: ModelCache;
  notes: RunNotes;
  warnings: StageWarning[];
  run?: Partial<RunInfo>;
  /** The stage's previousReads, as the session hands them over (services.previous). */
  previous?: Partial<Datasets>;
  /** The stage's streamedReads, as the session hands them over (services.streamed). */
  streamed?: (name: DatasetName) => DatasetStream | undefined;
  /** The stage's streamedFields, as the session hands them over (services.streamedField). */
  streamedField?: (name: DatasetName, key: string) => DatasetStream | undefined;
  /** A record spill beside a catalog's store, as the session gives it (services.spillRecords). */
  spillRecords?: StageServices['spillRecords'];
  /** The stage's previousRowReads, as the session hands them over (services.previousVectorRows). */
  previousVectorRows?: (name: DatasetName, key: string) => VectorSource | undefined;
}

export function emptyNotes(): RunNotes {
  return { counters: {}, warnings: [], work: {}, inputs: [], models: [], stages: [], configFiles: [], configWarnings: [] };
}

export async function callStage<R extends DatasetName, W extends DatasetName, P>(
  stage: Stage<R, W, P>,
  inputs: Pick<Datasets, R> | Partial<Datasets>,
  ctx: TestStageContext,
): Promise<Pick<Datasets, W>> {
  const params = JSON.parse(JSON.stringify(stage.params(ctx.config))) as P;
  const result = await stage.run(inputs as Pick<Datasets, R>, params, {
    log: ctx.log,
    progress: ctx.progress,
    models: ctx.models,
    get modelCache() {
      return ctx.modelCache;
    },
    run: { runId: 'test', runDir: '', startedAt: new Date(0).toISOString(), models: [], warningsSoFar: 0, ...ctx.run },
    ...(ctx.previous ? { previous: ctx.previous } : {}),
    ...(ctx.streamed ? { streamed: ctx.streamed } : {}),
    ...(ctx.streamedField ? { streamedField: ctx.streamedField } : {}),
    ...(ctx.spillRecords ? { spillRecords: ctx.spillRecords } : {}),
    ...(ctx.previousVectorRows ? { previousVectorRows: ctx.previousVectorRows } : {}),
  });
  if (stage.modelRoles?.length) {
    const roles = new Set<string>(stage.modelRoles);
    for (const m of (await ctx.models()).describe()) if (roles.has(m.role)) ctx.notes.models.push({ ...m });
  }
  Object.assign(ctx.notes.counters, result.counters);
  for (const [k, v] of Object.entries(result.work ?? {})) ctx.notes.work[k] = (ctx.notes.work[k] ?? 0) + v;
  ctx.notes.inputs.push(...(result.inputs ?? []));
  for (const w of result.warnings) {
    ctx.log.warn(w.message, w.fields);
    ctx.warnings.push(w);
  }
  return result.outputs;
}
