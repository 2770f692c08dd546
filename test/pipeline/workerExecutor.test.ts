/**
 * The executor swap: the seeds through the worker-thread executor (each stage call JSON in, JSON
 * out, in another thread with its own model hub, datasets passed by hash through the catalog)
 * give byte-identical CSVs and the same counters as the in-process executor. Each run has its own
 * cache folder, so neither is served from the other's stored results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { createWorkerExecutor } from '../../pipeline/workerExecutor.js';
import { hashConfig, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import type { Manifest } from '../../src/report/manifest.js';
import { MODELS_DIR, quietLog, removeTempDirs, tempDir } from '../models/compactModels.js';

afterAll(removeTempDirs);

function seedsConfig(dir: string): LoadedConfig {
  const loaded = loadConfig('config/pipeline.yaml');
  const config = {
    ...loaded.config,
    input: { ...loaded.config.input, paths: ['seeds'] },
    models: { ...loaded.config.models, dir: MODELS_DIR, cacheDir: path.join(dir, '.cache') },
    report: { ...loaded.config.report, dir },
  };
  return { ...loaded, config, hash: hashConfig(config) };
}

const csvs = (r: RunResult) => Object.fromEntries(fs.readdirSync(r.runDir).filter((f) => f.endsWith('.csv')).sort().map((f) => [f, fs.readFileSync(path.join(r.runDir, f))]));
const manifestOf = (r: RunResult) => JSON.parse(fs.readFileSync(path.join(r.runDir, 'manifest.json'), 'utf8')) as Manifest;
const progress = () => ({ tick() {}, done() {} });

test('the worker-thread executor gives byte-identical CSVs and the same counters', async () => {
  const inProcess = await runPipeline({ loaded: seedsConfig(tempDir('in-process')), offline: true, log: quietLog, progress });
  const log = quietLog;
  // Every stage call goes through the worker executor (counted here), none through the session's own.
  const called: string[] = [];
  const inWorker = await runPipeline({
    loaded: seedsConfig(tempDir('worker')),
    offline: true,
    log,
    progress,
    executor: (catalog, services) => {
      const worker = createWorkerExecutor()(catalog, services);
      return { executeStage: (call) => (called.push(call.stage), worker.executeStage(call)), close: () => worker.close() };
    },
  });
  expect(called).toEqual(['ingest', 'segment', 'enrich', 'events', 'claims', 'framing', 'report']);
  const [a, b] = [csvs(inProcess), csvs(inWorker)];
  expect(Object.keys(b)).toEqual(Object.keys(a));
  expect(Object.keys(a)).toHaveLength(9);
  for (const file of Object.keys(a)) expect([file, b[file].equals(a[file])]).toEqual([file, true]);
  expect(manifestOf(inWorker).counters).toEqual(manifestOf(inProcess).counters);
  expect(manifestOf(inWorker).cache.stagesReused).toEqual([]);
  // The worker computed the model outputs itself (its own hub, a cold cache).
  expect(manifestOf(inWorker).cache.modelCalls).toBeGreaterThan(0);
  expect(manifestOf(inWorker).models.map((m) => m.role).sort()).toEqual(['embedding', 'nli', 'sentiment']);
  expect(inWorker.datasets.articles).toHaveLength(5);
}, 300_000);
