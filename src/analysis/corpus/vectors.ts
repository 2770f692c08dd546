/**
 * Small helpers over `VectorTable` (row-major, L2-normalised embeddings), shared by event
 * clustering and claim matching.
 */
import type { VectorSource, VectorTable } from '../../records.js';
import { vectorSourceOf } from '../../store/vectorSource.js';
import type { RowLookup } from '../../store/rowLookup.js';

export type { RowLookup };

/** id -> row number: a Map over a table's ids, a source's own lookup (which need not hold them). */
export function rowIndex(table: Pick<VectorTable, 'ids'> | VectorSource): RowLookup {
  if (!('ids' in table)) return { get: (id) => table.rowOf(id), has: (id) => table.rowOf(id) !== undefined };
  const index = new Map<string, number>();
  table.ids.forEach((id, row) => index.set(id, row));
  return index;
}

/** A table in memory or a source of rows (read from the store) as a source. */
export function asVectorSource(vectors: VectorTable | VectorSource): VectorSource {
  return 'data' in vectors ? vectorSourceOf(vectors) : vectors;
}

/** The rows of these ids that the source has, as a table of their own (in the order given). */
export function tableOfIds(source: VectorSource, ids: readonly string[], index: RowLookup): VectorTable {
  const kept: string[] = [];
  const rows: number[] = [];
  for (const id of ids) {
    const row = index.get(id);
    if (row === undefined) continue;
    kept.push(id);
    rows.push(row);
  }
  return { dim: source.dim, ids: kept, data: source.rows(rows) };
}

/** A zero-copy view of one row. */
export function rowOf(table: Pick<VectorTable, 'data' | 'dim'>, row: number): Float32Array {
  return table.data.subarray(row * table.dim, (row + 1) * table.dim);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Mean cosine between two rows drawn at random from a set of unit vectors: |mean|^2 equals the
 * average over all ordered pairs including self-pairs, so the self-pairs are taken out. Small
 * embedding models put every news text in one narrow cone (cosines of unrelated sentences of
 * 0.4 and of unrelated articles of 0.9), so raw cosines are compared with this baseline.
 */
export function cosineBaseline(vectors: Float32Array[]): number {
  const n = vectors.length;
  if (n < 2) return 0;
  const dim = vectors[0].length;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) mean[i] += v[i];
  let squared = 0;
  for (let i = 0; i < dim; i++) squared += mean[i] * mean[i];
  // sum over all ordered pairs = |sum|^2; remove the n self-pairs (each 1).
  let selfPairs = 0;
  for (const v of vectors) selfPairs += dot(v, v);
  return Math.max(0, Math.min(0.99, (squared - selfPairs) / (n * (n - 1))));
}

/**
 * Cosine rescaled so that the corpus baseline maps to 0 and identity to 1 (negative -> 0):
 * "how much closer than two random texts of this corpus".
 */
export function cosineLift(cosine: number, baseline: number): number {
  if (baseline >= 1) return 0;
  return Math.max(0, Math.min(1, (cosine - baseline) / (1 - baseline)));
}
