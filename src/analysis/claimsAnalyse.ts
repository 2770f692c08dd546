/**
 * Events -> claim matches, numeric comparisons, claim clusters and omissions. Pure apart from the
 * NLI function it is given (the model hub's in the pipeline, anything with the same shape in a
 * benchmark), which is called once, on candidate pairs only, in both directions.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { NliResult } from '../models/hub.js';
import type { Analysis, Article, ClaimMatch, Enrichment, Event, Sentence } from '../records.js';
import { clusterableArticles, outletKey } from './eventsOutlets.js';
import { buildArticleProfiles } from './eventsProfile.js';
import { buildClaimUnits, type ClaimUnit } from './claimsUnits.js';
import { clusterEvents, statementContext } from './eventsBuild.js';
import { claimCandidates, type ClaimCandidate } from './claimsCandidates.js';
import { negationMismatch, opposedStance, stanceMarks, type StanceLexicon, type StanceMark } from './claimsStance.js';
import { labelRelation } from './claimsRelation.js';
import { compareEventFigures, sentenceRef } from './numericPairs.js';
import type { NumericJudge } from './numericFeatures.js';
import { buildClaimClusters, findOmissions } from './omissionsFind.js';
import { yieldToSignals } from '../runtime/yieldToSignals.js';

export type NliFunction = (pairs: [string, string][]) => Promise<NliResult[]>;

export interface ClaimsInput {
  events: readonly Event[];
  articles: readonly Article[];
  sentences: readonly Sentence[];
  enrichment: Pick<Enrichment, 'articleVectors' | 'sentenceVectors'> | null;
}

export interface ClaimsResult {
  analysis: Analysis;
  counters: Record<string, number>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export async function analyseClaims(
  input: ClaimsInput,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
  numericJudge?: NumericJudge,
): Promise<ClaimsResult> {
  const { claims } = config;
  const articles = clusterableArticles(input.articles);
  const corpus = buildArticleProfiles(articles, input.sentences, input.enrichment, config.events.background, new Set(), claims.minCorpusDocs);
  const units = buildClaimUnits({
    articles,
    sentences: input.sentences,
    sentenceVectors: input.enrichment?.sentenceVectors ?? null,
    weighTerm: corpus.weighTerm,
    weighEntity: corpus.weighEntity,
    minWords: claims.minWords,
  });
  const ctx = statementContext(units, claims, claims.entityPrior * corpus.pairKeyWeight);
  const unitsByArticle = new Map<string, ClaimUnit[]>();
  for (const u of units) (unitsByArticle.get(u.sentence.articleId) ?? unitsByArticle.set(u.sentence.articleId, []).get(u.sentence.articleId)!).push(u);
  const outletOfArticle = new Map(articles.map((a) => [a.id, outletKey(a)]));
  const publishedOf = new Map(articles.map((a) => [a.id, a.published]));

  const counters: Record<string, number> = { 'claims.units': units.length, 'claims.scoredPairs': 0, 'claims.candidates': 0 };
  const perEvent: { event: Event; eventUnits: ClaimUnit[]; candidates: ClaimCandidate[] }[] = [];
  for (const event of input.events) {
    await yieldToSignals();
    const eventUnits = event.articleIds.flatMap((id) => unitsByArticle.get(id) ?? []);
    const { candidates, scoredPairs } = claimCandidates(eventUnits, ctx, {
      threshold: claims.candidateThreshold,
      perSentence: claims.maxCandidatesPerSentence,
      indexAbove: claims.indexAbove,
      maxPostings: claims.maxPostings,
    });
    counters['claims.scoredPairs'] += scoredPairs;
    counters['claims.candidates'] += candidates.length;
    perEvent.push({ event, eventUnits, candidates });
  }

  // One NLI call for every candidate of every event, both directions (NLI is not symmetric).
  const all: { event: Event; candidate: ClaimCandidate }[] = perEvent.flatMap(({ event, candidates }) => candidates.map((candidate) => ({ event, candidate })));
  const pairs: [string, string][] = all.flatMap(({ candidate: c }) => [
    [c.a.sentence.text, c.b.sentence.text],
    [c.b.sentence.text, c.a.sentence.text],
  ]);
  const results = pairs.length > 0 ? await nli(pairs) : [];
  if (results.length !== pairs.length) {
    throw new Error(`claims: the NLI model returned ${results.length} results for ${pairs.length} sentence pairs; expected one per pair.`);
  }
  counters['claims.nliPairs'] = pairs.length;

  const marks = new Map<string, StanceMark[]>();
  const marksOf = (u: ClaimUnit) => {
    let m = marks.get(u.sentence.id);
    if (!m) marks.set(u.sentence.id, (m = stanceMarks(u.sentence.text, u.sentence.entities, stance)));
    return m;
  };
  const claimMatches: ClaimMatch[] = all.map(({ event, candidate }, k) => {
    const verdict = labelRelation(
      candidate,
      { ab: results[2 * k], ba: results[2 * k + 1] },
      opposedStance(marksOf(candidate.a), marksOf(candidate.b)),
      negationMismatch(candidate.a.sentence.text, candidate.b.sentence.text, stance),
      claims,
    );
    const s = candidate.similarity;
    return {
      id: `cm-${hash(`${event.id}\n${candidate.a.sentence.id}\n${candidate.b.sentence.id}`)}`,
      eventId: event.id,
      relation: verdict.relation,
      similarity: round(s.score),
      cosine: round(s.cosine),
      lexical: round(s.lexical),
      nliEntailment: round(verdict.entailment),
      nliContradiction: round(verdict.contradiction),
      reason: verdict.reason,
      a: sentenceRef(candidate.a),
      b: sentenceRef(candidate.b),
    };
  });

  const analysis: Analysis = { events: [...input.events], claimMatches, numericComparisons: [], claimClusters: [], omissions: [] };
  for (const { event, eventUnits } of perEvent) {
    await yieldToSignals();
    const figures = compareEventFigures(event.id, eventUnits, ctx, {
      tolerance: claims.numericTolerance,
      aboutSlack: claims.aboutSlack,
      context: claims.numericContext,
      judge: numericJudge,
      publishedOf: (id) => publishedOf.get(id) ?? '',
    });
    analysis.numericComparisons.push(...figures);
    const clusters = buildClaimClusters(event.id, claimMatches.filter((m) => m.eventId === event.id));
    analysis.claimClusters.push(...clusters);
    analysis.omissions.push(
      ...findOmissions(event, clusters, claimMatches, figures, eventUnits, outletOfArticle, ctx, {
        minOutlets: claims.omissionMinOutlets,
        coverage: claims.omissionCoverage,
      }),
    );
  }
  for (const relation of ['agree', 'contradict', 'related'] as const) counters[`claims.${relation}`] = claimMatches.filter((m) => m.relation === relation).length;
  counters['claims.numericComparisons'] = analysis.numericComparisons.length;
  counters['claims.numericDiscrepancies'] = analysis.numericComparisons.filter((n) => n.verdict === 'discrepancy').length;
  counters['claims.clusters'] = analysis.claimClusters.length;
  counters['claims.omissions'] = analysis.omissions.length;
  return { analysis, counters };
}

function round(x: number): number {
  return Number(x.toFixed(4));
}

/**
 * events + claims in one call, for benchmarks and embedding crossframe elsewhere: the same pure
 * functions the two stages run, on records already segmented and enriched.
 */
export async function runCrossOutletAnalysis(
  input: Omit<ClaimsInput, 'events'>,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
): Promise<ClaimsResult> {
  const clustering = clusterEvents(input, config.events, config.claims);
  const result = await analyseClaims({ ...input, events: clustering.events }, config, nli, stance);
  for (const [key, value] of Object.entries(clustering.counters)) result.counters[`events.${key}`] = value;
  return result;
}
