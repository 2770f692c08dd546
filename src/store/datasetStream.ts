/**
 * An array dataset read a piece at a time (a stage's `streamedReads` and `streamedFields`, a spill's
 * records): from the store's blob, or slices of an array in memory.
 *
 * Example:
 *   for (const piece of piecesOf(sentences)) for (const s of piece) use(s);
 */

/** An array dataset read piece by piece: `pieces()` reads it again from its start each time. */
export interface DatasetStream<T = unknown> {
  length: number;
  pieces(): Iterable<readonly T[]>;
  /**
   * The pieces that may hold an item whose string field `key` is one of `wanted`, in stored order:
   * a piece known to hold none is passed over, not decoded (a stored dataset whose pieces' lowest and
   * highest values of `key` were seen on an earlier pass: stageStore's pieceKeys). The caller still
   * filters the items. Absent: read every piece.
   */
  piecesHolding?(key: string, wanted: ReadonlySet<string>): Iterable<readonly T[]>;
}

/** The pieces of a stream that may hold an item whose `key` is in `wanted` (every piece where the stream cannot tell). */
export function piecesHoldingOf<T>(stream: DatasetStream<T>, key: string, wanted: ReadonlySet<string>): Iterable<readonly T[]> {
  return stream.piecesHolding ? stream.piecesHolding(key, wanted) : stream.pieces();
}

/** The pieces of a dataset given whole (one piece) or as a stream (a stage called alone, or in a session). */
export function piecesOf<T>(items: readonly T[] | DatasetStream<T>): Iterable<readonly T[]> {
  return Array.isArray(items) ? [items as readonly T[]] : (items as DatasetStream<T>).pieces();
}
