/**
 * A tiny `crossframe eval` through the bin on the real data and the compact models (20 items per
 * set, 3 BASIL events): it exits 0, every task runs, every metric is a finite number in its range,
 * and the JSON file and the printed table say the same. The full run is `npm run eval`.
 *
 * The command runs as a child process, as an analyst runs it: in Jest's module realm the tasks'
 * numeric loops (the tone model's cross-validated fits above all) ran 2-3 times slower than in the
 * bin (40 s against 24 s alone), and this suite was the slowest of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EvalResult } from '../../src/eval/runEval.js';
import { runCli, type CliResult } from '../reliability/cliHarness.js';

let cli: CliResult;
let result: EvalResult;
let printed = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-smoke-'));

beforeAll(async () => {
  // A fold salt: the option reaches every cross-validated task (their figures stay in range either way).
  cli = await runCli(['eval', '--limit', '20', '--basil-events', '3', '--fold-salt', 'smoke', '--quiet', '--out', path.join(dir, 'eval.json')]);
  printed = cli.stdout;
  if (cli.code !== 0) throw new Error(`crossframe eval exited ${cli.code}:\n${cli.stderr}`);
  result = JSON.parse(fs.readFileSync(path.join(dir, 'eval.json'), 'utf8')) as EvalResult;
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const unit = (x: unknown) => {
  expect(typeof x).toBe('number');
  expect(Number.isFinite(x)).toBe(true);
  expect(x as number).toBeGreaterThanOrEqual(0);
  expect(x as number).toBeLessThanOrEqual(1);
};

test('every task ran on the offline profile without failures', () => {
  expect(result.failures).toEqual([]);
  expect(result.config.offline).toBe(true);
  expect(result.options.foldSalt).toBe('smoke');
  expect(printed.split('\n')[0]).toContain('folds dealt with salt "smoke"');
  expect(Object.keys(result.tasks).sort()).toEqual(['actorTone', 'claims', 'events', 'loaded', 'nli', 'numbers', 'numericPairs', 'relations', 'retrieval', 'sst2', 'stsb', 'tone']);
});

test('sentence tone has its three reference rows and actor tone its six, all in range', () => {
  const t = result.tasks.tone!;
  expect(t.sentences).toBe(20);
  expect(t.crossValidated).toBe(true);
  [t.accuracy, t.macroF1].forEach(unit);
  expect(Object.keys(t.reference).sort()).toEqual(['alwaysNeutral', 'compactModel', 'vader']);
  for (const r of Object.values(t.reference)) [r.accuracy, r.macroF1].forEach(unit);
  const a = result.tasks.actorTone!;
  expect(a.n).toBeGreaterThan(0);
  expect(a.n).toBeLessThanOrEqual(a.pairs);
  [a.signAccuracy, a.balancedAccuracy, a.coverage].forEach(unit);
  expect(Object.keys(a.reference).sort()).toEqual(['alwaysNeutral', 'compactModel', 'majoritySign', 'sentenceActorReading', 'sentenceToneModel', 'vader']);
  expect(a.reference.alwaysNeutral.signAccuracy).toBe(0);
  expect(printed).toContain('reference vader');
});

test('event clustering is scored on 3 BASIL events (9 articles)', () => {
  const e = result.tasks.events!;
  expect(e.articles).toBe(9);
  expect(e.goldEvents).toBe(3);
  [e.bcubedPrecision, e.bcubedRecall, e.bcubedF1].forEach(unit);
  expect(e.ari).toBeGreaterThanOrEqual(-1);
  expect(e.ari).toBeLessThanOrEqual(1);
  expect(e.predictedClusters).toBeGreaterThanOrEqual(1);
});

test('similarity, sentiment, claims, numbers and loaded language give finite scores', () => {
  const s = result.tasks.stsb!;
  expect(s.pairs).toBe(20);
  expect(Number.isFinite(s.spearman) && Number.isFinite(s.baseline.spearman)).toBe(true);
  expect(result.tasks.sst2!.sentences).toBe(20);
  unit(result.tasks.sst2!.accuracy);
  const nli = result.tasks.nli!;
  expect(nli.pairs).toBe(20);
  [nli.accuracy, nli.macroF1, nli.contradictionRecall, nli.majorityBaseline.accuracy].forEach(unit);
  for (const set of result.tasks.claims!.sets) {
    expect(set.pairs).toBe(20);
    [set.atConfigured.f1, set.best.f1, set.best.precision, set.best.recall].forEach(unit);
    expect(Number.isFinite(set.best.threshold)).toBe(true);
  }
  const n = result.tasks.numbers!;
  expect(n.claims).toBe(20);
  [n.claimsAllRight, n.numbers.precision, n.numbers.recall, n.kindAgreement].forEach(unit);
  const np = result.tasks.numericPairs!;
  expect(np.events).toBe(3);
  const k = np.judge.disagreeingRanking;
  expect(k.top10).toBeLessThanOrEqual(Math.min(10, k.positives));
  for (const s of [np, np.handRules, np.reference, np.perfectIdentity]) [s.discrepancy.precision, s.discrepancy.recall, s.update.precision, s.falseComparisonShare, s.rightVerdictShare].forEach(unit);
  const l = result.tasks.loaded!;
  expect(l.articles).toBe(9);
  [l.spans.precision, l.spans.recall, l.sentencesLevel.f1].forEach(unit);
});

test('the JSON file and the printed table say the same, and the table prints every task', () => {
  expect(cli.stderr).not.toMatch(/\n\s+at /);
  expect(printed).toContain(`crossframe eval (config/offline.yaml, offline;`);
  // The table rounds: its Spearman is the file's to the shown digits.
  const stsbRow = printed.split('\n').find((line) => /^stsb\s+Spearman \(compact/.test(line));
  const shown = Number(/\)\s+(-?[0-9.]+)\s/.exec(stsbRow ?? '')?.[1]);
  expect(Math.abs(shown - result.tasks.stsb!.spearman)).toBeLessThan(0.0005);
  expect(result.machine.cpus).toBeGreaterThan(0);
  for (const task of ['events', 'loaded', 'stsb', 'claims', 'sst2', 'numbers']) expect(printed).toContain(task);
  expect(printed).toContain(path.join(dir, 'eval.json'));
});
