/**
 * The session on the seeds, in-process: a second run over an unchanged corpus reuses the stored
 * stage results and its manifest carries the fresh run's counters and warnings (they are stored
 * with the results and replayed); a change to claims.agreeThreshold alone recomputes claims and
 * what follows, and reuses the events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { hashConfig, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import type { Manifest } from '../../src/report/manifest.js';
import type { Logger } from '../../src/runtime/logger.js';
import { MODELS_DIR, quietLog, removeTempDirs, tempDir } from '../models/compactModels.js';
import { claimTextMemoSize } from '../../src/analysis/claims/features.js';

afterAll(removeTempDirs);

const out = tempDir('session');
// A tone model whose cross-validated accuracy does not beat its references: the framing stage
// (cacheable) then warns that sentence tone is not a finding, a warning the cached run must replay.
const weakTone = path.join(out, 'tone-weak.json');
const tone = JSON.parse(fs.readFileSync('config/models/tone.json', 'utf8')) as { training: { crossValidated: { accuracy: number } } };
tone.training.crossValidated.accuracy = 0.1;
fs.writeFileSync(weakTone, JSON.stringify(tone));

function seedsConfig(agreeThreshold?: number, toneModel = weakTone): LoadedConfig {
  const loaded = loadConfig('config/pipeline.yaml');
  const config = {
    ...loaded.config,
    input: { ...loaded.config.input, paths: ['seeds'] },
    models: { ...loaded.config.models, dir: MODELS_DIR, cacheDir: path.join(out, '.cache') },
    claims: { ...loaded.config.claims, ...(agreeThreshold === undefined ? {} : { agreeThreshold }) },
    framing: { ...loaded.config.framing, toneModel },
    report: { ...loaded.config.report, dir: out },
  };
  return { ...loaded, config, hash: hashConfig(config) };
}

const debugLines: { msg: string; fields?: Record<string, unknown> }[] = [];
const run = (loaded: LoadedConfig, log: Logger = quietLog) => runPipeline({ loaded, offline: true, log, progress: () => ({ tick() {}, done() {} }) });
const manifestOf = (r: RunResult) => JSON.parse(fs.readFileSync(path.join(r.runDir, 'manifest.json'), 'utf8')) as Manifest;
const csvs = (r: RunResult) => Object.fromEntries(fs.readdirSync(r.runDir).filter((f) => f.endsWith('.csv')).map((f) => [f, fs.readFileSync(path.join(r.runDir, f))]));

let fresh: RunResult;
let cached: RunResult;

beforeAll(async () => {
  fresh = await run(seedsConfig(), { ...quietLog, debug: (msg: string, fields?: Record<string, unknown>) => void debugLines.push({ msg, fields }) });
  cached = await run(seedsConfig());
}, 240_000);

test('the claims stage lets go of its per-text memos when it ends (framing and report do not carry them)', () => {
  // The fresh run computed claims (the memos filled up during it); nothing of them is left after.
  expect(manifestOf(fresh).cache.work['claims.eventsComputed']).toBeGreaterThan(0);
  expect(claimTextMemoSize()).toBe(0);
});

test('each model session is let go after the last stage that calls its model', () => {
  const released = debugLines.filter((l) => l.msg.startsWith('model sessions released')).map((l) => `${String(l.fields?.stage)}: ${l.msg}`);
  expect(released).toEqual(['enrich: model sessions released: embedding, sentiment', 'claims: model sessions released: nli']);
});

test('a cached re-run carries the same counters and warnings as the fresh run', () => {
  const [a, b] = [manifestOf(fresh), manifestOf(cached)];
  expect(a.cache.stagesReused).toEqual([]);
  expect(b.cache.stagesReused).toEqual(['segment', 'enrich', 'events', 'claims', 'framing']);
  // Every stage reports facts: the counters of each cacheable stage are present on the cached run too.
  for (const stage of ['ingest', 'segment', 'enrich', 'events', 'claims', 'framing']) {
    expect(Object.keys(b.counters).some((k) => k.startsWith(`${stage}.`))).toBe(true);
  }
  expect(Object.keys(a.counters).length).toBeGreaterThan(30);
  expect(b.counters).toEqual(a.counters);
  expect(a.warnings).toEqual([expect.stringMatching(/^framing: sentence tone is not shown as a finding/)]);
  expect(b.warnings).toEqual(a.warnings);
  // What differs is this run's work: the cached run called no model.
  expect(a.cache.work['segment.articlesSegmented']).toBe(5);
  expect(b.cache.work['segment.articlesSegmented'] ?? 0).toBe(0);
  expect(b.cache.modelCalls).toBe(0);
  // sentences.csv: every row formatted on the first run, every row copied from its file on the re-run.
  const sentenceRows = a.rowCounts['sentences.csv'];
  expect(sentenceRows).toBeGreaterThan(50);
  expect([a.cache.work['report.rowsFormatted.sentences'], a.cache.work['report.rowsCopied.sentences']]).toEqual([sentenceRows, 0]);
  expect([b.cache.work['report.rowsFormatted.sentences'], b.cache.work['report.rowsCopied.sentences']]).toEqual([0, sentenceRows]);
  // changes.csv says what is new since the run before: everything on the first run, nothing on the re-run.
  const { 'changes.csv': changesFresh, ...freshTables } = csvs(fresh);
  const { 'changes.csv': changesCached, ...cachedTables } = csvs(cached);
  expect(cachedTables).toEqual(freshTables);
  expect(changesFresh.toString('utf8')).toMatch(/new_event/);
  expect(changesCached.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n')).toHaveLength(1);
});

test('changing claims.agreeThreshold alone reuses the events and recomputes claims', async () => {
  const changed = await run(seedsConfig(0.99));
  const m = manifestOf(changed);
  expect(m.cache.stagesReused).toEqual(expect.arrayContaining(['segment', 'enrich', 'events']));
  expect(m.cache.stagesReused).not.toContain('claims');
  expect(m.stages.find((s) => s.name === 'claims')?.cached).toBe(false);
  expect(fs.readFileSync(path.join(changed.runDir, 'events.csv'))).toEqual(fs.readFileSync(path.join(fresh.runDir, 'events.csv')));
}, 240_000);

test('the same resource file at another path reuses every stage: keys hold its content, not its path', async () => {
  const moved = path.join(out, 'moved', 'tone-weak.json');
  fs.mkdirSync(path.dirname(moved), { recursive: true });
  fs.copyFileSync(weakTone, moved);
  const m = manifestOf(await run(seedsConfig(undefined, moved)));
  expect(m.cache.stagesReused).toEqual(['segment', 'enrich', 'events', 'claims', 'framing']);
  // A changed file at the same path is another matter: its content is in the key.
  const edited = JSON.parse(fs.readFileSync(moved, 'utf8')) as { training: { crossValidated: { accuracy: number } } };
  edited.training.crossValidated.accuracy = 0.2;
  fs.writeFileSync(moved, JSON.stringify(edited));
  const after = manifestOf(await run(seedsConfig(undefined, moved)));
  expect(after.cache.stagesReused).not.toContain('framing');
}, 240_000);
