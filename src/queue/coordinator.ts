/**
 * `crossframe run --queue URL`: the segment and enrich stages run as per-article jobs on
 * workers (`crossframe worker`), everything else in this process. The coordinator turns the jobs'
 * results back into exactly the datasets, counters and work the in-process stages produce (same
 * order, same bytes), so events, claims, framing and the reports cannot tell the difference.
 *
 * It knows no runner: it takes datasets and a few services and answers with a stage-shaped result
 * ({ outputs, counters, warnings, work } plus `complete`). pipeline/queueExecutor.ts wraps it as a
 * StageExecutor. An article whose job failed on every attempt is left out and listed in `skipped`
 * as `dead-letter` with the reason; the segment result is then `complete: false`, which the
 * session does not cache (the next run tries the article again).
 */
import { isAnalysed, type Article, type Enrichment, type Sentence, type SentenceDigest, type SentenceSentiment, type SkippedInput } from '../records.js';
import { entryDigest } from '../store/itemCache.js';
import { latestMentionedDay } from '../analysis/events/dates.js';
import type { Config } from '../config/schema.js';
import type { ModelHub } from '../models/hub.js';
import type { Logger } from '../runtime/logger.js';
import type { Progress } from '../runtime/progress.js';
import { normaliseRows } from '../models/vectorRows.js';
import { articleJobFingerprint } from './articleJob.js';
import { decodeVectors, type ArticleJobCounters, type ArticleJobOutput } from './jobCodec.js';
import { dispatchArticleJobs, type DeadLetter } from './dispatch.js';
import { redisConnection } from './connection.js';
import { segmentCounters } from '../text/segmentCounters.js';

/** What the coordinator needs from its host (the session's services, structurally). */
export interface CoordinatorServices {
  log: Logger;
  progress(label: string, total: number): Progress;
  models(): Promise<ModelHub>;
}

/** A stage-shaped answer; `complete: false` = some articles were left out (do not cache). */
export interface CoordinatedResult<O> {
  outputs: O;
  counters: Record<string, number>;
  warnings: { message: string; fields?: Record<string, unknown> }[];
  work: Record<string, number>;
  complete: boolean;
}

export interface QueueCoordinator {
  /** The segment stage: one job per analysed article; dead letters are added to `skipped`. */
  segment(articles: Article[], skipped: SkippedInput[], services: CoordinatorServices): Promise<CoordinatedResult<{ sentences: Sentence[]; sentenceDigests: SentenceDigest[]; skipped?: SkippedInput[] }>>;
  /**
   * The enrich stage, from the jobs the segment call ran; when segmentation was reused from an
   * earlier run, the articles' jobs run now (`articles`: the run's articles, if known).
   */
  enrich(sentences: Sentence[], articles: Article[] | undefined, services: CoordinatorServices): Promise<CoordinatedResult<{ enrichment: Enrichment }>>;
}

const ROLES = ['embedding', 'sentiment'] as const;

export function createQueueCoordinator(url: string, config: Config): QueueCoordinator {
  redisConnection(url); // a malformed --queue is a usage error (exit 2) before anything runs
  /** This run's job results by article id, from the segment call for the enrich call. */
  let results = new Map<string, ArticleJobOutput>();

  async function runJobs(articles: Article[], services: CoordinatorServices) {
    const hub = await services.models();
    const [embedding, sentiment] = await Promise.all([hub.identify('embedding'), hub.identify('sentiment')]);
    const fingerprint = articleJobFingerprint(config, { embedding: embedding.sha256, sentiment: sentiment.sha256 });
    const done = await dispatchArticleJobs(url, config.queue, articles, fingerprint, services.log, services.progress('queue', articles.length));
    const warnings = done.deadLetters.map((d: DeadLetter) => ({
      message: `${d.article.sourceFile}${d.article.sourceLine ? `:${d.article.sourceLine}` : ''}: article ${d.article.id} left out: its job failed ${d.attempts} times (${d.reason}); listed in manifest.json as dead-letter`,
      fields: { articleId: d.article.id, jobId: d.jobId },
    }));
    return { ...done, warnings, work: { 'queue.jobs': done.jobs, 'queue.deadLetters': done.deadLetters.length } };
  }

  async function segment(articles: Article[], skipped: SkippedInput[], services: CoordinatorServices) {
    const todo = articles.filter(isAnalysed);
    const done = await runJobs(todo, services);
    results = done.results;
    // Article order, then sentence order: what the in-process segment stage returns.
    const sentences: Sentence[] = todo.flatMap((a) => results.get(a.id)?.sentences ?? []);
    // Digests of the sentences as the jobs made them (a dead letter's: '', as a failed segmentation's
    // in process). They need not equal the in-process stage's, which digests its memo's bytes: a digest
    // that differs only makes the next run's events and framing look at the article again.
    const sentenceDigests: SentenceDigest[] = todo.map((a) => {
      const own = results.get(a.id)?.sentences;
      return { articleId: a.id, digest: own ? entryDigest(own) : '', latestMentionedDay: own ? latestMentionedDay(own) : null };
    });
    const tally = segmentCounters();
    for (const s of sentences) tally.add(s);
    const counters = tally.counters();
    const dead: SkippedInput[] = done.deadLetters.map((d) => ({
      file: d.article.sourceFile,
      ...(d.article.sourceLine !== undefined ? { line: d.article.sourceLine } : {}),
      reason: 'dead-letter',
      detail: `article ${d.article.id}: its queue job ${d.jobId} failed ${d.attempts} times: ${d.reason}. The run went on without it; the next run tries it again`,
    }));
    return {
      outputs: { sentences, sentenceDigests, ...(dead.length ? { skipped: [...skipped, ...dead] } : {}) },
      counters,
      warnings: done.warnings,
      work: { ...done.work, 'segment.articlesReused': 0, 'segment.articlesSegmented': results.size },
      complete: dead.length === 0,
    };
  }

  async function enrich(sentences: Sentence[], articles: Article[] | undefined, services: CoordinatorServices) {
    const covers = (s: Sentence) => results.get(s.articleId)?.sentences.some((t) => t.id === s.id && t.text === s.text);
    let work: Record<string, number> = {};
    let warnings: CoordinatedResult<unknown>['warnings'] = [];
    if (!sentences.every(covers) && articles) {
      // The segment result was reused from an earlier run: run this run's jobs now.
      const ids = new Set(sentences.map((s) => s.articleId));
      const done = await runJobs(articles.filter((a) => ids.has(a.id)), services);
      results = done.results;
      ({ work, warnings } = done);
    }
    const assembled = await assembleEnrichment(sentences, results, services);
    return { outputs: { enrichment: assembled.enrichment }, counters: assembled.counters, warnings, work: { ...work, ...assembled.work }, complete: true };
  }

  return { segment, enrich };
}

/** The enrich stage's counters (facts, replayed) and work (this run) from per-role model counters, as enrich's countWork names them. */
function enrichCounts(model: ArticleJobCounters, sentences: number, articles: number) {
  const counters: Record<string, number> = { 'enrich.sentences': sentences, 'enrich.articles': articles };
  const work: Record<string, number> = {};
  for (const role of ROLES) for (const name of Object.keys(model) as (keyof ArticleJobCounters)[]) (name === 'truncated' ? counters : work)[`enrich.${name}.${role}`] = model[name][role];
  const total = (name: keyof ArticleJobCounters) => model[name].embedding + model[name].sentiment;
  work['enrich.modelCalls'] = total('modelCalls');
  work['enrich.cacheHits'] = total('cacheHits');
  work['enrich.computed'] = total('computed');
  counters['enrich.truncated'] = total('truncated');
  work['enrich.corruptCacheEntries'] = total('corruptEntries');
  return { counters, work };
}

function zeroCounters(): ArticleJobCounters {
  return { modelCalls: { embedding: 0, sentiment: 0 }, cacheHits: { embedding: 0, sentiment: 0 }, computed: { embedding: 0, sentiment: 0 }, truncated: { embedding: 0, sentiment: 0 }, corruptEntries: { embedding: 0, sentiment: 0 } };
}

function addCounters(into: ArticleJobCounters, more: ArticleJobCounters): void {
  for (const name of Object.keys(into) as (keyof ArticleJobCounters)[]) for (const role of ROLES) into[name][role] += more[name]?.[role] ?? 0;
}

/**
 * The enrich stage's output from the jobs' model outputs, built the way enrichSentences builds it
 * (sentence rows in sentence order, article sums in float64 in that order, then normaliseRows).
 * Sentences no job covered (an article whose job failed when its segmentation was reused) are
 * computed here with this process's models.
 */
async function assembleEnrichment(sentences: Sentence[], results: Map<string, ArticleJobOutput>, services: CoordinatorServices) {
  const rows: { vector: Float32Array; tone: SentenceSentiment }[] = [];
  const decoded = new Map<string, { data: Float32Array; dim: number; index: Map<string, number> }>();
  const missing: number[] = [];
  const model = zeroCounters();
  for (const [i, s] of sentences.entries()) {
    const out = results.get(s.articleId);
    let d = decoded.get(s.articleId);
    if (out && !d) {
      d = { data: decodeVectors(out.vectors, out.sentences.length, out.dim), dim: out.dim, index: new Map(out.sentences.map((t, k) => [t.id, k])) };
      decoded.set(s.articleId, d);
      addCounters(model, out.counters);
    }
    const k = d?.index.get(s.id);
    if (!out || !d || k === undefined || out.sentences[k].text !== s.text) {
      missing.push(i);
      rows.push({ vector: new Float32Array(0), tone: { sentenceId: s.id, label: 'neutral', score: 0 } });
      continue;
    }
    rows.push({ vector: d.data.subarray(k * d.dim, (k + 1) * d.dim), tone: { sentenceId: s.id, label: out.sentiment[k].label, score: out.sentiment[k].score } });
  }
  if (missing.length) {
    services.log.info(`queue: ${missing.length} sentences had no job result; computed in the coordinator`);
    const hub = await services.models();
    const before = structuredClone(hub.counters);
    const texts = missing.map((i) => sentences[i].text);
    const [vectors, tones] = await Promise.all([hub.embed(texts), hub.sentiment(texts)]);
    missing.forEach((i, j) => (rows[i] = { vector: vectors[j], tone: { sentenceId: sentences[i].id, label: tones[j].label, score: tones[j].score } }));
    const local = zeroCounters();
    for (const name of Object.keys(local) as (keyof ArticleJobCounters)[]) for (const role of ROLES) local[name][role] = hub.counters[name][role] - before[name][role];
    addCounters(model, local);
  }
  const dim = rows[0]?.vector.length ?? 0;
  const articleRow = new Map<string, number>();
  for (const s of sentences) if (!articleRow.has(s.articleId)) articleRow.set(s.articleId, articleRow.size);
  const sentenceData = new Float32Array(sentences.length * dim);
  const articleSums = new Float64Array(articleRow.size * dim);
  rows.forEach(({ vector }, i) => {
    if (vector.length !== dim) throw new Error(`queue: sentence ${sentences[i].id} has a ${vector.length}-value embedding, expected ${dim}; workers run different embedding models.`);
    sentenceData.set(vector, i * dim);
    const offset = (articleRow.get(sentences[i].articleId) as number) * dim;
    for (let k = 0; k < dim; k++) articleSums[offset + k] += vector[k];
  });
  const enrichment: Enrichment = {
    sentiment: rows.map((r) => r.tone),
    sentenceVectors: { dim, ids: sentences.map((s) => s.id), data: sentenceData },
    articleVectors: { dim, ids: [...articleRow.keys()], data: normaliseRows(articleSums, dim) },
  };
  const counts = enrichCounts(model, sentences.length, articleRow.size);
  counts.counters['enrich.dimensions'] = dim;
  return { enrichment, ...counts };
}
