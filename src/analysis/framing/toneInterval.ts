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
import { seededRandom } from '../../runtime/seededRandom.js';

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
export function bootstrapInterval(values: readonly number[], resamples: number, seedKey: string): [number, number] {
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
}

/** For each scope, the others whose interval lies entirely below / above its own. */
export function separatedFrom(items: readonly Interval[]): Map<string, { higherThan: string[]; lowerThan: string[] }> {
  const out = new Map<string, { higherThan: string[]; lowerThan: string[] }>();
  for (const a of items) {
    const higherThan = items.filter((b) => b !== a && b.high < a.low).map((b) => b.key);
    const lowerThan = items.filter((b) => b !== a && b.low > a.high).map((b) => b.key);
    out.set(a.key, { higherThan: higherThan.sort(), lowerThan: lowerThan.sort() });
  }
  return out;
}
