/**
 * One digest per article over everything the analysis stages read of it: the record (without where
 * it was read from), its sentences and its vectors. Two runs that give an article the same digest
 * give events and claims the same evidence for it, so the incremental events and the claims memo
 * key on it (a new segmenter or embedding model changes every digest, not only the text).
 */
import { createHash, type Hash } from 'node:crypto';
import type { Article, Sentence, SentenceDigest, AnalysisVectors, EventsIndex, VectorTable } from '../../records.js';
import { piecesOf, type DatasetStream } from '../../store/datasetStream.js';
import { asVectorSource, rowIndex, rowOf, tableOfIds, type RowLookup } from './vectors.js';

/** Articles whose sentence vectors are read at once (from the store: one read per run of rows). */
const DIGEST_BATCH = 500;
/** Sentences whose vectors are read at once when the sentences come as a stream. */
const STREAM_BATCH = 20_000;

/**
 * The digests of the articles. The sentences may come as a stream (the events stage's, never held
 * whole): each article's sentences are hashed as they pass when they come in a row (segment's order);
 * sentences of one article scattered through the stream are read again, grouped, in a second pass.
 * `visit` sees each sentence of the articles once, in stream order (a caller that needs something
 * else of the sentences reads them in the same pass).
 */
export function articleDigests(
  articles: readonly Article[],
  sentences: readonly Sentence[] | DatasetStream<Sentence>,
  enrichment: AnalysisVectors | null,
  visit?: (sentence: Sentence) => void,
): Map<string, string> {
  if (Array.isArray(sentences) && !visit) return groupedDigests(articles, sentences as readonly Sentence[], enrichment);
  const hasher = articleHasher(enrichment);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const done = new Map<string, string>();
  let current: { id: string; hash: Hash } | null = null;
  let scattered = false;
  const finish = () => {
    if (current) done.set(current.id, current.hash.digest('hex').slice(0, 32));
    current = null;
  };
  let pending: Sentence[] = [];
  const flush = () => {
    const vectors = hasher.vectorsOf(pending.map((s) => s.id));
    for (const s of pending) {
      if (scattered) break;
      if (current?.id !== s.articleId) {
        finish();
        if (done.has(s.articleId)) {
          scattered = true;
          break;
        }
        current = { id: s.articleId, hash: hasher.open(byId.get(s.articleId)!) };
      }
      hasher.addSentence(current!.hash, s, vectors);
    }
    pending = [];
  };
  for (const piece of piecesOf(sentences)) {
    for (const s of piece) {
      if (!byId.has(s.articleId)) continue;
      visit?.(s);
      if (scattered) continue;
      pending.push(s);
      if (pending.length >= STREAM_BATCH) flush();
    }
  }
  flush();
  finish();
  if (scattered) return groupedDigests(articles, [...piecesOf(sentences)].flatMap((piece) => piece.filter((s) => byId.has(s.articleId))), enrichment);
  const out = new Map<string, string>();
  for (const article of articles) out.set(article.id, done.get(article.id) ?? hasher.open(article).digest('hex').slice(0, 32));
  return out;
}

function groupedDigests(articles: readonly Article[], sentences: readonly Sentence[], enrichment: AnalysisVectors | null): Map<string, string> {
  const byArticle = new Map<string, Sentence[]>();
  for (const s of sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const hasher = articleHasher(enrichment);
  const out = new Map<string, string>();
  for (let start = 0; start < articles.length; start += DIGEST_BATCH) {
    const batch = articles.slice(start, start + DIGEST_BATCH);
    const vectors = hasher.vectorsOf(batch.flatMap((a) => (byArticle.get(a.id) ?? []).map((s) => s.id)));
    for (const article of batch) {
      const h = hasher.open(article);
      for (const s of byArticle.get(article.id) ?? []) hasher.addSentence(h, s, vectors);
      out.set(article.id, h.digest('hex').slice(0, 32));
    }
  }
  return out;
}

/** An article's hash: its record and vector first, then each of its sentences with its vector, in order. */
function articleHasher(enrichment: AnalysisVectors | null) {
  const articleRows = enrichment ? rowIndex(enrichment.articleVectors) : new Map<string, number>();
  const source = enrichment ? asVectorSource(enrichment.sentenceVectors) : null;
  const sourceRows = source ? rowIndex(source) : new Map<string, number>();
  return {
    /** The sentence vectors of these ids, read at once. */
    vectorsOf(ids: readonly string[]): { table: VectorTable; rows: RowLookup } | null {
      if (!source) return null;
      const table = tableOfIds(source, ids, sourceRows);
      return { table, rows: rowIndex(table) };
    },
    open: (article: Article): Hash => addRecord(createHash('sha256'), article, enrichment?.articleVectors ?? null, articleRows),
    addSentence(h: Hash, s: Sentence, vectors: { table: VectorTable; rows: RowLookup } | null): void {
      h.update('\u0000s').update(JSON.stringify(s));
      const r = vectors?.rows.get(s.id);
      if (vectors && r !== undefined) h.update(vectorBytes(rowOf(vectors.table, r)));
    },
  };
}

/**
 * The digests of the articles from the segment stage's sentence digests (a run's events stage): the
 * record, its article vector and the digest of its sentences, so a night hashes no sentence and reads
 * no sentence vector for them (articleDigests did: ~5 s at 10,500 articles). The sentence vectors are
 * not hashed: they are the embedding model's outputs for the sentences' texts, which the sentence
 * digest covers, under models and settings that the article vector (their mean) changes with. Not the
 * same digests as articleDigests' (a run switching between the two sees every article as changed once).
 */
export function articleDigestsOf(articles: readonly Article[], sentenceDigests: readonly SentenceDigest[], articleVectors: VectorTable | null): Map<string, string> {
  const ofArticle = new Map(sentenceDigests.map((d) => [d.articleId, d.digest]));
  const rows = articleVectors ? rowIndex(articleVectors) : new Map<string, number>();
  const out = new Map<string, string>();
  for (const article of articles) {
    const h = addRecord(createHash('sha256').update('by-sentence-digest\u0000'), article, articleVectors, rows);
    out.set(article.id, h.update('\u0000s').update(ofArticle.get(article.id) ?? '').digest('hex').slice(0, 32));
  }
  return out;
}

/**
 * The article's record and its article vector into `h`. sourceFile and sourceLine say where the record
 * was read, not what it says; the text is in the digest through contentHash (its sha256), so a stage
 * given the articles without their texts (partialReads '-text') gets the same digests as one given them whole.
 */
function addRecord(h: Hash, article: Article, articleVectors: VectorTable | null, rows: RowLookup): Hash {
  const { sourceFile: _file, sourceLine: _line, text: _text, ...record } = article;
  h.update(JSON.stringify(record));
  const row = rows.get(article.id);
  if (articleVectors && row !== undefined) h.update('\u0000v').update(vectorBytes(rowOf(articleVectors, row)));
  return h;
}

const vectorBytes = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/**
 * The digests the events stage computed (its index holds each article's), when the index holds one
 * for every article: the claims stage reads the same articles, sentences and vectors in the same run
 * (or, from the stage cache, an index made from inputs with the same hashes), so they are the digests
 * articleDigests would give, without hashing the corpus and reading its vectors a second time (about
 * 6 s of a nightly run at 10,500 articles). Null when an article is missing (an index made for other
 * articles): the caller computes them.
 */
export function digestsOfIndex(index: Pick<EventsIndex, 'articles'> | undefined, articles: readonly Pick<Article, 'id'>[]): Map<string, string> | null {
  if (!index) return null;
  const out = new Map<string, string>();
  for (const { id } of articles) {
    const digest = index.articles[id]?.[0];
    if (!digest) return null;
    out.set(id, digest);
  }
  return out;
}

/** The digests that name sentences, by article id ('' is a failed segmentation's: such an article is keyed by content, and has no sentences). */
export function digestsById(sentenceDigests: readonly SentenceDigest[]): Map<string, string> {
  return new Map(sentenceDigests.filter((d) => d.digest).map((d) => [d.articleId, d.digest]));
}
