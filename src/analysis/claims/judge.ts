/**
 * The relations judge: a logistic regression (src/learn) over the pair features of claims/features.ts
 * that gives P(same), P(related) and P(unrelated) for a candidate pair, with the operating points
 * chosen on cross-validated (grouped by event) predictions and stored in the judge file
 * (config/models/relations.json):
 *
 * - agree:   P(same) at or above it is `agree` (chosen for precision >= AGREE_PRECISION);
 * - match:   P(same) + P(related) at or above it is kept as `related` (precision >= MATCH_PRECISION
 *            for "any match"); below it the candidate is not reported;
 * - about:   P(same) + P(related) at or above it: the pair is about the same thing (precision >=
 *            ABOUT_PRECISION for "any match"); contradiction evidence is looked for only there;
 * - fact:    an agree link strong enough to build an omission fact (precision >= FACT_PRECISION, never
 *            below the agree point);
 * - covered: P(same) at or above which an outlet's best sentence counts as reporting a fact (the
 *            score 80% of gold `same` pairs reach: an outlet whose best sentence is that close is taken
 *            to report the fact, so omissions are raised only when it is clearly absent).
 *
 * Example:
 *   const rows = ...; // { group: eventId, features, label: 'same' | 'related' | 'unrelated' }
 *   const { judge } = fitRelationsJudge(rows, 5, report);
 *   judgeProbabilities(judge, features).same
 */
import { fitLogistic, predictProba, type LogisticModel } from '../../learn/logisticRegression.js';
import { crossValidate } from '../../learn/groupedFolds.js';
import { thresholdForPrecision, thresholdForPrecisionOverItems, type OperatingPoint } from '../../learn/thresholds.js';
import type { JudgeFile, TrainingReport } from '../../learn/modelFile.js';
import { readJudge, staleJudge } from '../../config/judgeFile.js';
import { RELATION_FEATURES } from './features.js';

export const RELATIONS_JUDGE_KIND = 'claim-relations';
/** Bump when RELATION_FEATURES or their meaning change. */
export const RELATIONS_JUDGE_VERSION = 3;
export const RELATION_CLASSES = ['unrelated', 'related', 'same'] as const;
export type RelationClass = (typeof RELATION_CLASSES)[number];

/** The bar for agree (0.8 before: it cost recall below the asked-for precision; see README). */
export const AGREE_PRECISION = 0.75;
export const MATCH_PRECISION = 0.7;
export const FACT_PRECISION = 0.9;
export const ABOUT_PRECISION = 0.9;
export const COVERED_RECALL = 0.8;

export interface RelationThresholds extends Record<string, number> {
  agree: number;
  match: number;
  about: number;
  fact: number;
  covered: number;
}

export type RelationsJudge = JudgeFile<typeof RELATIONS_JUDGE_KIND> & { thresholds: RelationThresholds };

export interface RelationRow {
  /** Event id: folds never split an event. */
  group: string;
  features: number[];
  label: RelationClass;
  /**
   * The labelled sentence pairs this candidate stands for, when known (the segmenter may join two
   * labelled sentences into one, or split one): the agree point's precision is then counted over
   * these pairs, each once, as an analyst reading the labels (and the eval) counts it.
   */
  labelledPairs?: { key: string; same: boolean }[];
}

export function loadRelationsJudge(file: string): RelationsJudge {
  const judge = readJudge(file, RELATIONS_JUDGE_KIND, RELATIONS_JUDGE_VERSION, 'claims.judge') as RelationsJudge;
  const names = judge.model.featureNames.join(',');
  if (names !== RELATION_FEATURES.join(',')) {
    throw staleJudge(file, 'claims.judge', `the judge was fit on features (${names}), this crossframe computes (${RELATION_FEATURES.join(',')})`, 'rebuild it with `crossframe train relations`');
  }
  for (const key of ['agree', 'match', 'about', 'fact', 'covered'] as const) {
    if (typeof judge.thresholds[key] !== 'number') throw staleJudge(file, 'claims.judge', `thresholds.${key} is missing`, 'rebuild it with `crossframe train relations`');
  }
  return judge;
}

export function judgeProbabilities(model: LogisticModel, features: readonly number[]): { same: number; match: number } {
  const p = predictProba(model, features);
  const same = p[model.classes.indexOf('same')];
  const related = p[model.classes.indexOf('related')];
  return { same, match: same + related };
}

export function fitRelationModel(rows: readonly RelationRow[]): LogisticModel {
  return fitLogistic(
    rows.map((r) => r.features),
    rows.map((r) => r.label),
    { classes: [...RELATION_CLASSES], featureNames: [...RELATION_FEATURES], l2: 1e-3, iterations: 800, learningRate: 0.05 },
  );
}

/** The score that `share` of the positives reach (a recall-first cut), from cross-validated scores. */
function thresholdForRecall(scores: readonly number[], gold: readonly boolean[], share: number): number {
  const positives = scores.filter((_, i) => gold[i]).sort((a, b) => b - a);
  if (positives.length === 0) return 1;
  return positives[Math.min(positives.length - 1, Math.floor(share * positives.length))];
}

/**
 * The agree operating point counted over labelled pairs instead of candidate rows: a candidate whose
 * sentence joins a `same` and an `unrelated` labelled sentence is one right and one wrong agree, and a
 * labelled pair reached by two candidates counts once. Counted over rows, the point chosen on the
 * inner folds landed 0.05 below its precision target on held-out events (0.69-0.70 for 0.75, README),
 * most of it from these joined sentences; rows without labelled pairs count as one pair each.
 */
export function agreePointOverPairs(scores: readonly number[], rows: readonly RelationRow[], target: number, minPositives = 5): OperatingPoint {
  const pairsOf = (i: number) => (rows[i].labelledPairs ?? [{ key: `row:${i}`, same: rows[i].label === 'same' }]).map((p) => ({ key: p.key, positive: p.same }));
  return thresholdForPrecisionOverItems(scores, pairsOf, target, minPositives);
}

export interface FittedRelations {
  judge: RelationsJudge;
  /** Out-of-fold P(same) and P(match) per row. */
  outOfFold: { same: number; match: number }[];
  crossValidated: Record<string, number | Record<string, number>>;
}

/**
 * Fits on all rows; thresholds and reported figures come from grouped cross-validation over the
 * same rows (never the in-sample fit). `report` fills in the data identity.
 */
export function fitRelationsJudge(
  rows: readonly RelationRow[],
  folds: number,
  report: Omit<TrainingReport, 'rows' | 'groups' | 'folds' | 'crossValidated'>,
  foldSalt = '',
): FittedRelations {
  const cv = crossValidate(rows, folds, (train) => fitRelationModel(train), (model, row) => judgeProbabilities(model, row.features), foldSalt);
  const same = cv.predictions.map((p) => p.same);
  const match = cv.predictions.map((p) => p.match);
  const isSame = rows.map((r) => r.label === 'same');
  const isMatch = rows.map((r) => r.label !== 'unrelated');
  const agree = agreePointOverPairs(same, rows, AGREE_PRECISION);
  const matchPoint = thresholdForPrecision(match, isMatch, MATCH_PRECISION);
  const fact = thresholdForPrecision(same, isSame, FACT_PRECISION);
  const about = thresholdForPrecision(match, isMatch, ABOUT_PRECISION);
  const covered = Math.min(agree.threshold, thresholdForRecall(same, isSame, COVERED_RECALL));
  const thresholds: RelationThresholds = { agree: agree.threshold, match: Math.min(matchPoint.threshold, agree.threshold), about: Math.max(about.threshold, matchPoint.threshold), fact: Math.max(fact.threshold, agree.threshold), covered };
  const r4 = (x: number) => Number(x.toFixed(4));
  const crossValidated = {
    agree: { threshold: r4(agree.threshold), precision: r4(agree.precision), recall: r4(agree.recall), f1: r4(agree.f1) },
    match: { threshold: r4(matchPoint.threshold), precision: r4(matchPoint.precision), recall: r4(matchPoint.recall), f1: r4(matchPoint.f1) },
    about: { threshold: r4(about.threshold), precision: r4(about.precision), recall: r4(about.recall) },
    fact: { threshold: r4(fact.threshold), precision: r4(fact.precision), recall: r4(fact.recall) },
    note: { candidatePairsOnly: 1, agreeCountedOverLabelledPairs: rows.some((r) => r.labelledPairs) ? 1 : 0 },
  };
  const model = fitRelationModel(rows);
  const judge: RelationsJudge = {
    kind: RELATIONS_JUDGE_KIND,
    version: RELATIONS_JUDGE_VERSION,
    model,
    thresholds,
    training: {
      ...report,
      rows: rows.length,
      groups: new Set(rows.map((r) => r.group)).size,
      folds: cv.folds,
      crossValidated,
      notes: {
        ...(report.notes ?? {}),
        classCounts: Object.fromEntries(RELATION_CLASSES.map((c) => [c, rows.filter((r) => r.label === c).length])),
        targets: { agreePrecision: AGREE_PRECISION, matchPrecision: MATCH_PRECISION, aboutPrecision: ABOUT_PRECISION, factPrecision: FACT_PRECISION, coveredRecall: COVERED_RECALL },
      },
    },
  };
  return { judge, outOfFold: cv.predictions, crossValidated };
}
