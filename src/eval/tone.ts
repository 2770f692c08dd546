/**
 * Sentence tone on news (news-tone: sentences labelled for the tone of their wording, see its
 * GUIDE.md): accuracy and macro-F1 over negative / neutral / positive of crossframe's tone model,
 * cross-validated with folds grouped by event (each fold's model never saw a sentence of its test
 * events), beside reference rows measured in the same run on the same sentences:
 * - alwaysNeutral: the majority answer;
 * - vader: the VADER lexicon scorer (vader-sentiment) with its published +-0.05 neutral band;
 * - compactModel: the configured sentiment model as shipped, through models.sentiment.labels and
 *   neutralBand (what every tone column showed before the tone model).
 */
import { crossValidateTone, classScores, loadToneLexicons, readToneSentences, toneReferences, toneRows, type ClassScores } from '../analysis/framing/toneTrain.js';
import { take, type EvalContext } from './context.js';

export interface ToneEvalResult extends ClassScores {
  file: string;
  sentences: number;
  folds: number;
  /** The tone figures above are out-of-fold predictions (never the in-sample fit). */
  crossValidated: true;
  sentimentModel: string;
  reference: {
    alwaysNeutral: ClassScores;
    vader: ClassScores;
    compactModel: ClassScores;
  };
  /** True when accuracy and macro-F1 both beat every reference row. */
  beatsReferences: boolean;
}

export const TONE_FOLDS = 5;

export async function evalTone(ctx: EvalContext, file: string): Promise<ToneEvalResult> {
  const sentences = take(readToneSentences(file), ctx.limit);
  const hub = await ctx.hub();
  const lexicons = loadToneLexicons(ctx.loaded.config.framing);
  const { rows, modelLabels } = await toneRows(sentences, hub, lexicons);
  const gold = rows.map((r) => r.label);
  const cv = crossValidateTone(rows, TONE_FOLDS, ctx.foldSalt);
  const reference = toneReferences(sentences, modelLabels);
  const scores = classScores(cv.predicted, gold);
  const beats = Object.values(reference).every((r) => scores.accuracy > r.accuracy && scores.macroF1 > r.macroF1);
  return {
    file,
    sentences: rows.length,
    folds: cv.folds,
    crossValidated: true,
    sentimentModel: ctx.loaded.config.models.sentiment.id,
    ...scores,
    reference,
    beatsReferences: beats,
  };
}
