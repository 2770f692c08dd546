/**
 * The run loop: takes the lock, runs the selected stages in order, reuses stored results whose
 * inputs, config and code are unchanged, times and summarises each stage, and hands the run
 * folder over to `latest` only when every report is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { LoadedConfig } from '../src/config/load.js';
import { hashConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { createModelHub, type ModelHub, type ModelRole } from '../src/models/hub.js';
import { openModelCache, type ModelCache } from '../src/store/modelCache.js';
import { openStageStore, type StageStore } from '../src/store/stageStore.js';
import { acquireLock } from '../src/store/lock.js';
import { createRunFolder, finalizeRunFolder, discardRunFolder } from '../src/report/runFolder.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import type { Datasets, DatasetName, Logger, Progress, RunNotes, Stage, StageContext } from './stage.js';
import { STAGES, selectStages } from './stages.js';
import { checkEditorFiles, MAX_EDITOR_FILE_BYTES, readBounded } from '../src/config/editorFile.js';
import type { StageOffload } from '../src/queue/coordinator.js';

export interface RunOptions {
  loaded: LoadedConfig;
  /** Stage names to run, in pipeline order; all when omitted. */
  stages?: string[];
  offline: boolean;
  log: Logger;
  progress: (label: string, total: number) => Progress;
  /** `run --queue`: runs segment and enrich as per-article jobs on workers (src/queue/). */
  offload?: StageOffload;
}

export interface RunResult {
  runId: string;
  /** The finished run folder, or '' when the selected stages wrote no reports. */
  runDir: string;
  datasets: Partial<Datasets>;
  notes: RunNotes;
}

export class StageInputMissingError extends Error {
  constructor(stage: string, dataset: string, producer: string) {
    super(
      `stage "${stage}" needs the dataset "${dataset}", which no earlier run has stored. ` +
        `Fix: run the stages that produce it first, e.g. --stages ${producer},${stage}, or run the whole pipeline.`,
    );
    this.name = 'StageInputMissingError';
  }
}

/** The shell's convention, 128 + the signal number, so cron logs show which signal ended the run. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

function sectionHash(config: Config, sections: readonly (keyof Config)[]): string {
  return hashConfig(Object.fromEntries(sections.map((s) => [s, config[s]])));
}

function producerOf(dataset: DatasetName): string {
  return STAGES.find((s) => (s.writes as readonly string[]).includes(dataset))?.name ?? 'ingest';
}

export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  const { config } = opts.loaded;
  const log = opts.log;
  const selected = selectStages(opts.stages);
  checkStageEditorFiles(selected, config);
  const outputDir = path.resolve(config.report.dir);
  const lock = acquireLock(outputDir, (holder) =>
    log.warn(`took over a stale lock from pid ${holder.pid} (started ${holder.startedAt}); that run did not finish`),
  );
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const writesReports = selected.some((s) => s.name === 'report');
  const runDir = writesReports ? createRunFolder(outputDir, runId) : '';
  const countDamaged = () => (notes.counters['cache.damagedEntries'] = (notes.counters['cache.damagedEntries'] ?? 0) + 1);
  const store: StageStore = openStageStore(path.resolve(config.models.cacheDir), { outputDir, warn: (m) => log.warn(m), onDamaged: countDamaged });
  let modelCache: ModelCache | undefined;
  let hub: Promise<ModelHub> | undefined;
  const notes: RunNotes = {
    counters: {},
    inputs: [],
    models: [],
    stages: [],
    configFiles: opts.loaded.files,
    configWarnings: opts.loaded.warnings,
  };
  const ctx: StageContext = {
    config,
    configHash: opts.loaded.hash,
    runDir,
    runId,
    startedAt: startedAt.toISOString(),
    log,
    progress: opts.progress,
    models: () => {
      hub ??= createModelHub(config.models, { offline: opts.offline, cache: ctx.modelCache, log });
      return hub;
    },
    get modelCache() {
      modelCache ??= openModelCache(path.resolve(config.models.cacheDir), { warn: (m: string) => log.warn(m), onDamaged: countDamaged });
      return modelCache;
    },
    notes,
  };

  const datasets: Partial<Datasets> = {};
  const hashes: Record<string, string> = {};
  const stored = store.latestDatasets();
  let finished = false;
  /** Removes an unfinished run's folder and lets go of the cache and the lock. */
  const releaseRun = () => {
    try {
      if (!finished && writesReports) discardRunFolder(outputDir, runId);
      modelCache?.close();
    } finally {
      lock.release();
    }
  };
  // `timeout` in a crontab and Ctrl-C send a signal: clean up as a failed run would, so the next
  // night finds no lock to take over and no partial folder. The clean-up is synchronous, so a
  // second signal (Ctrl-C reaches both tsx and this process) finds it done or exits at once.
  let interrupted = false;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    try {
      if (interrupted) return;
      interrupted = true;
      log.error(`interrupted by ${signal}: this run's reports are discarded; the previous reports and ${path.join(outputDir, 'latest')} are untouched`);
      releaseRun();
    } finally {
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const modelHashes = await identifyModels(selected, ctx);
    for (const stage of selected) {
      log.debug(`${stage.name}: started`, { stage: stage.name });
      const inputs = gatherInputs(stage, datasets, hashes, stored, store);
      const began = performance.now();
      const key = hashConfig({
        stage: stage.name,
        version: stage.version,
        code: CODE_VERSION,
        config: sectionHash(config, stage.configSections),
        inputs: stage.reads.map((r) => hashes[r]),
        models: (stage.modelRoles ?? []).map((role) => modelHashes[role]),
        resources: hashResourceFiles(stage, config, notes),
      });
      let outputs: Partial<Datasets> | undefined;
      let cached = false;
      const hit = stage.cacheable ? store.lookupResult(key) : undefined;
      if (hit) {
        outputs = Object.fromEntries(Object.entries(hit.outputs).map(([name, h]) => [name, store.loadDataset(h)]));
        cached = Object.values(outputs).every((v) => v !== undefined);
        if (cached) {
          Object.assign(hashes, hit.outputs);
          addModels(notes, hit.models);
          notes.counters[`${stage.name}.reused`] = 1;
        }
      }
      if (!cached) {
        const modelsBefore = notes.models.length;
        // ---- queue hook (issue #20): with --queue, segment and enrich run on workers (src/queue/).
        // The offload may amend other datasets (dead-letter articles join `skipped`), and a result
        // missing some articles is not cached, so the next run tries them again.
        const offloaded = opts.offload?.handles(stage.name) ? await opts.offload.run(stage.name, datasets, ctx) : undefined;
        outputs = offloaded ? offloaded.outputs : ((await (stage as Stage).run(inputs as never, ctx)) as Partial<Datasets>);
        // ---- end of queue hook
        for (const name of stage.writes) {
          if (name === 'reports') continue;
          hashes[name] = store.saveDataset(outputs[name]);
        }
        if (hub) addModels(notes, (await hub).describe());
        if (stage.cacheable && (offloaded?.complete ?? true)) {
          store.saveResult(key, {
            outputs: Object.fromEntries(stage.writes.map((w) => [w, hashes[w]])),
            models: notes.models.slice(modelsBefore),
          });
        }
      }
      Object.assign(datasets, outputs);
      const ms = Math.round(performance.now() - began);
      const summary = stage.summarize ? (stage.summarize as (o: unknown) => string)(outputs) : '';
      notes.stages.push({ name: stage.name, ms, cached, summary });
      log.info(`${stage.name.padEnd(9)} ${summary}${cached ? ' (cached)' : ''}  ${(ms / 1000).toFixed(1)} s`, {
        stage: stage.name,
        ms,
        cached,
      });
    }
    store.recordLatest({ ...stored, ...hashes });
    const pruned = store.prune(config.models.cacheMaxAgeDays);
    if (pruned) log.debug(`cache: removed ${pruned} stage results unused for ${config.models.cacheMaxAgeDays} days`);
    if (writesReports) finalizeRunFolder(outputDir, runId, config.report.keepRuns);
    finished = true;
    return { runId, runDir: writesReports ? path.join(outputDir, runId) : '', datasets, notes };
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    releaseRun();
  }
}

/** The editor files of the selected stages, checked before the lock is taken (see checkEditorFiles). */
function checkStageEditorFiles(stages: Stage[], config: Config): void {
  checkEditorFiles(stages.flatMap((s) => [...(s.name === 'ingest' ? [config.input.outletsFile] : []), ...(s.resourceFiles?.(config) ?? [])]).map((f) => path.resolve(f)));
}

/**
 * Finds and hashes every model the selected stages use before any stage runs: a missing model
 * fails the run at once (one clear error) instead of after ingest, and a model file replaced under
 * the same id changes the cache keys of the stages that use it.
 */
async function identifyModels(stages: Stage[], ctx: StageContext): Promise<Partial<Record<ModelRole, string>>> {
  const roles = [...new Set(stages.flatMap((s) => s.modelRoles ?? []))];
  if (!roles.length) return {};
  const hub = await ctx.models();
  const out: Partial<Record<ModelRole, string>> = {};
  for (const role of roles) out[role] = (await hub.identify(role)).sha256;
  return out;
}

/**
 * Content hashes of the stage's resource files, each also listed in the manifest's inputs. A file
 * that cannot be read hashes to a marker (never a cache hit): the stage then runs and reports the
 * problem in its own words, with the file and the fix.
 */
function hashResourceFiles(stage: Stage, config: Config, notes: RunNotes): string[] {
  return (stage.resourceFiles?.(config) ?? []).map((name) => {
    const file = path.resolve(name);
    const read = readBounded(file, MAX_EDITOR_FILE_BYTES);
    if (!('bytes' in read)) return `unreadable:${file}:${'unreadable' in read ? read.unreadable : 'too-large'}`;
    const bytes = read.bytes;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!notes.inputs.some((i) => i.file === file && i.sha256 === sha256)) notes.inputs.push({ file, sha256, bytes: bytes.length });
    return sha256;
  });
}

function addModels(notes: RunNotes, models: RunNotes['models']): void {
  for (const m of models) {
    if (!notes.models.some((n) => n.role === m.role && n.sha256 === m.sha256)) notes.models.push(m);
  }
}

function gatherInputs(
  stage: Stage,
  datasets: Partial<Datasets>,
  hashes: Record<string, string>,
  stored: Record<string, string>,
  store: StageStore,
): Partial<Datasets> {
  const inputs: Partial<Datasets> = {};
  for (const name of stage.reads) {
    if (datasets[name] === undefined && stage.optionalReads?.includes(name)) continue;
    if (datasets[name] === undefined) {
      const value = stored[name] ? store.loadDataset<Datasets[typeof name]>(stored[name]) : undefined;
      if (value === undefined) throw new StageInputMissingError(stage.name, name, producerOf(name));
      (datasets as Record<string, unknown>)[name] = value;
      hashes[name] = stored[name];
    }
    (inputs as Record<string, unknown>)[name] = datasets[name];
  }
  return inputs;
}
