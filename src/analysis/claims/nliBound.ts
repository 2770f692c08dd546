/**
 * Candidate pairs the relations judge drops whatever the NLI model says, found before any NLI call.
 *
 * Most candidates are weak: on 1,000 synthetic articles of the benchmark corpus the judge drops
 * all but about 1 in 150 of them, yet every one cost two NLI calls (both directions), which made
 * the claims stage's first run mostly NLI time. The judge's NLI features
 * (entailment and contradiction, min and max over the two directions) are bounded, and the judge
 * is a multinomial logistic model, so the highest P(same) and P(same or related) a pair can reach
 * over every possible NLI answer is a closed form; when both stay below the drop rule's points
 * (labelClaims: P(match) below `match` and P(same) below `agree`), the pair is dropped without NLI.
 * Its exact probability is computed later only if an omission check needs it (analyse.ts).
 *
 * The bound holds for any feature set in which the NLI-dependent features depend on the NLI
 * results alone (true of RELATION_FEATURES; test/claims/nliBound.test.ts checks it): their ranges
 * are read off the feature function at the corners of the NLI simplex.
 */
import type { NliResult } from '../../models/hub.js';
import type { LogisticModel } from '../../learn/logisticRegression.js';

/** Drop points of labelClaims: a pair below both is not reported. */
export interface DropPoints {
  match: number;
  agree: number;
}

/** An NLI-dependent feature: its index in the feature vector and the values it can take. */
export interface NliFeatureRange {
  index: number;
  lo: number;
  hi: number;
}

/** Safety margin against rounding between this bound and the judge's own arithmetic. */
const MARGIN = 1e-9;

const CORNERS: NliResult[] = [
  { entailment: 1, neutral: 0, contradiction: 0 },
  { entailment: 0, neutral: 1, contradiction: 0 },
  { entailment: 0, neutral: 0, contradiction: 1 },
];

/** Placeholder NLI results for computing a pair's features before its NLI is known (the NLI features are then ignored). */
export const NO_NLI: { ab: NliResult; ba: NliResult } = { ab: CORNERS[1], ba: CORNERS[1] };

/**
 * The features that change with the NLI results, and their ranges, from the feature function of one
 * pair evaluated at every pair of corners of the NLI simplex (both directions).
 */
export function nliFeatureRanges(features: (nli: { ab: NliResult; ba: NliResult }) => readonly number[]): NliFeatureRange[] {
  const rows = CORNERS.flatMap((ab) => CORNERS.map((ba) => features({ ab, ba })));
  const ranges: NliFeatureRange[] = [];
  rows[0].forEach((_, index) => {
    const values = rows.map((r) => r[index]);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    if (lo !== hi) ranges.push({ index, lo, hi });
  });
  return ranges;
}

/**
 * True when P(same) stays below `agree` and P(same or related) below `match` for every value of the
 * NLI features within their ranges (the other features as given), so the judge drops the pair.
 */
export function droppedWhateverNli(model: LogisticModel, values: readonly number[], ranges: readonly NliFeatureRange[], points: DropPoints): boolean {
  const same = model.classes.indexOf('same');
  const unrelated = model.classes.indexOf('unrelated');
  if (same < 0 || unrelated < 0) return false;
  const k = model.classes.length;
  // Logits with every NLI feature at the low end of its range.
  const z = model.bias.slice();
  values.forEach((v, j) => {
    const range = ranges.find((r) => r.index === j);
    const x = ((range ? range.lo : v) - model.mean[j]) / model.scale[j];
    for (let c = 0; c < k; c++) z[c] += model.weights[c][j] * x;
  });
  // P(c) = 1 / sum_k exp(z_k - z_c); each difference is linear in the NLI features, so its extreme
  // over the box is at a corner, taken feature by feature (a valid, if loose, bound on the sum).
  const extremeDifference = (other: number, ref: number, lowest: boolean) => {
    let d = z[other] - z[ref];
    for (const r of ranges) {
      const step = ((model.weights[other][r.index] - model.weights[ref][r.index]) / model.scale[r.index]) * (r.hi - r.lo);
      d += lowest ? Math.min(0, step) : Math.max(0, step);
    }
    return d;
  };
  let sameDenominator = 1;
  let unrelatedDenominator = 1;
  for (let c = 0; c < k; c++) {
    if (c !== same) sameDenominator += Math.exp(extremeDifference(c, same, true));
    if (c !== unrelated) unrelatedDenominator += Math.exp(extremeDifference(c, unrelated, false));
  }
  const highestSame = 1 / sameDenominator;
  const highestMatch = 1 - 1 / unrelatedDenominator;
  return highestSame < points.agree - MARGIN && highestMatch < points.match - MARGIN;
}
