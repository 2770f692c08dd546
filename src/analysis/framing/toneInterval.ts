/**
 * How sure a mean tone is: a percentile bootstrap interval over the sentences behind it (or over
 * the articles behind it, when the sentences come grouped by article: a cluster bootstrap), with a
 * random stream seeded from the scope's name (outlet, event, entity), so the same data give the
 * same interval on every run and machine. Two outlets are ordered only when their intervals do not
 * overlap: a difference inside the noise is not a ranking.
 *
 * Example:
 *   bootstrapInterval([-0.4, 0.1, -0.2], 1000, 'Sputnik\u0000*')  // [-0.4, 0.1] (n = 3 is wide)
 */
import { sha256Hex } from '../../runtime/sha256.js';
import { seededRandom } from '../../runtime/seededRandom.js';
import type { ToneIntervals } from '../../records.js';

/** 95% interval: the 2.5th and 97.5th percentiles of the resampled means. */
const LOWER = 0.025;
const UPPER = 0.975;

/** FNV-1a: a 32-bit seed from a string. */
function seedOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * [low, high] of the mean of all values when whole groups (articles) are resampled: sentences of one
 * article are not independent, so resampling sentences would make a one-article outlet look certain.
 * With a single group the interval is the sentence-level one (nothing better is known).
 */
export function clusterBootstrapInterval(groups: readonly (readonly number[])[], resamples: number, seedKey: string): [number, number] {
  const kept = groups.filter((g) => g.length > 0);
  if (kept.length <= 1) return bootstrapInterval(kept[0] ?? [], resamples, seedKey);
  const sums = kept.map((g) => g.reduce((a, b) => a + b, 0));
  const counts = kept.map((g) => g.length);
  const k = kept.length;
  const random = seededRandom(seedOf(seedKey));
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < k; i++) {
      const pick = Math.floor(random() * k);
      sum += sums[pick];
      count += counts[pick];
    }
    means[r] = sum / count;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return [at(LOWER), at(UPPER)];
}

/** [low, high] of the mean of `values`; [NaN, NaN] without values (shown blank, never as 0). */
export function bootstrapInterval(values: ArrayLike<number>, resamples: number, seedKey: string): [number, number] {
  const n = values.length;
  if (n === 0) return [NaN, NaN];
  if (n === 1) return [values[0], values[0]];
  const random = seededRandom(seedOf(seedKey));
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[r] = sum / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return [at(LOWER), at(UPPER)];
}

export interface Interval {
  key: string;
  low: number;
  high: number;
  /** Larger first when a list is cut to maxListed (toned sentences); ties by key. */
  weight?: number;
}

/** Names listed per direction: a list of thousands of outlets says nothing a reader can use. */
export const MAX_SEPARATED_LISTED = 25;

export interface Separation {
  /** At most maxListed keys, the heaviest, in key order. */
  higherThan: string[];
  lowerThan: string[];
  /** How many there are in all. */
  higherThanCount: number;
  lowerThanCount: number;
}

/** How many of `sorted` (ascending, no NaN) are below `x` (`strictlyAbove`: above it). */
function countBeyond(sorted: readonly number[], x: number, strictlyAbove: boolean): number {
  if (Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strictlyAbove ? sorted[mid] <= x : sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return strictlyAbove ? sorted.length - lo : lo;
}

/**
 * For each scope, the others whose interval lies entirely below / above its own: counted by binary
 * search over the intervals sorted by end, listed (the heaviest maxListed) by one pass over the
 * intervals by weight that stops once both lists are full. Was a filter over all pairs, with every
 * name listed: quadratic in time and in output, so 5,000 outlets gave 25 million names.
 */
export function separatedFrom(items: readonly Interval[], maxListed = MAX_SEPARATED_LISTED): Map<string, Separation> {
  const ascending = (values: number[]) => values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const highs = ascending(items.map((i) => i.high));
  const lows = ascending(items.map((i) => i.low));
  const byWeight = [...items].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out = new Map<string, Separation>();
  for (const a of items) {
    // b below a: b.high < a.low; b above a: b.low > a.high (NaN bounds compare false, as before).
    const higherThanCount = countBeyond(highs, a.low, false);
    const lowerThanCount = countBeyond(lows, a.high, true);
    const higherThan: string[] = [];
    const lowerThan: string[] = [];
    for (const b of byWeight) {
      if (higherThan.length >= Math.min(maxListed, higherThanCount) && lowerThan.length >= Math.min(maxListed, lowerThanCount)) break;
      if (b === a) continue;
      if (b.high < a.low && higherThan.length < maxListed) higherThan.push(b.key);
      else if (b.low > a.high && lowerThan.length < maxListed) lowerThan.push(b.key);
    }
    out.set(a.key, { higherThan: higherThan.sort(), lowerThan: lowerThan.sort(), higherThanCount, lowerThanCount });
  }
  return out;
}

/**
 * Bump when bootstrapInterval, clusterBootstrapInterval, seedOf or seededRandom change what they
 * return: the interval memo (intervalsOf) keys on their inputs only.
 */
export const INTERVAL_VERSION = 1;

/** One interval to compute: over `values` (bootstrapInterval) or over article groups (clusterBootstrapInterval). */
export type IntervalRequest = { seedKey: string; resamples: number } & ({ values: ArrayLike<number> } | { groups: readonly (readonly number[])[] });

/** A memo of intervals by their inputs (an ItemCache in the run's model cache). */
export interface IntervalMemo {
  getMany(keys: string[]): Map<string, [number, number]>;
  putMany(entries: Iterable<readonly [string, [number, number]]>): void;
}

/** Everything an interval depends on: its kind, resamples, seed key and every value in order (as float64 bytes). */
export function intervalKey(request: IntervalRequest): string {
  // One sha256 over the kind's JSON and the numbers as float64 bytes: [n, ...values], or [groups,
  // ...each group's length, ...every group's values]. The digest the chained updates of those parts
  // gave before (~140,000 keys a 10,000-article night: one buffer, no Hash object, each).
  const head = JSON.stringify(['values' in request ? 'values' : 'groups', INTERVAL_VERSION, request.resamples, request.seedKey]);
  const count = 'values' in request ? 1 + request.values.length : 1 + request.groups.reduce((n, g) => n + 1 + g.length, 0);
  const headBytes = Buffer.byteLength(head);
  const bytes = Buffer.allocUnsafe(headBytes + 8 * count);
  bytes.write(head, 0, 'utf8');
  // Numbers written one by one from the head's end (not word-aligned, so no Float64Array view of it).
  let at = headBytes;
  const put = (x: number) => (at = bytes.writeDoubleLE(x, at));
  if ('values' in request) {
    put(request.values.length);
    for (let i = 0; i < request.values.length; i++) put(request.values[i]);
  } else {
    put(request.groups.length);
    for (const g of request.groups) put(g.length);
    for (const g of request.groups) for (const x of g) put(x);
  }
  return sha256Hex(bytes);
}

/**
 * A memo that answers first from the intervals a previous run's framing carried (a binary search each,
 * where the model cache's memo is a store read and checksum each: ~145,000 of them a 10,000-article
 * night), then from `memo`; it keeps every interval asked for or computed, to be carried on
 * (`carried()`). Each entry's key is the sha256 of its inputs, so an interval carried over is the one
 * `memo` holds, or the bootstrap gives, for those inputs. Keys and bounds are held packed (typed
 * arrays, no string or object per interval: ~700,000 of them at 50,000 articles).
 *
 * Example:
 *   const intervals = carriedIntervals(previous?.intervals, openItemCache(cache, namespace));
 *   computeFraming(..., intervals);  // then: framing.intervals = intervals.carried()
 */
export function carriedIntervals(previous: ToneIntervals | undefined, memo: IntervalMemo): IntervalMemo & { carried(): ToneIntervals; counts(): { carried: number; remembered: number } } {
  const before = previous && previous.keys.length === previous.bounds.length * 16 ? previous : undefined;
  // Read as words (a copy when the stored bytes do not start on a word boundary).
  const aligned = before && (before.keys.byteOffset % 4 === 0 ? before.keys : new Uint8Array(before.keys));
  const beforeWords = aligned ? new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4) : new Uint32Array(0);
  const scratch = new Uint8Array(32);
  const scratchWords = new Uint32Array(scratch.buffer);
  const scratchBytes = Buffer.from(scratch.buffer);
  /** The previous interval of this key (hex), or -1: binary search in key order (keyOrder). */
  const indexBefore = (key: string): number => {
    if (!before || key.length !== 64) return -1;
    scratchBytes.write(key, 0, 32, 'hex');
    let lo = 0;
    let hi = before.bounds.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = keyOrder(beforeWords, mid, scratchWords, 0);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  let keys = new Uint8Array(32 * 1024);
  // The same bytes as a Buffer, to write hex keys into (made again only when the keys grow).
  let keyBytes = Buffer.from(keys.buffer);
  let bounds = new Float64Array(2 * 1024);
  let size = 0;
  let fromBefore = 0;
  let fromMemo = 0;
  const keep = (key: string, [low, high]: readonly [number, number]) => {
    if (key.length !== 64) return;
    if (size * 32 === keys.length) {
      const grown = new Uint8Array(keys.length * 2);
      grown.set(keys);
      keys = grown;
      keyBytes = Buffer.from(keys.buffer);
      const grownBounds = new Float64Array(bounds.length * 2);
      grownBounds.set(bounds);
      bounds = grownBounds;
    }
    keyBytes.write(key, size * 32, 32, 'hex');
    bounds[2 * size] = low;
    bounds[2 * size + 1] = high;
    size++;
  };
  return {
    getMany(asked) {
      const out = new Map<string, [number, number]>();
      const rest: string[] = [];
      for (const key of asked) {
        const i = indexBefore(key);
        if (i < 0) rest.push(key);
        else out.set(key, [before!.bounds[2 * i], before!.bounds[2 * i + 1]]);
      }
      fromBefore += asked.length - rest.length;
      if (rest.length) {
        for (const [key, interval] of memo.getMany(rest)) {
          out.set(key, interval);
          fromMemo++;
        }
      }
      for (const [key, interval] of out) keep(key, interval);
      return out;
    },
    putMany(entries) {
      const fresh = [...entries];
      for (const [key, interval] of fresh) keep(key, interval);
      memo.putMany(fresh);
    },
    /** Intervals found among the previous run's, and in the memo. */
    counts: () => ({ carried: fromBefore, remembered: fromMemo }),
    carried() {
      // In key order, each key once: the same intervals asked for give the same value whatever came from where.
      const words = new Uint32Array(keys.buffer, 0, size * 8);
      const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => keyOrder(words, a, words, b));
      const unique = order.filter((at, n) => n === 0 || keyOrder(words, order[n - 1], words, at) !== 0);
      const outKeys = new Uint8Array(unique.length * 32);
      const outBounds = new Float64Array(unique.length * 2);
      unique.forEach((at, i) => {
        outKeys.set(keys.subarray(at * 32, at * 32 + 32), i * 32);
        outBounds[2 * i] = bounds[2 * at];
        outBounds[2 * i + 1] = bounds[2 * at + 1];
      });
      return { keys: outKeys, bounds: outBounds };
    },
  };
}

/**
 * The order carried intervals are kept in: key a (the 8 32-bit words at a * 8 of `aWords`) against
 * key b, word by word. Any fixed total order serves (it is only searched), and whole words are
 * cheaper to compare than bytes.
 */
function keyOrder(aWords: Uint32Array, a: number, bWords: Uint32Array, b: number): number {
  for (let w = 0; w < 8; w++) {
    const x = aWords[a * 8 + w];
    const y = bWords[b * 8 + w];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const computeInterval = (r: IntervalRequest): [number, number] =>
  'values' in r ? bootstrapInterval(r.values, r.resamples, r.seedKey) : clusterBootstrapInterval(r.groups, r.resamples, r.seedKey);

/**
 * Each request's interval, in order: from the memo where the same inputs were bootstrapped before (a
 * nightly run: every outlet, event and actor whose values did not change), computed otherwise. The
 * bootstrap is a pure function of the key's inputs, so a memoised interval equals a computed one.
 */
export function intervalsOf(requests: readonly IntervalRequest[], memo?: IntervalMemo): [number, number][] {
  if (!memo) return requests.map(computeInterval);
  const keys = requests.map(intervalKey);
  const known = memo.getMany([...new Set(keys)]);
  const fresh = new Map<string, [number, number]>();
  const out = requests.map((r, i) => {
    const hit = known.get(keys[i]) ?? fresh.get(keys[i]);
    if (hit && hit.length === 2) return [hit[0], hit[1]] as [number, number];
    const interval = computeInterval(r);
    fresh.set(keys[i], interval);
    return interval;
  });
  memo.putMany(fresh);
  return out;
}
