/**
 * Scores a clustering against gold clusters: B-cubed precision / recall / F1 (Bagga & Baldwin
 * 1998, item-averaged) and the Adjusted Rand Index (Hubert & Arabie 1985).
 *
 * B-cubed precision of an item is the share of its predicted cluster that shares its gold
 * cluster; recall the share of its gold cluster that shares its predicted cluster. A false merge
 * costs precision, a false split recall. ARI is 1 for identical partitions and about 0 for
 * chance agreement.
 */

export interface ClusteringScore {
  items: number;
  predictedClusters: number;
  goldClusters: number;
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  ari: number;
}

export class ClusteringInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusteringInputError';
  }
}

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * `predicted` and `gold` map item id -> cluster label. Both must cover the same items: an item
 * missing on one side is an error, not a silent zero.
 */
export function evaluateClustering(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): ClusteringScore {
  const missing = [...gold.keys()].filter((id) => !predicted.has(id));
  const extra = [...predicted.keys()].filter((id) => !gold.has(id));
  if (missing.length || extra.length) {
    throw new ClusteringInputError(
      `predicted and gold clusterings cover different items (${missing.length} only in gold, e.g. ${missing.slice(0, 3).join(', ') || '-'}; ` +
        `${extra.length} only predicted, e.g. ${extra.slice(0, 3).join(', ') || '-'}). Fix: score the same article ids on both sides.`,
    );
  }
  const n = gold.size;
  if (n === 0) {
    return { items: 0, predictedClusters: 0, goldClusters: 0, bcubedPrecision: 1, bcubedRecall: 1, bcubedF1: 1, ari: 1 };
  }
  const predictedSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  const joint = new Map<string, number>();
  for (const [id, g] of gold) {
    const p = predicted.get(id)!;
    predictedSize.set(p, (predictedSize.get(p) ?? 0) + 1);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    const key = `${p}\u0000${g}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }

  let precision = 0;
  let recall = 0;
  for (const [id, g] of gold) {
    const p = predicted.get(id)!;
    const both = joint.get(`${p}\u0000${g}`)!;
    precision += both / predictedSize.get(p)!;
    recall += both / goldSize.get(g)!;
  }
  precision /= n;
  recall /= n;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;

  let index = 0;
  for (const count of joint.values()) index += choose2(count);
  let sumPredicted = 0;
  for (const count of predictedSize.values()) sumPredicted += choose2(count);
  let sumGold = 0;
  for (const count of goldSize.values()) sumGold += choose2(count);
  const pairs = choose2(n);
  const expected = pairs > 0 ? (sumPredicted * sumGold) / pairs : 0;
  const maximum = (sumPredicted + sumGold) / 2;
  // Degenerate partitions (one item, or both all-singletons / both one cluster): ARI is 1.
  const ari = pairs === 0 || maximum === expected ? 1 : (index - expected) / (maximum - expected);

  return {
    items: n,
    predictedClusters: predictedSize.size,
    goldClusters: goldSize.size,
    bcubedPrecision: precision,
    bcubedRecall: recall,
    bcubedF1: f1,
    ari,
  };
}

/** Cluster label per item from a list of clusters (each a list of item ids). */
export function labelsFromClusters(clusters: readonly { id: string; articleIds: readonly string[] }[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const cluster of clusters) for (const id of cluster.articleIds) labels.set(id, cluster.id);
  return labels;
}
