/**
 * The stage contract. A stage names the datasets it reads and writes and has one `run`
 * function; it never calls another stage. The runner wires stages, times them, reports
 * progress, caches and persists their results.
 */
import type { Config } from '../src/config/schema.js';
import type {
  Analysis,
  Article,
  Enrichment,
  Event,
  Framing,
  Sentence,
  SkippedInput,
} from '../src/records.js';
import type { ModelHub, ModelRole } from '../src/models/hub.js';
import type { ModelCache } from '../src/store/modelCache.js';

/** The named datasets that flow between stages. */
export interface Datasets {
  articles: Article[];
  skipped: SkippedInput[];
  sentences: Sentence[];
  enrichment: Enrichment;
  /** Article clusters (the events stage's output; the claims stage copies them into analysis). */
  events: Event[];
  analysis: Analysis;
  framing: Framing;
  /** Paths of the report files written (the report stage's output). */
  reports: string[];
}

export type DatasetName = keyof Datasets;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Warnings logged so far (summary.json's `warnings`); loggers that do not count leave it out. */
  warningCount?(): number;
}

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

/** Facts a stage reports for the run manifest (beyond its datasets). */
export interface RunNotes {
  /** Counters such as `enrich.truncated`, `enrich.cacheHits`, `enrich.modelCalls`. */
  counters: Record<string, number>;
  /** Input files read, with their content hashes. */
  inputs: { file: string; sha256: string; bytes: number }[];
  models: { role: string; id: string; source: string; file: string; sha256: string }[];
  /** Filled by the runner as stages finish. */
  stages: { name: string; ms: number; cached: boolean; summary: string }[];
  /** Config files read (child first) and warnings about them. */
  configFiles: string[];
  configWarnings: string[];
}

export interface StageContext {
  config: Config;
  configHash: string;
  /** Absolute path of the folder this run writes its reports to (not yet visible as `latest`). */
  runDir: string;
  runId: string;
  startedAt: string;
  log: Logger;
  progress(label: string, total: number): Progress;
  /** Loads models on first use, so stages that do not need them never touch the hub. */
  models(): Promise<ModelHub>;
  modelCache: ModelCache;
  notes: RunNotes;
}

export interface Stage<R extends DatasetName = DatasetName, W extends DatasetName = DatasetName> {
  name: string;
  description: string;
  reads: readonly R[];
  /**
   * Reads the stage can do without: given when an earlier stage of this run produced them, else
   * undefined (never taken from an older run, whose results may not match this run's articles).
   */
  optionalReads?: readonly DatasetName[];
  writes: readonly W[];
  /** Models the stage calls: their file hashes are part of its cache key, and they are checked before the run starts. */
  modelRoles?: readonly ModelRole[];
  /** Config sections whose change invalidates this stage's cached result. */
  configSections: readonly (keyof Config)[];
  /**
   * Files besides the config that the stage reads (lexicons, alias tables), as the config names
   * them. Their contents join the stage's cache key, so an editor's change to one takes effect on
   * the next run even though the config itself did not change; the runner lists them, hashed, in
   * the run manifest.
   */
  resourceFiles?(config: Config): string[];
  /** Bump when the stage's output for the same input changes. */
  version: number;
  /** False for stages whose output must be produced every run (reports). */
  cacheable: boolean;
  run(inputs: Pick<Datasets, R>, ctx: StageContext): Promise<Pick<Datasets, W>>;
  /** Short summary for the progress line, e.g. "5 articles, 0 skipped". */
  summarize?(outputs: Pick<Datasets, W>): string;
}

export function defineStage<R extends DatasetName, W extends DatasetName>(stage: Stage<R, W>): Stage<R, W> {
  return stage;
}
