/**
 * Precision-first operating points on cross-validated scores: the lowest threshold whose precision
 * reaches a target (most recall at that precision), else the threshold with the best F1.
 */

export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** True when the target precision was reachable with at least minPositives predictions. */
  metTarget: boolean;
}

export function thresholdForPrecision(scores: readonly number[], gold: readonly boolean[], targetPrecision: number, minPositives = 5): OperatingPoint {
  return thresholdForPrecisionOverItems(scores, (i) => [{ key: i, positive: gold[i] }], targetPrecision, minPositives);
}

/** One thing a scored row decides, counted once however many rows reach it. */
export interface ScoredItem {
  key: string | number;
  positive: boolean;
}

/**
 * The same operating point when a row can decide several labelled items and an item can be reached
 * by several rows (a sentence joined to two labelled sentences; two pieces of one split sentence):
 * precision and recall count each item once, at the highest score that reaches it.
 */
export function thresholdForPrecisionOverItems(scores: readonly number[], itemsOf: (row: number) => readonly ScoredItem[], targetPrecision: number, minPositives = 5): OperatingPoint {
  const positives = new Set<string | number>();
  scores.forEach((_, i) => itemsOf(i).forEach((item) => item.positive && positives.add(item.key)));
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const seen = new Set<string | number>();
  let tp = 0;
  let fp = 0;
  let bestTarget: OperatingPoint | null = null;
  let bestF1: OperatingPoint = { threshold: Infinity, precision: 0, recall: 0, f1: 0, metTarget: false };
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    for (const item of itemsOf(i)) {
      if (seen.has(item.key)) continue;
      seen.add(item.key);
      if (item.positive) tp++;
      else fp++;
    }
    // Only a cut between two different scores is a threshold.
    if ((r + 1 < order.length && scores[order[r + 1]] === scores[i]) || tp + fp === 0) continue;
    const precision = tp / (tp + fp);
    const recall = positives.size ? tp / positives.size : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const point = { threshold: scores[i], precision, recall, f1, metTarget: false };
    if (f1 > bestF1.f1) bestF1 = point;
    if (precision >= targetPrecision && tp + fp >= minPositives && (!bestTarget || recall > bestTarget.recall)) bestTarget = { ...point, metTarget: true };
  }
  return bestTarget ?? bestF1;
}
