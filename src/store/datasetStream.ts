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
  /**
   * The items from item `start` on, a piece at a time, the first piece cut to begin at it: the pieces
   * before the one holding it are passed over, not decoded (a stored dataset's pieces all hold
   * ARRAY_PIECE items but the last). Absent: every piece is read and the leading items dropped.
   */
  piecesFrom?(start: number): Iterable<readonly T[]>;
}

/** The items of an array or a stream from item `start` on, a piece at a time (piecesFrom where the stream has it). */
export function* piecesFromItem<T>(items: readonly T[] | DatasetStream<T>, start: number): Generator<readonly T[]> {
  if (Array.isArray(items)) {
    yield start ? items.slice(start) : items;
    return;
  }
  const stream = items as DatasetStream<T>;
  if (stream.piecesFrom) {
    yield* stream.piecesFrom(start);
    return;
  }
  let at = 0;
  for (const piece of stream.pieces()) {
    const end = at + piece.length;
    if (end > start) yield at >= start ? piece : piece.slice(start - at);
    at = end;
  }
}

/** The pieces of a stream that may hold an item whose `key` is in `wanted` (every piece where the stream cannot tell). */
export function piecesHoldingOf<T>(stream: DatasetStream<T>, key: string, wanted: ReadonlySet<string>): Iterable<readonly T[]> {
  return stream.piecesHolding ? stream.piecesHolding(key, wanted) : stream.pieces();
}

/** The pieces of a dataset given whole (one piece) or as a stream (a stage called alone, or in a session). */
export function piecesOf<T>(items: readonly T[] | DatasetStream<T>): Iterable<readonly T[]> {
  return Array.isArray(items) ? [items as readonly T[]] : (items as DatasetStream<T>).pieces();
}
