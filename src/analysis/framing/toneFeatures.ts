/**
 * The cheap signals the tone model (toneModel.ts) weighs, for a sentence or for the words about one
 * actor in it: the sentiment model's score, VADER's scores for the whole text, for the outlet's own
 * voice and for what it quotes, evaluative words (VADER's lexicon) with negation, the loaded-language
 * and hedge lexicons, attribution verbs, how much of the text is quotation, and the highest soft
 * loadedness of its content words (softLexicon.ts: words near the loaded-language lexicon's).
 *
 * Bump TONE_FEATURES_VERSION when a feature is added, removed or changes meaning: a judge file fit on
 * the old list is then refused with the fix (retrain), never misread.
 */
import { findTerms, tokenize, type Token } from './lexicon.js';
import type { Lexicon } from './lexicon.js';
import { quotedRanges } from './quotes.js';
import { valenceOf, vaderScores } from './toneLexicon.js';
import { maxSoftScore, memoSoftLoadedLexicon, type SoftLexicon } from './softLexicon.js';
import { isStopword } from '../corpus/terms.js';

// 2: softLoaded (word vectors) added.
export const TONE_FEATURES_VERSION = 2;

export const TONE_FEATURE_NAMES = [
  'modelScore',
  'vaderCompound',
  'vaderPos',
  'vaderNeg',
  'ownVoiceCompound',
  'quotedCompound',
  'quoteShare',
  'evaluativePositive',
  'evaluativeNegative',
  'evaluativeNegated',
  'negations',
  'loadedOwnVoice',
  'loadedQuoted',
  'hedges',
  'attribution',
  'logWords',
  'softLoaded',
] as const;

export interface ToneLexicons {
  loaded: Lexicon;
  hedges: Lexicon;
  attribution: Lexicon;
  /**
   * The loaded lexicon made soft through word vectors (softLexicon.ts). Pipeline, trainer and eval
   * set it; when absent it is read on first use from its memo beside the vectors' binary copy (or fit).
   */
  softLoaded?: SoftLexicon;
}

/** The soft loaded lexicon of these lexicons, read (or fit) on first use when not given. */
export function softLoadedOf(lexicons: ToneLexicons): SoftLexicon {
  return lexicons.softLoaded ?? memoSoftLoadedLexicon(lexicons.loaded);
}

/** Lower-case words that can carry judgement: alphabetic, three letters or more, not stopwords. */
const contentWords = (tokens: Token[]) => tokens.map((t) => t.norm).filter((w) => w.length > 2 && /^[a-z][a-z'-]*$/.test(w) && !isStopword(w));

const NEGATORS = new Set(['not', 'no', 'never', 'nor', 'without', "n't", 'cannot', 'neither', 'none', 'nobody', 'nothing', "don't", "doesn't", "didn't", "won't", "isn't", "wasn't", "aren't", "weren't", "can't", "couldn't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't"]);
/** Words before an evaluative word that a negation may sit within. */
const NEGATION_WINDOW = 3;

const inside = (t: { start: number; end: number }, ranges: [number, number][]) => ranges.some(([a, b]) => t.start >= a && t.end <= b);

function textOutside(text: string, ranges: [number, number][]): { own: string; quoted: string } {
  if (!ranges.length) return { own: text, quoted: '' };
  const mask = new Uint8Array(text.length);
  for (const [a, b] of ranges) mask.fill(1, a, b);
  let own = '';
  let quoted = '';
  for (let i = 0; i < text.length; i++) {
    if (mask[i]) {
      quoted += text[i];
      own += ' ';
    } else own += text[i];
  }
  return { own, quoted };
}

function evaluative(tokens: Token[]): { positive: number; negative: number; negated: number } {
  let positive = 0;
  let negative = 0;
  let negated = 0;
  tokens.forEach((t, i) => {
    let v = valenceOf(t.norm);
    if (!v) return;
    const window = tokens.slice(Math.max(0, i - NEGATION_WINDOW), i);
    if (window.some((w) => NEGATORS.has(w.norm))) {
      v = -v * 0.74; // VADER's own damping of a negated word
      negated++;
    }
    if (v > 0) positive += v;
    else negative -= v;
  });
  return { positive, negative, negated };
}

/**
 * Feature vector in TONE_FEATURE_NAMES order for `text` (a sentence or the clause about an actor),
 * given the sentiment model's score of the sentence it comes from.
 */
export function toneFeatures(text: string, modelScore: number, lexicons: ToneLexicons): number[] {
  const tokens = tokenize(text);
  const ranges = quotedRanges(text);
  const { own, quoted } = textOutside(text, ranges);
  const whole = vaderScores(text);
  const quotedChars = ranges.reduce((n, [a, b]) => n + (b - a), 0);
  const ev = evaluative(tokens);
  const loaded = findTerms(lexicons.loaded, tokens);
  const loadedQuoted = loaded.filter((h) => inside(h, ranges)).length;
  return [
    Number.isFinite(modelScore) ? modelScore : 0,
    whole.compound,
    whole.pos,
    whole.neg,
    // Without quotation marks the own voice is the whole text: VADER is the costly call, make it once.
    ranges.length ? vaderScores(own).compound : whole.compound,
    quoted ? vaderScores(quoted).compound : 0,
    text.length ? Math.min(1, quotedChars / text.length) : 0,
    ev.positive,
    ev.negative,
    ev.negated,
    tokens.filter((t) => NEGATORS.has(t.norm)).length,
    loaded.length - loadedQuoted,
    loadedQuoted,
    findTerms(lexicons.hedges, tokens).length,
    findTerms(lexicons.attribution, tokens).length,
    Math.log1p(tokens.length),
    maxSoftScore(softLoadedOf(lexicons), contentWords(tokens)),
  ];
}

/** toneFeatures for a text and model score; see memoisedToneFeatures. */
export type ToneFeaturesOf = (text: string, modelScore: number) => readonly number[];

/**
 * toneFeatures computed once per distinct text and score. Within an article the sentence and the
 * actor scopes of its names often are the same text (a one-clause sentence; two names in one
 * clause), and VADER, the costly part, would read it again for each. The features are a pure
 * function of text, score and lexicons, so a remembered vector is the one that would be computed.
 * Keep one per article (it holds every text it was given).
 */
export function memoisedToneFeatures(lexicons: ToneLexicons): ToneFeaturesOf {
  const known = new Map<string, { modelScore: number; features: readonly number[] }>();
  return (text, modelScore) => {
    const hit = known.get(text);
    if (hit && Object.is(hit.modelScore, modelScore)) return hit.features;
    const features = toneFeatures(text, modelScore, lexicons);
    known.set(text, { modelScore, features });
    return features;
  };
}
