/**
 * The per-article job: one article in, its sentences (segment) and their model outputs (enrich)
 * out, JSON both ways. A plain function of its input and the services below: the queue worker
 * calls it for every job, and anything else that wants per-article work (an in-process executor,
 * the tests) calls the very same function.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { hashConfig } from '../config/load.js';
import { CODE_VERSION } from '../runtime/version.js';
import { loadAliasTable } from '../text/entityAliases.js';
import { segmentArticle, type SegmentOptions } from '../text/segmentArticle.js';
import type { ModelHub } from '../models/hub.js';
import { encodeVectors, toWire, type ArticleJobCounters, type ArticleJobInput, type ArticleJobOutput } from './jobCodec.js';

export interface ArticleJobServices {
  segment: SegmentOptions;
  hub: ModelHub;
  /**
   * Runs one job's model calls at a time (pLimit(1)): with several jobs in flight, one job's
   * segmentation (JavaScript) overlaps another's model calls (onnxruntime threads), and the hub's
   * counters read before and after belong to this job alone.
   */
  modelTurn: <T>(fn: () => Promise<T>) => Promise<T>;
  /** This process's fingerprint: a job made under other settings or models is refused. */
  fingerprint: string;
}

/** Raised when a job was made under settings or models this process does not have. */
export class FingerprintMismatchError extends Error {
  constructor(jobFingerprint: string, own: string) {
    super(
      `this worker's settings or models differ from the coordinator's (job fingerprint ${jobFingerprint.slice(0, 12)}, worker ${own.slice(0, 12)}). ` +
        'Fix: start workers with the same crossframe version, --config (segment and models sections), entity alias file and model files as the coordinator.',
    );
    this.name = 'FingerprintMismatchError';
  }
}

/**
 * Everything besides the article that changes a job's result: code version, segment settings,
 * the alias table's bytes, the embedding and sentiment models (file hashes and settings). Paths
 * are left out on purpose: a worker on another machine may keep the same files elsewhere.
 */
export function articleJobFingerprint(config: Config, modelSha: { embedding: string; sentiment: string }): string {
  const aliasFile = path.resolve(config.segment.entityAliasesFile);
  const aliasSha = createHash('sha256').update(fs.readFileSync(aliasFile)).digest('hex');
  const { embedding, sentiment, maxTokens } = config.models;
  return hashConfig({
    job: 'article',
    code: CODE_VERSION,
    segment: config.segment.minQuoteWords,
    slashDates: config.input.slashDates,
    aliasSha,
    maxTokens,
    embedding: { ...embedding, sha256: modelSha.embedding },
    sentiment: { ...sentiment, sha256: modelSha.sentiment },
  });
}

export function segmentOptionsOf(config: Config): SegmentOptions {
  return {
    aliases: loadAliasTable(path.resolve(config.segment.entityAliasesFile)),
    minQuoteWords: config.segment.minQuoteWords,
    slashDates: config.input.slashDates,
  };
}

const JOB_COUNTERS = ['modelCalls', 'cacheHits', 'computed', 'truncated', 'corruptEntries'] as const;

function countersSnapshot(hub: ModelHub): ArticleJobCounters {
  const c = hub.counters;
  return Object.fromEntries(JOB_COUNTERS.map((name) => [name, { embedding: c[name].embedding, sentiment: c[name].sentiment }])) as ArticleJobCounters;
}

function countersSince(before: ArticleJobCounters, after: ArticleJobCounters): ArticleJobCounters {
  return Object.fromEntries(
    JOB_COUNTERS.map((name) => [name, { embedding: after[name].embedding - before[name].embedding, sentiment: after[name].sentiment - before[name].sentiment }]),
  ) as ArticleJobCounters;
}

/** Test-only hooks (documented in README "Scaling out"): a slow job and a poison article. */
async function testHooks(input: ArticleJobInput): Promise<void> {
  const slowMs = Number(process.env.CROSSFRAME_TEST_JOB_DELAY_MS ?? 0);
  if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
  const poison = process.env.CROSSFRAME_TEST_POISON;
  if (poison && input.article.text.includes(poison)) throw new Error(`test poison: article ${input.article.id} contains CROSSFRAME_TEST_POISON`);
}

export async function runArticleJob(input: ArticleJobInput, services: ArticleJobServices): Promise<ArticleJobOutput> {
  if (input.fingerprint !== services.fingerprint) throw new FingerprintMismatchError(input.fingerprint, services.fingerprint);
  await testHooks(input);
  const sentences = segmentArticle(input.article, services.segment);
  const texts = sentences.map((s) => s.text);
  const { vectors, sentiment, before, after } = await services.modelTurn(async () => {
    const before = countersSnapshot(services.hub);
    const [vectors, sentiment] = texts.length ? await Promise.all([services.hub.embed(texts), services.hub.sentiment(texts)]) : [[], []];
    return { vectors, sentiment, before, after: countersSnapshot(services.hub) };
  });
  const dim = vectors[0]?.length ?? 0;
  return toWire({
    articleId: input.article.id,
    fingerprint: input.fingerprint,
    sentences,
    sentiment: sentiment.map((t) => ({ label: t.label, score: t.score })),
    dim,
    vectors: encodeVectors(vectors, dim),
    counters: countersSince(before, after),
  }) as ArticleJobOutput;
}
