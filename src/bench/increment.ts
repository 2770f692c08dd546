/**
 * The nightly increment (issue 20): a synthetic corpus of N articles is run once (the store's
 * state before the night), then M new articles in the next days are added and the pipeline runs
 * again over all N + M; the same M articles are also run alone on a store that holds only the model
 * cache as it stood before the night (so neither run computes a model output the other did not).
 * Reported: both wall times and their events + claims times, the ratio (target <= 1.5), and
 * whether every event the increment kept has a byte-identical events.csv row.
 *
 * The corpus: the benchmark corpus's records repeated with fresh ids; copy k of the corpus gets
 * outlets "~k <outlet>" (ingest folds same-outlet copies of a text as duplicates, so a copy
 * needs its own outlets) and publication dates spread at `perDay` articles a day, so the corpus
 * covers many event windows and every model output after the first copy is a cache hit. Every
 * record gets a date, also the quarter of the corpus that has none: undated copies of one text
 * would be free in time and gather as one event across copies (the undated rule has its own tests).
 *
 * The night (`nightCorpus`, the default from runBench): M texts the corpus does not hold, from other
 * public sets (corpus.ts, readNightCorpus), dated on the days after the corpus's last. Two readings,
 * each a night and an alone run from the same cache state:
 * - the new articles' model outputs computed: the store and cache as the corpus run left them,
 *   which hold none of the new texts' outputs (a real night); NLI answers of pairs the corpus run
 *   judged stay cached, as they would;
 * - all models cached: the same store again, its cache given every model output (embedding,
 *   sentiment, NLI) both runs of the first reading computed, and nothing else (no memo of theirs).
 * Without `nightCorpus` the night continues the copies (records N..N+M-1 of the sequence above, the
 * measurement before 2026-12-02): its texts are the corpus's, which enrich takes from the previous
 * run by sentence text, so only its "all models cached" reading is valid.
 * Each timed run is `crossframe run` in a process of its own, as cron starts it (report.html and
 * report.xlsx off): its wall time is the process's, start-up included, and its peak RSS the process's
 * own. Until 2026-12-06 the runs were calls in the bench's process, whose heap (the corpus records,
 * the earlier runs' results) every later run's collector walked as well. The events `--full` run
 * compared against (not timed against a target) still runs in this process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { hashConfig, type LoadedConfig } from '../config/load.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';
import type { Datasets } from '../runtime/datasets.js';
import type { Manifest } from '../report/manifest.js';
import { LATEST_LINK } from '../report/runFolder.js';
import { runPipelineChild, type EndToEndOptions } from './endToEnd.js';
import Database from 'better-sqlite3';
import { MODEL_CACHE_FILE } from '../store/modelCache.js';
import { evaluateClustering, labelsFromClusters } from '../measure/evaluateClustering.js';
import type { Event } from '../records.js';
import { updateEvents } from '../analysis/events/increment.js';
import { clusterEvents, eventScorer } from '../analysis/events/build.js';
import { readEventsJudge } from '../analysis/events/judge.js';
import { articleDigests, articleDigestsOf } from '../analysis/corpus/articleDigest.js';
import { writeCorpusFile, type CorpusRecord } from './corpus.js';
import { UsageError } from '../runtime/errors.js';
import { textKey } from '../models/textKey.js';
import { median } from './queueScale.js';

export interface IncrementRun {
  articles: number;
  seconds: number;
  eventsSeconds: number;
  claimsSeconds: number;
  /** Per stage, as the run notes report it. */
  stages: { name: string; ms: number; cached: boolean }[];
  /** The run's work counters (what each stage reused or computed: ingest.*, enrich.*, events.*, claims.*, framing.*, report.*) and model counters. */
  work: Record<string, number>;
  /** Peak RSS of the run's process (getrusage ru_maxrss), MB. */
  peakRssMB: number;
  /** User + system CPU time of the run's process (getrusage), s. */
  cpuSeconds: number;
}

/** The night's events against a `run --full` of the events stage over the same corpus (the reference). */
export interface FullComparison {
  fullEvents: number;
  nightEvents: number;
  /** Events with the same articles in both. */
  sameEvents: number;
  articles: number;
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  ari: number;
  eventsSeconds: number;
}

export interface IncrementResult {
  corpusArticles: number;
  newArticles: number;
  perDay: number;
  base: IncrementRun;
  increment: IncrementRun;
  alone: IncrementRun;
  /** increment.seconds / alone.seconds (target <= 1.5), and the same for events + claims only. */
  ratio: number;
  eventsClaimsRatio: number;
  baseEvents: number;
  /** Events of the base run the increment kept (its index keeps their base range), and how many of their rows are byte-identical. */
  eventsKept: number;
  keptRowsIdentical: number;
  /** True when every kept event's events.csv row is byte-identical to the base run's. */
  identical: boolean;
  /** Articles the increment's events stage clustered again (the touched range). */
  articlesReclustered: number;
  /** The same night and alone run with the new articles' model outputs computed by both (see the file comment). */
  newModels?: {
    increment: IncrementRun;
    alone: IncrementRun;
    ratio: number;
    eventsClaimsRatio: number;
    /** Model cache entries dropped before this reading (the copies night: its texts' outputs), 0 for a night of new texts. */
    modelEntriesDropped: number;
    sameEventsAsFirstNight: boolean;
    /**
     * Sentence model outputs (embedding + sentiment) each run computed: a valid reading has the night
     * compute about what the alone run does (the same new texts); a night that took them from the
     * corpus by text computed far fewer.
     */
    computed: { night: number; alone: number };
  };
  /** Where the night's articles come from: 'other-sets' (texts the corpus does not hold) or 'copies' (the corpus's texts again). */
  night: 'other-sets' | 'copies';
  /** Model cache entries (embedding, sentiment, NLI) the "all models cached" reading added from the first reading's runs (a night of new texts). */
  modelEntriesMerged?: number;
  /** The night's events against a full recompute of the events stage. */
  full?: FullComparison;
  /**
   * The all-models-cached reading's pair run again from the same store and cache state
   * (--increment-cached-readings n: n - 1 more), for the spread of that ratio between runs of one command.
   */
  cachedRepeats?: { increment: IncrementRun; alone: IncrementRun; ratio: number; eventsClaimsRatio: number; aloneFirst?: boolean }[];
  /**
   * Every all-models-cached pair read together (the first and its repeats): the median night over the
   * median alone run, of wall time and of CPU time. On this machine one command's wall time moves by a
   * third within half an hour, so a single pair's ratio is not a reading of the code; repeats take turns
   * on which run goes first, so a drift in the machine's speed weighs on both sides.
   */
  cachedMedians?: CachedMedians;
  /**
   * The rule before (every old event in the touched days re-opened: the whole night's corpus clustered
   * again), computed in this process on the night's datasets from the corpus run's events, against the
   * same full run; its seconds are the events computation alone (no stage around it), as are `seconds`
   * of the rule's own night here, for a side-by-side of the two rules.
   */
  previousRule?: { sameAsStage: boolean; seconds: number; ruleSeconds: number; articlesClustered: number; ruleArticlesClustered: number; eventsKept: number; ruleEventsKept: number; vsFull: FullComparison };
}

export interface CachedMedians {
  pairs: number;
  nightSeconds: number;
  aloneSeconds: number;
  /** nightSeconds / aloneSeconds. */
  ratio: number;
  /** The median of the pairs' own ratios. */
  medianPairRatio: number;
  nightCpuSeconds: number;
  aloneCpuSeconds: number;
  /** nightCpuSeconds / aloneCpuSeconds (NaN where a run's CPU time was not read). */
  cpuRatio: number;
}

/** configFile: the profile the runs extend (`loaded` is it, read); repoRoot and timeoutMinutes: the run processes'. */
export interface IncrementOptions extends EndToEndOptions {
  pipeline: PipelineApp;
  loaded: LoadedConfig;
  corpus: CorpusRecord[];
  /** The night's records (texts the corpus does not hold, corpus.ts readNightCorpus); without it the night copies corpus texts. */
  nightCorpus?: CorpusRecord[];
  articles: number;
  newArticles: number;
  perDay: number;
  /** A models.sqlite the corpus run starts from (a model cache of an earlier run on the same corpus), to save its model time. */
  seedModelCache?: string;
  /** Copy the corpus's model cache here after the corpus run (to seed a later, larger run with --increment-model-cache). */
  keepModelCache?: string;
  /** Also run the night and the alone run with the new articles' model outputs left out of the cache (default true). */
  newModels?: boolean;
  /** Also run the events stage with --full over the night's corpus and compare (default true). */
  compareFull?: boolean;
  /** How many times the all-models-cached reading's pair runs, each from the same store state (default 1). */
  cachedReadings?: number;
}

/** models.sqlite and its write-ahead log, if any, from one path to another. */
function copyModelCache(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  for (const suffix of ['', '-wal']) {
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
    else fs.rmSync(to + suffix, { force: true });
  }
}

/** A whole folder (the store's state between runs). */
function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Every file under `dir` written through to disk (fsync). The bench copies stores and model caches
 * between runs (about 2 GB at 10,000 articles); left in the page cache, the kernel would write them
 * back while the next run is timed, beside that run's own writes and fsyncs.
 */
function flushTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) flushTree(file);
    if (!entry.isFile()) continue;
    const fd = fs.openSync(file, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Drops from a model cache the embeddings and sentiment of these sentence texts (keyed by
 * textKey(text), given in textKeys) and every NLI answer (keyed by a hash of the pair, which cannot be told apart):
 * what the new articles need computed. Returns the entries dropped.
 */
function dropModelOutputs(file: string, textKeys: readonly string[]): number {
  const db = new Database(file);
  try {
    const keys = JSON.stringify([...new Set(textKeys)]);
    const single = db.prepare("DELETE FROM entries WHERE (namespace LIKE 'embedding|%' OR namespace LIKE 'sentiment|%') AND key IN (SELECT value FROM json_each(?))").run(keys).changes;
    const nli = db.prepare("DELETE FROM entries WHERE namespace LIKE 'nli|%'").run().changes;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return single + nli;
  } finally {
    db.close();
  }
}

const MODEL_NAMESPACES = "(namespace LIKE 'embedding|%' OR namespace LIKE 'sentiment|%' OR namespace LIKE 'nli|%')";

/** Copies every model output (embedding, sentiment, NLI; no memo) of the `from` caches into `into`; returns the entries added. */
function mergeModelOutputs(into: string, from: readonly string[]): number {
  const db = new Database(into);
  try {
    let added = 0;
    for (const [i, file] of from.entries()) {
      db.prepare('ATTACH DATABASE ? AS src' + i).run(file);
      added += db.prepare(`INSERT OR IGNORE INTO main.entries SELECT * FROM src${i}.entries WHERE ${MODEL_NAMESPACES}`).run().changes;
      db.prepare('DETACH DATABASE src' + i).run();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return added;
  } finally {
    db.close();
  }
}

/**
 * A seeded cache keeps the model outputs and the content-keyed segment and framing memos (which the
 * corpus run would make itself: the night's texts are copies of the corpus's), but not the ingest
 * memos (keyed by document or file: they would hold the night's new records) nor the claims memo
 * (keyed by event and range: a seed from a run of the same night would hand the night its built
 * events' findings).
 */
function keepModelOutputsOnly(file: string): number {
  const db = new Database(file);
  try {
    const n = db.prepare("DELETE FROM entries WHERE namespace LIKE 'item|claims|%' OR namespace LIKE 'item|ingest-article|%' OR namespace LIKE 'item|ingest-jsonl|%'").run().changes;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return n;
  } finally {
    db.close();
  }
}

const START_DAY = Date.parse('2024-01-01T00:00:00Z') / 86_400_000;
const quietProgress = () => ({ tick: () => undefined, done: () => undefined });

/** Article i of the synthetic corpus (see the file comment). */
export function syntheticRecord(corpus: CorpusRecord[], i: number, perDay: number): CorpusRecord {
  const copy = Math.floor(i / corpus.length);
  const r = corpus[i % corpus.length];
  const day = new Date((START_DAY + Math.floor(i / perDay)) * 86_400_000).toISOString().slice(0, 10);
  return {
    ...r,
    id: copy === 0 ? r.id : `${r.id}~r${copy}`,
    // The copy mark goes first: a trailing one is read as a qualifier ("Newsmax - News ~1" is
    // Newsmax), which made some copies duplicates of their originals, whose events a new duplicate touches.
    outlet: copy === 0 ? r.outlet : `~${copy} ${r.outlet || 'unknown'}`,
    url: r.url ? `${r.url}#r${copy}` : '',
    published: day,
  };
}

function configFor(loaded: LoadedConfig, inputs: string[], dir: string): LoadedConfig {
  const config = structuredClone(loaded.config);
  config.input.paths = inputs;
  config.report.dir = path.join(dir, 'out');
  config.report.html = false;
  config.report.xlsx = false;
  config.models.cacheDir = path.join(dir, 'cache');
  return { ...loaded, config, hash: hashConfig(config) };
}

/** A timed run: its figures, its run folder and its datasets (read from the store when first read). */
interface TimedRun {
  run: IncrementRun;
  runDir: string;
  datasets: Partial<Datasets>;
}

/** The profile with this root's store and reports, html and xlsx off (configFor's settings, as a file for the run process). */
function writeRunConfig(opts: IncrementOptions, root: string): string {
  const file = path.join(root, 'bench-run.yaml');
  fs.mkdirSync(root, { recursive: true });
  const lines = [
    '# Written by crossframe bench --only increment: the profile under test, with this folder\'s store and reports.',
    // Relative: the config loader joins `extends` onto this file's folder.
    `extends: ${JSON.stringify(path.relative(root, opts.configFile))}`,
    'models:',
    `  cacheDir: ${JSON.stringify(path.join(root, 'cache'))}`,
    'report:',
    `  dir: ${JSON.stringify(path.join(root, 'out'))}`,
    '  html: false',
    '  xlsx: false',
    '',
  ];
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/** `crossframe run` over `inputs` with the store and reports under `root`, in its own process (see the file comment). */
async function timedRun(opts: IncrementOptions, root: string, inputs: string[], articles: number): Promise<TimedRun> {
  // Every run's root is a folder of the bench's own (nightly, alone, ...): what the bench copied there
  // before this run (about 2 GB of store state and model cache at 10,000 articles) is on disk before the clock starts.
  flushTree(path.dirname(root));
  const out = path.join(root, 'out');
  const child = await runPipelineChild(opts, writeRunConfig(opts, root), inputs, out, articles);
  if (child.exitCode !== 0) throw new Error(`bench increment: the run over ${articles} articles (${inputs.join(', ')}) exited ${child.exitCode}:\n${child.errorTail ?? ''}`);
  const runDir = fs.realpathSync(path.join(out, LATEST_LINK));
  const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as Pick<Manifest, 'stages' | 'cache'>;
  const ms = (name: string) => manifest.stages.find((s) => s.name === name)?.ms ?? 0;
  return {
    run: {
      articles,
      seconds: round(child.seconds),
      eventsSeconds: round(ms('events') / 1000),
      claimsSeconds: round(ms('claims') / 1000),
      stages: manifest.stages.map(({ name, ms: t, cached }) => ({ name, ms: t, cached })),
      work: { ...manifest.cache.work },
      peakRssMB: child.peakRssMB,
      cpuSeconds: child.cpuSeconds,
    },
    runDir,
    datasets: opts.pipeline.storedDatasets(configFor(opts.loaded, inputs, root).config),
  };
}

/** The events stage alone with --full, in this process (the reference the night is compared with; its events seconds only). */
async function fullEventsRun(opts: IncrementOptions, root: string, inputs: string[]): Promise<{ events: readonly Event[]; eventsSeconds: number }> {
  const result = await opts.pipeline.runPipeline({ loaded: configFor(opts.loaded, inputs, root), offline: opts.offline, log: opts.log, progress: quietProgress, stages: ['events'], full: true });
  return { events: result.datasets.events ?? [], eventsSeconds: round((result.notes.stages.find((s) => s.name === 'events')?.ms ?? 0) / 1000) };
}

function compareWithFull(night: readonly Event[], fullEvents: readonly Event[], eventsSeconds: number): FullComparison {
  const score = evaluateClustering(labelsFromClusters(night), labelsFromClusters(fullEvents));
  const groupsOf = (events: readonly Event[]) => new Set(events.map((e) => e.articleIds.join(' ')));
  const fullGroups = groupsOf(fullEvents);
  return {
    fullEvents: fullEvents.length,
    nightEvents: night.length,
    sameEvents: [...groupsOf(night)].filter((g) => fullGroups.has(g)).length,
    articles: score.items,
    bcubedPrecision: round(score.bcubedPrecision),
    bcubedRecall: round(score.bcubedRecall),
    bcubedF1: round(score.bcubedF1),
    ari: round(score.ari),
    eventsSeconds,
  };
}

const eventRows = (runDir: string): Map<string, string> => {
  // Rows by event id, re-serialised from the parsed cells: the comparison is cell for cell, in order.
  const rows = parse(fs.readFileSync(path.join(runDir, 'events.csv')), { bom: true, columns: false }) as string[][];
  return new Map(rows.slice(1).map((cells) => [cells[0], JSON.stringify(cells)]));
};

/** The night's records: the next M of the copies, or M texts of `nightCorpus` dated on the days after the corpus. */
function nightRecords(opts: IncrementOptions): CorpusRecord[] {
  const { articles, newArticles, perDay, nightCorpus } = opts;
  if (!nightCorpus) return Array.from({ length: newArticles }, (_, j) => syntheticRecord(opts.corpus, articles + j, perDay));
  if (nightCorpus.length < newArticles) {
    throw new UsageError(`--increment-new ${newArticles}: the night's sets hold ${nightCorpus.length} articles the corpus does not. Fix: ask for at most ${nightCorpus.length} new articles.`);
  }
  return nightCorpus.slice(0, newArticles).map((r, j) => ({ ...r, published: syntheticRecord(opts.corpus, articles + j, perDay).published }));
}

/** Sentence model outputs a run computed (embedding + sentiment model-cache misses). */
const sentenceOutputsComputed = (run: IncrementRun) => (run.work['enrich.computed.embedding'] ?? 0) + (run.work['enrich.computed.sentiment'] ?? 0);

export async function benchIncrement(opts: IncrementOptions): Promise<IncrementResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-increment-'));
  try {
    const newTexts = Boolean(opts.nightCorpus);
    const baseFile = path.join(dir, 'in', 'corpus.jsonl');
    const newFile = path.join(dir, 'in', 'night.jsonl');
    writeCorpusFile(Array.from({ length: opts.articles }, (_, i) => syntheticRecord(opts.corpus, i, opts.perDay)), baseFile);
    writeCorpusFile(nightRecords(opts), newFile);
    const nightly = path.join(dir, 'nightly');
    const aloneDir = path.join(dir, 'alone');
    const aloneModelsDir = path.join(dir, 'alone-models');
    const snapshot = path.join(dir, 'snapshot');
    const cacheOf = (root: string) => path.join(root, 'cache', MODEL_CACHE_FILE);
    const nightlyCache = cacheOf(nightly);
    const groups = (events: readonly Event[]) => JSON.stringify(events.map((e) => e.articleIds.join(' ')).sort());

    // Only the corpus run starts from it: the alone runs copy the cache as it stands after the corpus run.
    if (opts.seedModelCache) {
      copyModelCache(opts.seedModelCache, nightlyCache);
      const stale = keepModelOutputsOnly(nightlyCache);
      if (stale) opts.log.info(`bench increment: ${stale} per-document ingest and per-event claims memo entries left out of the seeded cache`);
    }
    opts.log.info(`bench increment: the corpus, ${opts.articles} articles`);
    const base = await timedRun(opts, nightly, [baseFile], opts.articles);
    // The corpus's cache: a seed for a larger run (the corpus's texts only, never the night's).
    if (opts.keepModelCache) copyModelCache(nightlyCache, opts.keepModelCache);
    // The store as the corpus run left it: the second night starts from it again.
    const newModels = newTexts || opts.newModels !== false;
    if (newModels) copyTree(nightly, snapshot);
    /** Puts the snapshot back where it was taken (the store is found by the output folder's path). */
    const restoreSnapshot = () => {
      fs.rmSync(nightly, { recursive: true, force: true });
      fs.renameSync(snapshot, nightly);
    };
    const bothRuns = async (aloneRoot: string, label: string, aloneFirst = false) => {
      // The two runs touch different folders (the alone run's cache is copied before either starts), so either may go first.
      const runAlone = () => {
        opts.log.info(`bench increment: the ${opts.newArticles} new articles alone, ${label}`);
        return timedRun(opts, aloneRoot, [newFile], opts.newArticles);
      };
      const first = aloneFirst ? await runAlone() : undefined;
      opts.log.info(`bench increment: the night, ${opts.newArticles} new articles on top, ${label}`);
      const night = await timedRun(opts, nightly, [baseFile, newFile], opts.articles + opts.newArticles);
      const alone = first ?? (await runAlone());
      // Read now: the datasets load lazily from the store, which restoreSnapshot replaces.
      return { night, alone, nightGroups: groups(night.datasets.events ?? []) };
    };
    const readingOf = (pair: Awaited<ReturnType<typeof bothRuns>>, dropped: number, firstNight: readonly Event[]): NonNullable<IncrementResult['newModels']> => ({
      ...pairRatios(pair.night.run, pair.alone.run),
      modelEntriesDropped: dropped,
      sameEventsAsFirstNight: pair.nightGroups === groups(firstNight),
      computed: { night: sentenceOutputsComputed(pair.night.run), alone: sentenceOutputsComputed(pair.alone.run) },
    });

    const readings = opts.cachedReadings ?? 1;
    const cachedState = path.join(dir, 'cached-state');
    /** The store as the cached reading's night starts from it, for the repeats of that reading. */
    const keepCachedState = () => {
      if (readings > 1) copyTree(nightly, cachedState);
    };
    let cached: Awaited<ReturnType<typeof bothRuns>>;
    let second: IncrementResult['newModels'];
    let merged: number | undefined;
    if (newTexts) {
      // First the new articles' model outputs computed (the cache as the corpus left it holds none of them) ...
      copyModelCache(nightlyCache, cacheOf(aloneModelsDir));
      const computed = await bothRuns(aloneModelsDir, 'their model outputs computed');
      // ... then the same store again with every model output those two runs computed, and nothing else of theirs.
      merged = mergeModelOutputs(cacheOf(snapshot), [nightlyCache, cacheOf(aloneModelsDir)]);
      restoreSnapshot();
      keepCachedState();
      copyModelCache(nightlyCache, cacheOf(aloneDir));
      cached = await bothRuns(aloneDir, 'all model outputs cached');
      second = readingOf(computed, 0, cached.night.datasets.events ?? []);
      fs.rmSync(aloneModelsDir, { recursive: true, force: true });
    } else {
      // The model cache as it stands before the night, for the run of the new articles alone.
      keepCachedState();
      copyModelCache(nightlyCache, cacheOf(aloneDir));
      cached = await bothRuns(aloneDir, 'models cached');
    }
    const { night: increment, alone } = cached;
    const nightEvents = increment.datasets.events ?? [];

    const before = eventRows(base.runDir);
    const after = eventRows(increment.runDir);
    // Kept: the increment's events whose range is one of the base run's (not re-built this night).
    const baseRanges = new Set((base.datasets.eventsIndex?.ranges ?? []).map((r) => r.id));
    const rangeOfEvent = increment.datasets.eventsIndex?.rangeOfEvent ?? {};
    const kept = [...after.keys()].filter((id) => baseRanges.has(rangeOfEvent[id]) && before.has(id));
    const identical = kept.filter((id) => before.get(id) === after.get(id)).length;
    let full: FullComparison | undefined;
    let previousRule: IncrementResult['previousRule'];
    if (opts.compareFull !== false) {
      opts.log.info('bench increment: the events stage again with --full over the night\'s corpus');
      const fullRun = await fullEventsRun(opts, nightly, [baseFile, newFile]);
      const fullEvents = fullRun.events;
      full = compareWithFull(nightEvents, fullEvents, fullRun.eventsSeconds);

      // Both rules again in this process, on the night's datasets from the corpus run's events.
      const datasets = increment.datasets;
      const baseEvents = base.datasets.events ?? [];
      const baseIndex = base.datasets.eventsIndex;
      if (datasets.articles && datasets.sentences && baseIndex) {
        const config = opts.loaded.config;
        const judge = config.events.judge ? readEventsJudge(config.events.judge) : null;
        const input = { articles: datasets.articles, sentences: datasets.sentences, enrichment: datasets.enrichment ?? null };
        // The digests the stage keyed the night on (from segment's sentence digests when the run wrote them).
        const digests = datasets.sentenceDigests ? articleDigestsOf(input.articles, datasets.sentenceDigests, input.enrichment?.articleVectors ?? null) : articleDigests(input.articles, input.sentences, input.enrichment);
        const clustering = { all: (i: typeof input) => clusterEvents(i, config.events, config.claims, judge).events, within: (i: typeof input) => eventScorer(i, config.events, config.claims, judge) };
        const night = (reopen: 'linked' | 'window') => {
          const began = performance.now();
          const r = updateEvents(input, { basis: baseIndex.basis, windowDays: config.events.windowDays, useMentionedDates: config.events.useMentionedDates, digests, reopen }, { events: baseEvents, index: baseIndex }, clustering);
          return { r, seconds: round((performance.now() - began) / 1000) };
        };
        opts.log.info('bench increment: the night\'s events by the rule before (every event in the touched days re-opened), and by the rule, in this process');
        const ruleBefore = night('window');
        const now = night('linked');
        previousRule = {
          // The rule here gives the stage's events (a check on this in-process replay).
          sameAsStage: groups(now.r.events) === groups(nightEvents),
          seconds: ruleBefore.seconds,
          ruleSeconds: now.seconds,
          articlesClustered: ruleBefore.r.counters.reclustered,
          ruleArticlesClustered: now.r.counters.reclustered,
          eventsKept: ruleBefore.r.counters.eventsKept,
          ruleEventsKept: now.r.counters.eventsKept,
          vsFull: compareWithFull(ruleBefore.r.events, fullEvents, fullRun.eventsSeconds),
        };
      }
    }

    if (!newTexts && newModels) {
      // The new articles' sentences, as the alone run segmented them: their model outputs leave both caches.
      const hashes = (alone.datasets.sentences ?? []).map((s) => textKey(s.text));
      restoreSnapshot();
      const dropped = dropModelOutputs(nightlyCache, hashes);
      copyModelCache(nightlyCache, cacheOf(aloneModelsDir));
      const pair = await bothRuns(aloneModelsDir, `the new articles' model outputs computed (${dropped} cache entries dropped)`);
      second = readingOf(pair, dropped, nightEvents);
      fs.rmSync(aloneModelsDir, { recursive: true, force: true });
    }

    const cachedRepeats: NonNullable<IncrementResult['cachedRepeats']> = [];
    for (let k = 2; k <= readings; k++) {
      // The same store and cache state as the first cached pair; the alone run's cache copied from it again.
      fs.rmSync(nightly, { recursive: true, force: true });
      copyTree(cachedState, nightly);
      fs.rmSync(aloneDir, { recursive: true, force: true });
      copyModelCache(nightlyCache, cacheOf(aloneDir));
      // Every other repeat runs the alone run first.
      const aloneFirst = k % 2 === 0;
      const pair = await bothRuns(aloneDir, `all model outputs cached, reading ${k} of ${readings}${aloneFirst ? ', alone first' : ''}`, aloneFirst);
      cachedRepeats.push({ ...pairRatios(pair.night.run, pair.alone.run), aloneFirst });
    }
    const cachedPairs = [pairRatios(increment.run, alone.run), ...cachedRepeats];

    return {
      corpusArticles: opts.articles,
      newArticles: opts.newArticles,
      perDay: opts.perDay,
      night: newTexts ? 'other-sets' : 'copies',
      base: base.run,
      ...pairRatios(increment.run, alone.run),
      baseEvents: before.size,
      eventsKept: kept.length,
      keptRowsIdentical: identical,
      identical: identical === kept.length,
      articlesReclustered: increment.run.work['events.articlesClustered'] ?? 0,
      ...(second ? { newModels: second } : {}),
      ...(merged !== undefined ? { modelEntriesMerged: merged } : {}),
      ...(full ? { full } : {}),
      ...(cachedRepeats.length ? { cachedRepeats, cachedMedians: cachedMedians(cachedPairs) } : {}),
      ...(previousRule ? { previousRule } : {}),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const eventsClaims = (r: IncrementRun) => r.eventsSeconds + r.claimsSeconds;

/** A night and its alone run, with the ratios of their wall times and of their events + claims times. */
function pairRatios(increment: IncrementRun, alone: IncrementRun): { increment: IncrementRun; alone: IncrementRun; ratio: number; eventsClaimsRatio: number } {
  return { increment, alone, ratio: round(increment.seconds / alone.seconds), eventsClaimsRatio: round(eventsClaims(increment) / Math.max(1e-3, eventsClaims(alone))) };
}

/** The pairs' median night over their median alone run, of wall and CPU time. */
export function cachedMedians(pairs: readonly { increment: IncrementRun; alone: IncrementRun; ratio: number }[]): CachedMedians {
  const nightSeconds = median(pairs.map((p) => p.increment.seconds));
  const aloneSeconds = median(pairs.map((p) => p.alone.seconds));
  const nightCpuSeconds = median(pairs.map((p) => p.increment.cpuSeconds));
  const aloneCpuSeconds = median(pairs.map((p) => p.alone.cpuSeconds));
  return {
    pairs: pairs.length,
    nightSeconds: round(nightSeconds),
    aloneSeconds: round(aloneSeconds),
    ratio: round(nightSeconds / aloneSeconds),
    medianPairRatio: round(median(pairs.map((p) => p.ratio))),
    nightCpuSeconds: round(nightCpuSeconds),
    aloneCpuSeconds: round(aloneCpuSeconds),
    cpuRatio: round(nightCpuSeconds / aloneCpuSeconds),
  };
}

function round(x: number): number {
  return Number(x.toFixed(3));
}
