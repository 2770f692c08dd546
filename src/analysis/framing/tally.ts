/**
 * Per-article framing counts. Everything here is a count or a sum, so an outlet's figures for an
 * event (or across all events) are the sum of its articles' tallies; rates and shares are derived
 * only at the end, in `framing.ts`.
 */
import type { Article, Sentence, SentenceSentiment } from '../../records.js';
import type { ToneResult } from './toneModel.js';
import { countTerms, findTerms, tokenize, type Hit } from './lexicon.js';
import type { FramingResources } from './resources.js';
import { classifySpeaker } from './speakerGroups.js';
import { addCount, emptyRecord } from '../../runtime/safeKeys.js';
import { quotedRanges } from './quotes.js';

export interface FramingTally {
  articles: number;
  sentences: number;
  /** Sentences with a tone (the tone denominator). */
  scored: number;
  words: number;
  toneSum: number;
  /**
   * Every toned sentence's score, one list per article: the bootstrap interval resamples articles,
   * since the sentences of one article share a writer and a story and are not independent draws.
   */
  toneByArticle: number[][];
  negative: number;
  neutral: number;
  positive: number;
  polar: number;
  loaded: Record<string, number>;
  loadedInQuotes: number;
  hedges: Record<string, number>;
  attribution: Record<string, number>;
  quotes: number;
  speakerGroups: Record<string, number>;
  speakers: Record<string, number>;
}

export function emptyTally(): FramingTally {
  return {
    articles: 0,
    sentences: 0,
    scored: 0,
    words: 0,
    toneSum: 0,
    toneByArticle: [],
    negative: 0,
    neutral: 0,
    positive: 0,
    polar: 0,
    loaded: emptyRecord(),
    loadedInQuotes: 0,
    hedges: emptyRecord(),
    attribution: emptyRecord(),
    quotes: 0,
    speakerGroups: emptyRecord(),
    speakers: emptyRecord(),
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) addCount(into, k, v);
}

export function addTally(into: FramingTally, from: FramingTally): FramingTally {
  into.articles += from.articles;
  into.sentences += from.sentences;
  into.scored += from.scored;
  into.words += from.words;
  into.toneSum += from.toneSum;
  for (const scores of from.toneByArticle) into.toneByArticle.push(scores);
  into.negative += from.negative;
  into.neutral += from.neutral;
  into.positive += from.positive;
  into.polar += from.polar;
  addCounts(into.loaded, from.loaded);
  into.loadedInQuotes += from.loadedInQuotes;
  addCounts(into.hedges, from.hedges);
  addCounts(into.attribution, from.attribution);
  into.quotes += from.quotes;
  addCounts(into.speakerGroups, from.speakerGroups);
  addCounts(into.speakers, from.speakers);
  return into;
}

const inside = (hit: Hit, ranges: [number, number][]) => ranges.some(([a, b]) => hit.start >= a && hit.end <= b);

/** The name a speaker is counted under: the canonical name of a person entity the speaker text contains. */
export function speakerName(speaker: string, sentence: Sentence): { name: string; aliases: string[] } {
  const trimmed = speaker.trim();
  const lower = trimmed.toLowerCase();
  const people = sentence.entities
    .filter((e) => e.type === 'person' && e.text && lower.includes(e.text.toLowerCase()))
    .sort((a, b) => b.text.length - a.text.length);
  return people.length ? { name: people[0].name, aliases: [people[0].name] } : { name: trimmed, aliases: [] };
}

export interface TallyOptions {
  polarThreshold: number;
}

/**
 * Counts one article: its title (words and lexicon hits only: titles carry no sentence tone) and its
 * sentences. Tone comes from the tone model (`toneById`); the polar count stays on the sentiment
 * model's score, as documented for polar_sentences.
 */
export function tallyArticle(
  article: Article,
  sentences: Sentence[],
  sentimentById: Map<string, SentenceSentiment>,
  resources: FramingResources,
  options: TallyOptions,
  toneById: Map<string, ToneResult>,
): FramingTally {
  const tally = emptyTally();
  tally.articles = 1;
  const toneScores: number[] = [];
  const titleTokens = tokenize(article.title);
  tally.words += titleTokens.length;
  countTerms(findTerms(resources.loaded, titleTokens), tally.loaded);
  countTerms(findTerms(resources.hedges, titleTokens), tally.hedges);

  for (const sentence of sentences) {
    tally.sentences++;
    const tokens = tokenize(sentence.text);
    tally.words += tokens.length;
    const loadedHits = findTerms(resources.loaded, tokens);
    countTerms(loadedHits, tally.loaded);
    if (loadedHits.length) {
      const ranges = quotedRanges(sentence.text, sentence.quotes.map((q) => q.text));
      tally.loadedInQuotes += loadedHits.filter((h) => inside(h, ranges)).length;
    }
    countTerms(findTerms(resources.hedges, tokens), tally.hedges);
    countTerms(findTerms(resources.attribution, tokens), tally.attribution);

    const tone = toneById.get(sentence.id);
    if (tone && Number.isFinite(tone.score)) {
      tally.scored++;
      tally.toneSum += tone.score;
      toneScores.push(tone.score);
      tally[tone.label]++;
    }
    const sentiment = sentimentById.get(sentence.id);
    if (sentiment && Number.isFinite(sentiment.score) && Math.abs(sentiment.score) >= options.polarThreshold) tally.polar++;

    for (const quote of sentence.quotes) {
      tally.quotes++;
      const { name, aliases } = speakerName(quote.speaker, sentence);
      const group = classifySpeaker(resources.speakers, quote.speaker, aliases);
      addCount(tally.speakerGroups, group);
      if (name) addCount(tally.speakers, name);
    }
  }
  if (toneScores.length) tally.toneByArticle.push(toneScores);
  return tally;
}
