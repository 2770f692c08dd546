/**
 * The segment stage's counters, added up one sentence at a time as the sentences are made (so no
 * caller needs them all in memory): the in-process stage and the queue coordinator report the same.
 *
 * Example:
 *   const tally = segmentCounters();
 *   for (const s of sentences) tally.add(s);
 *   tally.counters(); // { 'segment.sentences': 42, 'segment.quotes': 3, ... }
 */
import type { Sentence, SentencesMade } from '../records.js';

export function segmentCounters() {
  let sentences = 0;
  let quotes = 0;
  let numbers = 0;
  let entities = 0;
  let articles = 0;
  let lastArticle: string | undefined;
  return {
    add(s: Sentence): void {
      sentences++;
      quotes += s.quotes.length;
      numbers += s.numbers.length;
      entities += s.entities.length;
      // An article's sentences come together (article order, then sentence order).
      if (s.articleId !== lastArticle) articles++;
      lastArticle = s.articleId;
    },
    /** One article's sentences, added by their counts (SentenceDigest.made) instead of one by one. */
    addArticle(articleId: string, made: SentencesMade): void {
      sentences += made.sentences;
      quotes += made.quotes;
      numbers += made.numbers;
      entities += made.entities;
      if (made.sentences && articleId !== lastArticle) articles++;
      if (made.sentences) lastArticle = articleId;
    },
    counters(): Record<string, number> {
      return {
        'segment.sentences': sentences,
        'segment.quotes': quotes,
        'segment.numbers': numbers,
        'segment.entities': entities,
        'segment.articles': articles,
      };
    },
  };
}
