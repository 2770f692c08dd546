/**
 * enrich: model outputs per sentence — a sentiment score and an embedding — and per article the
 * normalised mean of its sentence embeddings. Sentences stream through the model hub in chunks,
 * so only one chunk's model outputs are alive at a time; the hub's cache makes an unchanged
 * sentence cost no model call on the next run.
 */
import type { Enrichment, Sentence, SentenceDigest, SentenceSentiment, VectorSource, VectorTable } from '../src/records.js';
import { asVectorSource } from '../src/analysis/corpus/vectors.js';
import { piecesFromItem, type DatasetStream } from '../src/store/datasetStream.js';
import { ARRAY_PIECE, storedPieceItems, type Float32Spill, type StoredPieces } from '../src/store/spilledArray.js';
import type { Config } from '../src/config/schema.js';
import type { HubCounters, ModelHub } from '../src/models/hub.js';
import { normaliseRows } from '../src/models/vectorRows.js';
import { defineStage, type StageServices } from './stage.js';
import { sha256Bytes } from '../src/runtime/sha256.js';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { digestsById } from '../src/analysis/corpus/articleDigest.js';

/** Model batches per chunk: enough to keep p-limit busy, small enough to bound memory. */
const BATCHES_PER_CHUNK = 8;
const ROLES = ['embedding', 'sentiment'] as const;
// 2: the value carries `reuse` (text digests, truncation flags, basis) for the next run.
// 3: `reuse.articles` (each article's sentence digest and first row), so the next run takes an
// unchanged article's rows without hashing its texts.
// 4: `enrich.truncated` counts sentences (it counted distinct texts per chunk, which a night that
// borrows the corpus's rows cannot count again).
const VERSION = 4;

type CounterSnapshot = Record<keyof HubCounters, Record<string, number>>;

function snapshot(counters: HubCounters): CounterSnapshot {
  return JSON.parse(JSON.stringify(counters)) as CounterSnapshot;
}

/**
 * What this stage cost (differences, since the hub is shared): truncated inputs are a fact about
 * the data (counters, replayed on reuse); calls, cache hits and damaged entries are this run's work.
 */
function countWork(hub: ModelHub, before: CounterSnapshot, sentences: number, articles: number, truncated: Record<(typeof ROLES)[number], number>): { counters: Record<string, number>; work: Record<string, number> } {
  const counters: Record<string, number> = { 'enrich.sentences': sentences, 'enrich.articles': articles };
  const work: Record<string, number> = {};
  const totals = { modelCalls: 0, cacheHits: 0, computed: 0, truncated: 0, corruptEntries: 0 };
  for (const role of ROLES) {
    for (const name of Object.keys(totals) as (keyof typeof totals)[]) {
      // Truncation is a fact about the sentences (also those taken from the previous value), counted by the caller.
      const delta = name === 'truncated' ? truncated[role] : hub.counters[name][role] - before[name][role];
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

/**
 * The models and settings an enrichment's outputs come from: a previous run's value is reused only
 * under the same basis (model files by hash, maxTokens, labels, stage version, code version).
 */
async function reuseBasis(hub: ModelHub, params: Partial<EnrichParams>): Promise<string> {
  const [embedding, sentiment] = await Promise.all(ROLES.map((role) => hub.identify(role)));
  return hashConfig({ version: VERSION, code: CODE_VERSION, params, models: [embedding.sha256, sentiment.sha256] });
}

const DIGEST_BYTES = 16;
const digestOf = (text: string): Buffer => sha256Bytes(text).subarray(0, DIGEST_BYTES);

/**
 * The previous run's enrichment as this stage reads it: its reuse record whole, its sentence vectors
 * whole (a stage called alone) or as a source of rows (in a session: read from the store chunk by
 * chunk, never held whole), its sentiment rows whole or (in a session) where their pieces lie.
 */
export type PreviousEnrichment = Pick<Enrichment, 'reuse'> & {
  sentenceVectors: VectorTable | VectorSource;
  /** Its sentiment rows whole: a stage called alone, or a session whose previous rows are one leaf. */
  sentiment?: SentenceSentiment[];
  /** Its article vectors (in a session): those of the articles a night borrows whole. */
  articleVectors?: VectorTable;
  /** Where its sentiment rows and sentence ids lie in the store (in a session), for a night's spills to borrow. */
  pieces?: { sentiment?: StoredPieces; ids?: StoredPieces };
};

/**
 * The previous value's sentiment rows: held, or each piece read when a row of it is first asked for
 * and kept (a night whose changed articles are all new reads none; at most the rows held whole before).
 */
interface PreviousRows {
  count: number;
  at(row: number): SentenceSentiment;
}

function previousRowsOf(previous: PreviousEnrichment | undefined): PreviousRows | null {
  const held = previous?.sentiment;
  if (held) return { count: held.length, at: (row) => held[row] };
  const pieces = previous?.pieces?.sentiment;
  if (!pieces) return null;
  const read: SentenceSentiment[][] = [];
  return {
    count: pieces.reduce((n, p) => n + p.items, 0),
    at(row) {
      const k = Math.floor(row / ARRAY_PIECE);
      read[k] ??= storedPieceItems<SentenceSentiment>(pieces[k]);
      return read[k][row - k * ARRAY_PIECE];
    },
  };
}

/** The previous value's reuse record, when it was built under the same basis and is whole. */
function usableReuse(previous: PreviousEnrichment | undefined, rows: PreviousRows | null, basis: string): NonNullable<PreviousEnrichment['reuse']> | null {
  const reuse = previous?.reuse;
  if (!reuse || reuse.basis !== basis || !rows) return null;
  const n = rows.count;
  if (reuse.textDigests.length !== n * DIGEST_BYTES || reuse.truncated.length !== n || asVectorSource(previous.sentenceVectors).count !== n) return null;
  return reuse;
}

/** Row of the previous value per text digest (hex), from its digests' bytes (DIGEST_BYTES per row). */
function rowsByText(bytes: Buffer): Map<string, number> {
  const n = bytes.length / DIGEST_BYTES;
  const rows = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const key = bytes.toString('hex', r * DIGEST_BYTES, (r + 1) * DIGEST_BYTES);
    if (!rows.has(key)) rows.set(key, r);
  }
  return rows;
}

/**
 * The previous value's rows of each article, by id, when it recorded them (reuse.articles): its
 * digest, first row and row count.
 */
function rowsByArticle(reuse: NonNullable<PreviousEnrichment['reuse']>): Map<string, { digest: string; first: number; count: number }> | null {
  const articles = reuse.articles;
  const n = reuse.truncated.length;
  if (!articles || articles.ids.length !== articles.digests.length || articles.ids.length !== articles.firstRows.length) return null;
  const out = new Map<string, { digest: string; first: number; count: number }>();
  articles.ids.forEach((id, k) => {
    const first = articles.firstRows[k];
    const end = k + 1 < articles.firstRows.length ? articles.firstRows[k + 1] : n;
    if (articles.digests[k] && first < end && end <= n) out.set(id, { digest: articles.digests[k], first, count: end - first });
  });
  return out;
}

/**
 * The articles at the corpus's start a night takes whole from the previous value (their rows neither
 * read nor written: the spills borrow them): in the segment stage's order (`digests`), each the
 * previous value's article at that place (reuse.articles) with the same digest and its rows at the
 * same place. Articles without sentences have no rows there and are passed over; one whose count
 * is unknown (a digest without `made`) ends the run.
 */
function borrowedArticles(digests: readonly SentenceDigest[], reuse: NonNullable<PreviousEnrichment['reuse']>): { articles: number; rows: number } {
  const before = reuse.articles;
  let articles = 0;
  let rows = 0;
  if (!before) return { articles, rows };
  for (const d of digests) {
    const count = d.digest === '' ? 0 : d.made?.sentences;
    if (count === 0) continue;
    if (count === undefined || articles >= before.ids.length || before.ids[articles] !== d.articleId || before.digests[articles] !== d.digest || before.firstRows[articles] !== rows) break;
    const end = articles + 1 < before.firstRows.length ? before.firstRows[articles + 1] : reuse.truncated.length;
    if (end - rows !== count) break;
    rows = end;
    articles++;
  }
  return { articles, rows };
}

/**
 * Sentiment and embedding per sentence. With `previous` (the last run's enrichment), a sentence whose
 * text the previous value holds under the same models and settings takes its outputs from there
 * (the same float32 values the model cache holds), so a nightly run reads the model cache only for
 * the new sentences instead of twice per sentence of the corpus. The output is the same either way.
 * In a session, given the segment stage's digests in its order, the unchanged articles at the
 * corpus's start are taken whole: their sentences not read, their rows borrowed (borrowedArticles).
 */
export async function enrichSentences(
  sentences: readonly Sentence[] | DatasetStream<Sentence>,
  params: Pick<EnrichParams, 'batchSize'> & Partial<EnrichParams>,
  services: Pick<StageServices, 'models' | 'progress' | 'spillFloat32' | 'spillRecords'>,
  previous?: PreviousEnrichment,
  /**
   * The segment stage's digest of each article's sentences (sentenceDigests, or by article id):
   * unchanged articles are taken from `previous` by it.
   */
  digestsGiven?: readonly SentenceDigest[] | ReadonlyMap<string, string>,
): Promise<{ enrichment: Enrichment; counters: Record<string, number>; work: Record<string, number> }> {
  const sentenceDigests = Array.isArray(digestsGiven) ? digestsById(digestsGiven) : (digestsGiven as ReadonlyMap<string, string> | undefined);
  const hub = await services.models();
  const before = snapshot(hub.counters);
  const chunkSize = params.batchSize * BATCHES_PER_CHUNK;
  const total = sentences.length;
  const progress = services.progress('enrich', total);
  // No sentences: nothing to reuse or offer the next run, and no model is identified.
  const basis = total ? await reuseBasis(hub, params) : '';
  const previousRows = previousRowsOf(previous);
  const reusable = basis ? usableReuse(previous, previousRows, basis) : null;
  const previousVectors = reusable && previous ? asVectorSource(previous.sentenceVectors) : undefined;
  // An article whose sentences have the digest they had (same id, same digest: the same sentences)
  // takes its rows from the previous value by position, its texts not hashed; an article the previous
  // value had under another digest (an edited text) looks its sentences up by text; a new article
  // reads the model cache (a copy of an old text under a new id too: the same outputs, a cache read).
  const byArticle = reusable && sentenceDigests ? rowsByArticle(reusable) : null;
  const previousDigests = reusable ? Buffer.from(reusable.textDigests.buffer, reusable.textDigests.byteOffset, reusable.textDigests.byteLength) : undefined;
  // Built on the first sentence looked up by text (never, on a night whose changed articles are all new).
  let byText: Map<string, number> | undefined;
  const textRowOf = (digest: Buffer) => (byText ??= rowsByText(previousDigests!)).get(digest.toString('hex'));

  // In a session the per-sentence outputs go to files as each chunk is done (at 50,000 articles the
  // vectors are 1.7 GB of float32, the sentiment rows and ids ~250 MB of heap) and the store writes
  // the blob from there; elsewhere (tests, the bench) they are kept here.
  const sentimentSpill = services.spillRecords?.<SentenceSentiment>();
  const idsSpill = services.spillRecords?.<string>();
  const sentiment: SentenceSentiment[] = [];
  const ids: string[] = [];
  // Article rows in order of first appearance: deterministic for a deterministic sentence order.
  const articleRow = new Map<string, number>();
  const firstRows: number[] = [];
  let dim = 0;
  let sentenceData = new Float32Array(0);
  let spill: Float32Spill | undefined;
  // Grown as articles appear (the sentences may come as a stream: their articles are not known ahead).
  let articleSums: Float64Array = new Float64Array(0);
  const textDigests = new Uint8Array(total * DIGEST_BYTES);
  const truncatedFlags = new Uint8Array(total);
  // Sentences whose input was cut at maxTokens.
  const truncatedCount = { embedding: 0, sentiment: 0 };
  let reused = 0;
  let reusedByArticle = 0;
  // Articles taken whole from the previous value (their vectors are its rows).
  let articlesTaken = 0;
  // The leading rows that are the previous value's rows at the same place (a night's new articles
  // come after the corpus's): the spill borrows them from the previous blob instead of writing
  // them, and the store refers to their frames there (at 10,000 articles ~400 MB neither written,
  // hashed nor synced again).
  const borrowable = previousVectors?.storedFrames;
  let samePlace = 0;
  let stillSame = borrowable !== undefined;

  let start = 0;
  try {
    // The unchanged articles at the start taken whole (in a session, given the digests in order):
    // what the loop below would copy from the previous value, without reading their sentences.
    const pieces = previous?.pieces;
    const articleVectorsBefore = previous?.articleVectors;
    const whole =
      reusable && Array.isArray(digestsGiven) && pieces?.sentiment && pieces.ids && articleVectorsBefore && sentimentSpill && idsSpill
        ? borrowedArticles(digestsGiven as readonly SentenceDigest[], reusable)
        : { articles: 0, rows: 0 };
    if (whole.rows && articleVectorsBefore!.dim === previousVectors!.dim && whole.articles <= articleVectorsBefore!.ids.length && whole.rows <= total && reusable!.articles!.ids.slice(0, whole.articles).every((id, k) => articleVectorsBefore!.ids[k] === id)) {
      dim = previousVectors!.dim;
      spill = services.spillFloat32?.(total * dim);
      if (!spill) sentenceData = new Float32Array(total * dim);
      sentimentSpill!.borrow(pieces!.sentiment!, whole.rows);
      idsSpill!.borrow(pieces!.ids!, whole.rows);
      previousDigests!.copy(textDigests, 0, 0, whole.rows * DIGEST_BYTES);
      truncatedFlags.set(reusable!.truncated.subarray(0, whole.rows));
      for (let row = 0; row < whole.rows; row++) countTruncated(truncatedCount, truncatedFlags[row]);
      for (let k = 0; k < whole.articles; k++) {
        articleRow.set(reusable!.articles!.ids[k], k);
        firstRows.push(reusable!.articles!.firstRows[k]);
      }
      articleSums = new Float64Array(whole.articles * dim);
      articlesTaken = whole.articles;
      reused = reusedByArticle = start = whole.rows;
      // Their vectors: the previous blob's frames borrowed (below), else (a table stored as one
      // frame, or no spill) copied a chunk of rows at a time.
      if (spill && borrowable) samePlace = whole.rows;
      else {
        stillSame = false;
        for (let from = 0; from < whole.rows; from += chunkSize) {
          const rows = previousVectors!.rows(Array.from({ length: Math.min(chunkSize, whole.rows - from) }, (_, r) => from + r));
          if (spill) spill.write(rows, from * dim);
          else sentenceData.set(rows, from * dim);
        }
      }
      progress.tick(whole.rows);
    }
    for (const chunk of chunksOf(piecesFromItem(sentences, start), chunkSize)) {
      if (start + chunk.length > total) throw new Error(`enrich: the sentences gave more than the ${total} their dataset announced. Fix: run again; the store recomputes them.`);
      const rows: (number | undefined)[] = chunk.map((s, i) => {
        const at = (start + i) * DIGEST_BYTES;
        const before = byArticle?.get(s.articleId);
        if (before && before.digest === sentenceDigests!.get(s.articleId)) {
          const row = before.first + s.index;
          // The same sentences: row `index` of the article's rows is this sentence's (its id says so).
          if (s.index < before.count && previousRows!.at(row).sentenceId === s.id) {
            previousDigests!.copy(textDigests, at, row * DIGEST_BYTES, (row + 1) * DIGEST_BYTES);
            reusedByArticle++;
            return row;
          }
        }
        const digest = digestOf(s.text);
        textDigests.set(digest, at);
        return reusable && (!byArticle || before) ? textRowOf(digest) : undefined;
      });
      const missing = chunk.flatMap((s, i) => (rows[i] === undefined ? [i] : []));
      const texts = missing.map((i) => chunk[i].text);
      const cutEmbedding: boolean[] = [];
      const cutSentiment: boolean[] = [];
      const [vectors, tones] = texts.length ? await Promise.all([hub.embed(texts, cutEmbedding), hub.sentiment(texts, cutSentiment)]) : [[], []];
      const fresh = new Map(missing.map((i, j) => [i, j]));
      if (!dim) {
        dim = vectors.length ? vectors[0].length : previousVectors!.dim;
        spill = services.spillFloat32?.(total * dim);
        if (!spill) sentenceData = new Float32Array(total * dim);
      }
      const chunkRows = spill ? new Float32Array(chunk.length * dim) : undefined;
      // The chunk's reused rows in one read (consecutive rows of the previous value are one file read).
      const reusedRows = rows.filter((row): row is number => row !== undefined);
      const packed = reusedRows.length ? previousVectors!.rows(reusedRows) : undefined;
      let nextPacked = 0;
      chunk.forEach((s, i) => {
        const row = rows[i];
        const j = fresh.get(i);
        const v = row !== undefined ? packed!.subarray(nextPacked * dim, ++nextPacked * dim) : vectors[j!];
        if (v.length !== dim) throw new Error(`enrich: embedding of sentence ${s.id} has ${v.length} values, expected ${dim}; the embedding model changed mid-run.`);
        if (chunkRows) chunkRows.set(v, i * dim);
        else sentenceData.set(v, (start + i) * dim);
        let article = articleRow.get(s.articleId);
        if (article === undefined) {
          article = articleRow.size;
          articleRow.set(s.articleId, article);
          firstRows.push(start + i);
          if ((article + 1) * dim > articleSums.length) articleSums = grown(articleSums, (article + 1) * dim);
        }
        const offset = article * dim;
        for (let k = 0; k < dim; k++) articleSums[offset + k] += v[k];
        const tone = row !== undefined ? previousRows!.at(row) : tones[j!];
        const sentimentRow = { sentenceId: s.id, label: tone.label, score: tone.score };
        if (sentimentSpill) sentimentSpill.push(sentimentRow);
        else sentiment.push(sentimentRow);
        if (idsSpill) idsSpill.push(s.id);
        else ids.push(s.id);
        const flags = row !== undefined ? previous!.reuse!.truncated[row] : (cutEmbedding[j!] ? 1 : 0) | (cutSentiment[j!] ? 2 : 0);
        truncatedFlags[start + i] = flags;
        if (row !== undefined) reused++;
        if (stillSame && row === start + i) samePlace++;
        else stillSame = false;
        countTruncated(truncatedCount, flags);
      });
      // Only the rows after those it borrows (all of them without a previous blob to borrow from).
      const from = Math.max(samePlace, start);
      if (chunkRows && from < start + chunk.length) spill!.write(chunkRows.subarray((from - start) * dim), from * dim);
      start += chunk.length;
      progress.tick(chunk.length);
    }
    if (start !== total) throw new Error(`enrich: the sentences gave ${start} of the ${total} their dataset announced. Fix: run again; the store recomputes them.`);
  } catch (err) {
    for (const open of [spill, sentimentSpill, idsSpill]) open?.discard();
    throw err;
  }
  progress.done();

  // Spilled arrays stand in for the arrays until the catalog saves them (the stage's output goes
  // straight to catalog.save, which writes the same values either way); no reader gets them.
  if (spill && samePlace) spill.borrow(borrowable!, samePlace * dim);
  const data = spill ? (spill.finish() as unknown as Float32Array) : sentenceData;
  const sentenceVectors: VectorTable = { dim, ids: idsSpill ? (idsSpill.finish() as unknown as string[]) : ids, data };
  const articleData = normaliseRows(articleSums.subarray(0, articleRow.size * dim), dim);
  // The articles taken whole: their rows as the previous value has them (the same sums, the same order).
  if (articlesTaken) articleData.set(previous!.articleVectors!.data.subarray(0, articlesTaken * dim));
  const articleVectors: VectorTable = { dim, ids: [...articleRow.keys()], data: articleData };
  const { counters, work } = countWork(hub, before, total, articleRow.size, truncatedCount);
  work['enrich.sentencesReused'] = reused;
  work['enrich.sentencesReusedByArticle'] = reusedByArticle;
  // Rows the spill borrowed from the previous blob (not written again): the corpus's start up to the first new or changed sentence.
  if (spill && borrowable) work['enrich.rowsBorrowed'] = samePlace;
  // Articles at the corpus's start taken whole (their sentences not read, their sentiment rows and ids borrowed).
  if (sentimentSpill && previous?.pieces?.sentiment) work['enrich.articlesBorrowed'] = articlesTaken;
  counters['enrich.dimensions'] = dim;
  const articleIds = [...articleRow.keys()];
  const articles = { ids: articleIds, digests: articleIds.map((id) => sentenceDigests?.get(id) ?? ''), firstRows: Uint32Array.from(firstRows) };
  const reuse = basis ? { reuse: { basis, textDigests, truncated: truncatedFlags, articles } } : {};
  const sentimentRows = sentimentSpill ? (sentimentSpill.finish() as unknown as SentenceSentiment[]) : sentiment;
  return { enrichment: { sentiment: sentimentRows, sentenceVectors, articleVectors, ...reuse }, counters, work };
}

export default defineStage({
  name: 'enrich',
  description: 'Sentiment and embedding per sentence, mean embedding per article (cached by model file and text hash).',
  // sentenceDigests: an article whose digest is unchanged takes its rows from the previous value by position.
  reads: ['sentences', 'sentenceDigests'],
  writes: ['enrichment'],
  modelRoles: ['embedding', 'sentiment'],
  params: enrichParams,
  // The last run's enrichment: its sentences' outputs are taken from it by text (same models and settings).
  previousReads: ['enrichment'],
  // The reuse only saves model-cache reads: the output is the same with or without the previous value.
  previousOnlySavesWork: true,
  version: VERSION,
  cacheable: true,
  previousRowReads: { enrichment: ['sentenceVectors'] },
  // The sentences a piece at a time from the store: the corpus's sentences are never whole here.
  streamedReads: ['sentences'],
  previousParts: { enrichment: ['reuse', 'articleVectors'] },
  // The sentiment rows and sentence ids: a night's spills borrow the pieces of the articles it takes
  // whole, and reads the rows of the others a piece at a time (a small corpus's one leaf is loaded).
  previousPieceFields: { enrichment: ['sentiment', 'sentenceVectors.ids'] },
  async run({ sentences: given, sentenceDigests }, params, services) {
    const sentences = given ?? (services.streamed?.('sentences') as DatasetStream<Sentence> | undefined) ?? [];
    const stored = services.previous?.enrichment as (Partial<Enrichment> & Pick<Enrichment, 'sentenceVectors'>) | undefined;
    const pieces = { sentiment: services.previousPieces?.('enrichment', 'sentiment'), ids: services.previousPieces?.('enrichment', 'sentenceVectors.ids') };
    const previous: PreviousEnrichment | undefined = stored && { ...stored, sentenceVectors: services.previousVectorRows?.('enrichment', 'sentenceVectors') ?? stored.sentenceVectors, pieces };
    const { enrichment, counters, work } = await enrichSentences(sentences, params, services, previous, sentenceDigests);
    return { outputs: { enrichment }, counters, warnings: [], work };
  },
  summarize(outputs, counters) {
    // From the counters (a reused result's enrichment is then never loaded: 1.7 GB of vectors at 50,000
    // articles); a result stored before 'enrich.dimensions' was counted reads the enrichment.
    if (counters['enrich.dimensions'] !== undefined) return `${counters['enrich.sentences']} sentences, ${counters['enrich.articles']} articles, ${counters['enrich.dimensions']}-dim vectors`;
    const { sentenceVectors, articleVectors } = outputs.enrichment;
    return `${sentenceVectors.ids.length} sentences, ${articleVectors.ids.length} articles, ${sentenceVectors.dim}-dim vectors`;
  },
});


/** A sentence's truncation flags (1: embedding input cut, 2: sentiment input cut) counted. */
function countTruncated(count: { embedding: number; sentiment: number }, flags: number): void {
  if (flags & 1) count.embedding++;
  if (flags & 2) count.sentiment++;
}

/** Consecutive runs of `size` items (the last may be shorter) of a dataset's pieces. */
function* chunksOf<T>(pieces: Iterable<readonly T[]>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const piece of pieces) {
    for (const item of piece) {
      chunk.push(item);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length) yield chunk;
}

/** `values` copied into an array of at least `length` elements (doubling, so growth costs O(n) over a run). */
function grown(values: Float64Array, length: number): Float64Array {
  const out = new Float64Array(Math.max(length, values.length * 2));
  out.set(values);
  return out;
}
