/**
 * The run's sentences as the analysis stages read them: given whole (a stage called outside a
 * session), or streamed from the store, where a stage keeps only the articles it works on (a night's
 * events: its corpus's; claims: the ranges still to compute).
 *
 * Example:
 *   const read = sentenceReaderOf(inputs.sentences, services.streamed?.('sentences'));
 *   const mine = read(new Set(['a-1', 'a-2']));
 */
import type { Sentence } from '../../records.js';
import { piecesHoldingOf, type DatasetStream } from '../../store/datasetStream.js';
import { stringSharer } from '../../store/sharedStrings.js';

/** The sentences of these articles, in the run's order (articles in id order, each one's in order). */
export type SentenceReader = (articleIds: ReadonlySet<string>) => readonly Sentence[];

/**
 * The sentences of these articles, read in one pass over the stored dataset (segment's order: articles
 * in id order, each one's sentences in order), the others dropped as they are read. Once a pass has
 * seen which articles each stored piece spans, only the pieces that can hold one of these are decoded.
 */
export function sentencesOfArticles(stream: DatasetStream<Sentence>, articleIds: ReadonlySet<string>): Sentence[] {
  const out: Sentence[] = [];
  if (articleIds.size === 0) return out;
  // Held for the whole stage: the kept sentences share their article id and outlet strings again (sharedStrings.ts).
  const share = stringSharer();
  for (const piece of piecesHoldingOf(stream, 'articleId', articleIds)) for (const s of piece) if (articleIds.has(s.articleId)) out.push(share(s));
  return out;
}

/**
 * The sentences a stage was given (outside a session) as they are, else a reader over its stream;
 * neither (a stage given no sentences): none.
 */
export function sentenceReaderOf(given: readonly Sentence[] | undefined, stream: DatasetStream<Sentence> | undefined): readonly Sentence[] | SentenceReader {
  return given ?? (stream ? (ids) => sentencesOfArticles(stream, ids) : []);
}
