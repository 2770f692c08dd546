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
import { probabilityOf, type LogisticModel } from '../../learn/logisticRegression.js';
import { clusterByProbability, eventCohesion, fitNeighbourModel, fitPairModel, pairProbability, type PairRow } from './judge.js';
import { NEIGHBOUR_SETTINGS, neighbourFeatures, neighbourGraph, neighbourProbability, seededRandom, subsampleArticles, subsampleGraph } from './neighbours.js';
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
export function foldsByGroup(sets: readonly LabelledCorpus[], k: number): number[][] {
  const all = sets.flatMap((s) => s.groups.map((group) => ({ group })));
  const folds = groupedFolds(all, k);
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
  /** First-stage probability under which the second stage lifts no pair. */
  liftFloor: number;
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
}

export function crossValidateEvents(sets: readonly LabelledCorpus[], options: CrossValidateOptions): CrossValidatedEvents {
  const folds = foldsByGroup(sets, options.folds);
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
  const graphs = sets.map((set, s) => neighbourGraph(set.corpus.articles.length, set.corpus.candidates, firstOf[s], set.corpus.apart));
  const neighbourRows = rowsOf.map((rows, s) => {
    const whole = rows.map((r) => ({ ...r, features: neighbourFeatures(graphs[s], r.i, r.j, firstOf[s](r.i, r.j)) }));
    const random = seededRandom(1 + s);
    const augmented: PairRow[] = [];
    for (let copy = 0; copy < NEIGHBOUR_SETTINGS.augment; copy++) {
      const kept = subsampleArticles(sets[s].gold, random);
      const graph = subsampleGraph(graphs[s], kept);
      for (const r of rows) if (kept[r.i] && kept[r.j]) augmented.push({ ...r, features: neighbourFeatures(graph, r.i, r.j, firstOf[s](r.i, r.j)) });
    }
    return [...whole, ...augmented];
  });
  const taggedSecond = neighbourRows.flatMap((rows, s) => rows.map((row) => ({ row, fi: folds[s][row.i], fj: folds[s][row.j] })));
  const secondModels = new Map<string, LogisticModel | null>();
  const secondModelFor = (f: number, g: number): LogisticModel | null => {
    const key = f <= g ? `${f}:${g}` : `${g}:${f}`;
    let model = secondModels.get(key);
    if (model === undefined) {
      const train = taggedSecond.filter((t) => t.fi !== f && t.fi !== g && t.fj !== f && t.fj !== g).map((t) => t.row);
      const positives = train.filter((r) => r.same).length;
      model = positives > 0 && positives < train.length ? fitNeighbourModel(train) : null;
      secondModels.set(key, model);
    }
    return model;
  };
  const finalOf = (floor: number) =>
    sets.map((_, s) => {
      const perModel = new Map<LogisticModel, (i: number, j: number) => number>();
      return (i: number, j: number): number => {
        const model = secondModelFor(folds[s][i], folds[s][j]);
        if (!model) return 0;
        let p = perModel.get(model);
        if (!p) perModel.set(model, (p = neighbourProbability(model, graphs[s], firstOf[s], floor)));
        return p(i, j);
      };
    });
  const thresholdOf = (probability: ((i: number, j: number) => number)[]) => {
    const scores = rowsOf.flatMap((rows, s) => rows.map((r) => probability[s](r.i, r.j)));
    const point = thresholdForPrecision(scores, rowsOf.flat().map((r) => r.same), options.targetPrecision);
    return { point, threshold: Number.isFinite(point.threshold) ? Number(point.threshold.toFixed(4)) : 1 };
  };
  let liftFloor = typeof NEIGHBOUR_SETTINGS.floor === 'number' ? NEIGHBOUR_SETTINGS.floor : 0;
  if (NEIGHBOUR_SETTINGS.floor === 'rule') {
    // The lift floor by rule, on out-of-fold rows (the subsamples included, where small stories
    // live): among pairs the second stage lifts across the unfloored link threshold, the lowest
    // first-stage probability above which they are as precise as the link threshold asks.
    const unfloored = thresholdOf(finalOf(0)).threshold;
    const lifted: { first: number; same: boolean }[] = [];
    neighbourRows.forEach((rows, s) =>
      rows.forEach((r) => {
        const model = secondModelFor(folds[s][r.i], folds[s][r.j]);
        const first = r.features[0];
        if (!model || first >= unfloored) return;
        if (probabilityOf(model, r.features, 'same') >= unfloored) lifted.push({ first, same: r.same });
      }),
    );
    const point = thresholdForPrecision(lifted.map((l) => l.first), lifted.map((l) => l.same), NEIGHBOUR_SETTINGS.ruleTarget);
    console.log(`lift rule: ${lifted.length} lifted, ${lifted.filter((l) => l.same).length} same; floor ${point.threshold} P ${point.precision} R ${point.recall} met ${point.metTarget}`);
    liftFloor = Number.isFinite(point.threshold) ? Number(point.threshold.toFixed(4)) : 1;
    NEIGHBOUR_SETTINGS.chosenFloor = liftFloor;
  }
  const probabilityOfSet = finalOf(liftFloor);
  const probabilities = rowsOf.map((rows, s) => rows.map((r) => probabilityOfSet[s](r.i, r.j)));
  const { point, threshold } = thresholdOf(probabilityOfSet);
  return {
    folds: k,
    threshold,
    liftFloor,
    pairPrecision: point.precision,
    pairRecall: point.recall,
    sets: sets.map((set, s) => {
      const clusters = clusterByProbability(set.corpus, probabilityOfSet[s], { threshold, linkage: options.linkage, windowDays: options.windowDays });
      return { name: set.name, clusters, cohesion: clusters.map((m) => eventCohesion(m, probabilityOfSet[s])), rows: rowsOf[s], probabilities: probabilities[s], neighbourRows: neighbourRows[s], probability: probabilityOfSet[s] };
    }),
  };
}
