/**
 * Which figures in one event are about the same quantity, and how they compare.
 *
 * Candidates: every pair of figures from different outlets whose quantity identities agree on
 * the role (count, money, percent, duration, age, magnitude, tally; years, ranks, vague amounts
 * and bare "one" never pair; see quantityIdentity.ts). Which candidates state the same quantity:
 * - 'judge' (the pipeline's, config claims.numericJudge): a fitted logistic judge over the
 *   evidence in numericFeatures.ts, at the probability threshold chosen on cross-validated
 *   predictions (`crossframe train numeric-pairs`);
 * - 'identity' (no judge file): hand rules from the labelling guide: same counted thing,
 *   increment / rate / owner agree, shared words around the figures, and either sentence
 *   evidence at least `numericContext` or values that meet;
 * - 'similarity' (the rule before, kept as the eval's reference row): same subject or counted
 *   noun and sentence similarity at least `numericContext`, mutual best per outlet.
 * Within one pair of sentences each figure keeps its best counterpart only, so "the 76-year-old
 * Pelosi" is not set against "a 43-year-old congressman" beside the matching age.
 *
 * Verdict: consistent when the wordings allow a common value (within `tolerance`; each figure read
 * by numericFeatures.ts `compareFigures`: hedges the number reader leaves out, the article's own
 * qualified restatement, a percentage cut against the share that remains); otherwise an update
 * when the figures sit at different moments (a running tally "so far" / "by Saturday" / "the 14th
 * day" in articles published on different dates or in an undated article, or different days named
 * beside such a tally), else a discrepancy.
 */
import { createHash } from 'node:crypto';
import type { NumericComparison, NumericVerdict, Quantity, SentenceRef } from '../../records.js';
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { claimSimilarity, type ClaimSimilarity, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';
import { compareQuantities } from './numericCompare.js';
import { quantityCategory } from '../corpus/claimUnits.js';
import { describeIdentity, quantityName, identityConflict, isComparableFigure, neverSameQuantity, quantityIdentity, type QuantityIdentity } from './quantityIdentity.js';
import { clauseOverlap, compareFigures, contextFit, figureKey, judgeProbability, pairFeatures, valuesMeet, VALUES_MEET, type Figure, type FigurePair, type NumericJudge } from './numericFeatures.js';

export type NumericMatching = 'judge' | 'identity' | 'similarity';

export interface NumericOptions {
  tolerance: number;
  aboutSlack: number;
  /** Minimum claim similarity of the two sentences. */
  context: number;
  /** Default: 'judge' when a judge is given, else 'identity'. */
  matching?: NumericMatching;
  judge?: NumericJudge;
  /** Probability that a candidate is the same quantity, overriding the judge (cross-validation), and its threshold. */
  sameQuantity?: (pair: FigurePair) => number;
  sameQuantityThreshold?: number;
  sameQuantityDisagreeingThreshold?: number;
  /** Publication date of an article ('' when unknown): a later article can carry an update. */
  publishedOf?: (articleId: string) => string;
}

export function sentenceRef(unit: ClaimUnit): SentenceRef {
  return { sentenceId: unit.sentence.id, articleId: unit.sentence.articleId, outlet: unit.outletKey, text: unit.sentence.text };
}

function figuresOf(units: readonly ClaimUnit[], matching: NumericMatching): Figure[] {
  const figures: Figure[] = [];
  for (const unit of units) {
    const seen = new Map<string, number>();
    unit.sentence.numbers.forEach((quantity, position) => {
      const occurrence = seen.get(quantity.text) ?? 0;
      seen.set(quantity.text, occurrence + 1);
      if (!Number.isFinite(quantity.value)) return;
      const identity = quantityIdentity(unit.sentence.text, quantity, occurrence, unit.sentence.entities);
      if (matching !== 'similarity' && !isComparableFigure(quantity, identity)) return;
      figures.push({ unit, quantity, category: quantityCategory(quantity), identity, order: [unit.sentence.id, position] });
    });
  }
  if (matching !== 'similarity') noteRestatements(figures);
  return figures;
}

const QUALIFIED = new Set<Quantity['qualifier']>(['at-least', 'at-most', 'about']);

/**
 * A bare figure its own article states elsewhere with a qualifier, same role, unit and value ("$5
 * billion" beside "more than $5 billion"): the writer's shorthand, read with that qualifier.
 */
function noteRestatements(figures: Figure[]): void {
  const byArticle = new Map<string, Figure[]>();
  for (const f of figures) (byArticle.get(f.unit.sentence.articleId) ?? byArticle.set(f.unit.sentence.articleId, []).get(f.unit.sentence.articleId)!).push(f);
  for (const list of byArticle.values()) {
    for (const f of list) {
      if (f.quantity.qualifier !== 'exact' || f.identity.hedge) continue;
      const qualified = list.find((g) => g !== f && QUALIFIED.has(g.quantity.qualifier) && g.identity.role === f.identity.role && g.quantity.unit === f.quantity.unit && g.quantity.value === f.quantity.value && g.identity.scale === f.identity.scale);
      if (qualified) f.restated = qualified.quantity;
    }
  }
}

const compareOrder = (x: Figure, y: Figure) => x.order[0].localeCompare(y.order[0]) || x.order[1] - y.order[1];

/** Cross-outlet figure pairs of one event with the same role, first figure first, with their evidence. */
export function figurePairCandidates(units: readonly ClaimUnit[], ctx: ClaimSimilarityContext, options: Pick<NumericOptions, 'tolerance' | 'aboutSlack'>, matching: NumericMatching = 'judge'): FigurePair[] {
  const figures = figuresOf(units, matching).sort(compareOrder);
  const similarities = new Map<ClaimUnit, Map<ClaimUnit, ReturnType<typeof claimSimilarity>>>();
  const similarityOf = (x: ClaimUnit, y: ClaimUnit) => {
    const row = similarities.get(x) ?? similarities.set(x, new Map()).get(x)!;
    let s = row.get(y);
    if (!s) row.set(y, (s = claimSimilarity(x, y, ctx)));
    return s;
  };
  const found: { a: Figure; b: Figure; similarity: ClaimSimilarity; overlap: number; fit: number; meets: boolean }[] = [];
  // Best context fit of each figure per other outlet (figure -> outlet -> fit), over all its
  // counterparts and over those whose values it meets.
  const bestFit = new Map<Figure, Map<string, number>>();
  const bestMeetingFit = new Map<Figure, Map<string, number>>();
  // Every fit of each figure per other outlet, for the margin over its next-best counterpart.
  const allFits = new Map<Figure, Map<string, number[]>>();
  const note = (f: Figure, outlet: string, fit: number) => {
    const row = allFits.get(f) ?? allFits.set(f, new Map()).get(f)!;
    (row.get(outlet) ?? row.set(outlet, []).get(outlet)!).push(fit);
  };
  const offer = (into: Map<Figure, Map<string, number>>, f: Figure, outlet: string, fit: number) => {
    const row = into.get(f) ?? into.set(f, new Map()).get(f)!;
    if (fit > (row.get(outlet) ?? -Infinity)) row.set(outlet, fit);
  };
  for (let i = 0; i < figures.length; i++) {
    for (let j = i + 1; j < figures.length; j++) {
      const [a, b] = [figures[i], figures[j]];
      if (a.unit.outletKey === b.unit.outletKey) continue;
      if (matching !== 'similarity' && (a.identity.role !== b.identity.role || neverSameQuantity(a.identity, b.identity))) continue;
      const similarity = similarityOf(a.unit, b.unit);
      const overlap = clauseOverlap(a, b);
      const fit = contextFit(a, b, similarity, overlap);
      const meets = valuesMeet(a, b, options.tolerance, options.aboutSlack);
      for (const into of meets ? [bestFit, bestMeetingFit] : [bestFit]) {
        offer(into, a, b.unit.outletKey, fit);
        offer(into, b, a.unit.outletKey, fit);
      }
      note(a, b.unit.outletKey, fit);
      note(b, a.unit.outletKey, fit);
      found.push({ a, b, similarity, overlap, fit, meets });
    }
  }
  return found.map(({ a, b, similarity, overlap, fit, meets }) => {
    const best = (fit >= bestFit.get(a)!.get(b.unit.outletKey)! ? 1 : 0) + (fit >= bestFit.get(b)!.get(a.unit.outletKey)! ? 1 : 0);
    const rivalFit = Math.max(bestMeetingFit.get(a)?.get(b.unit.outletKey) ?? -Infinity, bestMeetingFit.get(b)?.get(a.unit.outletKey) ?? -Infinity);
    const rival = !meets && rivalFit >= fit;
    // How far this pair fits better than each figure's next-best counterpart in the other outlet (one clear match, or one of many alike).
    const margin = (f: Figure, outlet: string) => {
      const others = [...(allFits.get(f)?.get(outlet) ?? [])].sort((x, y) => y - x);
      const next = others[0] === fit ? (others[1] ?? 0) : others[0];
      return fit - next;
    };
    const fitMargin = Math.max(-1, Math.min(1, Math.min(margin(a, b.unit.outletKey), margin(b, a.unit.outletKey))));
    return { a, b, key: figureKey(a, b), similarity, clauseOverlap: overlap, features: pairFeatures(a, b, similarity, overlap, options.tolerance, options.aboutSlack, best, rival, fitMargin) };
  });
}

/** The hand rules (see the module comment): a score, or undefined when not the same quantity. */
function identityScore(p: FigurePair, options: NumericOptions): number | undefined {
  if (identityConflict(p.a.identity, p.b.identity) || p.clauseOverlap === 0) return undefined;
  const score = (p.clauseOverlap + p.similarity.score) / 2;
  return score >= options.context || valuesMeet(p.a, p.b, options.tolerance, options.aboutSlack) ? score : undefined;
}

/** Mutual best per outlet among scored pairs (the earlier rule). */
function mutualBest(scored: { pair: FigurePair; score: number }[]): { pair: FigurePair; score: number }[] {
  const best = new Map<Figure, Map<string, { pair: FigurePair; score: number }>>();
  const offer = (f: Figure, other: Figure, s: { pair: FigurePair; score: number }) => {
    const row = best.get(f) ?? best.set(f, new Map()).get(f)!;
    const current = row.get(other.unit.outletKey);
    if (!current || s.score > current.score) row.set(other.unit.outletKey, s);
  };
  for (const s of scored) {
    offer(s.pair.a, s.pair.b, s);
    offer(s.pair.b, s.pair.a, s);
  }
  return scored.filter((s) => best.get(s.pair.a)?.get(s.pair.b.unit.outletKey) === s && best.get(s.pair.b)?.get(s.pair.a.unit.outletKey) === s);
}

/** Within each pair of sentences, each figure keeps its best counterpart only (greedy by score). */
function oneToOnePerSentencePair(scored: { pair: FigurePair; score: number }[]): { pair: FigurePair; score: number }[] {
  const taken = new Set<string>();
  const kept: { pair: FigurePair; score: number }[] = [];
  const figureId = (f: Figure, other: Figure) => JSON.stringify([f.order, other.unit.sentence.id]);
  for (const s of [...scored].sort((x, y) => y.score - x.score || x.pair.key.localeCompare(y.pair.key))) {
    const ka = figureId(s.pair.a, s.pair.b);
    const kb = figureId(s.pair.b, s.pair.a);
    if (taken.has(ka) || taken.has(kb)) continue;
    taken.add(ka).add(kb);
    kept.push(s);
  }
  return kept;
}

export function compareEventFigures(eventId: string, units: readonly ClaimUnit[], ctx: ClaimSimilarityContext, options: NumericOptions): NumericComparison[] {
  const matching = options.matching ?? (options.judge || options.sameQuantity ? 'judge' : 'identity');
  const candidates = figurePairCandidates(units, ctx, options, matching);
  let kept: { pair: FigurePair; score: number }[];
  if (matching === 'similarity') {
    const scored = candidates
      .filter((p) => p.a.category && p.a.category === p.b.category && p.a.quantity.kind === p.b.quantity.kind && p.similarity.score >= options.context)
      .map((pair) => ({ pair, score: pair.similarity.score }));
    kept = mutualBest(scored);
  } else if (matching === 'judge') {
    const probability = options.sameQuantity ?? ((p: FigurePair) => (options.judge ? judgeProbability(options.judge, p.features) : 0));
    const meets = options.sameQuantityThreshold ?? options.judge?.threshold ?? 0.5;
    const disagrees = options.sameQuantityDisagreeingThreshold ?? options.judge?.disagreeingThreshold ?? meets;
    const scored = candidates
      .map((pair) => ({ pair, score: probability(pair) }))
      .filter((s) => s.score >= (s.pair.features[VALUES_MEET] ? meets : disagrees));
    kept = oneToOnePerSentencePair(scored);
  } else {
    const scored = candidates.flatMap((pair) => {
      const score = identityScore(pair, options);
      return score === undefined ? [] : [{ pair, score }];
    });
    kept = oneToOnePerSentencePair(scored);
  }
  return kept
    .map(({ pair, score }) => comparison(eventId, pair, score, options, matching))
    .sort((x, y) => x.a.sentenceId.localeCompare(y.a.sentenceId) || x.b.sentenceId.localeCompare(y.b.sentenceId) || x.id.localeCompare(y.id));
}

const RUNNING = (moment: string) => moment === 'so-far' || moment === 'elapsed' || moment.startsWith('by:');
const DAY = (moment: string) => moment.startsWith('on:') || moment.startsWith('by:');

/** Why two differing figures are an update (different moments), or '' when nothing says so. */
export function updateReason(a: QuantityIdentity, b: QuantityIdentity, publishedA: string, publishedB: string): string {
  const running = [...new Set([...a.moments, ...b.moments].filter(RUNNING))];
  if (running.length === 0) return '';
  if (publishedA && publishedB && publishedA !== publishedB) return `update: ${running.join(', ')}; published ${publishedA} / ${publishedB}`;
  // A running tally in an article with no date cannot be placed against the other: not a dispute.
  if (!publishedA || !publishedB) return `update: ${running.join(', ')}; published ${publishedA || 'undated'} / ${publishedB || 'undated'}`;
  const daysA = [...new Set(a.moments.filter(DAY).map((m) => m.slice(3)))];
  const daysB = [...new Set(b.moments.filter(DAY).map((m) => m.slice(3)))];
  if (daysA.length && daysB.length && !daysA.some((d) => daysB.includes(d))) return `update: ${running.join(', ')}; ${daysA.join('/')} vs ${daysB.join('/')}`;
  return '';
}

function comparison(eventId: string, pair: FigurePair, score: number, options: NumericOptions, matching: NumericMatching): NumericComparison {
  const { a: first, b: second } = pair;
  const reference = matching === 'similarity';
  const result = reference
    ? { ...compareQuantities(first.quantity, second.quantity, options.tolerance, options.aboutSlack), note: '' }
    : compareFigures(first, second, options.tolerance, options.aboutSlack);
  const publishedA = options.publishedOf?.(first.unit.sentence.articleId) ?? '';
  const publishedB = options.publishedOf?.(second.unit.sentence.articleId) ?? '';
  let verdict: NumericVerdict = result.verdict;
  let reason = result.verdict === 'consistent' ? 'the wordings allow a common value' : `the wordings allow no common value (gap ${result.relativeGap.toFixed(4)})`;
  if (result.note) reason += `; ${result.note}`;
  if (!reference && verdict === 'discrepancy') {
    const update = updateReason(first.identity, second.identity, publishedA, publishedB);
    if (update) [verdict, reason] = ['update', update];
  }
  return {
    // Figures by sentence id and position only: the id survives a change of the event around them.
    id: `num-${createHash('sha256').update(pair.key).digest('hex').slice(0, 12)}`,
    eventId,
    quantity: reference ? first.category : quantityName(first.identity),
    a: { ...sentenceRef(first.unit), number: first.quantity },
    b: { ...sentenceRef(second.unit), number: second.quantity },
    relativeGap: Number(result.relativeGap.toFixed(4)),
    verdict,
    quantityA: describeIdentity(first.identity),
    quantityB: describeIdentity(second.identity),
    publishedA,
    publishedB,
    confidence: Number(Math.min(1, score).toFixed(4)),
    reason,
  };
}
