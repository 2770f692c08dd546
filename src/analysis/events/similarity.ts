/**
 * How alike two articles are as reports of one real-world event: content terms, named entities,
 * specific numbers and embeddings, each in [0, 1], combined with configured weights. Dates are a
 * gate, not a score (events/dates.ts): the same people years apart are different events.
 */
import type { ArticleProfile } from '../corpus/profiles.js';
import { termCosine } from '../corpus/terms.js';
import { cosineLift, dot } from '../corpus/vectors.js';

export interface EventWeights {
  embedding: number;
  entities: number;
  lexical: number;
  numbers: number;
}

export interface ArticleSimilarity {
  /** Weighted combination in [0, 1]. */
  score: number;
  embedding: number;
  lexical: number;
  entities: number;
  numbers: number;
}

/**
 * Cosine of two IDF-weighted sets: shared weight over the geometric mean of the set weights.
 * `prior` is added to both set weights: without it two sentences that each name only "Israel"
 * would score 1, however common Israel is; with it a small shared weight stays small.
 */
export function weightedSetCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, prior = 0): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  let totalA = 0;
  let totalB = 0;
  for (const [key, weight] of a) {
    totalA += weight;
    if (b.has(key)) shared += weight;
  }
  for (const weight of b.values()) totalB += weight;
  totalA += prior;
  totalB += prior;
  return totalA > 0 && totalB > 0 ? Math.min(1, shared / Math.sqrt(totalA * totalB)) : 0;
}

/**
 * Evidence from shared specific numbers. One shared figure such as "9,488" is strong evidence
 * however many other numbers either article has, so this saturates on the shared weight instead
 * of normalising by set sizes: a figure unique to the two articles contributes about 0.63.
 */
export function sharedNumberEvidence(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, uniqueWeight: number): number {
  if (uniqueWeight <= 0) return 0;
  let shared = 0;
  for (const [key, weight] of a) if (b.has(key)) shared += weight / uniqueWeight;
  return 1 - Math.exp(-shared);
}

/**
 * Two articles that number the same series differently ("his second visit" vs "his ninth visit",
 * "the first debate" vs "the third debate") report different occurrences of a recurring event,
 * however alike their cast and vocabulary. True when some series has disjoint ordinals.
 */
export function ordinalConflict(a: ReadonlyMap<string, ReadonlySet<number>>, b: ReadonlyMap<string, ReadonlySet<number>>): string | null {
  for (const [series, values] of a) {
    const other = b.get(series);
    if (!other) continue;
    let shared = false;
    for (const v of values) if (other.has(v)) shared = true;
    if (!shared) return series;
  }
  return null;
}

export interface SimilarityContext {
  weights: EventWeights;
  /** Mean cosine between two article vectors of this corpus (see cosineBaseline). */
  embeddingBaseline: number;
  /** IDF of a number found in exactly two articles of this corpus. */
  pairKeyWeight: number;
}

export function articleSimilarity(a: ArticleProfile, b: ArticleProfile, ctx: SimilarityContext): ArticleSimilarity {
  const embedding = a.vector && b.vector ? cosineLift(dot(a.vector, b.vector), ctx.embeddingBaseline) : 0;
  const lexical = termCosine(a.terms, b.terms);
  const entities = weightedSetCosine(a.entities, b.entities);
  const numbers = sharedNumberEvidence(a.numbers, b.numbers, ctx.pairKeyWeight);
  const w = ctx.weights;
  const total = w.embedding + w.lexical + w.entities + w.numbers;
  const score =
    total > 0 ? (w.embedding * embedding + w.lexical * lexical + w.entities * entities + w.numbers * numbers) / total : 0;
  return { score, embedding, lexical, entities, numbers };
}
