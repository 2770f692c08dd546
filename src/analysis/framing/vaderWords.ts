/**
 * VADER's polarity_scores with its word split done in linear time. The package builds, for every
 * text, a table of each word with each of 17 punctuation marks before and after it, only to strip
 * a leading or trailing mark from each word (SentiText.get_words_plus_punc): that table was 22% of
 * the framing stage's time (35% once the verb parse was cut). Which words it strips follows from the word alone, so here the same
 * words are computed directly; everything that scores them (valence, negation, boosters, "but",
 * punctuation emphasis) is still the package's own code (SentimentIntensityAnalyzer's static
 * methods), called in the order polarity_scores calls them. Same scores to the last bit, checked
 * against the package in test/analysis/framing/framingShortcuts.test.ts and on the corpus texts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import vader from 'vader-sentiment';

export interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  /** Normalised sum of valences in [-1, 1]; VADER's own 3-class rule cuts it at +-0.05. */
  compound: number;
}

/** The package's REGEX_REMOVE_PUNCTUATION (as one character) and PUNC_LIST (vaderSentiment.js, vader-sentiment 1.1.3). */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const MARKS = new Set(['.', '!', '?', ',', ';', ':', '-', "'", '"', '!!', '!!!', '??', '???', '?!?', '!?!', '?!?!', '!?!?']);

interface SentiTextLike {
  text: string;
  words_and_emoticons: string[];
  is_cap_diff: boolean;
}

interface Analyzer {
  sentiment_valence(valence: number, sentiText: SentiTextLike, item: string, index: number, sentiments: number[]): number[];
  but_check(words: string[], sentiments: number[]): number[];
  score_valence(sentiments: number[], text: string): VaderScores;
  polarity_scores(text: string): VaderScores;
}

const analyzer = vader.SentimentIntensityAnalyzer as unknown as Analyzer;

/**
 * One whitespace-separated word as get_words_and_emoticons leaves it. The package maps `mark + w`
 * and `w + mark` to w for every mark of PUNC_LIST and every word w of the text with its
 * punctuation removed (longer than one character). w has no punctuation, so a word is mapped only
 * when it is a mark followed or preceded by letters without punctuation, and then to those
 * letters, which are its own punctuation-free form: no other word of the text matters.
 */
export function vaderWord(token: string): string {
  let lead = 0;
  while (lead < token.length && PUNCTUATION.test(token[lead])) lead++;
  if (lead > 0 && lead < token.length) {
    const rest = token.slice(lead);
    if (rest.length > 1 && MARKS.has(token.slice(0, lead)) && !PUNCTUATION.test(rest)) return rest;
  }
  let trail = token.length;
  while (trail > 0 && PUNCTUATION.test(token[trail - 1])) trail--;
  if (trail < token.length && trail > 0) {
    const rest = token.slice(0, trail);
    if (rest.length > 1 && MARKS.has(token.slice(trail)) && !PUNCTUATION.test(rest)) return rest;
  }
  return token;
}

/** The package's is_upper_python and allcap_differential. */
const isUpperPython = (word: string) => word.length > 0 && /^[^a-z]*[A-Z]+[^a-z]*$/.test(word);
function allCapDifferential(words: string[]): boolean {
  let caps = 0;
  for (const w of words) if (isUpperPython(w)) caps++;
  const differential = words.length - caps;
  return differential > 0 && differential < words.length;
}

/** Lexicon entries by their lower-cased form (read once: 7,510 lines, a few milliseconds). */
let entriesByLowerCase: Map<string, string[]> | undefined;
/** Whether a lower-cased word is a booster with a valence, decided the first time a text holds it. */
const boosterVerdicts = new Map<string, boolean>();

/**
 * polarity_scores gives a booster word ("very", "slightly": BOOSTER_DICT, not exported) a score
 * of 0 instead of its valence. That matters only for booster words that have a valence: those
 * score 0 on their own although the lexicon lists them. Found by asking the package about the
 * lexicon entries of a word the first time a text holds it (none in vader-sentiment 1.1.3): asking
 * about all 7,510 entries up front cost every process 0.7 to 1.6 s before its first score.
 */
function isBoosterWithValence(lower: string): boolean {
  const known = boosterVerdicts.get(lower);
  if (known !== undefined) return known;
  const verdict = (lexiconEntriesByLowerCase().get(lower) ?? []).some((word) => {
    const alone: SentiTextLike = { text: word, words_and_emoticons: [word], is_cap_diff: false };
    return analyzer.sentiment_valence(0, alone, word, 0, [])[0] !== 0 && analyzer.polarity_scores(word).compound === 0;
  });
  boosterVerdicts.set(lower, verdict);
  return verdict;
}

/** The lexicon entries that could be boosters with a valence (one word, as the split leaves it, non-zero). */
function lexiconEntriesByLowerCase(): Map<string, string[]> {
  if (entriesByLowerCase) return entriesByLowerCase;
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('vader-sentiment/package.json')), 'vader_lexicon.txt');
  const byLower = new Map<string, string[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [word, value] = line.split('\t');
    if (!word || word.length < 2 || /\s/.test(word) || vaderWord(word) !== word || !Number(value)) continue;
    const lower = word.toLowerCase();
    byLower.set(lower, [...(byLower.get(lower) ?? []), word]);
  }
  entriesByLowerCase = byLower;
  return byLower;
}

/** SentimentIntensityAnalyzer.polarity_scores(text), same steps, the word split in linear time. */
export function polarityScores(text: string): VaderScores {
  const words = text.split(/\s/).filter((t) => t.length > 1).map(vaderWord);
  const sentiText: SentiTextLike = { text, words_and_emoticons: words, is_cap_diff: allCapDifferential(words) };
  let sentiments: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const item = words[i];
    const lower = item.toLowerCase();
    if ((i < words.length - 1 && lower === 'kind' && words[i + 1].toLowerCase() === 'of') || isBoosterWithValence(lower)) {
      sentiments.push(0);
      continue;
    }
    sentiments = analyzer.sentiment_valence(0, sentiText, item, i, sentiments);
  }
  sentiments = analyzer.but_check(words, sentiments);
  return analyzer.score_valence(sentiments, text);
}
