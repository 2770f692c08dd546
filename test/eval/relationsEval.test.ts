/**
 * `crossframe eval --only relations` on 3 claim-relations events with the compact models: the JSON
 * has the documented paths, and its counts are the data's (recomputed here from the files).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEval, type EvalResult } from '../../src/eval/runEval.js';
import { pipelineApp } from '../../pipeline/app.js';
import { DEFAULT_EVAL_DIR } from '../../src/measure/harness.js';
import { createMemoryLogger } from '../../src/runtime/logger.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-relations-'));
const data = path.join(DEFAULT_EVAL_DIR, 'claim-relations');
let result: EvalResult;
let json: any;

beforeAll(async () => {
  result = await runEval({ pipeline: pipelineApp, only: ['relations'], basilEvents: 3, relations: data, out: path.join(dir, 'eval.json'), log: createMemoryLogger(), print: () => undefined });
  json = JSON.parse(fs.readFileSync(path.join(dir, 'eval.json'), 'utf8'));
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) => fs.readFileSync(path.join(data, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('counts come from the data: the first 3 events, every cross-outlet pair', () => {
  expect(result.failures).toEqual([]);
  const events = [...new Set(lines('articles.jsonl').map((a) => a.event_id))].slice(0, 3);
  const pairs = lines('pairs.jsonl').filter((p) => events.includes(p.event_id));
  const r = json.tasks.relations;
  expect(r.events).toBe(3);
  expect(r.pairs).toBe(pairs.length);
  expect(r.goldSame).toBe(pairs.filter((p) => p.label === 'same').length);
  expect(r.unmappedGoldSentences).toBe(0);
});

test('the documented JSON paths, each a number in range, reference rows with the same shape', () => {
  const r = json.tasks.relations;
  const unit = (x: unknown) => {
    expect(typeof x).toBe('number');
    expect(x as number).toBeGreaterThanOrEqual(0);
    expect(x as number).toBeLessThanOrEqual(1);
  };
  for (const row of [r, r.reference.tfidf, r.reference.previousRules]) {
    [row.agree.precision, row.agree.recall, row.agree.f1, row.contradict.precision, row.contradict.recall, row.omissions.precision, row.omissions.recall].forEach(unit);
    expect(row.contradict.falsePer1000).toBeCloseTo((1000 * row.contradict.falseContradictions) / r.pairs, 2);
    // F1 is the harmonic mean of the P and R reported beside it.
    const { precision: p, recall: q, f1 } = row.agree;
    expect(f1).toBeCloseTo(p + q ? (2 * p * q) / (p + q) : 0, 3);
  }
  unit(r.candidateRecall);
  unit(r.reference.previousRules.candidateRecall);
  expect(r.reference.tfidf.candidateRecall).toBeNull();
  expect(r.folds).toBe(3);
  expect(r.foldThresholds).toHaveLength(3);
  for (const reason of r.contradictionReasons) expect(reason).toMatch(/^(stance|negation|different date):/);
});
