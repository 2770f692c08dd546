/**
 * Numeric comparison on the numeric-pairs set (../shared/eval/numeric-pairs, see its PROVENANCE and
 * GUIDE): the real pipeline runs ingest -> segment -> enrich on the set's articles, the events are
 * the set's own (given, not re-clustered), and the claims stage's numeric comparison runs on every
 * event three ways in the same run:
 * - the same-quantity judge, cross-validated: folds grouped by event (numericJudge.ts), each event's
 *   candidates scored by a model fit on the other events, thresholds chosen on those out-of-fold
 *   probabilities (the headline figures; the shipped judge is the same model fit on all events);
 * - the hand rules (the pipeline with `claims.numericJudge: ''`);
 * - the reference rule it replaced: same subject or counted noun, sentence similarity at least
 *   claims.numericContext, tolerance 0.05;
 * - a perfect identity judge (the reference for the verdict rules alone): exactly the figure pairs
 *   the annotator quoted are compared, so its figures measure the rules, not the judge.
 * Comparisons are mapped to the gold sentences by text and scored per sentence pair (gold labels
 * pairs of sentences):
 * - discrepancy and update precision / recall against the gold labels;
 * - false comparisons: compared sentence pairs that are not a gold pair (by the guide, not the same
 *   quantity), as a count and a share of all compared sentence pairs;
 * - right-verdict share: gold pairs compared with the gold verdict, over all gold pairs.
 * A sentence pair compared through several figures takes the most serious verdict
 * (discrepancy, then update, then consistent): that is what an editor would be shown.
 */
import type { NumericComparison } from '../records.js';
import type { Config } from '../config/schema.js';
import { compareEventFigures, type NumericOptions } from '../analysis/claims/numericPairs.js';
import { prf, round } from './metrics.js';
import type { EvalContext } from './context.js';
import { crossValidateJudge, DEFAULT_FOLDS, judgeRows, type JudgeRow } from './numericJudge.js';
import { SAME, VALUES_MEET } from '../analysis/claims/numericFeatures.js';
import { goldSentencesOf, givenEventUnits, pairKey, prepareNumericPairsRun, readNumericGold, type GivenEventUnits, type GoldLabel, type NumericGoldPair, type NumericGoldSentence } from './numericPairsSet.js';

export interface NumericPairsScore {
  /** Sentence pairs the method compared (after mapping to gold sentences). */
  comparedPairs: number;
  comparisons: number;
  discrepancy: { precision: number; recall: number; tp: number; fp: number; fn: number };
  update: { precision: number; recall: number; tp: number; fp: number; fn: number };
  falseComparisons: number;
  falseComparisonShare: number;
  /** Compared pairs whose sentences could not be mapped to gold sentences (counted as false). */
  unmappedPairs: number;
  goldPairsCompared: number;
  rightVerdict: number;
  rightVerdictShare: number;
  /** Gold updates the method called a discrepancy (must be 0). */
  updatesAsDiscrepancies: number;
}

/** A cross-validated operating point of the same-quantity judge. */
export interface JudgePoint {
  threshold: number;
  precision: number;
  recall: number;
  metTarget: boolean;
}

const point = (p: { threshold: number; precision: number; recall: number; metTarget: boolean }): JudgePoint => ({ threshold: round(p.threshold), precision: round(p.precision), recall: round(p.recall), metTarget: p.metTarget });

/**
 * How the judge ranks candidates whose values disagree (out-of-fold): how many same-quantity
 * pairs are among its 10, 20, 50 highest-scored. What limits discrepancy precision.
 */
export interface DisagreeingRanking {
  candidates: number;
  positives: number;
  top10: number;
  top20: number;
  top50: number;
}

export function disagreeingRanking(rows: readonly JudgeRow[], probability: ReadonlyMap<string, number>): DisagreeingRanking {
  const disagreeing = rows.filter((r) => !r.features[VALUES_MEET]).map((r) => ({ p: probability.get(r.key) ?? 0, same: r.label === SAME, key: r.key }));
  disagreeing.sort((x, y) => y.p - x.p || x.key.localeCompare(y.key));
  const top = (k: number) => disagreeing.slice(0, k).filter((r) => r.same).length;
  return { candidates: disagreeing.length, positives: disagreeing.filter((r) => r.same).length, top10: top(10), top20: top(20), top50: top(50) };
}

export interface NumericPairsEvalResult extends NumericPairsScore {
  dir: string;
  articles: number;
  events: number;
  goldSentences: number;
  goldPairs: Record<GoldLabel, number>;
  /** The cross-validated same-quantity judge behind the headline figures (folds grouped by event). */
  judge: { folds: number; rows: number; positives: number; groups: number; valuesMeet: JudgePoint; valuesDisagree: JudgePoint; disagreeingRanking: DisagreeingRanking };
  /** The hand rules from the guide (pipeline without a judge file), same run. */
  handRules: NumericPairsScore;
  /** The rule the pipeline used before (same category + sentence similarity), same run. */
  reference: NumericPairsScore;
  /** The verdict rules with a perfect identity judge: only the figure pairs labelled same are compared, same run. */
  perfectIdentity: NumericPairsScore;
}

const SEVERITY: Record<GoldLabel, number> = { consistent: 0, update: 1, discrepancy: 2 };

/** Scores comparisons (pipeline article ids already mapped to the set's ids by `setIdOf`). */
export function scoreNumericComparisons(
  comparisons: readonly NumericComparison[],
  setIdOf: (pipelineArticleId: string) => string | undefined,
  sentences: readonly NumericGoldSentence[],
  pairs: readonly NumericGoldPair[],
): NumericPairsScore {
  const byArticle = new Map<string, NumericGoldSentence[]>();
  for (const s of sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const gold = new Map(pairs.map((p) => [pairKey(p.a, p.b), p.label]));
  const predicted = new Map<string, GoldLabel>();
  let unmapped = 0;
  const mapSide = (ref: NumericComparison['a']) => {
    const id = setIdOf(ref.articleId);
    return id ? goldSentencesOf(ref.text, byArticle.get(id) ?? []) : [];
  };
  for (const c of comparisons) {
    const as = mapSide(c.a);
    const bs = mapSide(c.b);
    if (as.length === 0 || bs.length === 0) {
      const k = `unmapped:${c.a.sentenceId}|${c.b.sentenceId}`;
      if (!predicted.has(k)) unmapped++;
      predicted.set(k, c.verdict);
      continue;
    }
    // A pipeline sentence that spans two gold sentences: the gold pair if one is, else the first.
    const candidates = as.flatMap((a) => bs.map((b) => pairKey(a, b)));
    const k = candidates.find((x) => gold.has(x)) ?? candidates[0];
    const before = predicted.get(k);
    if (!before || SEVERITY[c.verdict] > SEVERITY[before]) predicted.set(k, c.verdict);
  }
  let falseComparisons = 0;
  let right = 0;
  let updatesAsDiscrepancies = 0;
  const counts = { discrepancy: { tp: 0, fp: 0 }, update: { tp: 0, fp: 0 } };
  for (const [k, verdict] of predicted) {
    const label = gold.get(k);
    if (!label) falseComparisons++;
    else if (label === verdict) right++;
    if (label === 'update' && verdict === 'discrepancy') updatesAsDiscrepancies++;
    if (verdict === 'discrepancy' || verdict === 'update') counts[verdict][label === verdict ? 'tp' : 'fp']++;
  }
  const total = (label: GoldLabel) => pairs.filter((p) => p.label === label).length;
  const pr = (label: 'discrepancy' | 'update') => {
    const { tp, fp } = counts[label];
    const s = prf(tp, fp, total(label) - tp);
    return { precision: round(s.precision), recall: round(s.recall), tp, fp, fn: s.fn };
  };
  return {
    comparedPairs: predicted.size,
    comparisons: comparisons.length,
    discrepancy: pr('discrepancy'),
    update: pr('update'),
    falseComparisons,
    falseComparisonShare: predicted.size ? round(falseComparisons / predicted.size) : 0,
    unmappedPairs: unmapped,
    goldPairsCompared: predicted.size - falseComparisons,
    rightVerdict: right,
    rightVerdictShare: pairs.length ? round(right / pairs.length) : 0,
    updatesAsDiscrepancies,
  };
}

/** Numeric comparisons of every given event under the configured settings, `overrides` applied. */
export function compareGivenEvents(given: GivenEventUnits, config: Config, overrides: Partial<NumericOptions>): NumericComparison[] {
  const { claims } = config;
  return given.events.flatMap(({ event, units }) =>
    compareEventFigures(event.id, units, given.ctx, {
      tolerance: claims.numericTolerance,
      aboutSlack: claims.aboutSlack,
      context: claims.numericContext,
      publishedOf: given.publishedOf,
      ...overrides,
    }),
  );
}

/** claims.numericTolerance before issue 13: the reference row runs the earlier rule with its setting. */
export const REFERENCE_TOLERANCE = 0.05;

export async function evalNumericPairs(ctx: EvalContext, dir: string, folds = DEFAULT_FOLDS): Promise<NumericPairsEvalResult> {
  const run = await prepareNumericPairsRun(ctx, dir);
  // --basil-events N (quick runs) keeps the first N events, their sentences and pairs.
  const kept = new Set(run.set.map((a) => a.eventId));
  const all = readNumericGold(dir);
  const gold = { sentences: all.sentences.filter((s) => kept.has(s.eventId)), pairs: all.pairs.filter((p) => kept.has(p.eventId)) };
  const given = givenEventUnits(run);
  const { rows, candidates } = judgeRows(given, run, gold.sentences, gold.pairs);
  const cv = crossValidateJudge(rows, candidates, folds, ctx.foldSalt);
  const score = (overrides: Partial<NumericOptions>) => scoreNumericComparisons(compareGivenEvents(given, run.config, overrides), run.setIdOf, gold.sentences, gold.pairs);
  const count = (label: GoldLabel) => gold.pairs.filter((p) => p.label === label).length;
  const op = cv.operatingPoint;
  const labelledSame = new Set(rows.filter((r) => r.label === SAME).map((r) => r.key));
  return {
    dir,
    articles: run.set.length,
    events: run.events.length,
    goldSentences: gold.sentences.length,
    goldPairs: { consistent: count('consistent'), discrepancy: count('discrepancy'), update: count('update') },
    ...score({ matching: 'judge', sameQuantity: (p) => cv.probability.get(p.key) ?? 0, sameQuantityThreshold: op.threshold, sameQuantityDisagreeingThreshold: cv.disagreeing.threshold }),
    judge: {
      folds: cv.folds,
      rows: cv.rows,
      positives: cv.positives,
      groups: cv.groups,
      valuesMeet: point(op),
      valuesDisagree: point(cv.disagreeing),
      disagreeingRanking: disagreeingRanking(rows, cv.probability),
    },
    handRules: score({ matching: 'identity' }),
    reference: score({ matching: 'similarity', tolerance: REFERENCE_TOLERANCE }),
    perfectIdentity: score({ matching: 'judge', sameQuantity: (p) => (labelledSame.has(p.key) ? 1 : 0), sameQuantityThreshold: 0.5, sameQuantityDisagreeingThreshold: 0.5 }),
  };
}
