/**
 * Sentence tone for news: a calibrated 3-class logistic model (negative / neutral / positive) over
 * toneFeatures.ts, fit on sentences labelled for the tone of their wording (a plainly worded report
 * of a bad event is neutral). Shipped as a judge file, config/models/tone.json, rebuilt with
 * `crossframe train tone`.
 *
 * Example:
 *   const judge = loadToneJudge('config/models/tone.json');
 *   toneOf(judge, toneFeatures(text, sentiment.score, lexicons))  // { label: 'neutral', score: -0.08, ... }
 */
import { predictProba } from '../../learn/logisticRegression.js';
import type { JudgeFile } from '../../learn/modelFile.js';
import { readJudge, staleJudge } from '../../config/judgeFile.js';
import { TONE_FEATURES_VERSION, TONE_FEATURE_NAMES } from './toneFeatures.js';

export const TONE_JUDGE_KIND = 'tone';
export const TONE_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type ToneLabel = (typeof TONE_CLASSES)[number];

export type ToneJudge = JudgeFile<typeof TONE_JUDGE_KIND>;

export interface ToneResult {
  label: ToneLabel;
  /** P(positive) - P(negative), in [-1, 1]: the tone the means and intervals are built from. */
  score: number;
  /** Probability of the label given. */
  confidence: number;
}

export function loadToneJudge(file: string): ToneJudge {
  const judge = readJudge(file, TONE_JUDGE_KIND, TONE_FEATURES_VERSION, 'framing.toneModel');
  const names = judge.model.featureNames.join(',');
  if (names !== TONE_FEATURE_NAMES.join(',')) {
    throw staleJudge(file, 'framing.toneModel', `the tone model was fit on features ${names}, this crossframe computes ${TONE_FEATURE_NAMES.join(',')}`, 'rebuild it with `crossframe train tone`');
  }
  return judge;
}

/** The label is the most probable class; the score is the calibrated balance of the two polar ones. */
export function toneFromProbabilities(classes: readonly string[], p: readonly number[]): ToneResult {
  const at = (c: ToneLabel) => p[classes.indexOf(c)] ?? 0;
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return { label: classes[best] as ToneLabel, score: at('positive') - at('negative'), confidence: p[best] };
}

export function toneOf(judge: ToneJudge, features: readonly number[]): ToneResult {
  return toneFromProbabilities(judge.model.classes, predictProba(judge.model, features));
}

/**
 * Judge-file threshold on P(positive) / (P(positive) + P(negative)) above which the words about an
 * actor read as favourable. The 3-class model is fit with the positive class up-weighted (it would
 * otherwise never be predicted), which tilts its polar balance towards positive; this threshold,
 * chosen by the trainer on out-of-fold predictions for the evaluative (non-neutral) labelled
 * sentences, puts the sign back where the labels put it. 0.5 when a judge file has none.
 */
export const ACTOR_POLARITY_THRESHOLD = 'actorPositive';

/**
 * Tone towards an actor from the tone model's probabilities for the words about it: the sign from
 * the polar balance against `threshold`, the strength from how evaluative the words are
 * (1 - P(neutral)); the label is neutral when neutral is the most probable class, else the sign's.
 */
export function actorToneFromProbabilities(classes: readonly string[], p: readonly number[], threshold: number): ToneResult {
  const at = (c: ToneLabel) => p[classes.indexOf(c)] ?? 0;
  const pos = at('positive');
  const neg = at('negative');
  const polar = pos + neg;
  const balance = polar > 0 ? pos / polar : threshold;
  const lean = balance > threshold ? (balance - threshold) / (1 - threshold) : balance < threshold ? (balance - threshold) / threshold : 0;
  const sentence = toneFromProbabilities(classes, p);
  const label: ToneLabel = sentence.label === 'neutral' ? 'neutral' : lean > 0 ? 'positive' : 'negative';
  return { label, score: polar * lean, confidence: label === 'neutral' ? at('neutral') : polar };
}

export function actorToneOf(judge: ToneJudge, features: readonly number[]): ToneResult {
  return actorToneFromProbabilities(judge.model.classes, predictProba(judge.model, features), judge.thresholds[ACTOR_POLARITY_THRESHOLD] ?? 0.5);
}
