/**
 * The reference any user could write in ten lines, run on every events set in the same eval:
 * TF-IDF (lower-cased words, English stopwords out, sublinear tf, smoothed idf, L2) of title and
 * body, cosine over all pairs, average linkage, one threshold fixed on BASIL dev; `tfidfWindow`
 * adds the 10-day date window where dates exist. Every article takes part, title-only ones too.
 */
import { eng as englishStopwords } from 'stopword';
import { agglomerate, type ScoredPair } from '../analysis/events/cluster.js';
import { dayNumber } from '../analysis/corpus/profiles.js';

const STOP = new Set(englishStopwords);

export interface ReferenceDoc {
  id: string;
  title: string;
  body: string;
  /** ISO date or ''. */
  date: string;
}

function tfidfVectors(docs: readonly ReferenceDoc[]): Map<string, number>[] {
  const tokens = docs.map((d) => (`${d.title} ${d.body}`.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 1 && !STOP.has(w)));
  const df = new Map<string, number>();
  for (const list of tokens) for (const w of new Set(list)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  return tokens.map((list) => {
    const tf = new Map<string, number>();
    for (const w of list) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of tf) {
      const weight = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + df.get(w)!)) + 1);
      v.set(w, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
}

/** Cosine of every pair with a shared word (an inverted index; the rest are 0). */
export function referencePairs(docs: readonly ReferenceDoc[]): ScoredPair[] {
  const vectors = tfidfVectors(docs);
  const postings = new Map<string, [number, number][]>();
  vectors.forEach((v, i) => {
    for (const [w, x] of v) (postings.get(w) ?? postings.set(w, []).get(w)!).push([i, x]);
  });
  const sums = new Map<number, number>();
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a][0] * docs.length + list[b][0];
        sums.set(key, (sums.get(key) ?? 0) + list[a][1] * list[b][1]);
      }
    }
  }
  return [...sums.entries()].map(([key, score]) => ({ a: Math.floor(key / docs.length), b: key % docs.length, score }));
}

/** Clusters (doc indexes) at a threshold, with or without the date window. */
export function referenceClusters(docs: readonly ReferenceDoc[], pairs: readonly ScoredPair[], threshold: number, windowDays: number | null): number[][] {
  const days = docs.map((d) => dayNumber(d.date));
  return agglomerate({
    size: docs.length,
    pairs,
    threshold,
    linkage: 'average',
    canMerge:
      windowDays === null
        ? undefined
        : (a, b) => {
            const known = [...a, ...b].map((k) => days[k]).filter((d): d is number => d !== null);
            return known.length === 0 || Math.max(...known) - Math.min(...known) <= windowDays;
          },
  });
}

/** Thresholds tried when fixing the reference on BASIL dev. */
export const REFERENCE_THRESHOLDS = Array.from({ length: 60 }, (_, k) => Number((0.02 + k * 0.01).toFixed(2)));
