/**
 * Cross-validated event clustering with the article-pair judge: the figure the eval reports and
 * the training report of config/models/events.json.
 *
 * Folds are dealt by group (a gold event; for ECB+ a topic, so the two look-alike events of a topic
 * are held out together; the two BASIL variants share their groups). Every set is clustered whole,
 * at once, and every pair is scored by a judge fit on rows in which neither of the pair's folds
 * appears: with k folds that is one judge per fold pair, k(k+1)/2 fits. So no article is ever
 * clustered by a judge that saw its event, and the clustering faces every distractor of the set.
 */
import { groupedFolds } from '../../learn/groupedFolds.js';
import { thresholdForPrecision } from '../../learn/thresholds.js';
import type { LogisticModel } from '../../learn/logisticRegression.js';
import { clusterByProbability, eventCohesion, fitNeighbourModel, fitPairModel, linkProbability, pairProbability, type PairRow } from './judge.js';
import { neighbourFeatures, neighbourGraph, neighbourProbability } from './neighbours.js';
import type { EventCorpus } from './pairs.js';
import type { Linkage } from './cluster.js';

export interface LabelledCorpus {
  name: string;
  corpus: EventCorpus;
  /** Per corpus article: gold event id and cross-validation group. */
  gold: string[];
  groups: string[];
}

/** Candidate pairs of a corpus as labelled rows. */
export function pairRows(set: LabelledCorpus): PairRow[] {
  return set.corpus.candidates.map(([i, j]) => ({ i, j, features: set.corpus.features(i, j), same: set.gold[i] === set.gold[j] }));
}

/** Fold per article of every set, dealt by group over all sets together. */
export function foldsByGroup(sets: readonly LabelledCorpus[], k: number, salt = ''): number[][] {
  const all = sets.flatMap((s) => s.groups.map((group) => ({ group })));
  const folds = groupedFolds(all, k, salt);
  let at = 0;
  return sets.map((s) => {
    const part = folds.slice(at, at + s.groups.length);
    at += s.groups.length;
    return part;
  });
}

export interface CrossValidatedEvents {
  folds: number;
  /** Per set: clusters (corpus indexes), out-of-fold probability of every candidate row, rows. */
  sets: {
    name: string;
    clusters: number[][];
    cohesion: number[];
    /** Candidate rows (first-stage features) and their out-of-fold final probability. */
    rows: PairRow[];
    probabilities: number[];
    /** Second-stage rows: NEIGHBOUR_FEATURES from out-of-fold first-stage probabilities. */
    neighbourRows: PairRow[];
    /** Out-of-fold final probability of any pair. */
    probability: (i: number, j: number) => number;
  }[];
  /** Link threshold chosen on the out-of-fold pair probabilities. */
  threshold: number;
  pairPrecision: number;
  pairRecall: number;
}

export interface CrossValidateOptions {
  folds: number;
  linkage: Linkage;
  windowDays: number;
  /** Pair precision the link threshold is chosen for (on out-of-fold probabilities). */
  targetPrecision: number;
  /** Probability under which a pair is more likely two stories (mayMixStories). */
  mixedBelow: number;
  /** Deals the events to other folds (groupedFolds); default none. */
  foldSalt?: string;
}

export function crossValidateEvents(sets: readonly LabelledCorpus[], options: CrossValidateOptions): CrossValidatedEvents {
  const folds = foldsByGroup(sets, options.folds, options.foldSalt);
  const k = Math.max(1, ...folds.flat().map((f) => f + 1));
  const rowsOf = sets.map(pairRows);
  const tagged = rowsOf.flatMap((rows, s) => rows.map((row) => ({ row, fi: folds[s][row.i], fj: folds[s][row.j] })));
  const models = new Map<string, LogisticModel | null>();
  const modelFor = (f: number, g: number): LogisticModel | null => {
    const key = f <= g ? `${f}:${g}` : `${g}:${f}`;
    let model = models.get(key);
    if (model === undefined) {
      const train = tagged.filter((t) => t.fi !== f && t.fi !== g && t.fj !== f && t.fj !== g).map((t) => t.row);
      // A tiny set (a quick run) may leave no pair of one class to learn from: then nothing links.
      const positives = train.filter((r) => r.same).length;
      model = positives > 0 && positives < train.length ? fitPairModel(train) : null;
      models.set(key, model);
    }
    return model;
  };
  const probabilityIn = (s: number) => {
    const memo = new Map<string, number>();
    return (i: number, j: number): number => {
      const key = `${i}:${j}`;
      let p = memo.get(key);
      if (p === undefined) {
        const model = modelFor(folds[s][i], folds[s][j]);
        memo.set(key, (p = model ? pairProbability(model, sets[s].corpus.features(i, j)) : 0));
      }
      return p;
    };
  };
  const firstOf = sets.map((_, s) => probabilityIn(s));

  // Second stage (stacking): neighbourhood features from the out-of-fold first-stage probabilities,
  // a second model per fold pair fit without either fold, so a pair's final probability never
  // comes from a model that saw its events at either stage.
  const graphs = sets.map((set, s) => neighbourGraph(set.corpus.articles.length, set.corpus.candidates, firstOf[s]));
  const neighbourRows = rowsOf.map((rows, s) => rows.map((r) => ({ ...r, features: neighbourFeatures(graphs[s], r.i, r.j, firstOf[s](r.i, r.j)) })));
  const taggedSecond = neighbourRows.flatMap((rows, s) => rows.map((row) => ({ row, fi: folds[s][row.i], fj: folds[s][row.j] })));
  const secondModels = new Map<string, ((i: number, j: number) => number)[] | null>();
  const secondFor = (f: number, g: number) => {
    const key = f <= g ? `${f}:${g}` : `${g}:${f}`;
    let perSet = secondModels.get(key);
    if (perSet === undefined) {
      const train = taggedSecond.filter((t) => t.fi !== f && t.fi !== g && t.fj !== f && t.fj !== g).map((t) => t.row);
      const positives = train.filter((r) => r.same).length;
      const model = positives > 0 && positives < train.length ? fitNeighbourModel(train) : null;
      perSet = model ? sets.map((_, s) => neighbourProbability(model, graphs[s], firstOf[s])) : null;
      secondModels.set(key, perSet);
    }
    return perSet;
  };
  const probabilityOf = sets.map((_, s) => (i: number, j: number): number => secondFor(folds[s][i], folds[s][j])?.[s](i, j) ?? 0);
  const probabilities = rowsOf.map((rows, s) => rows.map((r) => probabilityOf[s](r.i, r.j)));
  const point = thresholdForPrecision(probabilities.flat(), rowsOf.flat().map((r) => r.same), options.targetPrecision);
  const threshold = Number.isFinite(point.threshold) ? Number(point.threshold.toFixed(4)) : 1;
  return {
    folds: k,
    threshold,
    pairPrecision: point.precision,
    pairRecall: point.recall,
    sets: sets.map((set, s) => {
      const clusters = clusterByProbability(set.corpus, probabilityOf[s], { threshold, linkage: options.linkage, windowDays: options.windowDays });
      return { name: set.name, clusters, cohesion: clusters.map((m) => eventCohesion(m, linkProbability(set.corpus, probabilityOf[s]))), rows: rowsOf[s], probabilities: probabilities[s], neighbourRows: neighbourRows[s], probability: probabilityOf[s] };
    }),
  };
}
