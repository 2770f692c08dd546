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
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = gold.filter(Boolean).length;
  let tp = 0;
  let fp = 0;
  let bestTarget: OperatingPoint | null = null;
  let bestF1: OperatingPoint = { threshold: Infinity, precision: 0, recall: 0, f1: 0, metTarget: false };
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    if (gold[i]) tp++;
    else fp++;
    // Only a cut between two different scores is a threshold.
    if (r + 1 < order.length && scores[order[r + 1]] === scores[i]) continue;
    const precision = tp / (tp + fp);
    const recall = positives ? tp / positives : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const point = { threshold: scores[i], precision, recall, f1, metTarget: false };
    if (f1 > bestF1.f1) bestF1 = point;
    if (precision >= targetPrecision && tp + fp >= minPositives && (!bestTarget || recall > bestTarget.recall)) bestTarget = { ...point, metTarget: true };
  }
  return bestTarget ?? bestF1;
}
