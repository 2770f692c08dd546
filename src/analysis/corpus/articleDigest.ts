/**
 * One digest per article over everything the analysis stages read of it: the record (without where
 * it was read from), its sentences and its vectors. Two runs that give an article the same digest
 * give events and claims the same evidence for it, so the incremental events and the claims memo
 * key on it (a new segmenter or embedding model changes every digest, not only the text).
 */
import { createHash } from 'node:crypto';
import type { Article, Sentence, AnalysisVectors, EventsIndex } from '../../records.js';
import { asVectorSource, rowIndex, rowOf, tableOfIds } from './vectors.js';

/** Articles whose sentence vectors are read at once (from the store: one read per run of rows). */
const DIGEST_BATCH = 500;

export function articleDigests(
  articles: readonly Article[],
  sentences: readonly Sentence[],
  enrichment: AnalysisVectors | null,
): Map<string, string> {
  const byArticle = new Map<string, Sentence[]>();
  for (const s of sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const articleRows = enrichment ? rowIndex(enrichment.articleVectors) : new Map<string, number>();
  const source = enrichment ? asVectorSource(enrichment.sentenceVectors) : null;
  const sourceRows = source ? rowIndex(source) : new Map<string, number>();
  const vectorBytes = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const out = new Map<string, string>();
  for (let start = 0; start < articles.length; start += DIGEST_BATCH) {
    const batch = articles.slice(start, start + DIGEST_BATCH);
    const vectors = source ? tableOfIds(source, batch.flatMap((a) => (byArticle.get(a.id) ?? []).map((s) => s.id)), sourceRows) : null;
    const sentenceRows = vectors ? rowIndex(vectors) : new Map<string, number>();
    for (const article of batch) {
      // sourceFile and sourceLine say where the record was read, not what it says; the text is in the
      // digest through contentHash (its sha256), so a stage given the articles without their texts
      // (partialReads '-text') gets the same digests as one given them whole.
      const { sourceFile: _file, sourceLine: _line, text: _text, ...record } = article;
      const h = createHash('sha256').update(JSON.stringify(record));
      const row = articleRows.get(article.id);
      if (enrichment && row !== undefined) h.update('\u0000v').update(vectorBytes(rowOf(enrichment.articleVectors, row)));
      for (const s of byArticle.get(article.id) ?? []) {
        h.update('\u0000s').update(JSON.stringify(s));
        const r = sentenceRows.get(s.id);
        if (vectors && r !== undefined) h.update(vectorBytes(rowOf(vectors, r)));
      }
      out.set(article.id, h.digest('hex').slice(0, 32));
    }
  }
  return out;
}

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
