/**
 * The scores the eval harness reports. Correlations come from simple-statistics (midranks for
 * ties, so Spearman does not depend on row order); the rest are counts over plain arrays.
 */
import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';

export function spearman(x: number[], y: number[]): number {
  return sampleRankCorrelation(x, y);
}

export function pearson(x: number[], y: number[]): number {
  return sampleCorrelation(x, y);
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Precision, recall and F1 from counts; an empty denominator gives 0, never NaN. */
export function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn };
}

/** P/R/F1 of one class in a multi-class prediction (that class against the rest). */
export function classPrf<C>(predicted: readonly C[], gold: readonly C[], cls: C): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  predicted.forEach((p, i) => {
    if (p === cls && gold[i] === cls) tp++;
    else if (p === cls) fp++;
    else if (gold[i] === cls) fn++;
  });
  return prf(tp, fp, fn);
}

/** P/R/F1 of "score >= threshold" against binary gold labels. */
export function prfAtThreshold(scores: number[], gold: boolean[], threshold: number): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i] >= threshold;
    if (predicted && gold[i]) tp++;
    else if (predicted) fp++;
    else if (gold[i]) fn++;
  }
  return prf(tp, fp, fn);
}

/**
 * The threshold with the highest F1, trying every distinct score (each one the lowest accepted
 * score). Ties go to the higher threshold, the precision-first choice.
 */
export function bestThreshold(scores: number[], gold: boolean[]): PRF & { threshold: number } {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = gold.filter(Boolean).length;
  let tp = 0;
  let fp = 0;
  let best = { ...prf(0, 0, positives), threshold: Number.POSITIVE_INFINITY };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (gold[i]) tp++;
    else fp++;
    // Only a threshold between two different scores is a real cut.
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) continue;
    const here = prf(tp, fp, positives - tp);
    if (here.f1 > best.f1) best = { ...here, threshold: scores[i] };
  }
  return best;
}

export function accuracy(predicted: unknown[], gold: unknown[]): number {
  if (!gold.length) return 0;
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (predicted[i] === gold[i]) right++;
  return right / gold.length;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Rounds for the printed table and the JSON file (4 decimals keeps diffs readable). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
