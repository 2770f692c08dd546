/**
 * Statements: the claim units of a set of articles and the context their similarity is computed in.
 * Event clustering (shared statements between two articles) and the claims stage both start here, so
 * a statement is compared alike in both.
 */
import type { Config } from '../../config/schema.js';
import type { Article, Enrichment, Sentence } from '../../records.js';
import type { buildArticleProfiles } from './profiles.js';
import { buildClaimUnits, type ClaimUnit } from './claimUnits.js';
import type { ClaimSimilarityContext } from './claimSimilarity.js';
import { cosineBaseline } from './vectors.js';
import type { TermSource } from './termSource.js';

/** Claim similarity settings shared with the claims stage (statements are compared alike). */
export function statementContext(units: readonly ClaimUnit[], claims: Config['claims'], entityPrior: number): ClaimSimilarityContext {
  const vectors = units.flatMap((u) => (u.vector ? [u.vector] : []));
  return { weights: claims.weights, embeddingBaseline: sampledBaseline(vectors.length, (k) => vectors[k]), entityPrior };
}

/** cosineBaseline of the statements' `count` vectors (`vectorAt(k)` is the k-th, in unit order), from a sample. */
export function sampledBaseline(count: number, vectorAt: (k: number) => Float32Array): number {
  // A strided sample bounds the cost on large corpora; the mean is stable long before that.
  const stride = Math.max(1, Math.floor(count / 5000));
  const sample: Float32Array[] = [];
  for (let k = 0; k < count; k += stride) sample.push(vectorAt(k));
  return cosineBaseline(sample);
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
  return { units, unitsByArticle, ctx: statementContext(units, claims, claims.entityPrior * corpus.pairKeyWeight) };
}
