/** articles.csv: one row per article read (analysed or not), in id order. */
import type { Analysis, Article } from '../../records.js';
import { defineTable, type Column, type Table } from '../csv.js';

export const ARTICLE_COLUMNS: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'outlet', type: 'text' },
  { name: 'outlet_source', type: 'text' },
  { name: 'outlet_evidence', type: 'text' },
  { name: 'outlet_country', type: 'text' },
  { name: 'outlet_ownership', type: 'text' },
  { name: 'published', type: 'date' },
  { name: 'published_source', type: 'text' },
  { name: 'published_evidence', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'url', type: 'text' },
  { name: 'words', type: 'number' },
  { name: 'language', type: 'text' },
  { name: 'analysable', type: 'bool' },
  { name: 'duplicate_of', type: 'text' },
  { name: 'event_id', type: 'text' },
  { name: 'source_file', type: 'text' },
  { name: 'source_line', type: 'number' },
  { name: 'format', type: 'text' },
  { name: 'content_hash', type: 'text' },
];

/** Article id -> ids of the events it belongs to. */
export function eventIdsByArticle(analysis: Analysis): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of analysis.events) for (const id of e.articleIds) out.set(id, [...(out.get(id) ?? []), e.id]);
  return out;
}

export function articlesTable(articles: Article[], analysis: Analysis): Table {
  const events = eventIdsByArticle(analysis);
  const rows = [...articles]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((a) => ({
      id: a.id,
      outlet: a.outlet,
      outlet_source: a.outletSource,
      outlet_evidence: a.outletEvidence,
      outlet_country: a.outletCountry,
      outlet_ownership: a.outletOwnership,
      published: a.published,
      published_source: a.publishedSource,
      published_evidence: a.publishedEvidence,
      title: a.title,
      url: a.url,
      words: a.words,
      language: a.language,
      analysable: a.analysable,
      duplicate_of: a.duplicateOf,
      event_id: (events.get(a.id) ?? []).join('; '),
      source_file: a.sourceFile,
      source_line: a.sourceLine,
      format: a.format,
      content_hash: a.contentHash,
    }));
  return defineTable('articles', ARTICLE_COLUMNS, rows);
}
