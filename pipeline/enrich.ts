/**
 * enrich: model outputs per sentence — a sentiment score and an embedding — and per article the
 * normalised mean of its sentence embeddings. Sentences stream through the model hub in chunks,
 * so only one chunk's model outputs are alive at a time; the hub's cache makes an unchanged
 * sentence cost no model call on the next run.
 */
import type { Enrichment, Sentence, SentenceSentiment, VectorTable } from '../src/records.js';
import type { Config } from '../src/config/schema.js';
import type { HubCounters, ModelHub } from '../src/models/hub.js';
import { normaliseRows } from '../src/models/vectorRows.js';
import { defineStage, type StageServices } from './stage.js';

/** Model batches per chunk: enough to keep p-limit busy, small enough to bound memory. */
const BATCHES_PER_CHUNK = 8;
const ROLES = ['embedding', 'sentiment'] as const;

type CounterSnapshot = Record<keyof HubCounters, Record<string, number>>;

function snapshot(counters: HubCounters): CounterSnapshot {
  return JSON.parse(JSON.stringify(counters)) as CounterSnapshot;
}

/**
 * What this stage cost (differences, since the hub is shared): truncated inputs are a fact about
 * the data (counters, replayed on reuse); calls, cache hits and damaged entries are this run's work.
 */
function countWork(hub: ModelHub, before: CounterSnapshot, sentences: number, articles: number): { counters: Record<string, number>; work: Record<string, number> } {
  const counters: Record<string, number> = { 'enrich.sentences': sentences, 'enrich.articles': articles };
  const work: Record<string, number> = {};
  const totals = { modelCalls: 0, cacheHits: 0, computed: 0, truncated: 0, corruptEntries: 0 };
  for (const role of ROLES) {
    for (const name of Object.keys(totals) as (keyof typeof totals)[]) {
      const delta = hub.counters[name][role] - before[name][role];
      (name === 'truncated' ? counters : work)[`enrich.${name}.${role}`] = delta;
      totals[name] += delta;
    }
  }
  work['enrich.modelCalls'] = totals.modelCalls;
  work['enrich.cacheHits'] = totals.cacheHits;
  work['enrich.computed'] = totals.computed;
  counters['enrich.truncated'] = totals.truncated;
  work['enrich.corruptCacheEntries'] = totals.corruptEntries;
  return { counters, work };
}

/** The model settings that change this stage's output (the model files themselves are in the key by hash). */
export function enrichParams(config: Config) {
  const { batchSize, maxTokens, embedding, sentiment } = config.models;
  return { batchSize, maxTokens, embedding, sentiment };
}

export type EnrichParams = ReturnType<typeof enrichParams>;

export async function enrichSentences(
  sentences: Sentence[],
  params: Pick<EnrichParams, 'batchSize'>,
  services: Pick<StageServices, 'models' | 'progress'>,
): Promise<{ enrichment: Enrichment; counters: Record<string, number>; work: Record<string, number> }> {
  const hub = await services.models();
  const before = snapshot(hub.counters);
  const chunkSize = params.batchSize * BATCHES_PER_CHUNK;
  const progress = services.progress('enrich', sentences.length);

  const sentiment: SentenceSentiment[] = [];
  // Article rows in order of first appearance: deterministic for a deterministic sentence order.
  const articleRow = new Map<string, number>();
  for (const s of sentences) if (!articleRow.has(s.articleId)) articleRow.set(s.articleId, articleRow.size);
  let dim = 0;
  let sentenceData = new Float32Array(0);
  let articleSums = new Float64Array(0);

  for (let start = 0; start < sentences.length; start += chunkSize) {
    const chunk = sentences.slice(start, start + chunkSize);
    const texts = chunk.map((s) => s.text);
    const [vectors, tones] = await Promise.all([hub.embed(texts), hub.sentiment(texts)]);
    if (!dim) {
      dim = vectors[0].length;
      sentenceData = new Float32Array(sentences.length * dim);
      articleSums = new Float64Array(articleRow.size * dim);
    }
    chunk.forEach((s, i) => {
      const v = vectors[i];
      if (v.length !== dim) throw new Error(`enrich: embedding of sentence ${s.id} has ${v.length} values, expected ${dim}; the embedding model changed mid-run.`);
      sentenceData.set(v, (start + i) * dim);
      const offset = (articleRow.get(s.articleId) as number) * dim;
      for (let k = 0; k < dim; k++) articleSums[offset + k] += v[k];
      sentiment.push({ sentenceId: s.id, label: tones[i].label, score: tones[i].score });
    });
    progress.tick(chunk.length);
  }
  progress.done();

  const sentenceVectors: VectorTable = { dim, ids: sentences.map((s) => s.id), data: sentenceData };
  const articleVectors: VectorTable = { dim, ids: [...articleRow.keys()], data: normaliseRows(articleSums, dim) };
  return { enrichment: { sentiment, sentenceVectors, articleVectors }, ...countWork(hub, before, sentences.length, articleRow.size) };
}

export default defineStage({
  name: 'enrich',
  description: 'Sentiment and embedding per sentence, mean embedding per article (cached by model file and text hash).',
  reads: ['sentences'],
  writes: ['enrichment'],
  modelRoles: ['embedding', 'sentiment'],
  params: enrichParams,
  version: 1,
  cacheable: true,
  async run({ sentences }, params, services) {
    const { enrichment, counters, work } = await enrichSentences(sentences, params, services);
    return { outputs: { enrichment }, counters, warnings: [], work };
  },
  summarize({ enrichment }) {
    const { sentenceVectors, articleVectors } = enrichment;
    return `${sentenceVectors.ids.length} sentences, ${articleVectors.ids.length} articles, ${sentenceVectors.dim}-dim vectors`;
  },
});
