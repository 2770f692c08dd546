/**
 * The wire format of a per-article job: JSON in, JSON out, as BullMQ stores it in Redis. Two
 * things JSON cannot carry are encoded here: vectors travel as base64 of the Float32Array bytes
 * (exact, 4 bytes a value instead of ~20 characters), and non-finite numbers (an open upper bound
 * "at least 40" is max = Infinity) as `{"$number": "Infinity"}`, so a worker's sentences decode to
 * exactly what the in-process segmenter returns.
 */
import { createHash } from 'node:crypto';
import type { Article, Sentence } from '../records.js';
import { stableStringify } from '../config/load.js';
import type { SentimentResult } from '../models/hub.js';

export interface ArticleJobInput {
  article: Article;
  /** Hash of everything besides the article that changes the result (see articleJobFingerprint). */
  fingerprint: string;
}

/**
 * Model work one job did, per counter and role (the hub's counters, differences): the coordinator
 * sums them into exactly the counters and work the in-process enrich stage reports.
 */
export type ArticleJobCounters = Record<'modelCalls' | 'cacheHits' | 'computed' | 'truncated' | 'corruptEntries', { embedding: number; sentiment: number }>;

export interface ArticleJobOutput {
  articleId: string;
  fingerprint: string;
  sentences: Sentence[];
  /** One per sentence, in sentence order. */
  sentiment: SentimentResult[];
  dim: number;
  /** sentences.length x dim float32 values, little-endian, base64. */
  vectors: string;
  counters: ArticleJobCounters;
}

/**
 * The job id: the same article (id, outlet, text and every other field ingest decided) under the
 * same settings and models is the same job, so adding it twice, or retrying it, changes nothing.
 */
export function articleJobId(input: ArticleJobInput): string {
  const h = createHash('sha256');
  // Keys sorted: the same record built in another order (or read back from the store) is the same job.
  h.update(input.fingerprint).update('\u0000').update(stableStringify(input.article));
  return `article-${h.digest('hex').slice(0, 40)}`;
}

export function encodeVectors(vectors: readonly Float32Array[], dim: number): string {
  const all = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => all.set(v, i * dim));
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString('base64');
}

export function decodeVectors(base64: string, rows: number, dim: number): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== rows * dim * 4) throw new Error(`job result: ${bytes.length} vector bytes, expected ${rows} x ${dim} x 4; the result is damaged.`);
  // Copy into an aligned buffer (a Buffer from base64 may sit at any offset of the pool).
  const out = new Float32Array(rows * dim);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

const NUMBER_TAG = '$number';

/** A JSON-safe deep copy: non-finite numbers become `{"$number": "Infinity"}`. */
export function toWire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? { [NUMBER_TAG]: String(v) } : v)));
}

/** The inverse of toWire, from a value or its JSON text. */
export function fromWire<T>(value: unknown): T {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === NUMBER_TAG) return Number(v[NUMBER_TAG]);
    }
    return v;
  }) as T;
}
