/** sentences.csv: one row per analysed sentence, in article then position order. */
import type { Analysis, Sentence, SentenceSentiment, SentenceTone } from '../../records.js';
import { defineLazyTable, type Column, type LazyTable } from '../csv.js';
import { eventIdsByArticle } from './articleRows.js';
import { formatSentenceCells } from '../../text/formatSentenceCells.js';

export const SENTENCE_COLUMNS: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'article_id', type: 'text' },
  { name: 'outlet', type: 'text' },
  { name: 'event_id', type: 'text' },
  { name: 'index', type: 'number' },
  { name: 'paragraph', type: 'number' },
  { name: 'text', type: 'text' },
  { name: 'sentiment_label', type: 'text' },
  { name: 'sentiment_score', type: 'number', decimals: 4 },
  { name: 'tone_label', type: 'text' },
  { name: 'tone_score', type: 'number', decimals: 4 },
  { name: 'quotes', type: 'text' },
  { name: 'speakers', type: 'text' },
  { name: 'numbers', type: 'text' },
  { name: 'entities', type: 'text' },
  { name: 'dates', type: 'text' },
];

/** Lazy: a row per sentence is made as the CSV and the workbook are written, never the whole table at once. */
export function sentencesTable(sentences: Sentence[], sentiment: SentenceSentiment[], analysis: Analysis, sentenceTones: SentenceTone[] = []): LazyTable {
  const tone = new Map(sentiment.map((s) => [s.sentenceId, s]));
  const newsTone = new Map(sentenceTones.map((s) => [s.sentenceId, s]));
  const events = eventIdsByArticle(analysis);
  const ordered = [...sentences].sort((a, b) => (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : a.index - b.index));
  const row = (s: Sentence) => {
    const cells = formatSentenceCells(s);
    return {
      id: s.id,
      article_id: s.articleId,
      outlet: s.outlet,
      event_id: (events.get(s.articleId) ?? []).join('; '),
      index: s.index,
      paragraph: s.paragraph,
      text: s.text,
      sentiment_label: tone.get(s.id)?.label ?? '',
      sentiment_score: tone.get(s.id)?.score,
      tone_label: newsTone.get(s.id)?.label ?? '',
      tone_score: newsTone.get(s.id)?.score,
      quotes: cells.quotes,
      speakers: cells.speakers,
      numbers: cells.numbers,
      entities: cells.entities,
      dates: cells.dates,
    };
  };
  return defineLazyTable('sentences', SENTENCE_COLUMNS, ordered.length, function* () {
    for (const s of ordered) yield row(s);
  });
}
