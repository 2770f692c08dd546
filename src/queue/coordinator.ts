/**
 * `crossframe run --queue URL`: the segment and enrich stages run as per-article jobs on
 * workers (`crossframe worker`), everything else in this process. The coordinator turns the jobs'
 * results back into exactly the datasets the in-process stages produce (same order, same bytes),
 * so events, claims, framing and the reports cannot tell the difference; it alone writes the store
 * and the reports. An article whose job failed on every attempt is left out and listed in
 * `skipped` as `dead-letter` with the reason, and the stage result is then not cached (the next
 * run tries the article again).
 */
import type { Article, Enrichment, Sentence, SentenceSentiment, SkippedInput } from '../records.js';
import type { Datasets, StageContext } from '../../pipeline/stage.js';
import { normaliseRows } from '../../pipeline/enrich.js';
import { articleJobFingerprint } from './articleJob.js';
import { decodeVectors, type ArticleJobOutput } from './jobCodec.js';
import { dispatchArticleJobs, type DeadLetter } from './dispatch.js';
import { redisConnection } from './connection.js';

/** Runs some stages somewhere else; the runner calls it instead of the stage's own run(). */
export interface StageOffload {
  handles(stage: string): boolean;
  /** The stage's outputs (plus any dataset it amends, e.g. skipped); `complete: false` = do not cache. */
  run(stage: string, datasets: Partial<Datasets>, ctx: StageContext): Promise<{ outputs: Partial<Datasets>; complete: boolean }>;
}

const add = (ctx: StageContext, name: string, n: number) => (ctx.notes.counters[name] = (ctx.notes.counters[name] ?? 0) + n);

export function createQueueCoordinator(url: string): StageOffload {
  redisConnection(url); // a malformed --queue is a usage error (exit 2) before anything runs
  /** This run's job results by article id, from the segment stage for the enrich stage. */
  let results = new Map<string, ArticleJobOutput>();

  async function runJobs(articles: Article[], ctx: StageContext): Promise<{ results: Map<string, ArticleJobOutput>; deadLetters: DeadLetter[] }> {
    const hub = await ctx.models();
    const [embedding, sentiment] = await Promise.all([hub.identify('embedding'), hub.identify('sentiment')]);
    const fingerprint = articleJobFingerprint(ctx.config, { embedding: embedding.sha256, sentiment: sentiment.sha256 });
    const done = await dispatchArticleJobs(url, ctx.config.queue, articles, fingerprint, ctx.log, ctx.progress('queue', articles.length));
    add(ctx, 'queue.jobs', done.jobs);
    add(ctx, 'queue.deadLetters', done.deadLetters.length);
    for (const out of done.results.values()) {
      add(ctx, 'enrich.modelCalls', out.counters.modelCalls);
      add(ctx, 'enrich.cacheHits', out.counters.cacheHits);
      add(ctx, 'enrich.computed', out.counters.computed);
      add(ctx, 'enrich.truncated', out.counters.truncated);
    }
    for (const d of done.deadLetters) {
      ctx.log.warn(`${d.article.sourceFile}${d.article.sourceLine ? `:${d.article.sourceLine}` : ''}: article ${d.article.id} left out: its job failed ${d.attempts} times (${d.reason}); listed in manifest.json as dead-letter`, {
        articleId: d.article.id,
        jobId: d.jobId,
      });
    }
    return done;
  }

  async function segment(datasets: Partial<Datasets>, ctx: StageContext) {
    const articles = (datasets.articles ?? []).filter((a) => a.analysable && !a.duplicateOf);
    const done = await runJobs(articles, ctx);
    results = done.results;
    // Article order, then sentence order: what the in-process segment stage returns.
    const sentences: Sentence[] = articles.flatMap((a) => results.get(a.id)?.sentences ?? []);
    const count = (f: (s: Sentence) => number) => sentences.reduce((n, s) => n + f(s), 0);
    ctx.notes.counters['segment.articlesSegmented'] = results.size;
    ctx.notes.counters['segment.sentences'] = sentences.length;
    ctx.notes.counters['segment.quotes'] = count((s) => s.quotes.length);
    ctx.notes.counters['segment.numbers'] = count((s) => s.numbers.length);
    ctx.notes.counters['segment.entities'] = count((s) => s.entities.length);
    const dead: SkippedInput[] = done.deadLetters.map((d) => ({
      file: d.article.sourceFile,
      ...(d.article.sourceLine !== undefined ? { line: d.article.sourceLine } : {}),
      reason: 'dead-letter',
      detail: `article ${d.article.id}: its queue job ${d.jobId} failed ${d.attempts} times: ${d.reason}. The run went on without it; the next run tries it again`,
    }));
    const skipped = dead.length ? [...(datasets.skipped ?? []), ...dead] : datasets.skipped;
    return { outputs: { sentences, ...(skipped ? { skipped } : {}) }, complete: dead.length === 0 };
  }

  async function enrich(datasets: Partial<Datasets>, ctx: StageContext) {
    const sentences = datasets.sentences ?? [];
    const covers = (s: Sentence) => results.get(s.articleId)?.sentences.some((t) => t.id === s.id && t.text === s.text);
    if (!sentences.every(covers)) {
      // The segment result was reused from an earlier run: run this run's jobs now.
      const ids = new Set(sentences.map((s) => s.articleId));
      results = (await runJobs((datasets.articles ?? []).filter((a) => ids.has(a.id)), ctx)).results;
    }
    return { outputs: { enrichment: await assembleEnrichment(sentences, results, ctx) }, complete: true };
  }

  return {
    handles: (stage) => stage === 'segment' || stage === 'enrich',
    run: (stage, datasets, ctx) => (stage === 'segment' ? segment(datasets, ctx) : enrich(datasets, ctx)),
  };
}

/**
 * The enrich stage's output from the jobs' model outputs, built the way enrichSentences builds it
 * (sentence rows in sentence order, article sums in float64 in that order, then normaliseRows).
 * Sentences no job covered (an article whose job failed when its segmentation was reused) are
 * computed here with this process's models.
 */
async function assembleEnrichment(sentences: Sentence[], results: Map<string, ArticleJobOutput>, ctx: StageContext): Promise<Enrichment> {
  const rows: { vector: Float32Array; tone: SentenceSentiment }[] = [];
  const decoded = new Map<string, { data: Float32Array; dim: number; index: Map<string, number> }>();
  const missing: number[] = [];
  for (const [i, s] of sentences.entries()) {
    const out = results.get(s.articleId);
    let d = decoded.get(s.articleId);
    if (out && !d) {
      d = { data: decodeVectors(out.vectors, out.sentences.length, out.dim), dim: out.dim, index: new Map(out.sentences.map((t, k) => [t.id, k])) };
      decoded.set(s.articleId, d);
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
    ctx.log.warn(`queue: ${missing.length} sentences had no job result; computed in the coordinator`);
    const hub = await ctx.models();
    const texts = missing.map((i) => sentences[i].text);
    const [vectors, tones] = await Promise.all([hub.embed(texts), hub.sentiment(texts)]);
    missing.forEach((i, j) => (rows[i] = { vector: vectors[j], tone: { sentenceId: sentences[i].id, label: tones[j].label, score: tones[j].score } }));
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
  ctx.notes.counters['enrich.sentences'] = sentences.length;
  ctx.notes.counters['enrich.articles'] = articleRow.size;
  return {
    sentiment: rows.map((r) => r.tone),
    sentenceVectors: { dim, ids: sentences.map((s) => s.id), data: sentenceData },
    articleVectors: { dim, ids: [...articleRow.keys()], data: normaliseRows(articleSums, dim) },
  };
}
