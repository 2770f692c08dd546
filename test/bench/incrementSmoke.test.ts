/**
 * A tiny `crossframe bench --only increment` (24 articles, then 3 more, and the 3 alone, each twice: models
 * cached and the new articles' models computed; then a full events run to compare with) so the
 * increment benchmark cannot rot. It checks shapes, that the kept events' rows are byte-identical
 * and that the increment re-clustered fewer articles than the corpus; it times nothing against a target.
 * Each timed run is a process of its own (as cron starts it). It runs `crossframe bench` through the bin, as `npm run bench` does: in Jest's module realm the
 * same runs took 18 s against 13 s in the bin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from '../../src/bench/benchOptions.js';
import { DEFAULT_EVAL_DIR } from '../../src/measure/harness.js';
import { runCli } from '../reliability/cliHarness.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-increment-'));
const corpus = path.join(dir, 'corpus.jsonl');
// Twelve real articles, repeated with fresh ids, outlets and dates (one a day: copies 12 days apart, beyond the 10-day window).
fs.writeFileSync(corpus, fs.readFileSync(path.join(DEFAULT_EVAL_DIR, 'article_bias', 'media_test_articles.jsonl'), 'utf8').split('\n').slice(0, 12).join('\n') + '\n');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const positive = (x: number) => expect(Number.isFinite(x) && x > 0).toBe(true);

test('increment (--only increment, tiny): three runs timed, the ratio computed, the kept events byte-identical', async () => {
  const out = path.join(dir, 'increment.json');
  const cli = await runCli(['bench', '--only', 'increment', '--corpus', corpus, '--increment-articles', '24', '--increment-new', '3', '--increment-per-day', '1', '--increment-cached-readings', '2', '--quiet', '--out', out]);
  if (cli.code !== 0) throw new Error(`crossframe bench exited ${cli.code}:\n${cli.stderr}`);
  // The runs use the models the config names: no fallback from the development model folder beside the repository.
  expect(cli.stderr).not.toMatch(/has no complete copy/);
  const shown = cli.stdout;
  const inc = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResult;
  expect(inc.failures).toEqual([]);
  const r = inc.increment!;
  expect([r.base.articles, r.increment.articles, r.alone.articles]).toEqual([24, 27, 3]);
  // Each run is a `crossframe run` process of its own: its wall time and its own peak RSS.
  for (const run of [r.base, r.increment, r.alone]) {
    positive(run.seconds);
    positive(run.peakRssMB);
    positive(run.cpuSeconds);
  }
  positive(r.ratio);
  // The cached reading's pair once more from the same store state: the same events kept, its own times.
  expect(r.cachedRepeats).toHaveLength(1);
  positive(r.cachedRepeats![0].ratio);
  expect(r.cachedRepeats![0].increment.work['events.eventsKept']).toBe(r.increment.work['events.eventsKept']);
  expect(shown).toContain('All models cached, every reading');
  // The repeat ran its alone run first; the two pairs are read together as medians of wall and CPU time.
  expect(r.cachedRepeats![0].aloneFirst).toBe(true);
  const pairs = [r, r.cachedRepeats![0]];
  const m = r.cachedMedians!;
  expect(m.pairs).toBe(2);
  const mid = (x: number[]) => (x[0] + x[1]) / 2;
  expect(m.ratio).toBeCloseTo(mid(pairs.map((p) => p.increment.seconds)) / mid(pairs.map((p) => p.alone.seconds)), 2);
  expect(m.cpuRatio).toBeCloseTo(mid(pairs.map((p) => p.increment.cpuSeconds)) / mid(pairs.map((p) => p.alone.cpuSeconds)), 2);
  expect(shown).toContain(`the 2 pairs together: median night ${Math.round(m.nightSeconds * 10) / 10} s over median alone ${Math.round(m.aloneSeconds * 10) / 10} s, **ratio ${m.ratio}**`);
  expect(r.baseEvents).toBeGreaterThan(0);
  // Events far from the new days are kept, and each kept event's row is the same cells.
  expect(r.eventsKept).toBeGreaterThan(0);
  expect(r.identical).toBe(true);
  expect(r.articlesReclustered).toBeLessThan(27);
  expect(shown).toContain('Nightly increment');
  // The thread count the models ran with is part of what was measured (jest.config.cjs sets 1 unless the environment says otherwise).
  const threads = process.env.CROSSFRAME_MODEL_THREADS ? Number(process.env.CROSSFRAME_MODEL_THREADS) : null;
  expect(inc.config.modelThreads).toBe(threads);
  if (threads) expect(shown.split('\n')[0]).toContain(`; onnxruntime ${threads} thread${threads === 1 ? '' : 's'} per model session)`);
  // The night's texts are not the corpus's (basil-dev's first story here): the second reading (the new
  // articles' model outputs computed by both runs) has the night compute what the alone run computes,
  // and the same night's events; the cached reading got those outputs merged into its cache.
  expect(r.night).toBe('other-sets');
  expect(r.newModels).toBeDefined();
  positive(r.newModels!.ratio);
  positive(r.newModels!.computed.alone);
  expect(r.newModels!.computed.night).toBeGreaterThanOrEqual(r.newModels!.computed.alone);
  expect(r.newModels!.sameEventsAsFirstNight).toBe(true);
  // The NLI pairs each run computed are reported beside the sentence outputs: the night's extra model work.
  const nli = [r.newModels!.increment.work['claims.computed'] ?? 0, r.newModels!.alone.work['claims.computed'] ?? 0];
  for (const n of nli) expect(Number.isInteger(n) && n >= 0).toBe(true);
  expect(shown).toContain(`NLI pairs computed: night ${nli[0]}, alone ${nli[1]}`);
  positive(r.modelEntriesMerged!);
  // All models cached: neither run of that reading computes a sentence's outputs.
  expect(r.increment.work['enrich.computed']).toBe(0);
  expect(r.alone.work['enrich.computed']).toBe(0);
  // The corpus file did not change between the corpus run and the nights: ingest reads its articles from the memo.
  expect(r.increment.work['ingest.jsonlFilesReused']).toBe(1);
  expect(r.newModels!.increment.work['ingest.jsonlFilesReused']).toBe(1);
  expect(r.alone.work['ingest.jsonlFilesReused']).toBe(0);
  expect(shown).toContain(`What the nights reused: models cached, ingest articles reused ${r.increment.work['ingest.articlesReused']}, JSON Lines files reused 1`);
  // Against a full recompute: B-cubed over the same articles, and the in-process replay of the rule matches the stage.
  expect(r.full!.articles).toBeGreaterThan(0);
  expect(r.full!.bcubedF1).toBeGreaterThan(0);
  expect(r.previousRule!.sameAsStage).toBe(true);
  expect(r.previousRule!.articlesClustered).toBeGreaterThanOrEqual(r.previousRule!.ruleArticlesClustered);
}, 600_000);
