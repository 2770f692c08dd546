/**
 * The session: one run of the pipeline (one of the runner's three parts, with the catalog and
 * the executor). It
 *
 * - selects the stages (`--stages`), checks the editor files they read and takes the output
 *   folder's lock (LockHeldError: exit 3) and a fresh run folder;
 * - finds and hashes the models the stages use, then for each stage: gathers its input hashes
 *   (from this run, else from the last run's stored datasets), computes its cache key from the
 *   stage's version, params, inputs, models and resource files, replays a stored result or hands
 *   the call to the executor, and records counters, warnings, work and timing in the notes;
 * - writes manifest.json last and publishes the run folder as `latest` only when every report is
 *   written; on any failure it removes the unfinished folder and releases the lock.
 *
 * It never exits the process: errors are thrown (src/cli.ts maps them to exit codes), and an
 * interruption arrives as an AbortSignal whose listener cleans up synchronously before the CLI
 * exits with 130 / 143.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LoadedConfig } from '../src/config/load.js';
import { hashConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { createModelHub, type ModelHub, type ModelRole } from '../src/models/hub.js';
import { collectBetweenStages } from '../src/runtime/heapLimit.js';
import { MODEL_CACHE_FILE, openModelCache, type ModelCache } from '../src/store/modelCache.js';
import { acquireLock } from '../src/store/lock.js';
import { createRunFolder, finalizeRunFolder, discardRunFolder } from '../src/report/runFolder.js';
import { writeAtomic } from '../src/report/atomicWrite.js';
import { buildManifest, renderManifest } from '../src/report/manifest.js';
import { CODE_VERSION, packageVersions } from '../src/runtime/version.js';
import type { Logger } from '../src/runtime/logger.js';
import type { Datasets, DatasetName } from '../src/runtime/datasets.js';
import type { ModelUsed, RunNotes } from '../src/runtime/runNotes.js';
import { checkEditorFiles } from '../src/config/editorFile.js';
import { SIGNAL_EXIT_CODES } from '../src/runtime/errors.js';
import type { PipelineRunOptions, PipelineRunResult, StageResourceFile } from '../src/runtime/pipelineApp.js';
import { portableParams, type AnyStage, type StageSummary, type StageWarning } from './stage.js';
import { selectStages } from './stages.js';
import { openCatalog, partKey, type Catalog } from './catalog.js';
import type { OtherOutput } from '../src/store/stageStore.js';
import { createInProcessExecutor, producerOf, StageInputMissingError, type ServiceProvider, type StageCall, type StageCallResult, type StageExecutor } from './executor.js';

export { StageInputMissingError };

/** The session's options: what src/ passes in (src/runtime/pipelineApp.ts), plus the executor. */
export interface RunOptions extends PipelineRunOptions {
  /**
   * Builds the executor that runs the stage calls (default: in this process, sharing the
   * session's catalog and model hub). See executor.ts, workerExecutor.ts and queueExecutor.ts.
   */
  executor?: (catalog: Catalog, services: ServiceProvider) => StageExecutor;
}

export type RunResult = PipelineRunResult;

/** Kept here for callers of the runner; defined with the other exit codes in src/runtime/errors.ts. */
export { SIGNAL_EXIT_CODES };

function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The resource files of the stages, resolved from the config (for the pre-flight and `check`). */
export function stageResources(stages: readonly AnyStage[], config: Config): StageResourceFile[] {
  return stages.flatMap((s) => (s.resources?.(s.params(config)) ?? []).map((r) => ({ ...r, stage: s.name })));
}

export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  const { config } = opts.loaded;
  const log = opts.log;
  const selected = selectStages(opts.stages);
  // Devices, FIFOs and oversized files among the editor files fail before the lock is taken.
  checkEditorFiles(stageResources(selected, config).map((r) => r.file));
  const outputDir = path.resolve(config.report.dir);
  const cacheDir = path.resolve(config.models.cacheDir);
  const lock = acquireLock(outputDir, (holder) =>
    log.warn(`took over a stale lock from pid ${holder.pid} (started ${holder.startedAt}); that run did not finish`),
  );
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const writesReports = selected.some((s) => s.name === 'report');
  let runDir = '';
  let modelCache: ModelCache | undefined;
  let hub: Promise<ModelHub> | undefined;
  let executor: StageExecutor | undefined;
  let finished = false;
  /** Removes an unfinished run's folder and lets go of the cache and the lock (synchronous: a signal may be waiting). */
  const releaseRun = () => {
    try {
      if (!finished && runDir) discardRunFolder(outputDir, runId);
      modelCache?.close();
      modelCache = undefined;
    } finally {
      lock.release();
    }
  };
  const onAbort = () => {
    log.error(`interrupted${opts.signal?.reason ? ` by ${String(opts.signal.reason)}` : ''}: this run's reports are discarded; the previous reports and ${path.join(outputDir, 'latest')} are untouched`);
    releaseRun();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const notes: RunNotes = {
    counters: {},
    warnings: [],
    work: {},
    inputs: [],
    models: [],
    stages: [],
    configFiles: opts.loaded.files,
    configWarnings: opts.loaded.warnings,
  };
  try {
    if (writesReports) runDir = createRunFolder(outputDir, runId);
    const countDamaged = () => (notes.work['cache.damagedEntries'] = (notes.work['cache.damagedEntries'] ?? 0) + 1);
    const catalog = openCatalog(cacheDir, { outputDir, warn: (m) => log.warn(m), onDamaged: countDamaged });
    const services: ServiceProvider = {
      log,
      progress: opts.progress,
      models: () => (hub ??= createModelHub(config.models, { offline: opts.offline, cache: services.modelCache(), log })),
      hubIfLoaded: async () => (hub ? await hub : undefined),
      modelCache: () => (modelCache ??= openModelCache(cacheDir, { warn: (m: string) => log.warn(m), info: (m: string) => log.info(m), onDamaged: countDamaged })),
    };
    executor = (opts.executor ?? createInProcessExecutor)(catalog, services);
    const modelHashes = await identifyModels(selected, services);
    const hashes: Record<string, string> = {};
    const stored = catalog.latestDatasets();
    const startsOver = startingOverWarning(stored, catalog.otherOutputs(), outputDir, cacheDir);
    if (startsOver) {
      log.warn(startsOver);
      notes.warnings.push(startsOver);
    }
    for (const stage of selected) {
      log.debug(`${stage.name}: started`, { stage: stage.name, ...memoryFields() });
      const began = performance.now();
      const inputs = gatherInputs(stage, hashes, stored, catalog);
      const leftOut = (stage.optionalReads ?? []).filter((name) => inputs[name] === undefined && stored[name]);
      if (leftOut.length) {
        // `--stages report` alone would otherwise publish an empty report as latest without a word.
        const message = `${stage.name}: runs without ${leftOut.join(', ')}: no stage of this run produced them, and the last run's are not used (they may have been made from other articles). Fix: add ${[...new Set(leftOut.map(producerOf))].join(',')} to --stages; their results come from the cache when their inputs are unchanged.`;
        log.warn(message);
        notes.warnings.push(message);
      }
      const params = stage.params(config);
      const resources = catalog.hashResources(stage.resources?.(params) ?? []);
      // The last run's datasets an incremental stage starts from (none under --full: a cold run's call).
      const previous: Record<string, string> = {};
      if (!(opts.full && stage.incremental)) for (const name of stage.previousReads ?? []) if (stored[name]) previous[name] = stored[name];
      addInputs(notes, resources.inputs);
      const keyWith = (prior: Record<string, string>) =>
        hashConfig({
          stage: stage.name,
          version: stage.version,
          code: CODE_VERSION,
          params: hashConfig(portableParams(params, stage.resources?.(params) ?? [])),
          inputs: stage.reads.map((r) => inputs[r] ?? null),
          models: (stage.modelRoles ?? []).map((role) => modelHashes[role]),
          resources: resources.hashes,
          ...(Object.keys(prior).length ? { previous: prior } : {}),
        });
      const key = keyWith(stage.previousOnlySavesWork ? {} : previous);
      const hit = stage.cacheable ? catalog.lookupResult(key) : undefined;
      const reused = hit?.counters && hit.warnings && Object.values(hit.outputs).every((h) => catalog.has(h)) ? hit : undefined;
      let result: StageCallResult;
      if (reused) {
        result = { outputs: reused.outputs, counters: reused.counters ?? {}, warnings: reused.warnings ?? [], work: {}, inputs: [], models: reused.models, summary: '' };
        result.summary = stage.summarize ? (stage.summarize as StageSummary)(lazyDatasets(reused.outputs, catalog), result.counters) : '';
      } else {
        const call: StageCall = {
          stage: stage.name,
          params,
          inputs,
          ...(stage.previousReads ? { previous } : {}),
          run: { runId, runDir, startedAt: startedAt.toISOString(), models: notes.models, warningsSoFar: log.warningCount?.() ?? 0 },
          env: { cacheDir, outputDir, models: config.models, offline: opts.offline },
        };
        result = await executor.executeStage(JSON.parse(JSON.stringify(call)) as StageCall);
        // An incomplete result (articles dead-lettered by the queue) is used for this run only.
        if (stage.cacheable && result.complete !== false) {
          const saved = { outputs: result.outputs, models: result.models, counters: result.counters, warnings: result.warnings };
          catalog.saveResult(key, saved);
          // An incremental stage given its own outputs as the previous run's and the same inputs
          // changes nothing: the next run over the same corpus reuses this result.
          const own = Object.fromEntries((stage.previousReads ?? []).map((name) => [name, result.outputs[name]]));
          if (stage.previousReads && !stage.previousOnlySavesWork && Object.values(own).every(Boolean)) catalog.saveResult(keyWith(own), saved);
        }
      }
      Object.assign(hashes, result.outputs);
      // Only what the stages still to run read stays in memory (and the two the manifest needs).
      // A stage that reads part of a dataset keeps only that part (partKey), not the whole value; one
      // that streams a dataset (streamedReads), an array of it (streamedFields) or reads a table of it
      // row by row (rowReads) reads it from the store, so it keeps nothing (but the part, when it also
      // reads one).
      const rest = selected.slice(selected.indexOf(stage) + 1);
      const later = rest.flatMap((s) =>
        (s.reads as readonly DatasetName[]).filter((name) => hashes[name] && !((s.streamedReads?.includes(name) || s.rowReads?.[name] || s.streamedFields?.[name]) && !s.partialReads?.[name])).map((name) => {
          const only = s.partialReads?.[name];
          return only ? partKey(hashes[name], only) : hashes[name];
        }),
      );
      catalog.keepOnly([...later, ...['skipped', 'reports'].map((name) => hashes[name]).filter(Boolean)]);
      // Likewise the model sessions no stage still to run calls (after enrich, the embedding and
      // sentiment models: ~160 MB of ONNX runtime's native memory at 10,000 articles).
      const stillCalled = new Set(rest.flatMap((s) => s.modelRoles ?? []));
      const loadedHub = await services.hubIfLoaded();
      const idle = loadedHub?.openSessions().filter((role) => !stillCalled.has(role)) ?? [];
      if (idle.length) {
        loadedHub!.releaseSessions(idle);
        log.debug(`model sessions released: ${idle.join(', ')}`, { stage: stage.name });
      }
      const collected = collectBetweenStages();
      if (collected) log.debug('heap collected between stages', { stage: stage.name, ...collected });
      record(notes, result, log);
      const ms = Math.round(performance.now() - began);
      notes.stages.push({ name: stage.name, ms, cached: Boolean(reused), summary: result.summary });
      log.info(`${stage.name.padEnd(9)} ${result.summary}${reused ? ' (cached)' : ''}  ${(ms / 1000).toFixed(1)} s`, { stage: stage.name, ms, cached: Boolean(reused), ...memoryFields() });
    }
    const { reports, ...datasetHashes } = hashes;
    catalog.recordLatest({ ...stored, ...datasetHashes });
    const pruned = catalog.prune(config.models.cacheMaxAgeDays);
    if (pruned) log.debug(`cache: removed ${pruned} stage results unused for ${config.models.cacheMaxAgeDays} days`);
    // The memos and model outputs a release, a changed setting or model left behind (models.sqlite
    // otherwise grows by a copy of them at each upgrade).
    const superseded = services.modelCache().pruneNamespaces(config.models.cacheMaxAgeDays);
    if (superseded.namespaces) log.info(`cache: deleted ${superseded.entries} entries of ${superseded.namespaces} model-cache namespaces that newer ones replaced ${config.models.cacheMaxAgeDays} or more days ago (${path.join(cacheDir, MODEL_CACHE_FILE)} keeps its size; new entries reuse the space)`);
    if (writesReports) {
      writeManifest(opts.loaded, runDir, runId, startedAt, notes, catalog.load<Datasets['skipped']>(hashes.skipped) ?? [], catalog.load<Datasets['reports']>(reports));
      finalizeRunFolder(outputDir, runId, config.report.keepRuns);
    }
    finished = true;
    const datasets = lazyDatasets(hashes, catalog);
    return { runId, runDir: writesReports ? path.join(outputDir, runId) : '', datasets, notes };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    try {
      await executor?.close();
    } finally {
      if (!opts.signal?.aborted) releaseRun();
    }
  }
}

/** PipelineApp.storedDatasets: the last completed run's datasets on the config's output folder, read lazily. */
export function storedDatasets(config: Config): Partial<Datasets> {
  const catalog = openCatalog(path.resolve(config.models.cacheDir), { outputDir: path.resolve(config.report.dir) });
  return lazyDatasets(catalog.latestDatasets(), catalog);
}

/**
 * The run's datasets for callers of runPipeline (eval, bench, tests), each loaded from the catalog
 * when first read: the CLI reads none, so a run does not end by loading the whole corpus again.
 */
function lazyDatasets(hashes: Record<string, string>, catalog: Catalog): Partial<Datasets> {
  const datasets = {} as Record<string, unknown>;
  for (const [name, hash] of Object.entries(hashes)) {
    Object.defineProperty(datasets, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = catalog.load(hash);
        Object.defineProperty(datasets, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  }
  return datasets as Partial<Datasets>;
}

/**
 * The process's memory now, MB, for the JSON log's stage lines (read by `bench --only memory`).
 * heapTotal (what V8 holds for its heap, used or not) beside heapUsed tells the collector's slack
 * from memory outside the heap when RSS is high.
 */
function memoryFields(): { rssMB: number; heapUsedMB: number; heapTotalMB: number; externalMB: number } {
  const m = process.memoryUsage();
  const mb = (x: number) => Math.round(x / 1048576);
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external) };
}

/** A stage's counters and warnings (fresh or replayed) and this run's work, into the notes and the log. */
function record(notes: RunNotes, result: StageCallResult, log: Logger): void {
  Object.assign(notes.counters, result.counters);
  for (const [k, v] of Object.entries(result.work)) notes.work[k] = (notes.work[k] ?? 0) + v;
  for (const w of result.warnings as StageWarning[]) {
    log.warn(w.message, w.fields);
    notes.warnings.push(w.message);
  }
  addInputs(notes, result.inputs);
  addModels(notes, result.models);
}

/** manifest.json, written last so it lists and hashes every other file of the run. */
function writeManifest(loaded: LoadedConfig, runDir: string, runId: string, startedAt: Date, notes: RunNotes, skipped: Datasets['skipped'], reports: Datasets['reports'] | undefined): void {
  const manifest = buildManifest({
    version: CODE_VERSION,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(),
    config: loaded.config,
    configHash: loaded.hash,
    notes,
    skipped,
    packages: packageVersions(),
    outputs: reports?.files ?? [],
    verdicts: reports?.verdicts,
  });
  writeAtomic(path.join(runDir, 'manifest.json'), renderManifest(manifest));
}

/**
 * Finds and hashes every model the selected stages use before any stage runs: a missing model
 * fails the run at once (one clear error) instead of after ingest, and a model file replaced under
 * the same id changes the cache keys of the stages that use it.
 */
async function identifyModels(stages: AnyStage[], services: ServiceProvider): Promise<Partial<Record<ModelRole, string>>> {
  const roles = [...new Set(stages.flatMap((s) => s.modelRoles ?? []))];
  if (!roles.length) return {};
  const hub = await services.models();
  const out: Partial<Record<ModelRole, string>> = {};
  for (const role of roles) out[role] = (await hub.identify(role)).sha256;
  return out;
}

function addInputs(notes: RunNotes, inputs: RunNotes['inputs']): void {
  for (const i of inputs) if (!notes.inputs.some((n) => n.file === i.file && n.sha256 === i.sha256)) notes.inputs.push(i);
}

function addModels(notes: RunNotes, models: ModelUsed[]): void {
  for (const m of models) {
    if (!notes.models.some((n) => n.role === m.role && n.sha256 === m.sha256)) notes.models.push(m);
  }
}

/**
 * A run on an output folder the store has no previous run for, in a store that keeps other folders'
 * last runs: the store keeps the last run per output folder, so a folder moved or renamed (or a
 * copy of the store used with another folder) silently starts over, every window recomputed, hours
 * at scale. Said once; a first run into a new folder of a fresh store says nothing.
 */
export function startingOverWarning(stored: Record<string, string>, others: readonly OtherOutput[], outputDir: string, cacheDir: string): string | undefined {
  if (Object.keys(stored).length > 0 || others.length === 0) return undefined;
  const shown = others.slice(0, 3).map((o) => `${o.outputDir ?? '(a folder not recorded)'} (last run ${o.recordedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
  const more = others.length > shown.length ? ` and ${others.length - shown.length} more` : '';
  return `no previous run on output folder ${outputDir} in the store ${cacheDir} (models.cacheDir), which keeps the last runs of other output folders: ${shown.join(', ')}${more}. This run starts over: the events and findings of every window are recomputed (manifest.json work events.incremental 0). Fix: if this folder's runs used to write to another folder, run with --output <that folder> (or report.dir) to continue from its last run; a first run into a new folder needs nothing.`;
}

/** Input hashes of a stage: this run's, else the last run's stored ones (optional reads: this run's only). */
export function gatherInputs(stage: AnyStage, hashes: Record<string, string>, stored: Record<string, string>, catalog: Pick<Catalog, 'has'>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const name of stage.reads as readonly DatasetName[]) {
    if (hashes[name] === undefined && stage.optionalReads?.includes(name)) continue;
    if (hashes[name] === undefined) {
      // Checked, not decoded: `--stages framing` at 50,000 articles died decoding the whole
      // enrichment (2.2 M vectors) here, only to know it was there; the stage reads what it needs.
      if (!stored[name] || !catalog.has(stored[name])) throw new StageInputMissingError(stage.name, name, producerOf(name));
      hashes[name] = stored[name];
    }
    inputs[name] = hashes[name];
  }
  return inputs;
}
