/**
 * Per-item memo for stages whose work splits by article or by event: a nightly run that adds ten
 * articles recomputes only the items whose key changed. Values are v8-serialised into the same
 * crash-safe SQLite file as the model outputs; a value that fails to decode counts as a miss.
 */
import v8 from 'node:v8';
import { sha256Hex } from '../runtime/sha256.js';
import type { ModelCache } from './modelCache.js';

export interface ItemCache<T> {
  /**
   * Cached values for the keys that have one. With `digests`, each value's entry digest goes there
   * under its key (see entryDigest).
   */
  getMany(keys: string[], digests?: Map<string, string>): Map<string, T>;
  putMany(entries: Iterable<readonly [string, T]>): void;
}

/**
 * sha256 (hex) of a value's stored bytes, its v8 serialisation: what a memo entry holding it reads
 * back to. Two equal digests are the same bytes, so the same value; equal values may still serialise
 * to other bytes (a string stored one- or two-byte), so a digest that differs only says "maybe changed".
 */
export function entryDigest(value: unknown): string {
  return sha256Hex(v8.serialize(value));
}

/** sha256 over the parts, separated so that ("ab","c") and ("a","bc") differ. */
export function itemKey(...parts: string[]): string {
  return sha256Hex(parts.map((p) => `${p}\u0000`).join(''));
}

/**
 * `namespace` must change whenever the same key could produce a different value: include the
 * stage name and version, the code version, and hashes of the config and resource files used.
 */
/** Entries read from the store and decoded (or serialised and written) at a time. */
const DECODE_SLICE = 200;

export function openItemCache<T>(store: ModelCache, namespace: string): ItemCache<T> {
  const ns = `item|${namespace}`;
  return {
    getMany(keys, digests) {
      const out = new Map<string, T>();
      // In slices, so only one slice's serialised values are alive beside the decoded ones (a
      // corpus's memo read at once is as large again as what it decodes to).
      for (let i = 0; i < keys.length; i += DECODE_SLICE) {
        for (const [key, buf] of store.getMany(ns, keys.slice(i, i + DECODE_SLICE))) {
          try {
            out.set(key, v8.deserialize(buf) as T);
            digests?.set(key, sha256Hex(buf));
          } catch {
            // A damaged entry is recomputed and overwritten by the caller's putMany.
          }
        }
      }
      return out;
    },
    putMany(entries) {
      // Serialised and written in slices too (each entry stands alone, so a crash between two
      // slices only loses memo entries, which are recomputed).
      let encoded: [string, Uint8Array][] = [];
      for (const [key, value] of entries) {
        encoded.push([key, v8.serialize(value)]);
        if (encoded.length === DECODE_SLICE) {
          store.putMany(ns, encoded);
          encoded = [];
        }
      }
      if (encoded.length) store.putMany(ns, encoded);
    },
  };
}
