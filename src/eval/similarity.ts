/**
 * Claim similarity on STS Benchmark: Spearman (and Pearson) of the embedding model's cosine
 * against the 0-5 gold scores, next to a TF-IDF cosine baseline built from the same content
 * terms claim matching uses, so the table shows what the model adds over word overlap.
 */
import { countDocumentFrequency, sparseCosine, termWeigher, termsOf, tfidfVector, type SparseVector } from '../analysis/corpus/terms.js';
import { readJsonl, num, str } from '../measure/jsonl.js';
import { cosine, pearson, round, spearman } from './metrics.js';
import { take, type EvalContext } from './context.js';

export interface StsPair {
  id: string;
  a: string;
  b: string;
  score: number;
}

export interface SimilarityResult {
  file: string;
  pairs: number;
  model: string;
  spearman: number;
  pearson: number;
  baseline: { method: string; spearman: number; pearson: number };
}

export function readStsPairs(file: string): StsPair[] {
  return readJsonl(file, (r) => ({ id: str(r, 'id'), a: str(r, 'a'), b: str(r, 'b'), score: num(r, 'score') }), '--stsb FILE');
}

/** TF-IDF cosine per pair, document frequencies counted over all sentences of the set. */
export function tfidfScores(pairs: StsPair[]): number[] {
  const terms = new Map<string, string[]>();
  for (const p of pairs) for (const t of [p.a, p.b]) if (!terms.has(t)) terms.set(t, termsOf(t));
  // Plain IDF (no background-specificity blend): the textbook baseline.
  const weigh = termWeigher(countDocumentFrequency(terms.values()), 0);
  const vectors = new Map<string, SparseVector>();
  for (const [text, t] of terms) vectors.set(text, tfidfVector(t, weigh));
  return pairs.map((p) => sparseCosine(vectors.get(p.a) as SparseVector, vectors.get(p.b) as SparseVector));
}

export async function evalSimilarity(ctx: EvalContext, file: string): Promise<SimilarityResult> {
  const pairs = take(readStsPairs(file), ctx.limit);
  const hub = await ctx.hub();
  const texts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const vectors = await hub.embed(texts);
  const byText = new Map(texts.map((t, i) => [t, vectors[i]]));
  const model = pairs.map((p) => cosine(byText.get(p.a) as Float32Array, byText.get(p.b) as Float32Array));
  const baseline = tfidfScores(pairs);
  const gold = pairs.map((p) => p.score);
  return {
    file,
    pairs: pairs.length,
    model: ctx.loaded.config.models.embedding.id,
    spearman: round(spearman(model, gold)),
    pearson: round(pearson(model, gold)),
    baseline: { method: 'TF-IDF cosine of stemmed content words + bigrams (src/analysis/corpus/terms.ts)', spearman: round(spearman(baseline, gold)), pearson: round(pearson(baseline, gold)) },
  };
}
