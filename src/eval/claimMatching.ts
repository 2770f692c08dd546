/**
 * Claim matching on CLEF2020 CheckThat! pairs (and, scored on their own, the ClaimMatch 2025
 * pairs): the claims stage's sentence similarity (claimSimilarity with the configured weights)
 * decides "same claim" at claims.candidateThreshold, the score at which the pipeline makes a
 * pair a claim match. Units and weights are built the way analyseClaims builds them: terms
 * weighted by IDF over the set's texts with the events.background blend, entity IDF, figures,
 * the embedding lifted over the set's mean cosine, entityPrior x pairKeyWeight.
 * Each side of a pair is one unit (the segmenter's entities and figures of all its sentences):
 * both sides are claims by construction, so the stage's claim-sentence filter (statement
 * endings, minimum words), made for article bodies, is not applied.
 */
import path from 'node:path';
import type { Article, Sentence, VectorTable } from '../records.js';
import { buildArticleProfiles, specificNumberKey } from '../analysis/corpus/profiles.js';
import { statementContext } from '../analysis/corpus/statements.js';
import { claimSimilarity, type ClaimSimilarityContext } from '../analysis/corpus/claimSimilarity.js';
import type { ClaimUnit } from '../analysis/corpus/claimUnits.js';
import { termsOf } from '../analysis/corpus/terms.js';
import { loadAliasTable } from '../text/entityAliases.js';
import { segmentArticle } from '../text/segmentArticle.js';
import { normaliseModelText } from '../models/textKey.js';
import { readJsonl, num, str } from '../measure/jsonl.js';
import { bestThreshold, prfAtThreshold, round, type PRF } from './metrics.js';
import { roundPrf } from './numbers.js';
import { take, type EvalContext } from './context.js';

export interface ClaimPair {
  id: string;
  a: string;
  b: string;
  label: boolean;
  /** positive | bm25_hard | random (CLEF); '' when the set has no types. */
  pairType: string;
}

export interface ClaimSetResult {
  name: string;
  file: string;
  pairs: number;
  positives: number;
  configuredThreshold: number;
  atConfigured: PRF;
  best: PRF & { threshold: number };
  /** Share of BM25 hard negatives kept below the configured threshold (null when the set has none). */
  hardNegativeAccuracy: number | null;
}

export interface ClaimMatchingResult {
  weights: Record<string, number>;
  sets: ClaimSetResult[];
}

export function readClaimPairs(file: string, option: string): ClaimPair[] {
  return readJsonl(
    file,
    (r) => ({ id: str(r, 'id'), a: str(r, 'a'), b: str(r, 'b'), label: num(r, 'label') === 1, pairType: typeof r.pair_type === 'string' ? r.pair_type : '' }),
    option,
  );
}

function textArticle(id: string, text: string): Article {
  return {
    id, contentHash: '', sourceFile: 'claimmatch', format: 'jsonl', outlet: id, outletSource: 'record', outletEvidence: '',
    outletCountry: '', outletOwnership: '', url: '', published: '', publishedSource: 'unknown', publishedEvidence: '', title: '',
    text, words: text.split(' ').length, language: 'en', analysable: true, duplicateOf: '',
  };
}

/**
 * One claim unit per text, built the way the claims stage builds them (see the header), with the
 * similarity context of the whole set of texts.
 */
export async function buildTextUnits(ctx: EvalContext, texts: string[]): Promise<{ units: ClaimUnit[]; simCtx: ClaimSimilarityContext }> {
  const config = ctx.loaded.config;
  const aliases = loadAliasTable(path.resolve(config.segment.entityAliasesFile));
  const articles = texts.map((t, i) => textArticle(`t${i}`, t));
  // One sentence per text, carrying the entities and figures the segmenter finds in all of it.
  const sentences: Sentence[] = articles.map((article) => {
    const parts = segmentArticle(article, { aliases, minQuoteWords: config.segment.minQuoteWords });
    return {
      ...(parts[0] ?? { quotes: [], paragraph: 0 }),
      id: `${article.id}#0`, articleId: article.id, outlet: article.outlet, index: 0, text: article.text,
      quotes: parts.flatMap((p) => p.quotes), numbers: parts.flatMap((p) => p.numbers), entities: parts.flatMap((p) => p.entities), dates: parts.flatMap((p) => p.dates),
    } as Sentence;
  });
  const vectors = await (await ctx.hub()).embed(texts);
  const dim = vectors[0]?.length ?? 0;
  const data = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => data.set(v, i * dim));
  const table = (ids: string[]): VectorTable => ({ dim, ids, data });
  const corpus = buildArticleProfiles(articles, sentences, { articleVectors: table(articles.map((a) => a.id)) }, config.events.background);
  const units: ClaimUnit[] = sentences.map((sentence, i) => {
    const terms = new Map<string, number>();
    for (const term of termsOf(sentence.text)) if (!terms.has(term)) terms.set(term, corpus.weighTerm(term));
    const entities = new Map<string, number>();
    for (const e of sentence.entities) if (e.name.trim()) entities.set(e.name.trim(), corpus.weighEntity(e.name.trim()));
    const numbers = new Set(sentence.numbers.flatMap((q) => specificNumberKey(q) ?? []));
    return { sentence, outletKey: sentence.outlet, terms, entities, numbers, vector: vectors[i] };
  });
  return { units, simCtx: statementContext(units, config.claims, corpus.pairKeyWeight) };
}

/** Similarity score of every pair under the configured claim matcher. */
export async function scorePairs(ctx: EvalContext, pairs: ClaimPair[]): Promise<number[]> {
  const texts = [...new Set(pairs.flatMap((p) => [normaliseModelText(p.a), normaliseModelText(p.b)]))];
  const { units, simCtx } = await buildTextUnits(ctx, texts);
  const index = new Map(texts.map((t, i) => [t, i]));
  return pairs.map((p) => claimSimilarity(units[index.get(normaliseModelText(p.a))!], units[index.get(normaliseModelText(p.b))!], simCtx).score);
}

async function evalSet(ctx: EvalContext, name: string, file: string, option: string): Promise<ClaimSetResult> {
  const pairs = take(readClaimPairs(file, option), ctx.limit);
  const scores = await scorePairs(ctx, pairs);
  const gold = pairs.map((p) => p.label);
  const threshold = ctx.loaded.config.claims.candidateThreshold;
  const hard = pairs.map((p, i) => [p, scores[i]] as const).filter(([p]) => p.pairType === 'bm25_hard');
  const best = bestThreshold(scores, gold);
  return {
    name,
    file,
    pairs: pairs.length,
    positives: gold.filter(Boolean).length,
    configuredThreshold: threshold,
    atConfigured: roundPrf(prfAtThreshold(scores, gold, threshold)),
    best: { ...roundPrf(best), threshold: round(best.threshold) },
    hardNegativeAccuracy: hard.length ? round(hard.filter(([, s]) => s < threshold).length / hard.length) : null,
  };
}

export async function evalClaimMatching(ctx: EvalContext, clefFile: string, claimMatch2025File: string | null): Promise<ClaimMatchingResult> {
  const sets = [await evalSet(ctx, 'clef2020', clefFile, '--claims FILE')];
  if (claimMatch2025File) sets.push(await evalSet(ctx, 'claimmatch2025', claimMatch2025File, '--claims2025 FILE'));
  return { weights: { ...ctx.loaded.config.claims.weights }, sets };
}
