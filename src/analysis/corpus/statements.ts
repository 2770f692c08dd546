/**
 * Statements: the claim units of a set of articles and the context their similarity is computed in.
 * Event clustering (shared statements between two articles) and the claims stage both start here, so
 * a statement is compared alike in both.
 */
import type { Config } from '../../config/schema.js';
import type { Article, Enrichment, Sentence, VectorSource } from '../../records.js';
import type { buildArticleProfiles } from './profiles.js';
import { buildClaimUnits, type ClaimUnit } from './claimUnits.js';
import type { ClaimSimilarityContext } from './claimSimilarity.js';
import { cosineBaseline } from './vectors.js';
import type { TermSource } from './termSource.js';

/** About this many claim sentences at most go into the embedding baseline. */
const BASELINE_SAMPLE = 5000;

/**
 * The mean cosine between two claim sentences of a corpus (cosineBaseline), over a strided sample of
 * those that have a vector, taken in the order given: the sample bounds the cost on large corpora,
 * and the mean is stable long before that. `vectorOf` is read for the sampled ones only, so a caller
 * may hold vector rows rather than a view per sentence.
 */
export function claimEmbeddingBaseline<T>(withVector: readonly T[], vectorOf: (item: T) => Float32Array): number {
  return cosineBaseline(baselineSample(withVector).map(vectorOf));
}

/**
 * claimEmbeddingBaseline over rows of `vectors` (the claim sentences with a vector, in order), the
 * sample's rows read in one go: a source in the store opens its file once per read.
 */
export function sampledEmbeddingBaseline(vectors: VectorSource | null, withVectorRows: readonly number[]): number {
  const sample = baselineSample(withVectorRows);
  const sampled = vectors ? vectors.rows(sample) : new Float32Array(0);
  const dim = vectors?.dim ?? 0;
  return cosineBaseline(sample.map((_, k) => sampled.subarray(k * dim, (k + 1) * dim)));
}

/** The items claimEmbeddingBaseline reads, in order (for a caller that reads their vectors in one go). */
export function baselineSample<T>(withVector: readonly T[]): T[] {
  const stride = Math.max(1, Math.floor(withVector.length / BASELINE_SAMPLE));
  return withVector.filter((_, i) => i % stride === 0);
}

/** The context claim similarity is computed in, from a corpus's embedding baseline and pair-key weight. */
export function claimSimilarityContext(claims: Config['claims'], embeddingBaseline: number, pairKeyWeight: number): ClaimSimilarityContext {
  return { weights: claims.weights, embeddingBaseline, entityPrior: claims.entityPrior * pairKeyWeight };
}

/** Claim similarity settings shared with the claims stage (statements are compared alike). */
export function statementContext(units: readonly ClaimUnit[], claims: Config['claims'], pairKeyWeight: number): ClaimSimilarityContext {
  const withVector = units.filter((u) => u.vector);
  return claimSimilarityContext(claims, claimEmbeddingBaseline(withVector, (u) => u.vector!), pairKeyWeight);
}

/**
 * The claim units of these articles, grouped by article, and the context their similarity is computed
 * in: what event clustering (shared statements) and the claims stage both start from.
 */
export function statementUnits(
  articles: readonly Article[],
  input: { sentences: readonly Sentence[]; enrichment: Pick<Enrichment, 'sentenceVectors'> | null },
  corpus: Pick<ReturnType<typeof buildArticleProfiles>, 'weighTerm' | 'weighEntity' | 'pairKeyWeight'>,
  minWords: number,
  claims: Config['claims'],
  terms?: TermSource,
): { units: ClaimUnit[]; unitsByArticle: Map<string, ClaimUnit[]>; ctx: ClaimSimilarityContext } {
  const units = buildClaimUnits({
    articles: [...articles],
    sentences: input.sentences,
    sentenceVectors: input.enrichment?.sentenceVectors ?? null,
    weighTerm: corpus.weighTerm,
    weighEntity: corpus.weighEntity,
    minWords,
    ...(terms ? { terms } : {}),
  });
  const unitsByArticle = new Map<string, ClaimUnit[]>();
  for (const u of units) (unitsByArticle.get(u.sentence.articleId) ?? unitsByArticle.set(u.sentence.articleId, []).get(u.sentence.articleId)!).push(u);
  return { units, unitsByArticle, ctx: statementContext(units, claims, corpus.pairKeyWeight) };
}
