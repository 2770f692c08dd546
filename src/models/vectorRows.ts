/**
 * Row operations on flat vector tables (rows of `dim` values, as in VectorTable). Shared by the
 * enrich stage and the queue coordinator (src/queue/), which must build article vectors the same
 * way, to the bit.
 */

/** Divides each row by its length (rows of zeros stay zero). */
export function normaliseRows(sums: Float64Array, dim: number): Float32Array {
  const out = new Float32Array(sums.length);
  for (let r = 0; r < sums.length / dim; r++) {
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += sums[r * dim + k] ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < dim; k++) out[r * dim + k] = sums[r * dim + k] / norm;
  }
  return out;
}
