/**
 * Mean pooling over the tokens the attention mask keeps, then L2 normalisation: the
 * sentence-transformers recipe. Written as plain typed-array loops because transformers.js 2.17's
 * `mean_pooling` converts the BigInt mask inside its innermost loop, which made it ~20x slower
 * than the model call for small models (measured by `npm run bench`).
 */
export function meanPoolNormalise(hidden: Float32Array, dims: number[], mask: BigInt64Array): Float32Array[] {
  const [batch, seq, dim] = dims;
  const rows: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const row = new Float32Array(dim);
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (mask[b * seq + s] === 0n) continue;
      count++;
      const base = (b * seq + s) * dim;
      for (let d = 0; d < dim; d++) row[d] += hidden[base + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      row[d] /= Math.max(1, count);
      norm += row[d] * row[d];
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) row[d] /= norm;
    rows.push(row);
  }
  return rows;
}

