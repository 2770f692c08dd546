/**
 * The learned article-pair judge: P(two articles report the same real-world event) from the pair
 * features of events/pairs.ts, a logistic regression (src/learn) fit with cross-validation grouped
 * by event. Events are then grown by average (or complete) linkage over that probability, so an
 * article joins an event only when it is, on average, more likely than `link` to belong with its
 * members.
 *
 * Example:
 *   const judge = readEventsJudge('config/models/events.json');
 *   const p = pairProbability(judge, corpus.features(i, j));
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitLogistic, probabilityOf, type LogisticModel } from '../../learn/logisticRegression.js';
import type { JudgeFile } from '../../learn/modelFile.js';
import { readJudge, staleJudge } from '../../config/judgeFile.js';
import { agglomerate, mergeNeighbourClusters, type Linkage, type ScoredPair } from './cluster.js';
import { fitsWindow } from './dates.js';
import { PAIR_FEATURES, type EventCorpus } from './pairs.js';
import { memoProbability, NEIGHBOUR_FEATURES, neighbourGraph, neighbourProbability } from './neighbours.js';

export const EVENTS_JUDGE_KIND = 'event-pairs';
/** 2: a second stage (`neighbourModel`, events/neighbours.ts) reads each pair's neighbourhood. */
export const EVENTS_JUDGE_VERSION = 2;
export const SAME = 'same';
export const DIFFERENT = 'different';

export type EventsJudge = JudgeFile<typeof EVENTS_JUDGE_KIND> & {
  /** Second stage over NEIGHBOUR_FEATURES, fit on out-of-fold first-stage probabilities. */
  neighbourModel: LogisticModel;
};

export interface PairRow {
  /** Article indexes in the corpus. */
  i: number;
  j: number;
  features: number[];
  same: boolean;
}

/** A relative judge path is read from the working folder, else from the repository root. */
export function resolveJudgePath(file: string): string {
  if (path.isAbsolute(file) || fs.existsSync(file)) return path.resolve(file);
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  return path.join(repoRoot, file);
}

export function readEventsJudge(file: string): EventsJudge {
  const judge = readJudge(resolveJudgePath(file), EVENTS_JUDGE_KIND, EVENTS_JUDGE_VERSION, 'events.judge') as EventsJudge;
  const expected = [...PAIR_FEATURES].join(',');
  if (judge.model.featureNames.join(',') !== expected) {
    throw staleJudge(file, 'events.judge', `the judge was fit on features ${judge.model.featureNames.join(', ')}, this crossframe computes ${expected}`, 'rebuild it with `crossframe train events`');
  }
  const second = judge.neighbourModel;
  if (second?.featureNames?.join(',') !== [...NEIGHBOUR_FEATURES].join(',') || second.weights?.length !== 2 || second.mean?.length !== NEIGHBOUR_FEATURES.length) {
    throw new Error(`${file}: no valid second-stage \`neighbourModel\` over ${NEIGHBOUR_FEATURES.join(', ')}. Fix: rebuild it with \`crossframe train events\`.`);
  }
  return judge;
}

/** The judge's final pair probability over a corpus: first stage, then its neighbourhood. */
export function judgeProbability(judge: Pick<EventsJudge, 'model' | 'neighbourModel'>, corpus: EventCorpus): (i: number, j: number) => number {
  const first = memoProbability((i, j) => pairProbability(judge.model, corpus.features(i, j)));
  return neighbourProbability(judge.neighbourModel, neighbourGraph(corpus.articles.length, corpus.candidates, first), first);
}

export function fitPairModel(rows: readonly PairRow[]): LogisticModel {
  return fitSameEventModel(rows, PAIR_FEATURES, 600);
}

/** Second stage: rows of NEIGHBOUR_FEATURES computed from out-of-fold first-stage probabilities. */
export function fitNeighbourModel(rows: readonly { features: number[]; same: boolean }[]): LogisticModel {
  return fitSameEventModel(rows, NEIGHBOUR_FEATURES, 400);
}

/** Both stages: same-event vs different, the same class weighting and regularisation. */
function fitSameEventModel(rows: readonly { features: number[]; same: boolean }[], featureNames: readonly string[], iterations: number): LogisticModel {
  const positives = rows.filter((r) => r.same).length;
  const negatives = rows.length - positives;
  // Candidate pairs are mostly different events; balancing keeps the probability scale usable
  // as a linkage threshold whatever the corpus's share of same-event pairs.
  const balance = positives > 0 && negatives > 0 ? negatives / positives : 1;
  return fitLogistic(
    rows.map((r) => r.features),
    rows.map((r) => (r.same ? SAME : DIFFERENT)),
    { classes: [DIFFERENT, SAME], featureNames: [...featureNames], l2: 1e-3, iterations, classWeights: { [SAME]: Math.sqrt(balance) } },
  );
}

export function pairProbability(model: LogisticModel, features: readonly number[]): number {
  return probabilityOf(model, features, SAME);
}

export interface ClusterOptions {
  threshold: number;
  linkage: Linkage;
  windowDays: number;
}

/**
 * Events (member index lists) by linkage over the judge's probability of the candidate pairs.
 * Average linkage then takes a second pass over whole events (mergeNeighbourClusters): the first
 * counts a pair that was never a candidate as probability 0, so pieces of a large story stay apart
 * once they have more member pairs than candidate links; the second scores every member pair and
 * merges two pieces joined by a candidate when their mean probability reaches the same threshold.
 */
export function clusterByProbability(corpus: Pick<EventCorpus, 'articles' | 'anchors' | 'candidates' | 'apart'>, probability: (i: number, j: number) => number, options: ClusterOptions): number[][] {
  const score = linkProbability(corpus, probability);
  const pairs: ScoredPair[] = corpus.candidates.map(([a, b]) => ({ a, b, score: score(a, b) }));
  // Dates veto a merge (an event spans at most the window); a pair that numbers one series
  // differently counts as probability 0 in average and complete linkage (linkProbability), and
  // vetoes the merge only under single linkage, which would otherwise chain across it.
  const canMerge = (a: readonly number[], b: readonly number[]): boolean =>
    fitsWindow([...a, ...b].map((k) => corpus.anchors[k]), options.windowDays) && (options.linkage !== 'single' || !a.some((i) => b.some((j) => corpus.apart(i, j))));
  const clusters = agglomerate({ size: corpus.articles.length, pairs, threshold: options.threshold, linkage: options.linkage, canMerge });
  if (options.linkage !== 'average') return clusters;
  return mergeNeighbourClusters({ clusters, pairs, score, threshold: options.threshold, canMerge });
}

/**
 * The pair probability the linkage (and cohesion) reads: 0 for a pair the corpus rules out
 * (dates further apart than the window, or one series numbered differently: "second visit" vs
 * "ninth visit"), else the judge's. A ruled-out pair is never a candidate either. Under average
 * linkage it pulls the mean of its two groups down like any unlikely pair instead of vetoing the
 * merge outright: one article of a large story that counts the rounds of a fight or the films of
 * a series differently from one article of the other piece no longer keeps the two pieces apart,
 * while two lone articles that number a visit differently still never merge.
 */
export function linkProbability(corpus: Pick<EventCorpus, 'apart'>, probability: (i: number, j: number) => number): (i: number, j: number) => number {
  return (i, j) => (corpus.apart(i, j) ? 0 : probability(i, j));
}

/** Largest event whose every pair is scored for cohesion; beyond it a strided sample of pairs. */
const COHESION_ALL_PAIRS = 60;

/**
 * Lowest pair probability inside an event: the claims stage can trust an event whose weakest
 * pair is still likely the same story. Pairs are scored whether or not they were candidates.
 */
export function eventCohesion(members: readonly number[], probability: (i: number, j: number) => number): number {
  if (members.length < 2) return 1;
  let min = 1;
  const stride = members.length <= COHESION_ALL_PAIRS ? 1 : Math.ceil((members.length * (members.length - 1)) / 2 / 2000);
  let k = 0;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      if (k++ % stride !== 0) continue;
      const p = probability(Math.min(members[x], members[y]), Math.max(members[x], members[y]));
      if (p < min) min = p;
    }
  }
  return min;
}
