/**
 * The claims of one range, event by event (issue #20, bounded memory): only one event's claim units,
 * candidates and scored pairs are alive at a time, beside what belongs to the whole range (its term
 * and entity weights, the embedding baseline of its claim sentences, the NLI results of its calls).
 *
 * The findings are those of prepareClaims + labelClaims over all the range's events at once
 * (byEvent.ts did that before), to the bit, and so are the NLI calls: the NLI model's outputs can
 * depend on which pairs share a batch (padding), so the calls keep their inputs and order. One call
 * per range with every event's kept candidates, then one with every event's omission checks, as
 * before. That is why an event is visited up to three times:
 *   1. its units and candidates, to collect the sentence pairs of the first call (texts only);
 *   2. after that call: units and candidates again, pair features, labels, figures, claim clusters and
 *      the omission plan; an event whose checks are all among its candidates is finished here, the
 *      others keep their findings and the judged P(same) of the checks already scored;
 *   3. after the checks' call: units again and the plan again, then its omissions.
 * Units and candidates are recomputed rather than kept: they are the memory this file bounds.
 *
 * Assumes the range's events share no article (the events stage gives a partition; byEvent.ts checks):
 * then a sentence pair belongs to one event, and the per-event bookkeeping below equals the range-wide
 * maps of labelClaims.
 */
import type { Config } from '../../config/schema.js';
import type { Article, ClaimFindings, Event, Sentence, VectorSource } from '../../records.js';
import { outletKey } from '../../records.js';
import { clusterableArticles } from '../corpus/clusterable.js';
import { buildClaimUnits, internClaimSentence, isClaimSentence, type ClaimUnit } from '../corpus/claimUnits.js';
import { corpusTermWeights } from '../corpus/profiles.js';
import { claimSimilarityContext, sampledEmbeddingBaseline } from '../corpus/statements.js';
import { rowIndex, tableOfIds, type RowLookup } from '../corpus/vectors.js';
import type { TermSource } from '../corpus/termSource.js';
import type { NliResult } from '../../models/hub.js';
import { yieldToSignals } from '../../runtime/yieldToSignals.js';
import {
  candidateOptions,
  eventFigures,
  judgedSame,
  labelEventMatches,
  nliTextsBothWays,
  pairKey,
  solidOmissionOptions,
  splitDropped,
  stanceMarker,
  type NliFunction,
} from './analyse.js';
import { claimCandidates } from './candidates.js';
import { pairFeatures } from './features.js';
import type { RelationsJudge } from './judge.js';
import type { NumericJudge } from './numericFeatures.js';
import { buildClaimClusters, planSolidOmissions } from './omissions.js';
import type { StanceLexicon } from './stance.js';

/** One event's findings and the counts that are facts about it (the per-event memo's value). */
export interface EventClaims extends ClaimFindings {
  counts: { units: number; scoredPairs: number; candidates: number; omissionChecks: number };
}

export interface RangeClaimsInput {
  /** The range's events to compute, in the order their findings are reported. */
  events: readonly Event[];
  /** The range's articles and their sentences, in the run's order (the weights and ids depend on it). */
  articles: readonly Article[];
  sentences: readonly Sentence[];
  /**
   * The sentence vectors, in memory or in the store: each visit to an event reads its own rows (a
   * few hundred), so the range's matrix is never held (with one range, the corpus's).
   */
  sentenceVectors: VectorSource | null;
  /** rowIndex(sentenceVectors), built once per run rather than once per range. */
  vectorRows: RowLookup;
}

/** A sentence pair of the omission checks' NLI call. */
interface CheckPair {
  key: string;
  a: ClaimUnit['sentence'];
  b: ClaimUnit['sentence'];
  /** Its place in the call. */
  index: number;
}

/** An event waiting for the checks' call: its findings so far and what its omissions need. */
interface PendingEvent {
  event: Event;
  claims: Omit<EventClaims, 'omissions'>;
  /** P(same) of the checks scored with the candidates. */
  probability: Map<string, number>;
  scoredLater: CheckPair[];
}

/**
 * Computes the claims of `input.events` and hands each event's findings to `done` as soon as they are
 * complete (not in event order). With the judge's path only: the previous rules ('rules') go through
 * prepareClaims as before.
 */
export async function claimsOfRange(
  input: RangeClaimsInput,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
  judge: RelationsJudge,
  numericJudge: NumericJudge | undefined,
  terms: TermSource,
  done: (event: Event, claims: EventClaims) => void,
): Promise<void> {
  const { claims } = config;
  const range = rangeContext(input, config, terms);
  const options = candidateOptions(claims, false);
  const omissionOptions = solidOmissionOptions(claims, judge);
  const candidatesOf = (units: ClaimUnit[]) => {
    const { candidates, scoredPairs } = claimCandidates(units, range.ctx, options);
    return { scoredPairs, ...splitDropped(candidates, range.ctx, judge) };
  };

  // 1. The first call's pairs: every event's kept candidates, in event order.
  const texts: [string, string][] = [];
  const keptPerEvent: number[] = [];
  for (const event of input.events) {
    await yieldToSignals();
    const { kept } = candidatesOf(range.unitsOf(event));
    for (const c of kept) texts.push([c.a.sentence.text, c.b.sentence.text]);
    keptPerEvent.push(kept.length);
  }
  const results: ({ ab: NliResult; ba: NliResult } | undefined)[] = await nliTextsBothWays(nli, texts);
  texts.length = 0;

  // 2. Labels, figures, clusters and omission plans, one event at a time.
  let next = 0;
  const scoredLater: CheckPair[] = [];
  const checkedLater: CheckPair[] = [];
  const pending: PendingEvent[] = [];
  for (const [e, event] of input.events.entries()) {
    await yieldToSignals();
    const eventUnits = range.unitsOf(event);
    const { kept, dropped, scoredPairs } = candidatesOf(eventUnits);
    if (kept.length !== keptPerEvent[e]) {
      throw new Error(`claims (src/analysis/claims/eventByEvent.ts): event ${event.id} gave ${kept.length} candidates on its second pass and ${keptPerEvent[e]} on its first; its units must be rebuilt alike on every pass.`);
    }
    const scored = kept.map((candidate) => {
      const r = results[next]!;
      results[next++] = undefined;
      return { candidate, nli: r, features: pairFeatures(candidate.a, candidate.b, r, range.ctx) };
    });
    const probability = new Map<string, number>();
    const claimMatches = labelEventMatches(event, scored, claims, stance, judge, stanceMarker(stance), probability);
    const numericComparisons = eventFigures(event, eventUnits, range.ctx, claims, numericJudge, range.publishedOf);
    const claimClusters = buildClaimClusters(event.id, claimMatches);
    const plan = planSolidOmissions(event, claimClusters, claimMatches, numericComparisons, eventUnits, range.outletOfArticle, omissionOptions);

    // The checks not among the scored candidates, as labelClaims sorts them: a dropped candidate
    // (scored before the other checks), else a pair never proposed.
    const droppedByKey = new Map(dropped.map((d) => [pairKey(d.a, d.b), d] as const));
    const late = new Map<string, CheckPair>();
    const needed = new Map<string, CheckPair>();
    const known = new Map<string, number>();
    for (const [u, c] of plan.checks) {
      const key = pairKey(u, c);
      const p = probability.get(key);
      if (p !== undefined) {
        known.set(key, p);
        continue;
      }
      if (late.has(key) || needed.has(key)) continue;
      const d = droppedByKey.get(key);
      if (d) late.set(key, { key, a: d.a.sentence, b: d.b.sentence, index: -1 });
      else needed.set(key, { key, a: u.sentence, b: c.sentence, index: -1 });
    }
    const own = {
      claimMatches,
      numericComparisons,
      claimClusters,
      counts: { units: eventUnits.length, scoredPairs, candidates: kept.length + dropped.length, omissionChecks: needed.size },
    };
    if (late.size === 0 && needed.size === 0) {
      done(event, withOmissions(own, plan.decide((u, c) => probability.get(pairKey(u, c)) ?? 0)));
      continue;
    }
    scoredLater.push(...late.values());
    checkedLater.push(...needed.values());
    pending.push({ event, claims: own, probability: known, scoredLater: [...late.values(), ...needed.values()] });
  }

  // 3. The checks' call (the dropped candidates first, then the other checks, as labelClaims makes it), then omissions.
  const later = [...scoredLater, ...checkedLater];
  later.forEach((pair, i) => (pair.index = i));
  const laterResults = await nliTextsBothWays(
    nli,
    later.map((p) => [p.a.text, p.b.text]),
  );
  later.length = scoredLater.length = checkedLater.length = 0;
  for (const { event, claims: own, probability, scoredLater: pairs } of pending) {
    await yieldToSignals();
    const eventUnits = range.unitsOf(event);
    const unitById = new Map(eventUnits.map((u) => [u.sentence.id, u]));
    for (const pair of pairs) probability.set(pair.key, judgedSame(judge, unitById.get(pair.a.id)!, unitById.get(pair.b.id)!, laterResults[pair.index], range.ctx));
    const plan = planSolidOmissions(event, own.claimClusters, own.claimMatches, own.numericComparisons, eventUnits, range.outletOfArticle, omissionOptions);
    done(event, withOmissions(own, plan.decide((u, c) => probability.get(pairKey(u, c)) ?? 0)));
  }
}

/** An event's findings with its fields in the order the whole-range path gives them (the memo stores the object). */
function withOmissions(own: Omit<EventClaims, 'omissions'>, omissions: EventClaims['omissions']): EventClaims {
  return { claimMatches: own.claimMatches, numericComparisons: own.numericComparisons, claimClusters: own.claimClusters, omissions, counts: own.counts };
}

/**
 * What the range's events share, computed once: the weights prepareClaims takes from
 * buildArticleProfiles (corpusTermWeights over the range's clusterable articles) and the similarity
 * context statementUnits builds (claimEmbeddingBaseline over the range's claim sentences, in sentence
 * order), without the article profiles or units themselves.
 */
function rangeContext(input: RangeClaimsInput, config: { claims: Config['claims']; events: Config['events'] }, terms: TermSource) {
  const { claims } = config;
  const articles = clusterableArticles(input.articles);
  const clusterable = new Map(articles.map((a) => [a.id, a]));
  const sentencesOf = new Map<string, Sentence[]>();
  for (const s of input.sentences) if (clusterable.has(s.articleId)) (sentencesOf.get(s.articleId) ?? sentencesOf.set(s.articleId, []).get(s.articleId)!).push(s);

  terms.prefetch(articles);
  const { weighTerm, weighEntity, pairKeyWeight } = corpusTermWeights(
    (function* () {
      for (const a of articles) yield terms.article(a);
    })(),
    (function* () {
      for (const a of articles) {
        const names = new Set<string>();
        for (const s of sentencesOf.get(a.id) ?? []) for (const entity of s.entities) if (entity.name.trim()) names.add(entity.name.trim());
        yield names;
      }
    })(),
    config.events.background,
    claims.minCorpusDocs,
  );

  // Claim sentences in the order buildClaimUnits meets them: their term ids first (see internClaimSentence),
  // then the sample of their vectors the baseline is the mean cosine of.
  const vectors = input.sentenceVectors;
  const withVector: number[] = [];
  for (const s of input.sentences) {
    if (!clusterable.has(s.articleId) || !isClaimSentence(s.text, claims.minWords)) continue;
    internClaimSentence(s, terms);
    const row = input.vectorRows.get(s.id);
    if (vectors && row !== undefined) withVector.push(row);
  }
  const ctx = claimSimilarityContext(claims, sampledEmbeddingBaseline(vectors ?? null, withVector), pairKeyWeight);

  const unitsOf = (event: Event): ClaimUnit[] => {
    const own = event.articleIds.filter((id) => clusterable.has(id));
    // The event's rows only, read on each visit (the units keep views of them).
    const eventVectors = vectors ? tableOfIds(vectors, own.flatMap((id) => (sentencesOf.get(id) ?? []).map((s) => s.id)), input.vectorRows) : null;
    const eventRows = eventVectors ? rowIndex(eventVectors) : new Map<string, number>();
    return own.flatMap((id) =>
      buildClaimUnits({ articles: [clusterable.get(id)!], sentences: sentencesOf.get(id) ?? [], sentenceVectors: eventVectors, vectorRows: eventRows, weighTerm, weighEntity, minWords: claims.minWords, terms }),
    );
  };
  return {
    ctx,
    unitsOf,
    outletOfArticle: new Map(articles.map((a) => [a.id, outletKey(a)])),
    publishedOf: new Map(articles.map((a) => [a.id, a.published])),
  };
}
