/** sentences.csv: one row per analysed sentence, in article then position order. */
import type { Analysis, Sentence, SentenceSentiment, SentenceTone } from '../../records.js';
import type { Column, LazyTable, Row } from '../csv.js';
import { defineGroupedTable, type CarriedRows } from '../csvCarry.js';
import { eventIdsByArticle } from './articleRows.js';
import { formatSentenceCells } from '../../text/formatSentenceCells.js';
import type { DatasetStream } from '../../store/blobCodec.js';
import { alignedRows } from '../../store/alignedRows.js';

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

/** Table order: article, then position. */
const byArticleThenIndex = (a: Sentence, b: Sentence) => (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : a.index - b.index);

/**
 * The sentences in table order, as a pass that can be made again. A stream (the report stage reads
 * the sentences piece by piece from the store) is read through once to check its order, which the
 * segment stage gives (articles in id order, each one's sentences in order), and is then read
 * again on each pass, never held whole; a stream in another order, or an array, is sorted in memory.
 * The check pass also reads every byte before a row is written, so a damaged blob fails first.
 */
function orderedSentences(sentences: Sentence[] | DatasetStream<Sentence>): { size: number; each: () => Iterable<Sentence> } {
  const sorted = (all: Sentence[]) => {
    const ordered = [...all].sort(byArticleThenIndex);
    return { size: ordered.length, each: () => ordered };
  };
  if (Array.isArray(sentences)) return sorted(sentences);
  const stream = sentences;
  const each = function* () {
    for (const piece of stream.pieces()) yield* piece;
  };
  let previous: Sentence | undefined;
  let inOrder = true;
  let count = 0;
  for (const s of each()) {
    if (previous && byArticleThenIndex(previous, s) > 0) inOrder = false;
    previous = s;
    count++;
  }
  if (count !== stream.length) throw new Error(`sentences: the stored dataset gave ${count} sentences, its header says ${stream.length}. Fix: run again; the store recomputes it.`);
  return inOrder ? { size: count, each } : sorted([...each()]);
}

/**
 * Lazy: a row per sentence is made as the CSV and the workbook are written, never the whole table
 * at once; given a stream, the sentences themselves are never all in memory either. For the CSV the
 * rows come an article at a time, keyed by their values: an article whose rows the previous run
 * wrote with the same key is copied from its file (`previous`, csvCarry.ts), not formatted again.
 */
export function sentencesTable(
  sentences: Sentence[] | DatasetStream<Sentence>,
  sentiment: SentenceSentiment[] | DatasetStream<SentenceSentiment>,
  analysis: Analysis,
  sentenceTones: SentenceTone[] | DatasetStream<SentenceTone> = [],
  previous?: CarriedRows,
): LazyTable {
  const sentimentOf = alignedRows(sentiment);
  const newsToneOf = alignedRows(sentenceTones);
  const eventIds = new Map<string, string>();
  for (const [articleId, ids] of eventIdsByArticle(analysis)) eventIds.set(articleId, ids.join('; '));
  const ordered = orderedSentences(sentences);
  const row = (s: Sentence, sentimentRow: SentenceSentiment | undefined, toneRow: SentenceTone | undefined) => {
    const cells = formatSentenceCells(s);
    return {
      id: s.id,
      article_id: s.articleId,
      outlet: s.outlet,
      event_id: eventIds.get(s.articleId) ?? '',
      index: s.index,
      paragraph: s.paragraph,
      text: s.text,
      sentiment_label: sentimentRow?.label ?? '',
      sentiment_score: sentimentRow?.score,
      tone_label: toneRow?.label ?? '',
      tone_score: toneRow?.score,
      quotes: cells.quotes,
      speakers: cells.speakers,
      numbers: cells.numbers,
      entities: cells.entities,
      dates: cells.dates,
    };
  };
  const eachRow = function* (): Generator<[string, Row]> {
    const sentimentAt = sentimentOf.pass();
    const toneAt = newsToneOf.pass();
    try {
      for (const s of ordered.each()) yield [s.articleId, row(s, sentimentAt(s.id), toneAt(s.id))];
    } finally {
      sentimentAt.close();
      toneAt.close();
    }
  };
  return defineGroupedTable('sentences', SENTENCE_COLUMNS, ordered.size, eachRow, previous);
}

