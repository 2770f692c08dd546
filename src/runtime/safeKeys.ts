/**
 * Keys built from input are data, never code paths. Article text, outlet, entity, speaker and term
 * names can be "constructor", "toString" or "__proto__" (the F1 "constructor standings"), and ids and
 * names can contain any delimiter, so:
 * - counters and lookup tables keyed by such strings are null-prototype objects (or Maps), and are
 *   read with `ownValue`, which never falls through to Object.prototype (objects parsed back from
 *   JSON do have a prototype);
 * - composite keys are JSON arrays (`tupleKey`), which no component can forge, instead of parts
 *   joined with `|`, `>`, `:` or NUL.
 */

/** An empty string-keyed record with no prototype: `r["constructor"]` is undefined until set. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when the record itself has the key, else undefined (never an inherited member). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Sets `record[key]` as an own data property, also for "__proto__" on an object that has a
 * prototype (plain assignment would replace the prototype instead).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Adds `by` to the count under `key`. */
export function addCount(record: Record<string, number>, key: string, by = 1): void {
  setOwn(record, key, (ownValue(record, key) ?? 0) + by);
}

/** One string for a tuple of parts, unambiguous whatever characters the parts contain. */
export function tupleKey(...parts: readonly (string | number)[]): string {
  return JSON.stringify(parts);
}

/** The parts of a `tupleKey`. */
export function tupleParts(key: string): (string | number)[] {
  return JSON.parse(key) as (string | number)[];
}
