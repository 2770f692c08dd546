/**
 * Rows keyed by sentence id (the enrichment's sentiment, framing's sentence tones), asked for in the
 * order of the stored sentences, which is the rows' own: each pass walks them with a cursor, so
 * neither the rows (when given as a stream from the store) nor a Map of them need be in memory. A
 * Map is built, from one whole read of the rows, only when a sentence is asked out of that order or
 * has no row, and is then kept for later passes (two of 881,000 entries took 56 MB at 20,000
 * articles; the sentiment rows read whole another 111 MB).
 *
 * Example:
 *   const sentimentOf = alignedRows(services.streamedField('enrichment', 'sentiment'));
 *   const at = sentimentOf.pass();
 *   try { for (const s of sentences) use(at(s.id)); } finally { at.close(); }
 */
import { piecesOf, type DatasetStream } from './datasetStream.js';

/** One pass: the row of a sentence id, or undefined; `close` ends the pass's read of the rows early. */
export interface AlignedPass<T> {
  (sentenceId: string): T | undefined;
  close(): void;
}

export function alignedRows<T extends { sentenceId: string }>(rows: readonly T[] | DatasetStream<T>): { pass(): AlignedPass<T> } {
  const each = (): Iterator<T> => flatten(piecesOf(rows));
  let byId: Map<string, T> | undefined;
  const indexed = () => {
    if (!byId) {
      byId = new Map();
      const all = each();
      for (let r = all.next(); !r.done; r = all.next()) byId.set(r.value.sentenceId, r.value);
    }
    return byId;
  };
  return {
    pass() {
      const cursor = each();
      let next = cursor.next();
      const at = ((sentenceId: string) => {
        if (!next.done && next.value.sentenceId === sentenceId) {
          const row = next.value;
          next = cursor.next();
          return row;
        }
        return indexed().get(sentenceId);
      }) as AlignedPass<T>;
      // A stream's pass holds its blob open until it is read to the end or closed.
      at.close = () => void cursor.return?.();
      return at;
    },
  };
}

function* flatten<T>(pieces: Iterable<readonly T[]>): Generator<T> {
  for (const piece of pieces) yield* piece;
}
