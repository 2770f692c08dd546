/**
 * The same-quantity judge of numeric comparison, fitted on the numeric-pairs set:
 * - rows: every candidate figure pair of the given events (numericPairs.ts figurePairCandidates)
 *   with its evidence (numericFeatures.ts);
 * - label `same` when the two sentences are a gold pair (any verdict) and the two figures are the
 *   ones the annotator quoted; `other` when the sentences are not a gold pair; a candidate inside
 *   a gold sentence pair whose figures cannot be told from the annotator's quote is left out;
 * - cross-validation grouped by event (src/learn): out-of-fold probabilities for every row, and
 *   the threshold reaching TARGET_PRECISION on them (the comparisons an editor sees must be
 *   about one quantity: the issue allows at most 10% false comparisons).
 * `crossframe train numeric-pairs` fits on all rows and writes config/models/numeric-pairs.json
 * with that threshold and the cross-validated report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitLogistic, probabilityOf, featureWeights, type LogisticModel } from '../learn/logisticRegression.js';
import { groupedFolds } from '../learn/groupedFolds.js';
import { thresholdForPrecision, thresholdForPrecisionOverItems, type OperatingPoint } from '../learn/thresholds.js';
import { sha256OfFiles, writeJudgeFile } from '../learn/modelFile.js';
import type { Trainer } from '../learn/trainer.js';
import { CODE_VERSION } from '../runtime/version.js';
import { figurePairCandidates } from '../analysis/claims/numericPairs.js';
import { FEATURE_NAMES, JUDGE_KIND, JUDGE_VERSION, OTHER, SAME, SAME_DISAGREEING, VALUES_MEET, type Figure, type FigurePair } from '../analysis/claims/numericFeatures.js';
import { goldSentencesOf, givenEventUnits, pairKey, prepareNumericPairsRun, readNumericGold, type GivenEventUnits, type NumericGoldPair, type NumericGoldSentence, type PreparedRun } from './numericPairsSet.js';
import { createEvalContext } from './context.js';
import { DEFAULT_EVAL_DIR, REPO_ROOT } from '../measure/harness.js';
import { round } from './metrics.js';

/** Share of compared pairs that must be the same quantity (false comparisons at most 10%). */
export const TARGET_PRECISION = 0.9;
/** The same for figures that disagree, which the analyst reads as discrepancies (issue 13: precision 0.7). */
export const DISAGREEING_TARGET_PRECISION = 0.7;
/**
 * The lowest precision the disagreeing threshold may fall back to (see crossValidateJudge): the
 * target itself. It was 0.5; on the dev set a separate disagreeing model that reaches 0.5 out of
 * fold (3 right of 6) pushes false comparisons over the 10% target (README "Quality and speed").
 */
export const DISAGREEING_FLOOR_PRECISION = DISAGREEING_TARGET_PRECISION;
export const DEFAULT_FOLDS = 5;
export const DEFAULT_JUDGE_FILE = path.join('config', 'models', 'numeric-pairs.json');

export interface JudgeRow {
  group: string;
  key: string;
  features: number[];
  label: typeof SAME | typeof OTHER;
  /** The two sentences of the figure pair (the values-meet threshold counts each sentence pair once); absent: the row alone. */
  sentencePair?: string;
  /** The two sentences are a gold pair (whichever of their figures this row holds). */
  goldSentences?: boolean;
}

/** The number as written, without qualifiers, for finding it in the annotator's quote: "at least 9,488" -> "9,488". */
function figureCore(text: string): string {
  const m = /\d[\d,.]*\d|\d/.exec(text);
  if (m) return m[0];
  const words = text.toLowerCase().split(/[\s-]+/);
  return words.find((w) => /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|half|dozen)$/.test(w)) ?? text.toLowerCase();
}

function quoted(figureText: string, goldFigure: string): boolean {
  const core = figureCore(figureText);
  const hay = goldFigure.toLowerCase();
  const at = hay.indexOf(core);
  if (at < 0) return false;
  // The whole number only: "4" is not in "48" nor in "4.5".
  return !/\d/.test(hay[at - 1] ?? ' ') && !/^(?:\d|[.,]\d)/.test(hay.slice(at + core.length, at + core.length + 2));
}

/** A quote naming several figures ("Romney 21 percent; Trump and Huckabee 17 percent each"). */
const severalFigures = (quote: string) => quote.includes(';') || (quote.match(/\d[\d,.]*/g) ?? []).length > 1;

/**
 * The label of a candidate inside a gold sentence pair, from the annotator's quoted figures:
 * - both figures quoted: `same`; but when a quote names several figures of this one's kind, which
 *   one meets which is read from the values for a `consistent` pair (all its figures agree: 21 meets 21, not 17) and
 *   left out otherwise;
 * - a figure of a side whose quote is found among that sentence's figures, but not this one: `other`
 *   ("$13,625,777 in state taxes" beside the gold "$43,885,310 in federal taxes");
 * - else (the quote cannot be found in that sentence's figures) left out.
 */
export function goldPairLabel(pair: FigurePair, figA: string, figB: string, gold: NumericGoldPair['label']): JudgeRow['label'] | undefined {
  const qa = quoted(pair.a.quantity.text, figA);
  const qb = quoted(pair.b.quantity.text, figB);
  if (qa && qb) {
    // Quoted figures of the sentence of the same kind (money, percent, count...) as this one.
    const rivals = (f: Figure, quote: string) => f.unit.sentence.numbers.filter((q) => q.kind === f.quantity.kind && quoted(q.text, quote)).length;
    if ((!severalFigures(figA) && !severalFigures(figB)) || (rivals(pair.a, figA) === 1 && rivals(pair.b, figB) === 1)) return SAME;
    if (gold !== 'consistent') return undefined;
    return pair.features[VALUES_MEET] ? SAME : OTHER;
  }
  const found = (f: Figure, quote: string) => f.unit.sentence.numbers.some((q) => quoted(q.text, quote));
  if ((!qa && found(pair.a, figA)) || (!qb && found(pair.b, figB))) return OTHER;
  return undefined;
}

/** Candidate rows of every given event with their labels (see the module comment). */
export function judgeRows(given: GivenEventUnits, run: PreparedRun, sentences: readonly NumericGoldSentence[], pairs: readonly NumericGoldPair[]): { rows: JudgeRow[]; candidates: Map<string, { group: string; pair: FigurePair }> } {
  const { claims } = run.config;
  const byArticle = new Map<string, NumericGoldSentence[]>();
  for (const s of sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const gold = new Map(pairs.map((p) => [pairKey(p.a, p.b), p]));
  const goldOf = (articleId: string, text: string) => goldSentencesOf(text, byArticle.get(run.setIdOf(articleId) ?? '') ?? []);
  const rows: JudgeRow[] = [];
  const candidates = new Map<string, { group: string; pair: FigurePair }>();
  for (const { event, units } of given.events) {
    for (const pair of figurePairCandidates(units, given.ctx, { tolerance: claims.numericTolerance, aboutSlack: claims.aboutSlack })) {
      candidates.set(pair.key, { group: event.id, pair });
      const as = goldOf(pair.a.unit.sentence.articleId, pair.a.unit.sentence.text);
      const bs = goldOf(pair.b.unit.sentence.articleId, pair.b.unit.sentence.text);
      const match = as.flatMap((a) => bs.map((b) => ({ a, b, gold: gold.get(pairKey(a, b)) }))).find((m) => m.gold);
      let label: JudgeRow['label'] | undefined = OTHER;
      if (match?.gold) {
        const g = match.gold;
        // The gold pair's a side is the sentence with key g.a.
        const [figA, figB] = g.a === match.a ? [g.aFigure, g.bFigure] : [g.bFigure, g.aFigure];
        label = goldPairLabel(pair, figA, figB, g.label);
      }
      if (label) rows.push({ group: event.id, key: pair.key, features: pair.features, label, sentencePair: JSON.stringify([pair.a.unit.sentence.id, pair.b.unit.sentence.id]), goldSentences: Boolean(match?.gold) });
    }
  }
  return { rows, candidates };
}

export function fitJudge(rows: readonly JudgeRow[]): LogisticModel {
  // The rare class weighs as much in total as the common one.
  const same = rows.filter((r) => r.label === SAME).length;
  const weight = same > 0 ? (rows.length - same) / same : 1;
  return fitLogistic(rows.map((r) => r.features), rows.map((r) => r.label), {
    classes: [OTHER, SAME],
    featureNames: [...FEATURE_NAMES],
    l2: 1e-2,
    classWeights: { [SAME]: weight, [OTHER]: 1 },
  });
}

export interface CrossValidatedJudge {
  /** Out-of-fold probability of `same` for every candidate (labelled or not) of every event. */
  probability: Map<string, number>;
  operatingPoint: OperatingPoint;
  /** Operating point on the candidates whose values disagree. */
  disagreeing: OperatingPoint;
  folds: number;
  rows: number;
  positives: number;
  groups: number;
}

/**
 * Folds grouped by event (src/learn groupedFolds): each fold's model, fit on the other events,
 * scores every candidate of its own events, including those left out of training for want of a
 * clear label; the threshold is chosen on the labelled rows' out-of-fold probabilities.
 */
export function crossValidateJudge(
  rows: readonly JudgeRow[],
  candidates: ReadonlyMap<string, { group: string; pair: FigurePair }>,
  folds: number,
  foldSalt = '',
): CrossValidatedJudge {
  const fold = groupedFolds(rows, folds, foldSalt);
  const used = rows.length ? Math.max(...fold) + 1 : 0;
  const foldOfGroup = new Map(rows.map((r, i) => [r.group, fold[i]]));
  const probability = new Map<string, number>();
  for (let f = 0; f < used; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    // A quick run with too few events to learn from scores nothing rather than fit on one class.
    if (!train.some((r) => r.label === SAME) || !train.some((r) => r.label === OTHER)) continue;
    const model = fitJudge(train);
    for (const [key, { group, pair }] of candidates) {
      // An event without labelled rows is out-of-sample for every fold: the first scores it.
      if ((foldOfGroup.get(group) ?? 0) === f) probability.set(key, probabilityOf(model, pair.features, SAME));
    }
  }
  const pointOn = (subset: readonly JudgeRow[], target: number) => thresholdForPrecision(subset.map((r) => probability.get(r.key) ?? 0), subset.map((r) => r.label === SAME), target);
  // The false-comparison target counts sentence pairs (what an editor reads), not figure pairs: a
  // gold sentence pair often holds several figure pairs that meet, a false one mostly one, so 90% of
  // figure pairs left the sentence-pair share near 10% false. The values-meet threshold is chosen on
  // sentence pairs: each counted once, at the highest score of its figure pairs, right when the two
  // sentences are a gold pair.
  const meeting = rows.filter((r) => r.features[VALUES_MEET]);
  const operatingPoint = thresholdForPrecisionOverItems(
    meeting.map((r) => probability.get(r.key) ?? 0),
    (i) => [{ key: meeting[i].sentencePair ?? meeting[i].key, positive: meeting[i].goldSentences ?? meeting[i].label === SAME }],
    TARGET_PRECISION,
  );
  // Precision first: when the target is out of reach, the highest precision reachable in steps of
  // 0.1 down to DISAGREEING_FLOOR_PRECISION (now the target: no fallback), never the best-F1 point
  // thresholdForPrecision falls back to; below the floor no disagreeing figures are compared.
  const disagreeingRows = rows.filter((r) => !r.features[VALUES_MEET]);
  let disagreeing = pointOn(disagreeingRows, DISAGREEING_TARGET_PRECISION);
  for (let target = DISAGREEING_TARGET_PRECISION - 0.1; !disagreeing.metTarget && target >= DISAGREEING_FLOOR_PRECISION - 1e-9; target -= 0.1) disagreeing = pointOn(disagreeingRows, target);
  if (!disagreeing.metTarget) disagreeing = { threshold: Infinity, precision: 0, recall: 0, f1: 0, metTarget: false };
  return { probability, operatingPoint, disagreeing, folds: used, rows: rows.length, positives: rows.filter((r) => r.label === SAME).length, groups: new Set(rows.map((r) => r.group)).size };
}

export const numericPairsTrainer: Trainer = {
  description: 'same-quantity judge of numeric comparison (numeric-pairs set: articles.jsonl, sentences.jsonl, pairs.jsonl)',
  defaultData: path.join(DEFAULT_EVAL_DIR, 'numeric-pairs'),
  async train(options) {
    const dir = path.resolve(options.data ?? path.join(DEFAULT_EVAL_DIR, 'numeric-pairs'));
    const file = path.resolve(options.out ?? (options.loaded.config.claims.numericJudge || path.join(REPO_ROOT, DEFAULT_JUDGE_FILE)));
    const ctx = createEvalContext(options.pipeline, options.loaded, options.offline, options.log);
    try {
      const gold = readNumericGold(dir);
      const run = await prepareNumericPairsRun(ctx, dir);
      const { rows, candidates } = judgeRows(givenEventUnits(run), run, gold.sentences, gold.pairs);
      const cv = crossValidateJudge(rows, candidates, options.folds ?? DEFAULT_FOLDS);
      const model = fitJudge(rows);
      const op = cv.operatingPoint;
      const point = (p: OperatingPoint) => ({ threshold: round(p.threshold), precision: round(p.precision), recall: round(p.recall), f1: round(p.f1), metTarget: p.metTarget ? 1 : 0 });
      const crossValidated = { valuesMeet: point(op), valuesDisagree: point(cv.disagreeing) };
      const dataFiles = ['articles.jsonl', 'sentences.jsonl', 'pairs.jsonl'].map((f) => path.join(dir, f));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeJudgeFile(file, {
        kind: JUDGE_KIND,
        version: JUDGE_VERSION,
        model,
        thresholds: { [SAME]: op.threshold, [SAME_DISAGREEING]: cv.disagreeing.threshold },
        training: {
          dataSha256: sha256OfFiles(dataFiles),
          dataFiles: dataFiles.map((f) => path.basename(f)),
          rows: cv.rows,
          groups: cv.groups,
          folds: cv.folds,
          trainedAt: new Date().toISOString(),
          codeVersion: CODE_VERSION,
          crossValidated,
          notes: { positives: cv.positives, targetPrecision: TARGET_PRECISION, disagreeingTargetPrecision: DISAGREEING_TARGET_PRECISION, featureWeights: featureWeights(model) },
        },
      });
      return { judge: 'numeric-pairs', file, crossValidated };
    } finally {
      ctx.close();
    }
  },
};
