/**
 * How alike two claim units are: embedding cosine (lifted over the corpus baseline), weighted
 * term overlap, shared entities and shared figures, combined with configured weights.
 * The compact embedding model alone ranks unrelated news sentences as close as paraphrases,
 * so lexical and entity evidence carry most of the weight by default (see the README benchmark).
 */
import { indexClaimUnit, type ClaimUnit } from './claimUnits.js';
import { cosineLift, dot } from './vectors.js';

export interface ClaimWeights {
  embedding: number;
  lexical: number;
  entities: number;
  numbers: number;
}

export interface ClaimSimilarity {
  /** Weighted combination in [0, 1]. */
  score: number;
  /** Raw embedding cosine (for the audit columns). */
  cosine: number;
  /** Cosine lifted over the baseline of the corpus, in [0, 1]. */
  embedding: number;
  lexical: number;
  entities: number;
  numbers: number;
}

export interface ClaimSimilarityContext {
  weights: ClaimWeights;
  /** Mean cosine of two random claim sentences of the corpus. */
  embeddingBaseline: number;
  /** Added to each sentence's entity weight (see weightedSetCosine): the weight of an entity two articles share. */
  entityPrior: number;
}

/**
 * weightedSetCosine (events/similarity.ts) over two runs of sorted ids with precomputed totals: a
 * merge-join instead of hash lookups, since events and claims call this millions of times. The
 * shared weight is `weights[position in A]` (a unit's own weight array) or, with `weightById`,
 * `weights[id]` (events/sharedClaims.ts's packed units keep one weight per id); both give the same
 * sum in the same order.
 */
export function sortedSetCosine(
  idsA: Int32Array, fromA: number, countA: number, totalA: number,
  idsB: Int32Array, fromB: number, countB: number, totalB: number,
  weights: Float64Array, weightById: boolean, prior: number,
): number {
  if (countA === 0 || countB === 0) return 0;
  let shared = 0;
  let i = fromA;
  let j = fromB;
  const endA = fromA + countA;
  const endB = fromB + countB;
  while (i < endA && j < endB) {
    const x = idsA[i];
    const y = idsB[j];
    if (x === y) {
      shared += weights[weightById ? x : i];
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  if (shared === 0) return 0;
  return Math.min(1, shared / Math.sqrt((totalA + prior) * (totalB + prior)));
}

/**
 * The weighted mean of the components that apply (see claimSimilarity); `embedding`, `entities`
 * and `numbers` are null when they do not apply to the pair.
 */
export function claimScore(w: ClaimWeights, lexical: number, embedding: number | null, entities: number | null, numbers: number | null): number {
  let sum = w.lexical * lexical;
  let total = w.lexical;
  if (embedding !== null) {
    sum += w.embedding * embedding;
    total += w.embedding;
  }
  if (entities !== null) {
    sum += w.entities * entities;
    total += w.entities;
  }
  if (numbers !== null) {
    sum += w.numbers * numbers;
    total += w.numbers;
  }
  return total > 0 ? sum / total : 0;
}

/**
 * Components that do not apply to a pair drop out of the weighted mean instead of counting as
 * zero: two sentences without figures are not less alike for it, and a missing vector is a gap
 * in the data, not a difference.
 */
export function claimSimilarity(unitA: ClaimUnit, unitB: ClaimUnit, ctx: ClaimSimilarityContext): ClaimSimilarity {
  const a = indexClaimUnit(unitA);
  const b = indexClaimUnit(unitB);
  const w = ctx.weights;
  const cosine = a.vector && b.vector ? dot(a.vector, b.vector) : 0;
  const embedding = a.vector && b.vector ? cosineLift(cosine, ctx.embeddingBaseline) : 0;
  const lexical = sortedSetCosine(a.termIds, 0, a.termIds.length, a.termTotal, b.termIds, 0, b.termIds.length, b.termTotal, a.termWeights, false, 0);
  const entities = sortedSetCosine(a.entityIds, 0, a.entityIds.length, a.entityTotal, b.entityIds, 0, b.entityIds.length, b.entityTotal, a.entityWeights, false, ctx.entityPrior);
  let sharedNumbers = 0;
  for (const key of a.numbers) if (b.numbers.has(key)) sharedNumbers++;
  const numbers = sharedNumbers > 0 ? 1 : 0;
  const score = claimScore(
    w,
    lexical,
    a.vector && b.vector ? embedding : null,
    a.entities.size > 0 || b.entities.size > 0 ? entities : null,
    a.numbers.size > 0 && b.numbers.size > 0 ? numbers : null,
  );
  return { score, cosine, embedding, lexical, entities, numbers };
}
