/**
 * Cross-validation grouped by event: every row of one group (an event) lands in the same fold, so no
 * sentence of a test event is ever seen in training. Folds are balanced by row count and deterministic
 * (groups sorted by size, then id, and dealt to the lightest fold).
 *
 * Example:
 *   const oof = crossValidate(rows, 5, (train) => fitLogistic(...), (model, row) => probabilityOf(model, row.features, 'same'));
 */

export interface GroupedRow {
  /** The group (event id) the row belongs to. */
  group: string;
}

/** Fold index (0..k-1) per row; groups never straddle folds. */
export function groupedFolds(rows: readonly GroupedRow[], k: number): number[] {
  const sizes = new Map<string, number>();
  for (const r of rows) sizes.set(r.group, (sizes.get(r.group) ?? 0) + 1);
  const groups = [...sizes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const folds = Math.max(2, Math.min(k, groups.length));
  const load = new Array<number>(folds).fill(0);
  const foldOf = new Map<string, number>();
  for (const [group, size] of groups) {
    let lightest = 0;
    for (let f = 1; f < folds; f++) if (load[f] < load[lightest]) lightest = f;
    foldOf.set(group, lightest);
    load[lightest] += size;
  }
  return rows.map((r) => foldOf.get(r.group)!);
}

/**
 * Out-of-fold predictions: for each fold, fit on the other folds and predict this fold's rows.
 * Returns one prediction per row, in row order — the figures to report, never the in-sample fit.
 */
export function crossValidate<R extends GroupedRow, M, P>(
  rows: readonly R[],
  k: number,
  fit: (train: R[]) => M,
  predict: (model: M, row: R) => P,
): { predictions: P[]; folds: number } {
  const fold = groupedFolds(rows, k);
  const folds = Math.max(...fold) + 1;
  const predictions = new Array<P>(rows.length);
  for (let f = 0; f < folds; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    const model = fit(train);
    rows.forEach((row, i) => {
      if (fold[i] === f) predictions[i] = predict(model, row);
    });
  }
  return { predictions, folds };
}
