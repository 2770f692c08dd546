/**
 * Vector tables read row by row (`VectorSource`, src/records.ts): from a table in memory, or from
 * the table's stored blob, so a stage holds the rows of the range it works on instead of the whole
 * matrix (the 10,000-article corpus's sentence vectors are ~340 MB).
 *
 * The stored source is made by the stage store after one pass over the blob that checks its bytes
 * against its name (src/store/stageStore.ts, `vectorSource`); it then reads rows with positioned
 * reads, one per run of consecutive rows.
 *
 *   const source = vectorSourceOf({ dim: 2, ids: ['a', 'b'], data: new Float32Array([1, 0, 0, 1]) });
 *   source.rows([1, 0]); // Float32Array [0, 1, 1, 0]
 */
import type { VectorSource, VectorTable } from '../records.js';
import { compactRowLookup } from './rowLookup.js';
import { frameBytes } from './frameBytes.js';
import type { StoredFrames } from './spilledArray.js';

/** A table in memory as a source (rows copied out, so the result never aliases the table). */
export function vectorSourceOf(table: VectorTable): VectorSource {
  let index: Map<string, number> | undefined;
  return {
    dim: table.dim,
    count: table.ids.length,
    rowOf(id) {
      if (!index) {
        index = new Map();
        // The first row of an id, as compactRowLookup gives.
        table.ids.forEach((each, row) => index!.has(each) || index!.set(each, row));
      }
      return index.get(id);
    },
    rows(rows) {
      const out = new Float32Array(rows.length * table.dim);
      rows.forEach((row, k) => {
        assertRow(row, table.ids.length);
        out.set(table.data.subarray(row * table.dim, (row + 1) * table.dim), k * table.dim);
      });
      return out;
    },
  };
}

/**
 * A source opened on first use (its dim, count or rows), once; an error opening it is raised there.
 *
 *   const source = lazyVectorSource(() => store.vectorSource(hash, 'sentenceVectors'));
 */
export function lazyVectorSource(open: () => VectorSource): VectorSource {
  let source: VectorSource | undefined;
  const opened = () => (source ??= open());
  return {
    get dim() {
      return opened().dim;
    },
    get count() {
      return opened().count;
    },
    get storedFrames() {
      return opened().storedFrames;
    },
    rowOf: (id) => opened().rowOf(id),
    rows: (rows) => opened().rows(rows),
  };
}

/**
 * A table whose float data stays in the blob `file` (frames as decodeBlob located them: some may lie
 * in a blob it refers to). Its ids are kept as a compact lookup, not as they are: the caller's array can go.
 */
export function storedVectorSource(file: string, dim: number, ids: readonly string[], data: { type: string; length: number; frames: StoredFrames }): VectorSource {
  if (data.type !== 'Float32Array' || data.length !== dim * ids.length) {
    throw new Error(`${file}: the stored vector table holds ${data.length} ${data.type} values, not ${ids.length} rows of ${dim}. Fix: run again; the store recomputes it.`);
  }
  const lookup = compactRowLookup(ids);
  const count = lookup.count;
  const rowBytes = dim * Float32Array.BYTES_PER_ELEMENT;
  return {
    dim,
    count,
    storedFrames: data.frames,
    rowOf: lookup.get,
    rows(rows) {
      const out = new Float32Array(rows.length * dim);
      const bytes = new Uint8Array(out.buffer);
      // The table's own blob, and any it refers to, each opened once per call.
      const stored = frameBytes(data.frames, 'the stored vector table');
      try {
        for (let k = 0; k < rows.length; ) {
          // One read per run of consecutive rows.
          let end = k + 1;
          while (end < rows.length && rows[end] === rows[end - 1] + 1) end++;
          assertRow(rows[k], count);
          assertRow(rows[end - 1], count);
          stored.read(bytes.subarray(k * rowBytes, end * rowBytes), rows[k] * rowBytes);
          k = end;
        }
      } finally {
        stored.close();
      }
      return out;
    },
  };
}

function assertRow(row: number, count: number): void {
  if (!Number.isInteger(row) || row < 0 || row >= count) throw new RangeError(`vector row ${row} is outside the table's ${count} rows`);
}
