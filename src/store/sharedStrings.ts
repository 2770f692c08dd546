/**
 * One copy of each repeated string in a decoded dataset's records.
 *
 * v8.deserialize gives every string its own copy. Records made in memory share them: segment gives
 * the 45 sentences of an article the same `articleId` and `outlet` strings, while the same sentences
 * read back from the store hold 45 copies of each (at 10,000 articles 34 MB of the 260 MB the
 * corpus's sentences take on the heap; measured 2026-12-04, README "Bounded memory"). A stage that
 * holds a dataset read from the store (a queue worker, `--stages`, claims' subset of the sentences)
 * holds those copies. Passing each record through `share` makes its repeated top-level strings one
 * copy again.
 *
 * Only fields whose values repeat are pooled: a field is watched over its first PROBE_VALUES values
 * and given up when fewer than half of them were seen before (ids, texts), so the pool never grows
 * into a second index of unique strings. Strings longer than MAX_SHARED_CHARS are never pooled.
 *
 * Example:
 *   const share = stringSharer();
 *   for (const s of piece) kept.push(share(s));
 */

const PROBE_VALUES = 2000;
const MAX_SHARED_CHARS = 200;

interface FieldPool {
  /** null: the field's values do not repeat enough; left alone. */
  copies: Map<string, string> | null;
  seen: number;
  repeats: number;
}

/** A function that makes a record's repeated string fields share one copy with earlier records'; it returns the record. */
export function stringSharer(): <T>(record: T) => T {
  const fields = new Map<string, FieldPool>();
  return <T>(record: T): T => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
    const fieldsOf = record as Record<string, unknown>;
    for (const key of Object.keys(fieldsOf)) {
      const value = fieldsOf[key];
      if (typeof value !== 'string' || value.length > MAX_SHARED_CHARS) continue;
      let pool = fields.get(key);
      if (!pool) fields.set(key, (pool = { copies: new Map(), seen: 0, repeats: 0 }));
      if (!pool.copies) continue;
      const copy = pool.copies.get(value);
      if (copy === undefined) pool.copies.set(value, value);
      else {
        fieldsOf[key] = copy;
        pool.repeats++;
      }
      if (++pool.seen === PROBE_VALUES && pool.repeats * 2 < pool.seen) pool.copies = null;
    }
    return record;
  };
}
