/**
 * Sentence tone for the framing stage, and whether tone may be shown as a finding at all.
 *
 * Each sentence's tone comes from the fitted tone model (config/models/tone.json) over the
 * sentiment model's score and the lexicon signals. Sentence tone is a finding only when the
 * model's training report shows it beating every reference row measured in the same run
 * (cross-validated accuracy and macro-F1 above always-neutral, VADER and the compact model as
 * shipped); tone towards actors only when framing.actorToneFinding says `crossframe eval --only
 * actor-tone` showed it beating its references.
 */
import type { Sentence, SentenceSentiment, ToneQuality } from '../../records.js';
import { toneFeatures, type ToneFeaturesOf, type ToneLexicons } from './toneFeatures.js';
import { toneOf, type ToneJudge, type ToneResult } from './toneModel.js';

/** Sentence id -> tone; without a model, the sentiment model's own label and score (legacy, never a finding). */
export function sentenceTones(
  sentences: Sentence[],
  sentimentById: Map<string, SentenceSentiment>,
  judge: ToneJudge | undefined,
  lexicons: ToneLexicons,
  featuresOf: ToneFeaturesOf = (text, score) => toneFeatures(text, score, lexicons),
): Map<string, ToneResult> {
  const out = new Map<string, ToneResult>();
  for (const s of sentences) {
    const sentiment = sentimentById.get(s.id);
    if (!sentiment || !Number.isFinite(sentiment.score)) continue;
    out.set(s.id, judge ? toneOf(judge, featuresOf(s.text, sentiment.score)) : { label: sentiment.label, score: sentiment.score, confidence: NaN });
  }
  return out;
}

type Figures = { accuracy: number; macroF1: number };

/** The reference rows the trainer stored as `reference.<name>` in the training report. */
export function trainingReferences(judge: ToneJudge): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  for (const [key, value] of Object.entries(judge.training.crossValidated)) {
    if (!key.startsWith('reference.') || typeof value !== 'object') continue;
    out[key.slice('reference.'.length)] = { accuracy: Number(value.accuracy), macroF1: Number(value.macroF1) };
  }
  return out;
}

export function toneQualityOf(judge: ToneJudge | undefined, options: { minToneSentences?: number; actorToneFinding?: boolean }): ToneQuality {
  const minToneSentences = options.minToneSentences ?? 10;
  const actorIsFinding = options.actorToneFinding ?? false;
  if (!judge) return { sentenceIsFinding: false, sentenceEvidence: 'no tone model: tone is the sentiment model as shipped, which has no measured quality on news', actorIsFinding: false, minToneSentences };
  const cv = judge.training.crossValidated;
  const accuracy = Number(cv.accuracy);
  const macroF1 = Number(cv.macroF1);
  const refs = trainingReferences(judge);
  const names = Object.keys(refs);
  const beats = names.length > 0 && names.every((n) => accuracy > refs[n].accuracy && macroF1 > refs[n].macroF1);
  const fmt = (x: number) => x.toFixed(2);
  const evidence =
    `tone model, cross-validated by event on ${judge.training.rows} labelled sentences: accuracy ${fmt(accuracy)}, macro-F1 ${fmt(macroF1)}` +
    (names.length ? `; references ${names.map((n) => `${n} ${fmt(refs[n].accuracy)} / ${fmt(refs[n].macroF1)}`).join(', ')}` : '; no reference rows in its training report');
  return { sentenceIsFinding: beats, sentenceEvidence: evidence, actorIsFinding: beats && actorIsFinding, minToneSentences };
}
