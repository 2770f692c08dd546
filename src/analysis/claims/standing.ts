/**
 * The relations judge's second stage: a candidate pair's P(same) re-read in the light of the other
 * candidates of its two sentences. A sentence usually reports a claim once per outlet, so the pair
 * that is each side's clear best match among the other outlet's sentences is more likely the same
 * claim than a pair of equal first-stage probability that both sentences beat elsewhere. From the
 * first-stage probabilities of every candidate pair of an event this gives, per pair: its own
 * probability (and log-odds), whether it is the best match of one or both sentences among the
 * other outlet's candidates, its margin over the next-best candidate on each side, and its rank on
 * each side. A second logistic regression (stacking, as the events judge's second stage does for
 * article pairs, src/analysis/events/neighbours.ts) weighs them; it is fit on out-of-fold
 * first-stage probabilities, so it learns what the first stage gets wrong on events it never saw.
 *
 * Example:
 *   const features = standingFeatures(pairs.map((c, i) => ({ ...c, probability: first[i] })));
 *   const final = features.map((x) => probabilityOf(judge.candidateModel, x, 'same'));
 */

export const STANDING_FEATURES = ['probability', 'logOdds', 'bothBest', 'oneBest', 'marginMin', 'marginMax', 'rankMin', 'rankMax', 'probabilityTimesBothBest'] as const;

/** One candidate pair: its sentences, their outlets and the first stage's P(same). */
export interface StandingPair {
  a: string;
  b: string;
  outletA: string;
  outletB: string;
  probability: number;
}

interface Side {
  best: boolean;
  margin: number;
  rank: number;
}

/**
 * Second-stage features of every pair, in order. `pairs` must hold all candidate pairs of the
 * events concerned (sentence ids are unique across events): a pair's standing is read among them.
 */
export function standingFeatures(pairs: readonly StandingPair[]): number[][] {
  // Sentence + the other outlet -> the probabilities of that sentence's candidates in that outlet.
  const sides = new Map<string, { index: number; p: number }[]>();
  const add = (key: string, index: number, p: number) => (sides.get(key) ?? sides.set(key, []).get(key)!).push({ index, p });
  pairs.forEach((pair, i) => {
    add(`${pair.a}\n${pair.outletB}`, i, pair.probability);
    add(`${pair.b}\n${pair.outletA}`, i, pair.probability);
  });
  for (const list of sides.values()) list.sort((x, y) => y.p - x.p || x.index - y.index);
  const side = (key: string, index: number): Side => {
    const list = sides.get(key)!;
    const rank = list.findIndex((x) => x.index === index);
    const other = list.find((x) => x.index !== index)?.p ?? 0;
    return { best: rank === 0, margin: list[rank].p - other, rank };
  };
  return pairs.map((pair, i) => {
    const p = pair.probability;
    const x = side(`${pair.a}\n${pair.outletB}`, i);
    const y = side(`${pair.b}\n${pair.outletA}`, i);
    const bothBest = x.best && y.best ? 1 : 0;
    const clipped = Math.min(Math.max(p, 1e-4), 1 - 1e-4);
    return [
      p,
      Math.log(clipped / (1 - clipped)),
      bothBest,
      x.best || y.best ? 1 : 0,
      Math.min(x.margin, y.margin),
      Math.max(x.margin, y.margin),
      Math.log1p(Math.min(x.rank, y.rank)),
      Math.log1p(Math.max(x.rank, y.rank)),
      p * bothBest,
    ];
  });
}
