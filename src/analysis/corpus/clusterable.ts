/**
 * Which articles count as the same outlet in cross-outlet comparisons.
 *
 * Two articles whose outlet is unknown are not known to be one newsroom, and matching claims
 * only across outlets must not silently skip them (nor treat them as corroborating themselves),
 * so every unknown-outlet article is its own outlet, keyed `unknown:<articleId>`.
 */
import type { Article } from '../../records.js';

export const UNKNOWN_OUTLET_PREFIX = 'unknown:';

export function isUnknownOutlet(article: Pick<Article, 'outlet' | 'outletSource'>): boolean {
  const name = article.outlet.trim().toLowerCase();
  return article.outletSource === 'unknown' || name === '' || name === 'unknown';
}

/** The outlet key used for grouping, matching and omissions. */
export function outletKey(article: Pick<Article, 'id' | 'outlet' | 'outletSource'>): string {
  return isUnknownOutlet(article) ? `${UNKNOWN_OUTLET_PREFIX}${article.id}` : article.outlet;
}

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
