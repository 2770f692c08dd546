/**
 * The article-pair judge's second stage: a pair's probability re-read in the light of its
 * neighbourhood. Two pieces of one story often share little directly (a headline-only brief and a
 * long follow-up) but are both strongly linked to the same third articles; two look-alike stories
 * (two earthquakes) are linked to each other's articles only weakly. From the first-stage
 * probabilities of the candidate pairs this gives, for any pair (i, j): its own first-stage
 * probability, the best two-hop path max_k min(p(i,k), p(k,j)), the share and count of strong
 * neighbours (p >= 0.5) they have in common, and probability times path. A second logistic
 * regression (stacking) fit on out-of-fold first-stage probabilities weighs them as
 * cross-validation found them worth; the neighbourhood may then only lift a pair the first stage
 * already finds plausible (LIFT_FLOOR, a hand gate: see neighbourProbability).
 *
 * Example:
 *   const first = memoProbability((i, j) => pairProbability(judge.model, corpus.features(i, j)));
 *   const graph = neighbourGraph(corpus.articles.length, corpus.candidates, first);
 *   const p = neighbourProbability(judge.neighbourModel, graph, first)(i, j);
 */
import { probabilityOf, type LogisticModel } from '../../learn/logisticRegression.js';

export const NEIGHBOUR_FEATURES = ['probability', 'twoHop', 'sharedStrongShare', 'sharedStrong', 'probabilityTimesTwoHop'] as const;

/** The neighbourhood lifts only pairs the first stage already finds plausible on their own. */
export const LIFT_FLOOR = 0.3;

/** A first-stage probability at or above this makes a neighbour "strong". */
export const STRONG_NEIGHBOUR = 0.5;

/** Per article: its candidate partners and their first-stage probability. */
export type NeighbourGraph = Map<number, number>[];

export function neighbourGraph(size: number, candidates: readonly [number, number][], first: (i: number, j: number) => number): NeighbourGraph {
  const graph: NeighbourGraph = Array.from({ length: size }, () => new Map());
  for (const [i, j] of candidates) {
    const p = first(i, j);
    graph[i].set(j, p);
    graph[j].set(i, p);
  }
  return graph;
}

/** Second-stage features of any pair (candidate or not), the pair's own link left out. */
export function neighbourFeatures(graph: NeighbourGraph, i: number, j: number, probability: number): number[] {
  let twoHop = 0;
  let shared = 0;
  let strongI = 0;
  let strongJ = 0;
  for (const [k, pi] of graph[i]) {
    if (k === j) continue;
    if (pi >= STRONG_NEIGHBOUR) strongI++;
    const pj = graph[j].get(k);
    if (pj === undefined) continue;
    twoHop = Math.max(twoHop, Math.min(pi, pj));
    if (pi >= STRONG_NEIGHBOUR && pj >= STRONG_NEIGHBOUR) shared++;
  }
  for (const [k, pj] of graph[j]) if (k !== i && pj >= STRONG_NEIGHBOUR) strongJ++;
  return [probability, twoHop, shared / Math.max(1, Math.min(strongI, strongJ)), Math.log1p(shared), probability * twoHop];
}

/** Memoised pair function (callers pass i < j). */
export function memoProbability(score: (i: number, j: number) => number): (i: number, j: number) => number {
  const memo = new Map<string, number>();
  return (i, j) => {
    const key = `${i}:${j}`;
    let p = memo.get(key);
    if (p === undefined) memo.set(key, (p = score(i, j)));
    return p;
  };
}

/**
 * The final probability of any pair, memoised: the larger of the first stage and the second. The
 * neighbourhood only adds evidence: in the training sets every event has at least three articles,
 * so the second stage never saw a true pair without a third article, and on its own it would
 * demote every two-article story (a pair with nothing to share but each other). It lifts only
 * pairs at or above LIFT_FLOOR: below it, in a small corpus where everything on one topic is
 * everyone's neighbour, it joined look-alike stories (the seeds' lone Blinken visit). The floor was
 * set by hand, checked on the seeds and the cross-validated dev figures (0.15 / 0.2 / 0.3 compared).
 */
export function neighbourProbability(model: LogisticModel, graph: NeighbourGraph, first: (i: number, j: number) => number): (i: number, j: number) => number {
  return memoProbability((i, j) => {
    const p = first(i, j);
    return p < LIFT_FLOOR ? p : Math.max(p, probabilityOf(model, neighbourFeatures(graph, i, j, p), 'same'));
  });
}
