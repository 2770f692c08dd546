/**
 * Model throughput: sentences per second at several batch sizes through three paths over the
 * same sentences, so the gap between them is the cost of each layer:
 *   direct   onnxruntime-node session + the transformers.js tokenizer + typed-array pooling
 *   pipeline transformers.js' own pipeline() (its model wrapper and pooling)
 *   hub      crossframe's model hub (batching, p-limit, SQLite output cache written cold)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import type { Config } from '../config/schema.js';
import type { Logger } from '../runtime/logger.js';
import { createModelHub } from '../models/hub.js';
import { labelList, sentimentPolarities } from '../models/labels.js';
import { identifyModel, openSession } from '../models/load.js';
import { resolveModelSettings } from '../models/locate.js';
import { openModelCache } from '../store/modelCache.js';
import { openDirectModel } from './ortDirect.js';

export interface ThroughputModel {
  role: 'embedding' | 'sentiment';
  id: string;
  quantized: boolean;
}

export interface ThroughputRow {
  model: string;
  role: ThroughputModel['role'];
  onnxMB: number;
  batch: number;
  sentences: number;
  /** Sentences per second per path. */
  direct: number;
  pipeline: number;
  hub: number;
  /** hub / direct: 1 means no overhead (target >= 0.9). */
  hubToDirect: number;
  /** Largest |hub - direct| over all outputs (vector components, or sentiment scores). */
  maxAbsDiff: number;
}

interface TimedRun<T> {
  seconds: number;
  out: T;
}

async function timed<T>(fn: () => Promise<T>): Promise<TimedRun<T>> {
  const t0 = performance.now();
  const out = await fn();
  return { seconds: (performance.now() - t0) / 1000, out };
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The knobs of transformers.js' global env the benchmark sets (its .d.ts marks them read-only). */
const tjsEnv = env as unknown as { localModelPath: string; allowRemoteModels: boolean; allowLocalModels: boolean };

export async function measureThroughput(
  models: Config['models'],
  spec: ThroughputModel,
  batchSizes: number[],
  sentences: { measured: string[]; warmup: string[] },
  offline: boolean,
  log: Logger,
  repeats = 3,
): Promise<ThroughputRow[]> {
  const settings = resolveModelSettings(models, offline);
  const role = spec.role;
  const { identity } = await identifyModel(role, spec, settings, models.maxTokens);
  const session = await openSession(identity, settings, models.maxTokens);
  const kind = role === 'embedding' ? 'embedding' : 'classifier';
  const direct = await openDirectModel(identity.file, session.tokenizer, kind, session.maxTokens);
  const polarities = role === 'sentiment' ? sentimentPolarities(labelList(identity.config, spec.id), models.sentiment.labels, spec.id) : [];
  const toScore = (p: Float32Array) => p.reduce((s, v, i) => s + v * polarities[i], 0);

  tjsEnv.localModelPath = identity.root;
  tjsEnv.allowLocalModels = true;
  tjsEnv.allowRemoteModels = false;
  const task = role === 'embedding' ? 'feature-extraction' : 'text-classification';
  const pipe = (await pipeline(task, spec.id, { quantized: spec.quantized })) as unknown as (texts: string[], o?: object) => Promise<unknown>;
  const pipeOptions = role === 'embedding' ? { pooling: 'mean', normalize: true } : {};

  const { measured, warmup } = sentences;
  const rows: ThroughputRow[] = [];
  for (const batch of batchSizes) {
    log.info(`bench throughput: ${spec.id} batch ${batch}`);
    // Repeats interleave the three paths and keep each one's fastest run: on a shared machine
    // the minimum is the least disturbed measurement, and interleaving spreads any slow spell.
    const best = { direct: Infinity, pipeline: Infinity, hub: Infinity };
    let directValues: number[][] = [];
    let hubValues: number[][] = [];
    for (let r = 0; r < repeats; r++) {
      await direct.run(warmup.slice(0, batch));
      const d = await timed(async () => {
        const out: Float32Array[] = [];
        for (const b of batches(measured, batch)) out.push(...(await direct.run(b)));
        return out;
      });
      best.direct = Math.min(best.direct, d.seconds);
      directValues = d.out.map((v) => (role === 'embedding' ? Array.from(v) : [toScore(v)]));

      await pipe(warmup.slice(0, batch), pipeOptions);
      const p = await timed(async () => {
        for (const b of batches(measured, batch)) await pipe(b, pipeOptions);
      });
      best.pipeline = Math.min(best.pipeline, p.seconds);

      const h = await timeHub(models, spec, batch, measured, warmup.slice(0, batch), offline, log);
      best.hub = Math.min(best.hub, h.seconds);
      hubValues = h.values;
    }
    let maxAbsDiff = 0;
    hubValues.forEach((row, i) => row.forEach((v, j) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - directValues[i][j])))));
    rows.push({
      model: spec.id,
      role,
      onnxMB: Math.round(fs.statSync(identity.file).size / 1e5) / 10,
      batch,
      sentences: measured.length,
      direct: measured.length / best.direct,
      pipeline: measured.length / best.pipeline,
      hub: measured.length / best.hub,
      hubToDirect: best.direct / best.hub,
      maxAbsDiff,
    });
  }
  await direct.close();
  return rows;
}

/**
 * One cold-cache pass through a fresh model hub (its own temporary SQLite cache, as a first
 * nightly run has). Values are converted to plain numbers (vector components, or the sentiment
 * score) after the clock stops, so the hub is timed on exactly what a stage calls.
 */
async function timeHub(
  models: Config['models'],
  spec: ThroughputModel,
  batch: number,
  measured: string[],
  warmup: string[],
  offline: boolean,
  log: Logger,
): Promise<{ seconds: number; values: number[][] }> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-cache-'));
  const cache = openModelCache(cacheDir);
  try {
    const role = spec.role;
    const hub = await createModelHub({ ...models, batchSize: batch, [role]: { ...models[role], id: spec.id, quantized: spec.quantized } }, { offline, cache, log: quiet(log) });
    if (role === 'embedding') {
      await hub.embed(warmup);
      const h = await timed(() => hub.embed(measured));
      return { seconds: h.seconds, values: h.out.map((v) => Array.from(v)) };
    }
    await hub.sentiment(warmup);
    const h = await timed(() => hub.sentiment(measured));
    return { seconds: h.seconds, values: h.out.map((r) => [r.score]) };
  } finally {
    cache.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** The hub logs each model load at info; inside a benchmark loop that is noise. */
function quiet(log: Logger): Logger {
  return { ...log, info: log.debug };
}
