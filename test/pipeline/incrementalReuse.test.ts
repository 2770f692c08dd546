/**
 * What a night keeps between runs only saves work (issue 20): the same night run from a store that
 * holds the previous night's per-article terms (src/analysis/corpus/termSource.ts), per-event
 * claims and tone intervals, and from the same store with those entries deleted, writes
 * byte-identical CSVs. Real
 * segmenter and compact models, on the seed articles: three the first night, then two new ones (one
 * in the days of the first night's May 2021 event) and an edited one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { hashConfig, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import type { Manifest } from '../../src/report/manifest.js';
import { MODEL_CACHE_FILE } from '../../src/store/modelCache.js';
import { MODELS_DIR, quietLog, removeTempDirs, tempDir, REPO_ROOT } from '../models/compactModels.js';
import { seedRecord } from './seedRecords.js';

afterAll(removeTempDirs);

const base = tempDir('incremental-reuse');
// The store is found by the output folder's path: every night runs in `dir`, restored between them.
const dir = path.join(base, 'store');
const snapshot = path.join(base, 'snapshot');
const input = path.join(base, 'in');
fs.mkdirSync(input);
const write = (file: string, lines: string[]) => fs.writeFileSync(path.join(input, file), lines.join('\n') + '\n');

function config(): LoadedConfig {
  const loaded = loadConfig(path.join(REPO_ROOT, 'config/pipeline.yaml'));
  const c = {
    ...loaded.config,
    input: { ...loaded.config.input, paths: [input] },
    models: { ...loaded.config.models, dir: MODELS_DIR, cacheDir: path.join(dir, '.cache') },
    report: { ...loaded.config.report, dir: path.join(dir, 'reports'), html: false, xlsx: false },
  };
  return { ...loaded, config: c, hash: hashConfig(c) };
}
/** What a run wrote, read before the store is restored (which removes its folder): work counters and every CSV. */
interface Night {
  work: Record<string, number>;
  csvs: Record<string, string>;
}
const read = (r: RunResult): Night => ({
  work: (JSON.parse(fs.readFileSync(path.join(r.runDir, 'manifest.json'), 'utf8')) as Manifest).cache.work,
  csvs: Object.fromEntries(fs.readdirSync(r.runDir).filter((f) => f.endsWith('.csv')).sort().map((f) => [f, fs.readFileSync(path.join(r.runDir, f), 'utf8')])),
});
const run = async () => read(await runPipeline({ loaded: config(), offline: true, log: quietLog, progress: () => ({ tick() {}, done() {} }) }));
const work = (n: Night) => n.work;
const csvs = (n: Night) => n.csvs;

/** Deletes memo entries (by namespace prefix) from the store's model cache; returns how many. */
function forget(prefixes: string[]): number {
  const db = new Database(path.join(dir, '.cache', MODEL_CACHE_FILE));
  try {
    let n = 0;
    for (const p of prefixes) n += db.prepare('DELETE FROM entries WHERE namespace LIKE ?').run(`item|${p}|%`).changes;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return n;
  } finally {
    db.close();
  }
}
/** The store as the first night left it, back in place. */
function restore(): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(snapshot, dir, { recursive: true });
}

let first: Night;
let warm: Night;
let coldTerms: Night;
let cold: Night;
const forgotten: Record<string, number> = {};

beforeAll(async () => {
  write('1.jsonl', [seedRecord('000', '2021-05-17', 'Outlet A'), seedRecord('003', '2021-05-19', 'Outlet B'), seedRecord('004', '2022-03-01', 'Outlet C')]);
  first = await run();
  fs.cpSync(dir, snapshot, { recursive: true });
  // The night: a new article in the days of the May 2021 event, one in a new window, and 004 edited.
  write('1.jsonl', [seedRecord('000', '2021-05-17', 'Outlet A'), seedRecord('003', '2021-05-19', 'Outlet B'), seedRecord('004', '2022-03-01', 'Outlet C', '\n\nThe talks are to resume next week, officials said.')]);
  write('2.jsonl', [seedRecord('001', '2021-05-20', 'Outlet D'), seedRecord('002', '2023-11-06', 'Outlet E')]);
  warm = await run();
  restore();
  forgotten.terms = forget(['terms']);
  coldTerms = await run();
  restore();
  forgotten.all = forget(['terms', 'claims', 'framing-interval']);
  cold = await run();
}, 900_000);

test('the night reads the old articles\' terms from the store and stems only the new and edited ones', () => {
  expect(work(first)['events.termsComputed']).toBe(3);
  expect(work(warm)['events.incremental']).toBe(1);
  // The night's corpus: 000 and 003 (their event's days hold 001) read from the store; 001, 002 and
  // the edited 004 stemmed.
  expect(work(warm)['events.termsComputed']).toBe(3);
  expect(work(warm)['events.termsReused']).toBe(2);
  // The claims stage reads what the events stage stored.
  expect(work(warm)['claims.termsComputed']).toBe(0);
  expect(work(warm)['claims.termsReused']).toBeGreaterThan(0);
  expect(forgotten.terms).toBeGreaterThanOrEqual(3);
  expect(work(coldTerms)['events.termsReused']).toBe(0);
  expect(forgotten.all).toBeGreaterThan(forgotten.terms);
  expect(work(cold)['claims.eventsReused']).toBe(0);
});

test('framing takes the intervals of unchanged scopes from the previous run\'s framing, not the model cache', () => {
  expect(work(first)['framing.intervalsCarried']).toBe(0);
  expect(work(warm)['framing.intervalsCarried']).toBeGreaterThan(0);
  // The interval memo deleted: the same intervals carried (the same CSVs, below), none remembered.
  expect(work(cold)['framing.intervalsCarried']).toBe(work(warm)['framing.intervalsCarried']);
  expect(work(cold)['framing.intervalsRemembered']).toBe(0);
});

test('with the per-article terms and per-event claims deleted, the night writes the same CSVs, byte for byte', () => {
  const expected = csvs(warm);
  expect(Object.keys(expected)).toEqual(expect.arrayContaining(['events.csv', 'claim_matches.csv', 'changes.csv']));
  expect(csvs(coldTerms)).toEqual(expected);
  expect(csvs(cold)).toEqual(expected);
});
