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
 * weightedSetCosine (events/similarity.ts) over sorted id arrays with precomputed totals: a
 * merge-join instead of hash lookups, since events and claims call this millions of times.
 * (events/sharedClaims.ts has the same merge over packed units: change both together.)
 */
function setCosine(idsA: Int32Array, weightsA: Float64Array, totalA: number, idsB: Int32Array, totalB: number, prior: number): number {
  if (idsA.length === 0 || idsB.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < idsA.length && j < idsB.length) {
    const x = idsA[i];
    const y = idsB[j];
    if (x === y) {
      shared += weightsA[i];
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
  const lexical = setCosine(a.termIds, a.termWeights, a.termTotal, b.termIds, b.termTotal, 0);
  const entities = setCosine(a.entityIds, a.entityWeights, a.entityTotal, b.entityIds, b.entityTotal, ctx.entityPrior);
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
