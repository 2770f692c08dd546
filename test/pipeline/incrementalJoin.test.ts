/**
 * The incremental events rule on disk with the real models (issue 20): a new article joins an old
 * event only through a link the judge scores at or above its threshold, an old event inside the new
 * article's days that it does not link to is kept verbatim, and a changed article re-opens its
 * event. Each night is checked against a `run --full` over the same corpus in another output folder.
 *
 * Night 1: seed 000 (Blinken, 17 May 2021) and 001 (Blinken, November 2023). Night 2: seed 003 (the
 * same May 2021 story, two days later), which joins 000's event; 001's is kept verbatim. Night 3: 001
 * edited (a sentence added), which re-opens its own event and leaves the May one as night 2 wrote it.
 * (A new article inside an old event's days that links to none of it is the unit test's case,
 * test/analysis/events/increment.test.ts: on a corpus of three or four articles the term weights are
 * too coarse to say what an unrelated story links to.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { hashConfig, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import type { Manifest } from '../../src/report/manifest.js';
import { MODELS_DIR, quietLog, removeTempDirs, tempDir, REPO_ROOT } from '../models/compactModels.js';
import { seedRecord } from './seedRecords.js';

afterAll(removeTempDirs);

const out = tempDir('incremental-join');
const input = path.join(out, 'in');
fs.mkdirSync(input);
const write = (file: string, lines: string[]) => fs.writeFileSync(path.join(input, file), lines.join('\n') + '\n');

function config(reports: string): LoadedConfig {
  const loaded = loadConfig(path.join(REPO_ROOT, 'config/pipeline.yaml'));
  const c = {
    ...loaded.config,
    input: { ...loaded.config.input, paths: [input] },
    models: { ...loaded.config.models, dir: MODELS_DIR, cacheDir: path.join(out, '.cache') },
    report: { ...loaded.config.report, dir: path.join(out, reports), html: false, xlsx: false },
  };
  return { ...loaded, config: c, hash: hashConfig(c) };
}
const run = (reports: string, full = false) => runPipeline({ loaded: config(reports), offline: true, log: quietLog, progress: () => ({ tick() {}, done() {} }), full });
const work = (r: RunResult) => (JSON.parse(fs.readFileSync(path.join(r.runDir, 'manifest.json'), 'utf8')) as Manifest).cache.work;
const lines = (r: RunResult) => fs.readFileSync(path.join(r.runDir, 'events.csv'), 'utf8').replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
const groups = (r: RunResult) => r.datasets.events!.map((e) => e.articleIds.join(' ')).sort();
/** The event (of a run's events) holding the article whose id contains `key`. */
const eventWith = (r: RunResult, key: string) => r.datasets.events!.find((e) => e.articleIds.some((id) => id.includes(key)))!;
const rowWith = (r: RunResult, key: string) => lines(r).find((l) => l.includes(key))!;

const nights: RunResult[] = [];
const fulls: RunResult[] = [];

beforeAll(async () => {
  write('1.jsonl', [seedRecord('000', '2021-05-17', 'Outlet A'), seedRecord('001', '2023-11-06', 'Outlet D')]);
  nights.push(await run('nightly'));
  write('2.jsonl', [seedRecord('003', '2021-05-19', 'Outlet B')]);
  nights.push(await run('nightly'));
  fulls.push(await run('full-2', true));
  write('1.jsonl', [seedRecord('000', '2021-05-17', 'Outlet A'), seedRecord('001', '2023-11-06', 'Outlet D', '\n\nThe talks are to resume next week, officials said.')]);
  nights.push(await run('nightly'));
  fulls.push(await run('full-3', true));
}, 900_000);

test('a new article that the judge links to an old event re-opens it and joins it', () => {
  const w = work(nights[1]);
  expect(w['events.incremental']).toBe(1);
  expect(w['events.articlesAdded']).toBe(1);
  expect(w['events.eventsReopened']).toBe(1);
  expect(w['events.articlesClustered']).toBe(2);
  expect(eventWith(nights[1], '000_').articleIds.some((id) => id.includes('003_'))).toBe(true);
  // The November event is kept: its row is byte-identical.
  expect(lines(nights[1])).toContain(rowWith(nights[0], '001_'));
  expect(w['events.eventsKept']).toBe(1);
  expect(groups(nights[1])).toEqual(groups(fulls[0]));
});

test('a changed article re-opens its own event only; the other events are kept verbatim', () => {
  const w = work(nights[2]);
  expect(w['events.articlesChanged']).toBe(1);
  expect(w['events.eventsReopened']).toBe(1);
  expect(w['events.articlesClustered']).toBe(1);
  expect(lines(nights[2])).toContain(rowWith(nights[1], '003_'));
  // 001's event was built again (a range of this night), the May one keeps night 2's.
  const rangeOf = (r: RunResult, key: string) => r.datasets.eventsIndex!.rangeOfEvent[eventWith(r, key).id];
  expect(rangeOf(nights[2], '001_')).not.toBe(rangeOf(nights[1], '001_'));
  expect(rangeOf(nights[2], '000_')).toBe(rangeOf(nights[1], '000_'));
  expect(groups(nights[2])).toEqual(groups(fulls[1]));
});
