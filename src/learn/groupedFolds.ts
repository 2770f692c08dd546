/**
 * Cross-validation grouped by event: every row of one group (an event) lands in the same fold, so no
 * sentence of a test event is ever seen in training. Groups are ordered by the sha256 of their id and dealt
 * round-robin, so a group's fold depends only on which groups exist, never on their sizes: a change that
 * adds or drops a row of one event moves no event to another fold. (Dealing by size to the lightest fold
 * balanced rows better, but one changed row count could reshuffle every later group and move the
 * cross-validated figures by ±0.05 with no change in quality.) Folds hold equal numbers of groups, ±1.
 *
 * Example:
 *   const oof = crossValidate(rows, 5, (train) => fitLogistic(...), (model, row) => probabilityOf(model, row.features, 'same'));
 */

import { createHash } from 'node:crypto';

export interface GroupedRow {
  /** The group (event id) the row belongs to. */
  group: string;
}

/**
 * Fold index (0..k-1) per row; groups never straddle folds. `salt` (default none) deals the groups
 * anew: `crossframe eval --fold-salt` reads how far a cross-validated figure moves with the
 * assignment of events to folds alone.
 */
export function groupedFolds(rows: readonly GroupedRow[], k: number, salt = ''): number[] {
  const ids = [...new Set(rows.map((r) => r.group))];
  const keyed = ids.map((id) => ({ id, key: createHash('sha256').update(salt ? `${salt}\u0000${id}` : id).digest('hex') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const folds = Math.max(2, Math.min(k, keyed.length));
  const foldOf = new Map(keyed.map(({ id }, rank) => [id, rank % folds]));
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
  salt = '',
): { predictions: P[]; folds: number } {
  const fold = groupedFolds(rows, k, salt);
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
