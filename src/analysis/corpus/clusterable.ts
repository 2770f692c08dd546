/** Which articles enter event clustering and the cross-outlet comparisons built on it. */
import type { Article } from '../../records.js';

/**
 * Below this many words (title and text) a language guess is unreliable: a wire brief or a
 * headline-only record that the detector called another language still takes part in events.
 */
export const SHORT_TEXT_WORDS = 40;

/**
 * Articles that enter event clustering: every article that is not a duplicate (a duplicate joins
 * its original's event afterwards), except long texts in a language outside input.languages.
 */
export function clusterableArticles(articles: readonly Article[]): Article[] {
  const short = (a: Article) => a.words + (a.title.match(/\S+/g)?.length ?? 0) < SHORT_TEXT_WORDS;
  return articles.filter((a) => a.duplicateOf === '' && (a.analysable || short(a)));
}
