/**
 * Events -> claim matches, numeric comparisons, claim clusters and omissions. Pure apart from the
 * NLI function it is given (the model hub's in the pipeline, anything with the same shape in a
 * benchmark), which is called on candidate pairs (and the omission checks) only, in both directions.
 *
 * Two steps, so cross-validation can label held-out events with a judge fit on the others without
 * recomputing anything: prepareClaims (units, candidates, NLI, pair features) and labelClaims (the
 * relations judge, or the previous rules for the eval's reference row; contradiction evidence;
 * clusters, figures, omissions).
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { NliResult } from '../../models/hub.js';
import type { Analysis, Article, ClaimCluster, ClaimMatch, Enrichment, Event, NumericComparison, Sentence } from '../../records.js';
import { clusterableArticles } from '../corpus/clusterable.js';
import { outletKey } from '../../records.js';
import { buildArticleProfiles } from '../corpus/profiles.js';
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { statementUnits } from '../corpus/statements.js';
import { computedTerms, type TermSource } from '../corpus/termSource.js';
import { claimCandidates, type ClaimCandidate, type ClaimCandidateOptions } from './candidates.js';
import type { ClaimSimilarityContext } from '../corpus/claimSimilarity.js';
import { pairFeatures, type PairFeatures } from './features.js';
import { judgeProbabilities, type RelationsJudge } from './judge.js';
import { droppedWhateverNli, nliFeatureRanges, NO_NLI } from './nliBound.js';
import { changeOverTime, contradictionEvidence, pairNegation } from './contradiction.js';
import { refersToItself } from './selfReference.js';
import { negationMismatch, opposedStance, stanceMarks, type StanceLexicon, type StanceMark } from './stance.js';
import { labelRelation } from './relation.js';
import { compareEventFigures, sentenceRef } from './numericPairs.js';
import type { NumericJudge } from './numericFeatures.js';
import { buildClaimClusters, findOmissions, planSolidOmissions } from './omissions.js';
import { yieldToSignals } from '../../runtime/yieldToSignals.js';

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
  /** Event id -> omission checks scored for it (the pairs of `claims.omissionChecks`). */
  omissionChecksByEvent?: Map<string, number>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Everything the labelling needs, computed once: units, candidates, NLI and pair features. */
export interface PreparedClaims {
  ctx: ClaimSimilarityContext;
  units: ClaimUnit[];
  perEvent: { event: Event; eventUnits: ClaimUnit[]; candidates: ScoredCandidate[]; scoredPairs: number; droppedWithoutNli?: ClaimCandidate[] }[];
  outletOfArticle: Map<string, string>;
  /** Publication date per article id ('' when unknown): tells a later figure (an update) from a dispute. */
  publishedOf: Map<string, string>;
  counters: Record<string, number>;
}

export interface ScoredCandidate {
  candidate: ClaimCandidate;
  nli: { ab: NliResult; ba: NliResult };
  features: PairFeatures;
}

/** `rules`: the previous hand-set rules (kept for the eval's reference row). */
export type RelationDecider = RelationsJudge | 'rules';

/**
 * `dropFor`: the judge that will label the candidates; candidates it drops whatever the NLI says
 * (nliBound.ts) are then not sent to NLI and are kept apart as `droppedWithoutNli` (labelClaims
 * scores them only if an omission check needs them). Without it every candidate gets NLI and features
 * (cross-validation, training).
 */
export async function prepareClaims(
  input: ClaimsInput,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  rules = false,
  dropFor?: RelationsJudge,
  terms: TermSource = computedTerms,
): Promise<PreparedClaims> {
  const { claims } = config;
  const articles = clusterableArticles(input.articles);
  const corpus = buildArticleProfiles(articles, input.sentences, input.enrichment, config.events.background, new Set(), claims.minCorpusDocs, terms);
  const { units, unitsByArticle, ctx } = statementUnits(articles, input, corpus, claims.minWords, claims, terms);
  const outletOfArticle = new Map(articles.map((a) => [a.id, outletKey(a)]));
  const publishedOf = new Map(articles.map((a) => [a.id, a.published]));

  const counters: Record<string, number> = { 'claims.units': units.length, 'claims.scoredPairs': 0, 'claims.candidates': 0 };
  const raw: { event: Event; eventUnits: ClaimUnit[]; candidates: ClaimCandidate[]; scoredPairs: number }[] = [];
  for (const event of input.events) {
    await yieldToSignals();
    const eventUnits = event.articleIds.flatMap((id) => unitsByArticle.get(id) ?? []);
    const { candidates, scoredPairs } = claimCandidates(eventUnits, ctx, candidateOptions(claims, rules));
    counters['claims.scoredPairs'] += scoredPairs;
    counters['claims.candidates'] += candidates.length;
    raw.push({ event, eventUnits, candidates, scoredPairs });
  }
  const split = raw.map(({ candidates }) => splitDropped(candidates, ctx, dropFor));
  const all = split.flatMap(({ kept }) => kept);
  // NLI calls this preparation makes (both directions); a dropped candidate an omission check scores later is not counted.
  counters['claims.nliPairs'] = 2 * all.length;
  const results = await nliBothWays(nli, all.map((c) => [c.a, c.b]));
  let k = 0;
  const perEvent = raw.map(({ event, eventUnits, scoredPairs }, i) => ({
    event,
    eventUnits,
    scoredPairs,
    candidates: split[i].kept.map((candidate) => {
      const r = results[k++];
      return { candidate, nli: r, features: pairFeatures(candidate.a, candidate.b, r, ctx) };
    }),
    ...(dropFor ? { droppedWithoutNli: split[i].dropped } : {}),
  }));
  return { ctx, units, perEvent, outletOfArticle, publishedOf, counters };
}

/** The candidate settings of the judge's path, or of the previous rules. */
export function candidateOptions(claims: Config['claims'], rules: boolean): ClaimCandidateOptions {
  return {
    threshold: rules ? PREVIOUS_RULES.candidateThreshold : claims.candidateThreshold,
    perSentence: rules ? PREVIOUS_RULES.maxCandidatesPerSentence : claims.maxCandidatesPerSentence,
    embeddingNeighbours: rules ? 0 : claims.embeddingNeighbours,
    indexAbove: claims.indexAbove,
    maxPostings: claims.maxPostings,
  };
}

/** Candidates the judge drops whatever their NLI says, apart from the others (none without a judge). */
export function splitDropped(candidates: ClaimCandidate[], ctx: ClaimSimilarityContext, judge: RelationsJudge | undefined): { kept: ClaimCandidate[]; dropped: ClaimCandidate[] } {
  if (!judge || candidates.length === 0) return { kept: candidates, dropped: [] };
  const ranges = nliFeatureRanges((r) => pairFeatures(candidates[0].a, candidates[0].b, r, ctx).values);
  const kept: ClaimCandidate[] = [];
  const dropped: ClaimCandidate[] = [];
  for (const c of candidates) {
    const f = pairFeatures(c.a, c.b, NO_NLI, ctx);
    const decided = droppedWhateverNli(judge.model, f.values, ranges, judge.thresholds);
    (decided ? dropped : kept).push(c);
  }
  return { kept, dropped };
}

/** NLI in both directions (NLI is not symmetric) for unit pairs, in one call. */
function nliBothWays(nli: NliFunction, pairs: readonly (readonly [ClaimUnit, ClaimUnit])[]): Promise<{ ab: NliResult; ba: NliResult }[]> {
  return nliTextsBothWays(
    nli,
    pairs.map(([a, b]) => [a.sentence.text, b.sentence.text]),
  );
}

/** NLI in both directions for sentence text pairs, in one call: the call nliBothWays makes for the units of these texts. */
export async function nliTextsBothWays(nli: NliFunction, pairs: readonly (readonly [string, string])[]): Promise<{ ab: NliResult; ba: NliResult }[]> {
  const texts: [string, string][] = pairs.flatMap(([a, b]) => [
    [a, b],
    [b, a],
  ]);
  const results = texts.length > 0 ? await nli(texts) : [];
  if (results.length !== texts.length) {
    throw new Error(`claims: the NLI model returned ${results.length} results for ${texts.length} sentence pairs; expected one per pair.`);
  }
  return pairs.map((_, i) => ({ ab: results[2 * i], ba: results[2 * i + 1] }));
}

/** The previous rules' candidate settings (claims defaults before the learned judge). */
export const PREVIOUS_RULES = { candidateThreshold: 0.18, maxCandidatesPerSentence: 2 };

/**
 * Labels prepared candidates (agree / contradict / related, or dropped), builds claim clusters,
 * compares figures and finds omissions. `onlyEvents` restricts to some events (cross-validation).
 */
export async function labelClaims(
  prepared: PreparedClaims,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
  decider: RelationDecider,
  onlyEvents?: ReadonlySet<string>,
  numericJudge?: NumericJudge,
): Promise<ClaimsResult> {
  const { claims } = config;
  const { ctx } = prepared;
  const perEvent = onlyEvents ? prepared.perEvent.filter((e) => onlyEvents.has(e.event.id)) : prepared.perEvent;
  const counters: Record<string, number> = { ...prepared.counters };
  const marksOf = stanceMarker(stance);
  const claimMatches: ClaimMatch[] = [];
  const probability = new Map<string, number>();
  const omissionChecksByEvent = new Map<string, number>();
  for (const { event, candidates } of perEvent) claimMatches.push(...labelEventMatches(event, candidates, claims, stance, decider, marksOf, probability));

  const analysis: Analysis = { events: perEvent.map((e) => e.event), claimMatches, numericComparisons: [], claimClusters: [], omissions: [] };
  const solid: { event: Event; eventUnits: ClaimUnit[]; clusters: ClaimCluster[]; figures: NumericComparison[] }[] = [];
  // Grouped once: a filter of every match per event was events x matches.
  const matchesOfEvent = new Map<string, ClaimMatch[]>();
  for (const m of claimMatches) (matchesOfEvent.get(m.eventId) ?? matchesOfEvent.set(m.eventId, []).get(m.eventId)!).push(m);
  for (const { event, eventUnits } of perEvent) {
    await yieldToSignals();
    const figures = eventFigures(event, eventUnits, ctx, claims, numericJudge, prepared.publishedOf);
    analysis.numericComparisons.push(...figures);
    const clusters = buildClaimClusters(event.id, matchesOfEvent.get(event.id) ?? []);
    analysis.claimClusters.push(...clusters);
    if (decider === 'rules') {
      analysis.omissions.push(
        ...findOmissions(event, clusters, claimMatches, figures, eventUnits, prepared.outletOfArticle, ctx, {
          minOutlets: claims.omissionMinOutlets,
          coverage: claims.omissionCoverage,
        }),
      );
    } else solid.push({ event, eventUnits, clusters, figures });
  }
  if (decider !== 'rules') {
    const options = solidOmissionOptions(claims, decider);
    const plans = solid.map((s) => planSolidOmissions(s.event, s.clusters, matchesOfEvent.get(s.event.id) ?? [], s.figures, s.eventUnits, prepared.outletOfArticle, options));
    // Pairs the omission check needs that were not candidates: score them with the judge (one NLI call).
    const needed = new Map<string, [ClaimUnit, ClaimUnit]>();
    // Candidates dropped without NLI (prepareClaims) that a check needs: scored now, in the same call.
    const droppedCandidates = new Map<string, [ClaimUnit, ClaimUnit]>();
    for (const e of perEvent) for (const d of e.droppedWithoutNli ?? []) droppedCandidates.set(pairKey(d.a, d.b), [d.a, d.b]);
    const late = new Map<string, [ClaimUnit, ClaimUnit]>();
    plans.forEach((plan, i) => {
      for (const [u, c] of plan.checks) {
        const key = pairKey(u, c);
        if (probability.has(key) || needed.has(key) || late.has(key)) continue;
        if (droppedCandidates.has(key)) {
          late.set(key, droppedCandidates.get(key)!);
          continue;
        }
        needed.set(key, [u, c]);
        omissionChecksByEvent.set(solid[i].event.id, (omissionChecksByEvent.get(solid[i].event.id) ?? 0) + 1);
      }
    });
    const extra = [...needed.values()];
    const lateNli = await nliBothWays(nli, [...late.values(), ...extra]);
    [...late.values(), ...extra].forEach(([u, c], i) => probability.set(pairKey(u, c), judgedSame(decider, u, c, lateNli[i], ctx)));
    counters['claims.omissionChecks'] = extra.length;
    for (const plan of plans) analysis.omissions.push(...plan.decide((u, c) => probability.get(pairKey(u, c)) ?? 0));
  }
  for (const relation of ['agree', 'contradict', 'related'] as const) counters[`claims.${relation}`] = claimMatches.filter((m) => m.relation === relation).length;
  counters['claims.numericComparisons'] = analysis.numericComparisons.length;
  counters['claims.numericDiscrepancies'] = analysis.numericComparisons.filter((n) => n.verdict === 'discrepancy').length;
  counters['claims.clusters'] = analysis.claimClusters.length;
  counters['claims.omissions'] = analysis.omissions.length;
  return { analysis, counters, omissionChecksByEvent };
}

export const pairKey = (a: ClaimUnit, b: ClaimUnit) => (a.sentence.id < b.sentence.id ? `${a.sentence.id}\n${b.sentence.id}` : `${b.sentence.id}\n${a.sentence.id}`);

/** Stance marks of a unit's sentence, computed once per sentence id for the marker's lifetime. */
export function stanceMarker(stance: StanceLexicon): (u: ClaimUnit) => StanceMark[] {
  const marks = new Map<string, StanceMark[]>();
  return (u) => {
    let m = marks.get(u.sentence.id);
    if (!m) marks.set(u.sentence.id, (m = stanceMarks(u.sentence.text, u.sentence.entities, stance)));
    return m;
  };
}

/**
 * One event's claim matches from its scored candidates, in candidate order; with a judge, the P(same)
 * of every candidate (reported or not) goes into `probability` under pairKey, for the omission checks.
 */
export function labelEventMatches(
  event: Event,
  candidates: readonly ScoredCandidate[],
  claims: Config['claims'],
  stance: StanceLexicon,
  decider: RelationDecider,
  marksOf: (u: ClaimUnit) => StanceMark[],
  probability: Map<string, number>,
): ClaimMatch[] {
  const claimMatches: ClaimMatch[] = [];
  for (const { candidate, nli: r, features } of candidates) {
    const s = candidate.similarity;
    let relation: ClaimMatch['relation'];
    let reason: string;
    let confidence: number;
    if (decider === 'rules') {
      const verdict = labelRelation(candidate, r, opposedStance(marksOf(candidate.a), marksOf(candidate.b)), negationMismatch(candidate.a.sentence.text, candidate.b.sentence.text, stance), claims);
      ({ relation, reason } = verdict);
      confidence = s.score;
    } else {
      const p = judgeProbabilities(decider.model, features.values);
      confidence = p.same;
      probability.set(pairKey(candidate.a, candidate.b), p.same);
      // A sentence about the article itself ("This report was featured in the July 9 episode of ...") states
      // nothing of the event: no match, whatever the judge says (its P(same) still counts for coverage above).
      if (refersToItself(candidate.a.sentence.text) || refersToItself(candidate.b.sentence.text)) continue;
      const t = decider.thresholds;
      if (p.match < t.match && p.same < t.agree) continue;
      // Contradictions only on pairs the judge finds to be about the same thing.
      const negation = pairNegation(candidate.a, candidate.b, stance);
      const evidence = p.match >= t.about ? contradictionEvidence(candidate.a, candidate.b, { a: marksOf(candidate.a), b: marksOf(candidate.b) }, features, stance, negation) : null;
      if (evidence) {
        relation = 'contradict';
        reason = `${evidence}; judge P(same or related) ${fmt(p.match)}`;
      } else if (p.same >= t.agree) {
        // One says it is so and the other that it was not (or will be again): related, never the same claim.
        const change = changeOverTime(candidate.a, candidate.b, stance, negation);
        relation = change ? 'related' : 'agree';
        reason = change ? `${change}; judge P(same) ${fmt(p.same)}` : `judge P(same) ${fmt(p.same)} >= ${fmt(t.agree)} (${topSignals(features)})`;
      } else {
        relation = 'related';
        reason = `judge P(same) ${fmt(p.same)} < ${fmt(t.agree)}, P(same or related) ${fmt(p.match)}`;
      }
    }
    claimMatches.push({
      // Sentence ids only: a finding keeps its id (and its analyst verdict) when its event gains or loses an article.
      id: `cm-${hash(`${candidate.a.sentence.id}\n${candidate.b.sentence.id}`)}`,
      eventId: event.id,
      relation,
      similarity: round(s.score),
      cosine: round(s.cosine),
      lexical: round(s.lexical),
      nliEntailment: round(Math.max(r.ab.entailment, r.ba.entailment)),
      nliContradiction: round(Math.max(r.ab.contradiction, r.ba.contradiction)),
      reason,
      confidence: round(confidence),
      a: sentenceRef(candidate.a),
      b: sentenceRef(candidate.b),
    });
  }
  return claimMatches;
}

/** One event's numeric comparisons. */
export function eventFigures(event: Event, eventUnits: readonly ClaimUnit[], ctx: ClaimSimilarityContext, claims: Config['claims'], numericJudge: NumericJudge | undefined, publishedOf: ReadonlyMap<string, string>): NumericComparison[] {
  return compareEventFigures(event.id, eventUnits as ClaimUnit[], ctx, {
    tolerance: claims.numericTolerance,
    aboutSlack: claims.aboutSlack,
    context: claims.numericContext,
    judge: numericJudge,
    publishedOf: (id) => publishedOf.get(id) ?? '',
  });
}

export const solidOmissionOptions = (claims: Config['claims'], judge: RelationsJudge) => ({ minOutlets: claims.omissionMinOutlets, minCohesion: claims.omissionMinCohesion, thresholds: judge.thresholds });

/** The judge's P(same) of a pair scored by NLI after the candidates (an omission check). */
export const judgedSame = (judge: RelationsJudge, u: ClaimUnit, c: ClaimUnit, r: { ab: NliResult; ba: NliResult }, ctx: ClaimSimilarityContext) => judgeProbabilities(judge.model, pairFeatures(u, c, r, ctx).values).same;

const fmt = (x: number) => x.toFixed(2);

/** The strongest evidence behind an agree, for the reason column. */
function topSignals(features: PairFeatures): string {
  const f = features.named;
  const parts = [`terms ${fmt(f.tfidfCosine)}`, `entities ${fmt(f.entityOverlap)}`, `embedding ${fmt(f.embeddingCosine)}`];
  if (f.sharedQuote >= 0.6) parts.unshift(`shared quotation ${fmt(f.sharedQuote)}`);
  if (f.figureAgree > 0) parts.push('same figure');
  return parts.join(', ');
}

export async function analyseClaims(
  input: ClaimsInput,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
  decider: RelationDecider,
  numericJudge?: NumericJudge,
): Promise<ClaimsResult> {
  const prepared = await prepareClaims(input, config, nli, decider === 'rules');
  return labelClaims(prepared, config, nli, stance, decider, undefined, numericJudge);
}

function round(x: number): number {
  return Number(x.toFixed(4));
}
