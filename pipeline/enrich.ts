/**
 * enrich: model outputs per sentence — a sentiment score and an embedding — and per article the
 * normalised mean of its sentence embeddings. Sentences stream through the model hub in chunks,
 * so only one chunk's model outputs are alive at a time; the hub's cache makes an unchanged
 * sentence cost no model call on the next run.
 */
import type { Enrichment, Sentence, SentenceSentiment, VectorTable } from '../src/records.js';
import type { HubCounters, ModelHub } from '../src/models/hub.js';
import { defineStage, type StageContext } from './stage.js';

/** Model batches per chunk: enough to keep p-limit busy, small enough to bound memory. */
const BATCHES_PER_CHUNK = 8;
const ROLES = ['embedding', 'sentiment'] as const;

type CounterSnapshot = Record<keyof HubCounters, Record<string, number>>;

function snapshot(counters: HubCounters): CounterSnapshot {
  return JSON.parse(JSON.stringify(counters)) as CounterSnapshot;
}

/** Writes what this stage cost into the manifest counters (differences, since the hub is shared). */
function recordCounters(ctx: StageContext, hub: ModelHub, before: CounterSnapshot, sentences: number, articles: number): void {
  const c = ctx.notes.counters;
  c['enrich.sentences'] = sentences;
  c['enrich.articles'] = articles;
  const totals = { modelCalls: 0, cacheHits: 0, computed: 0, truncated: 0, corruptEntries: 0 };
  for (const role of ROLES) {
    for (const name of Object.keys(totals) as (keyof typeof totals)[]) {
      const delta = hub.counters[name][role] - before[name][role];
      c[`enrich.${name}.${role}`] = delta;
      totals[name] += delta;
    }
  }
  c['enrich.modelCalls'] = totals.modelCalls;
  c['enrich.cacheHits'] = totals.cacheHits;
  c['enrich.computed'] = totals.computed;
  c['enrich.truncated'] = totals.truncated;
  c['enrich.corruptCacheEntries'] = totals.corruptEntries;
}

function recordModels(ctx: StageContext, hub: ModelHub): void {
  for (const m of hub.describe()) {
    if (!ctx.notes.models.some((n) => n.role === m.role && n.sha256 === m.sha256)) ctx.notes.models.push({ ...m });
  }
}

/** Divides each row by its length (rows of zeros stay zero). */
export function normaliseRows(sums: Float64Array, dim: number): Float32Array {
  const out = new Float32Array(sums.length);
  for (let r = 0; r < sums.length / dim; r++) {
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += sums[r * dim + k] ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < dim; k++) out[r * dim + k] = sums[r * dim + k] / norm;
  }
  return out;
}

export async function enrichSentences(sentences: Sentence[], ctx: StageContext): Promise<Enrichment> {
  const hub = await ctx.models();
  const before = snapshot(hub.counters);
  const chunkSize = ctx.config.models.batchSize * BATCHES_PER_CHUNK;
  const progress = ctx.progress('enrich', sentences.length);

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

  recordCounters(ctx, hub, before, sentences.length, articleRow.size);
  recordModels(ctx, hub);
  const sentenceVectors: VectorTable = { dim, ids: sentences.map((s) => s.id), data: sentenceData };
  const articleVectors: VectorTable = { dim, ids: [...articleRow.keys()], data: normaliseRows(articleSums, dim) };
  return { sentiment, sentenceVectors, articleVectors };
}

export default defineStage({
  name: 'enrich',
  description: 'Sentiment and embedding per sentence, mean embedding per article (cached by model file and text hash).',
  reads: ['sentences'],
  writes: ['enrichment'],
  modelRoles: ['embedding', 'sentiment'],
  configSections: ['models'],
  version: 1,
  cacheable: true,
  async run({ sentences }, ctx) {
    return { enrichment: await enrichSentences(sentences, ctx) };
  },
  summarize({ enrichment }) {
    const { sentenceVectors, articleVectors } = enrichment;
    return `${sentenceVectors.ids.length} sentences, ${articleVectors.ids.length} articles, ${sentenceVectors.dim}-dim vectors`;
  },
});
