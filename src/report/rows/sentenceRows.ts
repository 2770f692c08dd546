/** sentences.csv: one row per analysed sentence, in article then position order. */
import type { Analysis, Sentence, SentenceSentiment, SentenceTone } from '../../records.js';
import { defineLazyTable, type Column, type CsvBlock, type LazyTable, type Row } from '../csv.js';
import { blockKey, defineGroupedTable, type CarriedRows } from '../csvCarry.js';
import { sha256Hex } from '../../runtime/sha256.js';
import { eventIdsByArticle } from './articleRows.js';
import { formatSentenceCells } from '../../text/formatSentenceCells.js';
import type { DatasetStream } from '../../store/blobCodec.js';
import { alignedRows, type AlignedPass } from '../../store/alignedRows.js';
import { piecesHoldingOf, piecesOf } from '../../store/datasetStream.js';

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
 * `storedInOrder` (the segment stage's digests say its order is the table's): no pass of its own;
 * each pass checks the order and the count as it reads, and throws (its file is then not written).
 */
function orderedSentences(sentences: Sentence[] | DatasetStream<Sentence>, storedInOrder = false): { size: number; each: () => Iterable<Sentence> } {
  const sorted = (all: Sentence[]) => {
    const ordered = [...all].sort(byArticleThenIndex);
    return { size: ordered.length, each: () => ordered };
  };
  if (Array.isArray(sentences)) return sorted(sentences);
  const stream = sentences;
  const each = function* () {
    for (const piece of stream.pieces()) yield* piece;
  };
  if (storedInOrder) return { size: stream.length, each: () => checkedAsRead(stream.length, each()) };
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
 * The stored sentences as they are read, checked as they pass (in table order, as many as the header
 * says); a pass that finds otherwise throws, so its file is not written (the report's writers are atomic).
 */
function* checkedAsRead(length: number, sentences: Iterable<Sentence>): Generator<Sentence> {
  let previous: Sentence | undefined;
  let count = 0;
  for (const s of sentences) {
    if (previous && byArticleThenIndex(previous, s) > 0) throw new Error(`sentences: the stored sentences are not in article order (${previous.id} before ${s.id}), as the segment stage that wrote them gives them. Fix: run again with --full; the store recomputes them.`);
    previous = s;
    count++;
    yield s;
  }
  if (count !== length) throw new Error(`sentences: the stored dataset gave ${count} sentences, its header says ${length}. Fix: run again; the store recomputes it.`);
}

/**
 * Lazy: a row per sentence is made as the CSV and the workbook are written, never the whole table
 * at once; given a stream, the sentences themselves are never all in memory either. For the CSV the
 * rows come an article at a time, keyed by their values: an article whose rows the previous run
 * wrote with the same key is copied from its file (`previous`, csvCarry.ts), not formatted again.
 * With `digests` (the segment stage's sentence digest of each article), an article's key is made
 * from its digest and the cells the digest does not cover (digestBlockKey), and its rows are made
 * only when they are formatted: a night copies most articles without making their rows at all.
 */
export function sentencesTable(
  sentences: Sentence[] | DatasetStream<Sentence>,
  sentiment: SentenceSentiment[] | DatasetStream<SentenceSentiment>,
  analysis: Analysis,
  sentenceTones: SentenceTone[] | DatasetStream<SentenceTone> = [],
  previous?: CarriedRows,
  digests?: ReadonlyMap<string, string>,
  /** Each article's outlet (a sentence's is its article's, segment.ts): with it a night keys articles without reading their sentences. */
  outlets?: ReadonlyMap<string, string>,
): LazyTable {
  const sentimentOf = alignedRows(sentiment);
  const newsToneOf = alignedRows(sentenceTones);
  const eventIds = new Map<string, string>();
  for (const [articleId, ids] of eventIdsByArticle(analysis)) eventIds.set(articleId, ids.join('; '));
  // The segment stage that wrote the digests wrote the sentences in their articles' order: checked as
  // each pass reads them, not by a pass of its own (a whole read of the corpus's sentences).
  const storedInOrder = digests !== undefined && inArticleOrder(digests);
  const ordered = orderedSentences(sentences, storedInOrder);
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
  if (!digests) return defineGroupedTable('sentences', SENTENCE_COLUMNS, ordered.size, eachRow, previous);
  // The CSV's blocks an article at a time: keyed by the digest where the article has one (its rows
  // made only when they are to be formatted), by its rows' values where not.
  const eachBlock = function* (): Generator<CsvBlock> {
    const sentimentAt = sentimentOf.pass();
    const toneAt = newsToneOf.pass();
    let held: Sentence[] = [];
    const block = (): CsvBlock => {
      const articleId = held[0].articleId;
      const cells = held.map((s) => [s, sentimentAt(s.id), toneAt(s.id)] as const);
      const digest = digests.get(articleId);
      const eventId = eventIds.get(articleId) ?? '';
      const key = digest ? digestBlockKey(digest, eventId, cells) : undefined;
      const bytes = key ? previous?.bytesOf(articleId, key) : undefined;
      if (key && bytes) return { group: articleId, key, rows: [], count: cells.length, bytes };
      const rows = cells.map(([s, sentimentRow, toneRow]) => row(s, sentimentRow, toneRow));
      if (key) return { group: articleId, key, rows };
      // No digest (a failed segmentation has none): keyed by its rows' values, as without digests.
      const byValue = blockKey(rows);
      return { group: articleId, key: byValue, rows, ...(previous ? withBytes(previous.bytesOf(articleId, byValue)) : {}) };
    };
    try {
      for (const s of ordered.each()) {
        if (held.length && s.articleId !== held[0].articleId) {
          yield block();
          held = [];
        }
        held.push(s);
      }
      if (held.length) yield block();
    } finally {
      sentimentAt.close();
      toneAt.close();
    }
  };
  // A night with a previous file to copy from: the articles are keyed from the sentiment and tone rows
  // (keyedArticles), and only the pieces of the stored sentences that hold an article to format are
  // read, not the corpus's sentences (most of this table's time on a 10,000 + 500 night).
  const stream = Array.isArray(sentences) ? undefined : (sentences as DatasetStream<Sentence>);
  const keyedFirst = stream && storedInOrder && previous && outlets && sentiment.length === ordered.size;
  const blocks = function* (): Generator<CsvBlock> {
    const plans = keyedFirst ? keyedArticles(sentiment, newsToneOf.pass(), { digests: digests!, eventIds, outlets: outlets!, previous: previous!, size: ordered.size }) : undefined;
    if (!plans) return yield* eachBlock();
    yield* plannedBlocks(plans, stream!, previous!, (s, cells) => cells.map(([, sentimentRow, toneRow], j) => row(s[j], sentimentRow, toneRow)), () => [sentimentOf.pass(), newsToneOf.pass()]);
  };
  return defineLazyTable(
    'sentences',
    SENTENCE_COLUMNS,
    ordered.size,
    function* () {
      for (const [, r] of eachRow()) yield r;
    },
    blocks,
  );
}

/** One article of sentences.csv, keyed before its sentences are read. */
interface ArticlePlan {
  articleId: string;
  count: number;
  /** From its digest; undefined when it has none (it is then keyed by its rows' values, once they are made). */
  key: string | undefined;
  /** Its sentences' sentiment and tone rows, kept when its rows are to be made (the previous file has no block under its key). */
  cells?: SentenceCells[];
}

type SentenceCells = readonly [sentenceId: string, sentiment: SentenceSentiment, tone: SentenceTone | undefined];

/**
 * Every article's key, from its digest and the cells the digest does not cover, read off the sentiment
 * rows (the enrich stage writes one per sentence, in the sentences' order, so their ids name every
 * sentence: `${articleId}#${index}`), the tone rows and the article's outlet and events: the same keys
 * digestBlockKey gives from the sentences. Undefined, and the table reads the sentences as without
 * it, when the rows do not name the sentences that way (an article's indexes not 0, 1, 2, ..., articles
 * out of order, an article without an outlet, fewer or more rows than sentences).
 */
function keyedArticles(
  sentiment: SentenceSentiment[] | DatasetStream<SentenceSentiment>,
  toneAt: AlignedPass<SentenceTone>,
  known: { digests: ReadonlyMap<string, string>; eventIds: ReadonlyMap<string, string>; outlets: ReadonlyMap<string, string>; previous: CarriedRows; size: number },
): ArticlePlan[] | undefined {
  const plans: ArticlePlan[] = [];
  let articleId: string | undefined;
  let cells: SentenceCells[] = [];
  let rows = 0;
  const plan = (): boolean => {
    const outlet = known.outlets.get(articleId!);
    if (outlet === undefined) return false;
    const digest = known.digests.get(articleId!);
    const key = digest ? digestBlockKey(digest, known.eventIds.get(articleId!) ?? '', cells.map(([id, s, t]) => [{ id, articleId: articleId!, outlet }, s, t] as const)) : undefined;
    const copied = key !== undefined && known.previous.has(articleId!, key);
    plans.push({ articleId: articleId!, count: cells.length, key, ...(copied ? {} : { cells }) });
    return true;
  };
  try {
    for (const piece of piecesOf(sentiment)) {
      for (const r of piece) {
        const hash = r.sentenceId.lastIndexOf('#');
        const id = r.sentenceId.slice(0, hash);
        if (id !== articleId) {
          if (articleId !== undefined && (id <= articleId || !plan())) return undefined;
          articleId = id;
          cells = [];
        }
        if (hash < 0 || r.sentenceId.slice(hash + 1) !== String(cells.length)) return undefined;
        cells.push([r.sentenceId, r, toneAt(r.sentenceId)]);
        rows++;
      }
    }
    if (articleId !== undefined && !plan()) return undefined;
  } finally {
    toneAt.close();
  }
  return rows === known.size ? plans : undefined;
}

/**
 * The blocks of keyed articles: copied where the previous file has the key, made from the sentences
 * where not, those read only from the stored pieces that hold such an article (piecesHolding). A
 * block whose bytes cannot be read after all (the previous file changed since it was opened) is made
 * from its article's sentences and rows read again.
 */
function* plannedBlocks(
  plans: readonly ArticlePlan[],
  stream: DatasetStream<Sentence>,
  previous: CarriedRows,
  rowsOf: (sentences: readonly Sentence[], cells: readonly SentenceCells[]) => Row[],
  passes: () => [AlignedPass<SentenceSentiment>, AlignedPass<SentenceTone>],
): Generator<CsvBlock> {
  const made = (plan: ArticlePlan, sentences: readonly Sentence[], cells: readonly SentenceCells[]): CsvBlock => {
    if (sentences.length !== plan.count || sentences.some((s, j) => s.id !== cells[j][0])) {
      throw new Error(`sentences: the stored sentences of article ${plan.articleId} (${sentences.length}) are not those the enrichment's sentiment rows name (${plan.count}). Fix: run again with --full; the store recomputes them.`);
    }
    const rows = rowsOf(sentences, cells);
    if (plan.key) return { group: plan.articleId, key: plan.key, rows };
    // No digest (a failed segmentation has none): keyed by its rows' values.
    const byValue = blockKey(rows);
    return { group: plan.articleId, key: byValue, rows, ...withBytes(previous.bytesOf(plan.articleId, byValue)) };
  };
  const wanted = new Set(plans.filter((p) => p.cells).map((p) => p.articleId));
  const taker = articleTaker(piecesHoldingOf(stream, 'articleId', wanted));
  try {
    for (const plan of plans) {
      if (plan.cells) {
        yield made(plan, taker.take(plan.articleId), plan.cells);
        continue;
      }
      const bytes = previous.bytesOf(plan.articleId, plan.key!);
      if (bytes) {
        yield { group: plan.articleId, key: plan.key!, rows: [], count: plan.count, bytes };
        continue;
      }
      const [sentimentAt, toneAt] = passes();
      try {
        const own = articleTaker(piecesHoldingOf(stream, 'articleId', new Set([plan.articleId])));
        try {
          const sentences = own.take(plan.articleId);
          yield made(plan, sentences, sentences.map((s) => [s.id, sentimentAt(s.id)!, toneAt(s.id)] as const));
        } finally {
          own.close();
        }
      } finally {
        sentimentAt.close();
        toneAt.close();
      }
    }
  } finally {
    taker.close();
  }
}

/** Articles' sentences taken in article order from pieces in stored (article) order, passing over the others. */
function articleTaker(pieces: Iterable<readonly Sentence[]>): { take(articleId: string): Sentence[]; close(): void } {
  const cursor = (function* () {
    for (const piece of pieces) yield* piece;
  })();
  let next = cursor.next();
  return {
    take(articleId) {
      const own: Sentence[] = [];
      while (!next.done && next.value.articleId < articleId) next = cursor.next();
      while (!next.done && next.value.articleId === articleId) {
        own.push(next.value);
        next = cursor.next();
      }
      return own;
    },
    close: () => void cursor.return(undefined),
  };
}

/** True when the digests' articles (the segment stage's order) are in table order. */
function inArticleOrder(digests: ReadonlyMap<string, string>): boolean {
  let previous: string | undefined;
  for (const articleId of digests.keys()) {
    if (previous !== undefined && previous >= articleId) return false;
    previous = articleId;
  }
  return true;
}

const withBytes = (bytes: Buffer | undefined) => (bytes ? { bytes } : {});

/**
 * An article's key from its sentence digest: the digest covers every cell the segment stage made
 * (index, paragraph, text, quotes, speakers, numbers, entities, dates; equal digests are equal
 * sentences: segment.ts), and the rest are given here in order (each sentence's id, article and
 * outlet, the article's events, each sentence's sentiment and tone), length-prefixed as blockKey's
 * cells are. Prefixed apart from blockKey's texts, so the two kinds of key never meet.
 */
export function digestBlockKey(digest: string, eventId: string, cells: readonly (readonly [Pick<Sentence, 'id' | 'articleId' | 'outlet'>, SentenceSentiment | undefined, SentenceTone | undefined])[]): string {
  const cell = (value: string | number | undefined) => {
    if (value === undefined) return '-';
    const text = String(value);
    return `${text.length}:${text}`;
  };
  let text = `digest|${digest}|${cell(eventId)}`;
  for (const [s, sentiment, tone] of cells) {
    text += `\n${cell(s.id)}${cell(s.articleId)}${cell(s.outlet)}${cell(sentiment?.label)}${cell(sentiment?.score)}${cell(tone?.label)}${cell(tone?.score)}`;
  }
  return sha256Hex(text).slice(0, 32);
}

