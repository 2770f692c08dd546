/**
 * Incremental events on disk (issue 20): three seed articles, then two more in a new window. The
 * second run re-clusters only that window: the old events' rows in events.csv are byte-identical,
 * changes.csv lists exactly the new event, and a `run --full` over the same corpus finds the same
 * events. A run over an unchanged corpus reuses the events stage's stored result. The second run
 * sets another events.fullRunArticles: that setting only splits a full run, so it neither makes the
 * night a full run (the events basis) nor empties the claims memo (its namespace).
 */
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { hashConfig, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import type { Manifest } from '../../src/report/manifest.js';
import { MODELS_DIR, quietLog, removeTempDirs, tempDir, REPO_ROOT } from '../models/compactModels.js';

afterAll(removeTempDirs);

const out = tempDir('incremental');
const input = path.join(out, 'in');
fs.mkdirSync(input);
const seeds = fs.readdirSync(path.join(REPO_ROOT, 'seeds')).sort();
/** The seed articles as JSONL records with explicit dates and outlets, one file per night. */
function night(file: string, articles: [prefix: string, published: string, outlet: string][]): void {
  const records = articles.map(([prefix, published, outlet]) => {
    const name = seeds.find((f) => f.startsWith(prefix))!;
    const [title, ...body] = fs.readFileSync(path.join(REPO_ROOT, 'seeds', name), 'utf8').split('\n');
    return JSON.stringify({ id: name.replace(/\.txt$/, ''), title, text: body.join('\n').trim(), outlet, published, url: `https://example.org/${prefix}` });
  });
  fs.writeFileSync(path.join(input, file), records.join('\n') + '\n');
}

function config(fullRunArticles?: number): LoadedConfig {
  const loaded = loadConfig(path.join(REPO_ROOT, 'config/pipeline.yaml'));
  const c = {
    ...loaded.config,
    events: { ...loaded.config.events, ...(fullRunArticles ? { fullRunArticles } : {}) },
    input: { ...loaded.config.input, paths: [input] },
    models: { ...loaded.config.models, dir: MODELS_DIR, cacheDir: path.join(out, '.cache') },
    report: { ...loaded.config.report, dir: path.join(out, 'reports'), html: false, xlsx: false },
  };
  return { ...loaded, config: c, hash: hashConfig(c) };
}

const run = (full = false, fullRunArticles?: number) => runPipeline({ loaded: config(fullRunArticles), offline: true, log: quietLog, progress: () => ({ tick() {}, done() {} }), full });
const manifestOf = (r: RunResult) => JSON.parse(fs.readFileSync(path.join(r.runDir, 'manifest.json'), 'utf8')) as Manifest;
const lines = (r: RunResult, file: string) => fs.readFileSync(path.join(r.runDir, file), 'utf8').replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
/** CSV rows as field arrays (csv-parse: cells may hold commas and line breaks). */
const rows = async (r: RunResult, file: string) => {
  const { parse } = await import('csv-parse/sync');
  return parse(fs.readFileSync(path.join(r.runDir, file)), { bom: true, columns: true }) as Record<string, string>[];
};

let first: RunResult;
let second: RunResult;
let full: RunResult;
let again: RunResult;

beforeAll(async () => {
  // May 2021 (000, 003) and 004 (March 2022) first; the November 2023 pair (001, 002) arrives the next night.
  night('1.jsonl', [
    ['000', '2021-05-17', 'Outlet A'],
    ['003', '2021-05-19', 'Outlet B'],
    ['004', '2022-03-01', 'Outlet C'],
  ]);
  first = await run();
  night('2.jsonl', [
    ['001', '2023-11-06', 'Outlet D'],
    ['002', '2023-11-06', 'Outlet E'],
  ]);
  // Not the default (10,000): neither the events basis nor the claims memo may depend on it.
  second = await run(false, 2);
  full = await run(true);
  again = await run();
}, 600_000);

test('the second run re-clusters only the new window and keeps the old events verbatim (under another events.fullRunArticles)', () => {
  const work = manifestOf(second).cache.work;
  expect(work['events.incremental']).toBe(1);
  expect(work['events.articlesAdded']).toBe(2);
  expect(work['events.eventsKept']).toBe(2);
  expect(work['events.eventsBuilt']).toBe(1);
  expect(work['events.articlesClustered']).toBe(2);
  // Every row of the first run's events.csv (header included) is in the second's, byte for byte.
  const before = lines(first, 'events.csv');
  expect(before.length).toBe(3);
  const after = new Set(lines(second, 'events.csv'));
  for (const row of before) expect(after.has(row)).toBe(true);
  expect(after.size).toBe(4);
  // The kept events' claims were reused, not recomputed.
  expect(work['claims.eventsReused']).toBe(2);
  expect(work['claims.eventsComputed']).toBe(1);
});

test('changes.csv lists exactly the new event', async () => {
  const changes = await rows(second, 'changes.csv');
  const events = changes.filter((r) => r.change.endsWith('_event'));
  expect(events).toHaveLength(1);
  expect(events[0].change).toBe('new_event');
  const night2 = second.datasets.articles!.filter((a) => a.sourceFile.endsWith('2.jsonl')).map((a) => a.id).sort();
  expect(night2).toHaveLength(2);
  expect(events[0].article_ids.split(' ').sort()).toEqual(night2);
  expect(events[0].new_article_ids.split(' ').sort()).toEqual(night2);
  // New findings, if any, belong to the new event.
  for (const r of changes) expect(r.event_id).toBe(events[0].event_id);
  // The first run's changes: every event ({000, 003} and {004}) is new.
  expect((await rows(first, 'changes.csv')).filter((r) => r.change === 'new_event')).toHaveLength(2);
});

test('a full run over the same corpus finds the same events', async () => {
  expect(manifestOf(full).cache.work['events.incremental']).toBe(0);
  const groups = async (r: RunResult) => (await rows(r, 'events.csv')).map((e) => `${e.event_id} ${e.article_ids}`).sort();
  expect(await groups(full)).toEqual(await groups(second));
  // The full run changed no event: its changes.csv has no event rows.
  expect((await rows(full, 'changes.csv')).filter((r) => r.change.endsWith('_event'))).toEqual([]);
});

test('an unchanged corpus reuses the stored events', () => {
  expect(manifestOf(again).cache.stagesReused).toEqual(expect.arrayContaining(['events', 'claims']));
  expect(lines(again, 'events.csv')).toEqual(lines(full, 'events.csv'));
});
