/**
 * Which article pairs are worth scoring: an inverted index over each article's heaviest terms,
 * entities and specific numbers. Keys held by more than `maxPostings` articles are skipped (they
 * are too common to say "same event" and would make the pair count quadratic), and each article
 * keeps only its `neighbours` best-sharing partners, so the work grows about linearly with the
 * corpus instead of with its square.
 */
import type { ArticleProfile } from '../corpus/profiles.js';
import { topTermEntries } from '../corpus/terms.js';

export interface CandidateOptions {
  /** Index keys taken from each article (heaviest terms plus all entities and numbers). */
  keysPerArticle: number;
  /** Keys held by more articles than this are not used for blocking. */
  maxPostings: number;
  /** Candidate partners kept per article, by shared key weight. */
  neighbours: number;
  /** Pairs the caller rules out before scoring (e.g. dates too far apart). */
  allowed?: (a: number, b: number) => boolean;
}

function indexKeys(profile: ArticleProfile, keysPerArticle: number): Map<string, number> {
  const keys = new Map<string, number>();
  for (const [term, weight] of topTermEntries(profile.terms, keysPerArticle)) keys.set(`t:${term}`, weight);
  for (const [name, weight] of profile.entities) keys.set(`e:${name}`, weight);
  for (const [number, weight] of profile.numbers) keys.set(`n:${number}`, weight);
  return keys;
}

/** Candidate pairs [i, j] (i < j), sorted. */
export function candidatePairs(profiles: readonly ArticleProfile[], options: CandidateOptions): [number, number][] {
  const postings = new Map<string, number[]>();
  const keyWeights = profiles.map((p) => indexKeys(p, options.keysPerArticle));
  keyWeights.forEach((keys, i) => {
    for (const key of keys.keys()) (postings.get(key) ?? postings.set(key, []).get(key)!).push(i);
  });

  // Shared key weight per pair, accumulated from the postings of each article's keys.
  const best: Map<number, number>[] = profiles.map(() => new Map());
  for (const [key, list] of postings) {
    if (list.length < 2 || list.length > options.maxPostings) continue;
    for (let x = 0; x < list.length; x++) {
      const i = list[x];
      const wi = keyWeights[i].get(key)!;
      for (let y = x + 1; y < list.length; y++) {
        const j = list[y];
        if (options.allowed && !options.allowed(i, j)) continue;
        const shared = Math.min(wi, keyWeights[j].get(key)!);
        best[i].set(j, (best[i].get(j) ?? 0) + shared);
        best[j].set(i, (best[j].get(i) ?? 0) + shared);
      }
    }
  }

  const chosen = new Set<string>();
  const pairs: [number, number][] = [];
  best.forEach((partners, i) => {
    const top = [...partners.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, options.neighbours);
    for (const [j] of top) {
      const [a, b] = i < j ? [i, j] : [j, i];
      const id = `${a}:${b}`;
      if (!chosen.has(id)) {
        chosen.add(id);
        pairs.push([a, b]);
      }
    }
  });
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
