/**
 * Retrieval check on CLEF2020 CheckThat! (claimmatch/queries.jsonl + verified_claims.jsonl): rank
 * all verified claims for each query tweet and report MAP@5 for BM25, for the claims stage's pair
 * score (claimSimilarity), and for the relations judge's P(same) reranking the union of the top
 * `depth` of both. A score that rewards length or hub claims (one long claim nearest to many
 * queries) shows here: `hubs` counts the queries whose top-1 is the most frequent top-1 claim.
 *
 * BM25 is written here (k1 1.2, b 0.75, lower-cased [a-z0-9]+ tokens minus stopwords): twenty
 * lines, the textbook formula, over the claim text and its fact-check title.
 */
import path from 'node:path';
import type { NliResult } from '../models/hub.js';
import { claimSimilarity } from '../analysis/corpus/claimSimilarity.js';
import { pairFeatures } from '../analysis/claims/features.js';
import { judgeProbabilities, loadRelationsJudge } from '../analysis/claims/judge.js';
import { isStopword } from '../analysis/corpus/terms.js';
import { normaliseModelText } from '../models/textKey.js';
import { readJsonl, arr, str } from '../measure/jsonl.js';
import { round } from './metrics.js';
import { take, type EvalContext } from './context.js';
import { buildTextUnits } from './claimMatching.js';

export interface RetrievalScore {
  mapAt5: number;
  /** Queries whose top-1 is the single most frequent top-1 claim. */
  hubTop1: number;
}

export interface ClaimRetrievalResult {
  queries: number;
  claims: number;
  depth: number;
  bm25: RetrievalScore;
  pairScore: RetrievalScore;
  judge: RetrievalScore;
}

const tokens = (text: string) => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !isStopword(t));

/** BM25 scorer over a fixed collection. */
export function bm25(documents: readonly string[], k1 = 1.2, b = 0.75): (query: string) => Float64Array {
  const docs = documents.map(tokens);
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length);
  const postings = new Map<string, { doc: number; tf: number }[]>();
  docs.forEach((d, i) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) (postings.get(t) ?? postings.set(t, []).get(t)!).push({ doc: i, tf: n });
  });
  return (query) => {
    const scores = new Float64Array(docs.length);
    for (const t of new Set(tokens(query))) {
      const list = postings.get(t);
      if (!list) continue;
      const idf = Math.log(1 + (docs.length - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) scores[doc] += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docs[doc].length) / avg));
    }
    return scores;
  };
}

/** Mean over queries of AP@5 (precision at each relevant rank in the top 5, over min(relevant, 5)). */
export function meanAveragePrecisionAt5(rankings: readonly number[][], relevant: readonly Set<number>[]): number {
  let sum = 0;
  rankings.forEach((ranking, q) => {
    let hits = 0;
    let ap = 0;
    ranking.slice(0, 5).forEach((doc, k) => {
      if (relevant[q].has(doc)) ap += ++hits / (k + 1);
    });
    sum += relevant[q].size ? ap / Math.min(relevant[q].size, 5) : 0;
  });
  return rankings.length ? sum / rankings.length : 0;
}

const topK = (scores: ArrayLike<number>, k: number) =>
  Array.from(scores, (s, i) => [s, i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1])
    .slice(0, k)
    .map(([, i]) => i);

function hubTop1(rankings: readonly number[][]): number {
  const counts = new Map<number, number>();
  for (const r of rankings) if (r.length) counts.set(r[0], (counts.get(r[0]) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

export async function evalClaimRetrieval(ctx: EvalContext, queriesFile: string, claimsFile: string, depth = 10): Promise<ClaimRetrievalResult> {
  const queries = take(
    readJsonl(queriesFile, (r) => ({ id: str(r, 'query_id'), text: str(r, 'text'), matches: arr(r, 'matching_claim_ids').map(String) }), '--claim-queries FILE'),
    ctx.limit,
  );
  let claims = readJsonl(claimsFile, (r) => ({ id: str(r, 'claim_id'), text: str(r, 'text'), title: typeof r.title === 'string' ? r.title : '' }), '--verified-claims FILE');
  if (ctx.limit !== undefined) {
    // A quick run: the gold claims of the kept queries plus the first 50 x limit others.
    const gold = new Set(queries.flatMap((q) => q.matches));
    const others = claims.filter((c) => !gold.has(c.id)).slice(0, 50 * ctx.limit);
    const kept = new Set([...gold, ...others.map((c) => c.id)]);
    claims = claims.filter((c) => kept.has(c.id));
  }
  const claimIndex = new Map(claims.map((c, i) => [c.id, i]));
  const relevant = queries.map((q) => new Set(q.matches.flatMap((id) => claimIndex.get(id) ?? [])));

  const score = bm25(claims.map((c) => `${c.title} ${c.text}`));
  const bm25Rank = queries.map((q) => topK(score(q.text), Math.max(depth, 5)));

  const texts = [...queries.map((q) => normaliseModelText(q.text)), ...claims.map((c) => normaliseModelText(c.text))];
  const { units, simCtx } = await buildTextUnits(ctx, texts);
  const claimUnits = units.slice(queries.length);
  const pairRank = queries.map((_, q) => topK(claimUnits.map((c) => claimSimilarity(units[q], c, simCtx).score), Math.max(depth, 5)));

  // The judge reranks the union of both shortlists (NLI only on those pairs).
  const judge = loadRelationsJudge(path.resolve(ctx.loaded.config.claims.judge));
  const shortlist = queries.map((_, q) => [...new Set([...bm25Rank[q].slice(0, depth), ...pairRank[q].slice(0, depth)])]);
  const pairs = shortlist.flatMap((list, q) => list.map((c) => [q, c] as const));
  const hub = await ctx.hub();
  const nliTexts: [string, string][] = pairs.flatMap(([q, c]) => [
    [units[q].sentence.text, claimUnits[c].sentence.text],
    [claimUnits[c].sentence.text, units[q].sentence.text],
  ]);
  const nli: NliResult[] = nliTexts.length ? await hub.nli(nliTexts) : [];
  const probability = new Map<string, number>();
  pairs.forEach(([q, c], i) => probability.set(`${q}:${c}`, judgeProbabilities(judge.model, pairFeatures(units[q], claimUnits[c], { ab: nli[2 * i], ba: nli[2 * i + 1] }, simCtx).values).same));
  const judgeRank = shortlist.map((list, q) => [...list].sort((x, y) => probability.get(`${q}:${y}`)! - probability.get(`${q}:${x}`)! || x - y));

  const result = (rankings: number[][]): RetrievalScore => ({ mapAt5: round(meanAveragePrecisionAt5(rankings, relevant)), hubTop1: hubTop1(rankings) });
  return { queries: queries.length, claims: claims.length, depth, bm25: result(bm25Rank), pairScore: result(pairRank), judge: result(judgeRank) };
}
