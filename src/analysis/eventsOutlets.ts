/**
 * Which articles count as the same outlet in cross-outlet comparisons.
 *
 * Two articles whose outlet is unknown are not known to be one newsroom, and matching claims
 * only across outlets must not silently skip them (nor treat them as corroborating themselves),
 * so every unknown-outlet article is its own outlet, keyed `unknown:<articleId>`.
 */
import type { Article } from '../records.js';

export const UNKNOWN_OUTLET_PREFIX = 'unknown:';

export function isUnknownOutlet(article: Pick<Article, 'outlet' | 'outletSource'>): boolean {
  const name = article.outlet.trim().toLowerCase();
  return article.outletSource === 'unknown' || name === '' || name === 'unknown';
}

/** The outlet key used for grouping, matching and omissions. */
export function outletKey(article: Pick<Article, 'id' | 'outlet' | 'outletSource'>): string {
  return isUnknownOutlet(article) ? `${UNKNOWN_OUTLET_PREFIX}${article.id}` : article.outlet;
}

/** Articles that enter event clustering: analysable and not a duplicate of another article. */
export function clusterableArticles(articles: readonly Article[]): Article[] {
  return articles.filter((a) => a.analysable && a.duplicateOf === '');
}
