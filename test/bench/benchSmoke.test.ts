/**
 * A tiny `crossframe bench` (batch sizes 1 and 8, 10 sentences, the pipeline on 5 articles,
 * scaling up to a synthetic corpus, the runtime comparison) so the benchmark scripts cannot rot.
 * It checks shapes and that every number is finite; it times nothing against a target.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBench } from '../../src/bench/runBench.js';
import { pipelineApp } from '../../pipeline/app.js';
import type { BenchResult } from '../../src/bench/benchOptions.js';
import { DEFAULT_EVAL_DIR } from '../../src/measure/harness.js';
import { createMemoryLogger } from '../../src/runtime/logger.js';

let result: BenchResult;
let printed = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-smoke-'));

beforeAll(async () => {
  // Six real articles; scaling asks for 9, so it also builds a synthetic (repeated) corpus.
  const source = path.join(DEFAULT_EVAL_DIR, 'article_bias', 'media_test_articles.jsonl');
  const corpus = path.join(dir, 'corpus.jsonl');
  fs.writeFileSync(corpus, fs.readFileSync(source, 'utf8').split('\n').slice(0, 6).join('\n') + '\n');
  result = await runBench({
    pipeline: pipelineApp,
    batchSizes: [1, 8],
    sentences: 10,
    repeats: 1,
    perfModel: 'none',
    corpus,
    sizes: [5],
    scalingSizes: [3, 9],
    timeoutMinutes: 5,
    out: path.join(dir, 'bench.json'),
    log: createMemoryLogger(),
    print: (t) => (printed += t),
  });
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const positive = (x: number) => expect(Number.isFinite(x) && x > 0).toBe(true);

test('no part failed', () => {
  expect(result.failures).toEqual([]);
});

test('throughput: three paths per model and batch size, and the hub computes what onnxruntime computes', () => {
  expect(result.throughput!.map((t) => `${t.model}@${t.batch}`)).toEqual(['compact/embedding@1', 'compact/embedding@8', 'compact/sentiment@1', 'compact/sentiment@8']);
  for (const t of result.throughput!) {
    [t.direct, t.pipeline, t.hub, t.hubToDirect].forEach(positive);
    expect(t.maxAbsDiff).toBeLessThan(1e-4);
  }
});

test('end to end: a cold and a warm pipeline run with exit code 0, wall time and peak RSS', () => {
  const [e] = result.e2e!;
  expect(e.articles).toBe(5);
  for (const run of [e.cold, e.warm]) {
    expect(run.exitCode).toBe(0);
    positive(run.seconds);
    expect(run.peakRssMB).toBeGreaterThan(50);
    expect(run.stages.map((s) => s.name)).toContain('events');
  }
  positive(e.warmSpeedup);
});

test('scaling: events + claims timed per size, the repeated corpus marked synthetic, exponent fitted', () => {
  const points = result.scaling!.points;
  expect(points.map((p) => [p.articles, p.synthetic])).toEqual([[3, false], [9, true]]);
  for (const p of points) [p.eventsSeconds, p.claimsSeconds, p.sentences].forEach(positive);
  expect(Number.isFinite(result.scaling!.exponent)).toBe(true);
});

test('runtime comparison: both runtimes measured, or the failed 4.x install reported with its reason', () => {
  const rt = result.runtime!;
  if (rt.status === 'ok') {
    for (const r of rt.rows) [r.xenovaSentencesPerSecond, r.hf4SentencesPerSecond].forEach(positive);
    for (const d of Object.values(rt.maxAbsDiff)) expect(d).toBeLessThan(1e-3);
  } else {
    expect(rt.status).toBe('install-failed');
    expect(rt.reason).toMatch(/npm install/);
    for (const r of rt.xenova ?? []) positive(r.xenovaSentencesPerSecond);
  }
});

test('the JSON file and the printed tables are written', () => {
  const written = JSON.parse(fs.readFileSync(path.join(dir, 'bench.json'), 'utf8')) as BenchResult;
  expect(written.throughput!.length).toBe(4);
  expect(printed).toContain('Model throughput');
  expect(printed).toContain('End to end');
  expect(printed).toContain('Scaling');
});
