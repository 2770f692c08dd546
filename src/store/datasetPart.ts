/**
 * The part of a dataset a stage reads (a stage's `partialReads`), as a list of names:
 *
 *   ['sentiment']   of an object dataset (enrichment), only these top-level keys;
 *   ['-text']       of an array dataset (articles), every item without these fields (a leading '-').
 *
 * The store applies it while it decodes a blob (blobCodec.ts: piece by piece, so the dropped
 * fields of one piece of 1,000 items at most are alive at a time); the catalog applies it to a
 * whole value already in memory. Both give the same value.
 */

/** The item fields a part drops ('-text' -> 'text'); empty for a part that keeps top-level keys. */
export function droppedItemFields(only: readonly string[] | undefined): string[] {
  return (only ?? []).filter((name) => name.startsWith('-')).map((name) => name.slice(1));
}

/** The top-level keys a part keeps; undefined when it keeps them all. */
export function keptKeys(only: readonly string[] | undefined): string[] | undefined {
  const keys = (only ?? []).filter((name) => !name.startsWith('-'));
  return keys.length ? keys : undefined;
}

/** One item without the named fields (a new object; an item that is not a plain record is returned as it is). */
export function withoutFields(item: unknown, drop: readonly string[]): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  if (!drop.some((k) => k in record)) return item;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record)) if (!drop.includes(k)) out[k] = record[k];
  return out;
}

/**
 * The part of a whole value: of an array, its items without the dropped fields (a new array, the
 * other fields by reference); of an object, its kept top-level keys (by reference). A value of
 * another shape is returned as it is.
 */
export function partOf(value: unknown, only: readonly string[] | undefined): unknown {
  if (!only?.length || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const drop = droppedItemFields(only);
    return drop.length ? value.map((item) => withoutFields(item, drop)) : value;
  }
  const keep = keptKeys(only);
  if (!keep) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => keep.includes(k)));
}
