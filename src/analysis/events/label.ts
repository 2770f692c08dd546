/**
 * A short, readable event label: the headline of the most central article, or, when it has
 * none, the event's heaviest key terms written as they appear in that article.
 */
import type { Article } from '../../records.js';
import type { ArticleProfile } from '../corpus/profiles.js';
import { isStopword, termEntries } from '../corpus/terms.js';
import { stemmer } from 'stemmer';
import type { ArticleTexts } from '../corpus/termSource.js';

const MAX_TITLE_CHARS = 120;
const KEY_TERMS = 5;

/** stem -> the spelling used most often in the text (first seen wins ties). */
function surfaceForms(text: string): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const word of text.match(/[\p{L}][\p{L}'’-]*[\p{L}]/gu) ?? []) {
    const lower = word.toLowerCase().replace(/['’]s$/, '');
    if (isStopword(lower)) continue;
    const stem = stemmer(lower);
    const forms = counts.get(stem) ?? counts.set(stem, new Map()).get(stem)!;
    const form = word.replace(/['’]s$/, '');
    forms.set(form, (forms.get(form) ?? 0) + 1);
  }
  const best = new Map<string, string>();
  for (const [stem, forms] of counts) best.set(stem, [...forms.entries()].sort((x, y) => y[1] - x[1])[0][0]);
  return best;
}

export function eventLabel(central: ArticleProfile, article: Article, members: readonly ArticleProfile[]): string {
  const title = article.title.trim().replace(/\s+/g, ' ');
  if (title) return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title;
  const summed = new Map<string, number>();
  for (const profile of members) {
    for (const [term, weight] of termEntries(profile.terms)) if (!term.includes('_')) summed.set(term, (summed.get(term) ?? 0) + weight);
  }
  const forms = surfaceForms(article.text);
  const centralTerms = new Set(central.terms.ids);
  const terms = [...summed.entries()]
    .filter(([term]) => forms.has(term) && centralTerms.has(central.terms.vocabulary.idOf(term) ?? -1))
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, KEY_TERMS)
    .map(([term]) => forms.get(term)!);
  return terms.length > 0 ? terms.join(', ') : central.id;
}

/**
 * The articles, those without a headline given their texts (`texts` reads them): an event whose
 * articles have no headline is labelled from its central article's text, so a caller holding the
 * articles without their texts reads only these.
 */
export function withUntitledTexts(articles: readonly Article[], texts: ArticleTexts | undefined): readonly Article[] {
  const ids = articles.filter((a) => a.text === undefined && !a.title.trim()).map((a) => a.id);
  if (ids.length === 0 || !texts) return articles;
  const read = new Map<string, string>();
  texts(ids, (id, text) => read.set(id, text));
  return articles.map((a) => (read.has(a.id) ? { ...a, text: read.get(a.id)! } : a));
}
