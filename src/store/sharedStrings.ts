/**
 * One copy of each repeated string in a decoded dataset's records.
 *
 * v8.deserialize gives every string its own copy. Records made in memory share them: segment gives
 * the 45 sentences of an article the same `articleId` and `outlet` strings, while the same sentences
 * read back from the store hold 45 copies of each (at 10,000 articles 34 MB of the 260 MB the
 * corpus's sentences take on the heap; measured 2026-12-04, README "Bounded memory"). A stage that
 * holds a dataset read from the store (a queue worker, `--stages`, claims' subset of the sentences)
 * holds those copies. Passing each record through `share` makes its repeated strings one copy again:
 * its string fields, the elements of its string lists (an actor row's sentence ids: 1.72 M ids, 0.51 M
 * distinct, at 20,000 articles) and the string fields of its records one level down (the row's
 * strongest sentence). Framing's output read back took 486 MB against 259 MB as built, before.
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
/**
 * Lists are probed longer: an actor row lists every sentence of its outlet that names the actor, so
 * the first rows' ids are new and the repeats come with the outlet's other actors and events.
 */
const PROBE_LIST_VALUES = 200_000;
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
  /** The pooled copy of `value` under `field`'s pool (`value` itself while the field is probed or given up). */
  const shared = (field: string, value: string, probe = PROBE_VALUES): string => {
    if (value.length > MAX_SHARED_CHARS) return value;
    let pool = fields.get(field);
    if (!pool) fields.set(field, (pool = { copies: new Map(), seen: 0, repeats: 0 }));
    if (!pool.copies) return value;
    const copy = pool.copies.get(value);
    if (copy === undefined) pool.copies.set(value, value);
    else pool.repeats++;
    if (++pool.seen === probe && pool.repeats * 2 < pool.seen) pool.copies = null;
    return copy ?? value;
  };
  /** The string fields of `fieldsOf`, the strings of its string arrays, and (`nested`) those of its plain-object fields. */
  const shareFields = (fieldsOf: Record<string, unknown>, prefix: string, nested: boolean): void => {
    for (const key of Object.keys(fieldsOf)) {
      const value = fieldsOf[key];
      if (typeof value === 'string') {
        // Assigned even when equal: strings compare by value, and the copy is the point.
        fieldsOf[key] = shared(prefix + key, value);
      } else if (Array.isArray(value)) {
        // A list of ids (an actor row's sentence ids): its elements pooled as one field.
        if (typeof value[0] !== 'string') continue;
        for (let i = 0; i < value.length; i++) if (typeof value[i] === 'string') value[i] = shared(`${prefix}${key}[]`, value[i] as string, PROBE_LIST_VALUES);
      } else if (nested && isPlainRecord(value)) {
        // One level down (an actor row's strongest sentence: its id, article id and outlet).
        shareFields(value, `${prefix}${key}.`, false);
      }
    }
  };
  return <T>(record: T): T => {
    if (isPlainRecord(record)) shareFields(record, '', true);
    return record;
  };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
