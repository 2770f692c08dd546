/**
 * Candidate claim pairs inside one event: only across outlets, scored by claimSimilarity, and
 * only each sentence's best few per other outlet. Small events score every cross-outlet pair
 * (a few thousand dot products); events with more than `indexAbove` claim units first propose
 * pairs from an inverted index of their terms, entities and figures, skipping keys held by more
 * than `maxPostings` sentences, so a very large event costs far less than all pairs. The kept
 * candidates are the union of each sentence's best few by combined score (lexical neighbours) and
 * its nearest few by embedding cosine: a fixed number per sentence and outlet, so cost stays linear.
 */
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { claimSimilarity, type ClaimSimilarity, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';
import { tupleKey } from '../../runtime/safeKeys.js';

export interface ClaimCandidate {
  a: ClaimUnit;
  b: ClaimUnit;
  similarity: ClaimSimilarity;
  /** Each sentence is the other's closest in the other's outlet (within this event). */
  mutualBest: boolean;
}

export interface ClaimCandidateOptions {
  threshold: number;
  perSentence: number;
  indexAbove: number;
  maxPostings: number;
  /**
   * Also keep each sentence's closest `embeddingNeighbours` per other outlet by embedding cosine,
   * whatever their combined score: paraphrases that share few words (0 = off, the previous rule).
   */
  embeddingNeighbours?: number;
}

/** Index pairs (i < j, different outlets) that share a specific key. */
function indexedPairs(units: readonly ClaimUnit[], maxPostings: number): [number, number][] {
  const postings = new Map<string, number[]>();
  units.forEach((unit, i) => {
    const keys = [...unit.terms.keys()].map((t) => `t:${t}`);
    for (const name of unit.entities.keys()) keys.push(`e:${name}`);
    for (const n of unit.numbers) keys.push(`n:${n}`);
    for (const key of keys) (postings.get(key) ?? postings.set(key, []).get(key)!).push(i);
  });
  const pairs = new Set<number>();
  const n = units.length;
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > maxPostings) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const [i, j] = list[x] < list[y] ? [list[x], list[y]] : [list[y], list[x]];
        if (units[i].outletKey !== units[j].outletKey) pairs.add(i * n + j);
      }
    }
  }
  return [...pairs].sort((p, q) => p - q).map((p) => [Math.floor(p / n), p % n]);
}

function allCrossOutletPairs(units: readonly ClaimUnit[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) if (units[i].outletKey !== units[j].outletKey) pairs.push([i, j]);
  }
  return pairs;
}

export function claimCandidates(
  units: readonly ClaimUnit[],
  ctx: ClaimSimilarityContext,
  options: ClaimCandidateOptions,
): { candidates: ClaimCandidate[]; scoredPairs: number } {
  const proposed = units.length > options.indexAbove ? indexedPairs(units, options.maxPostings) : allCrossOutletPairs(units);
  // Per sentence and other outlet, the best `perSentence` pairs above the threshold.
  const best = new Map<string, { pair: number; score: number }[]>();
  const scored: ClaimCandidate[] = [];
  const top = new Map<string, { other: number; score: number }>();
  const noteTop = (slot: string, other: number, score: number) => {
    const current = top.get(slot);
    if (!current || score > current.score || (score === current.score && other < current.other)) top.set(slot, { other, score });
  };
  const indexOf = new Map(units.map((u, k) => [u, k]));
  const keep = (slot: string, pair: number, score: number) => {
    const list = best.get(slot) ?? best.set(slot, []).get(slot)!;
    list.push({ pair, score });
    list.sort((x, y) => y.score - x.score || x.pair - y.pair);
    if (list.length > options.perSentence) list.pop();
  };
  const nearest = new Map<string, { pair: number; score: number }[]>();
  const keepNearest = (slot: string, pair: number, score: number) => {
    const list = nearest.get(slot) ?? nearest.set(slot, []).get(slot)!;
    list.push({ pair, score });
    list.sort((x, y) => y.score - x.score || x.pair - y.pair);
    if (list.length > (options.embeddingNeighbours ?? 0)) list.pop();
  };
  for (const [i, j] of proposed) {
    const similarity = claimSimilarity(units[i], units[j], ctx);
    noteTop(tupleKey(i, units[j].outletKey), j, similarity.score);
    noteTop(tupleKey(j, units[i].outletKey), i, similarity.score);
    const byEmbedding = (options.embeddingNeighbours ?? 0) > 0 && units[i].vector !== null && units[j].vector !== null;
    if (similarity.score < options.threshold && !byEmbedding) continue;
    const index = scored.length;
    scored.push({ a: units[i], b: units[j], similarity, mutualBest: false });
    if (byEmbedding) {
      keepNearest(tupleKey(i, units[j].outletKey), index, similarity.cosine);
      keepNearest(tupleKey(j, units[i].outletKey), index, similarity.cosine);
    }
    if (similarity.score < options.threshold) continue;
    keep(tupleKey(i, units[j].outletKey), index, similarity.score);
    keep(tupleKey(j, units[i].outletKey), index, similarity.score);
  }
  const chosen = new Set<number>();
  for (const list of best.values()) for (const { pair } of list) chosen.add(pair);
  for (const list of nearest.values()) for (const { pair } of list) chosen.add(pair);
  const candidates = [...chosen].sort((x, y) => x - y).map((k) => scored[k]);
  for (const c of candidates) {
    const i = indexOf.get(c.a)!;
    const j = indexOf.get(c.b)!;
    c.mutualBest = top.get(tupleKey(i, c.b.outletKey))?.other === j && top.get(tupleKey(j, c.a.outletKey))?.other === i;
  }
  return { candidates, scoredPairs: proposed.length };
}
