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
import type { CpuTurn, ModelBatcher } from './modelBatcher.js';
import { encodeVectors, toWire, type ArticleJobInput, type ArticleJobOutput } from './jobCodec.js';

export interface ArticleJobServices {
  segment: SegmentOptions;
  /**
   * The models, through a batcher (modelBatcher.ts): with several jobs in flight, the jobs
   * waiting for the models share the next call, as the in-process enrich stage sends many
   * articles' sentences per call.
   */
  models: ModelBatcher;
  /** The CPU turn the batcher's model calls also take: segmentation never overlaps a model call. */
  turn: CpuTurn;
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
  const sentences = await services.turn(() => segmentArticle(input.article, services.segment));
  const texts = sentences.map((s) => s.text);
  const { vectors, sentiment, counters } = await services.models(texts);
  const dim = vectors[0]?.length ?? 0;
  return toWire({
    articleId: input.article.id,
    fingerprint: input.fingerprint,
    sentences,
    sentiment: sentiment.map((t) => ({ label: t.label, score: t.score })),
    dim,
    vectors: encodeVectors(vectors, dim),
    counters,
  }) as ArticleJobOutput;
}
