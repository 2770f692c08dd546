/**
 * Stage 2: article bodies -> sentences, each with its direct quotes and speakers, numbers with
 * qualifiers, named entities (canonical names) and dates. Only `analysable && !duplicateOf`
 * articles are segmented. Pure text work (src/text/), no models.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../src/config/schema.js';
import { defineStage, portableParams, type ResourceFile, type StageWarning } from './stage.js';
import { loadAliasTable } from '../src/text/entityAliases.js';
import type { Article, Sentence, SentenceDigest, SentencesMade } from '../src/records.js';
import { latestMentionedDay } from '../src/analysis/events/dates.js';
import { piecesOf, type DatasetStream } from '../src/store/datasetStream.js';
import type { StoredPieces } from '../src/store/spilledArray.js';
import { segmentCounters } from '../src/text/segmentCounters.js';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { entryDigest, itemKey, openItemCache } from '../src/store/itemCache.js';
import { readEditorFile } from '../src/config/editorFile.js';
import { yieldToSignals } from '../src/runtime/yieldToSignals.js';
import { isAnalysed } from '../src/records.js';

// 3: a leading "-2" keeps its sign (bullets are stripped only when a space follows).
// 4: the number extractor reads "two-dozen X" and its word tables have no prototype.
// 6: votes and scores ("52-48", "134-to-63", "voted 52 to 48") are read as two quantities of kind 'tally'.
// 7: the counted noun is the last of a compound run ("12 Russian intelligence officers", "33 Senate Democrats").
// 8: sentences no longer carry textHash (nothing read it; the model cache keys on textKey(text)): 34 MB
// of live heap at 10,000 articles in every later stage.
// 9: digits with letters glued after them that are no unit ("76ers", "5G") are names, not figures; a
// one-letter scale before a full stop is the scale ("$15m." is $15 million, was $15).
// 10: the number reader gives wink-nlp the sentence with its possessives apart ("Trump ’s 2016"): wink-nlp kept
// "Trump’s" whole once it had met "Trump’s," and then missed the year, so a text's figures depended on the run's history.
// 11: writes sentenceDigests beside the sentences (the sentences are those of 10: the memo keeps its namespace).
// 12: each sentence digest says what the sentences were made from and their counts (made): a night
// borrows the unchanged articles' sentences from the previous value.
// 13: a figure a tokenized corpus wrote "5, 000" is one figure, 5,000 (was "000", 0, beside a bare 5).
// 14: a stop inside brackets or quotes that a comma or semicolon continues ends no sentence ("(he is not smart!), will").
// 15: a year-like figure after "some" or "about" that is not a multiple of 50 is a year ("some 2020 presidential").
const VERSION = 15;
/** The version of the sentences themselves: the memo's namespace, which changes only when they do (11: as 13; 12: as 14; 13: as 15). */
const SENTENCES_VERSION = 13;

/**
 * The memo holds an article's sentences by its text and content hash (segmentArticle reads nothing else of
 * the article but its id and outlet, which it only copies into each sentence), so a text seen under
 * another id or outlet (a syndicated copy, a re-keyed feed) is not segmented again: the stored
 * sentences are given this article's ids and outlet.
 */
function asSentencesOf(article: { id: string; outlet: string }, stored: Sentence[]): Sentence[] {
  return stored.map((s) => ({ ...s, id: `${article.id}#${s.index}`, articleId: article.id, outlet: article.outlet }));
}

function segmentParams(config: Config) {
  return { segment: config.segment, slashDates: config.input.slashDates, aliasFile: path.resolve(config.segment.entityAliasesFile) };
}

function segmentResources(params: ReturnType<typeof segmentParams>): ResourceFile[] {
  return [{ key: 'segment.entityAliasesFile', file: params.aliasFile, kind: 'entities' }];
}

export default defineStage({
  name: 'segment',
  description: 'Split article bodies into sentences with quotes and speakers, numbers, entities and dates',
  reads: ['articles'],
  // The articles with their texts a piece at a time from the store (a run keeps only the text-less
  // part the later stages read), and the sentences put in a file as they are made
  // (services.spillRecords): at 50,000 articles the texts were ~650 MB of heap and the sentences
  // ~1.4 GB, both whole here.
  streamedReads: ['articles'],
  // sentenceDigests: what the events and framing stages key their reuse on, so that a night does not
  // hash the corpus's sentences again (each article's digest is its memo entry's, read with it).
  writes: ['sentences', 'sentenceDigests'],
  // The last run's sentence digests, and where its sentences lie in the store (not loaded): the
  // articles at the start of the corpus whose sentences would be made from the same inputs (same
  // key, same place) borrow them, so a night neither reads their memo entries nor writes their
  // sentences again (at 10,000 + 500 some 440,000 of 450,000); the store refers to those pieces.
  previousReads: ['sentences', 'sentenceDigests'],
  previousPieceReads: ['sentences'],
  // The same sentences either way; and none are borrowed under --full.
  previousOnlySavesWork: true,
  incremental: true,
  params: segmentParams,
  resources: segmentResources,
  version: VERSION,
  cacheable: true,
  async run({ articles: given }, params, services) {
    const articles = given ?? (services.streamed?.('articles') as DatasetStream<Article> | undefined) ?? [];
    const aliasFile = params.aliasFile;
    const aliases = loadAliasTable(aliasFile);
    // Part of the per-article keys: a changed alias table changes entity names.
    const aliasSha = createHash('sha256').update(readEditorFile(aliasFile, 'entity alias')).digest('hex');
    const options = { aliases, minQuoteWords: params.segment.minQuoteWords, slashDates: params.slashDates };
    // Per-article results survive across runs: a nightly run that adds articles segments only those.
    const settings = hashConfig(portableParams({ segment: params.segment, slashDates: params.slashDates }, segmentResources(params)));
    const namespace = `segment|${SENTENCES_VERSION}|${CODE_VERSION}|${settings}|${aliasSha}|by-text`;
    const memo = openItemCache<Sentence[]>(services.modelCache, namespace);
    const warnings: StageWarning[] = [];
    let failed = 0;
    let reused = 0;
    let segmented = 0;
    const keyOf = (a: Article) => itemKey('content', a.contentHash, a.text);
    // What an article's sentences are made from: the memo's namespace, its id and outlet, its content.
    const madeKeyOf = (a: Article) => itemKey(namespace, a.id, a.outlet, keyOf(a));
    const spill = services.spillRecords?.<Sentence>();
    const borrowing = spill && borrowablePrefix(services.previous?.sentenceDigests, services.previousPieces?.('sentences'));
    let borrowed = 0;
    let borrowedSentences = 0;
    /** Ends the borrowed prefix (once): the spill takes the sentences of the articles borrowed so far. */
    const endBorrowing = () => {
      if (!borrowing || borrowing.ended) return;
      borrowing.ended = true;
      if (borrowedSentences) spill!.borrow(borrowing.pieces, borrowedSentences);
    };
    let position = 0;
    const kept: Sentence[] = [];
    const sentenceDigests: SentenceDigest[] = [];
    const tally = segmentCounters();
    const add = (s: Sentence) => {
      endBorrowing();
      tally.add(s);
      if (spill) spill.push(s);
      else kept.push(s);
    };
    // Every article ticks (also those not analysed): the count of analysed ones is known only at the end.
    const bar = services.progress('segment', articles.length);
    // Loaded with the first article the memo lacks: the segmenter pulls in compromise (~0.9 s CPU at
    // every CLI start), which a run whose articles all come from the memo never calls.
    let segmentArticle: typeof import('../src/text/segmentArticle.js').segmentArticle | undefined;
    try {
      for (const piece of piecesOf(articles)) {
        const analysed = piece.filter(isAnalysed);
        // The articles at the corpus's start made from the same inputs as last run's at their place:
        // their digests and counts as they were, their sentences borrowed, no memo read.
        let start = 0;
        while (borrowing && !borrowing.ended && start < analysed.length) {
          const article = analysed[start];
          const before = borrowing.digests[position];
          const made = before?.articleId === article.id && before.made?.key === madeKeyOf(article) ? before.made : undefined;
          if (!made) {
            endBorrowing();
            break;
          }
          sentenceDigests.push(before);
          tally.addArticle(article.id, made);
          borrowedSentences += made.sentences;
          borrowed++;
          reused++;
          position++;
          start++;
        }
        for (const todo of batchesOf(analysed.slice(start), MEMO_BATCH)) {
          // The memo read and written MEMO_BATCH articles at a time: never the corpus's sentences at
          // once, and a batch's sentences die young (read a piece at a time, 1,000 articles' sentences
          // outlived several scavenges: a night's segment copied 467 MB between semi-spaces, 131 MB alone).
          const digests = new Map<string, string>();
          const known = memo.getMany([...new Set(todo.map(keyOf))], digests);
          const fresh: [string, Sentence[]][] = [];
          for (const article of todo) {
            await yieldToSignals();
            position++;
            endBorrowing();
            const hit = known.get(keyOf(article));
            if (hit) {
              const own = asSentencesOf(article, hit);
              for (const s of own) add(s);
              sentenceDigests.push({ articleId: article.id, digest: digests.get(keyOf(article))!, latestMentionedDay: latestMentionedDay(own), made: madeOf(madeKeyOf(article), own) });
              reused++;
              continue;
            }
            segmentArticle ??= (await import('../src/text/segmentArticle.js')).segmentArticle;
            try {
              const own = segmentArticle(article, options);
              for (const s of own) add(s);
              // The digest of the bytes the memo stores: what the next run reads back (entryDigest).
              const digest = entryDigest(own);
              sentenceDigests.push({ articleId: article.id, digest, latestMentionedDay: latestMentionedDay(own), made: madeOf(madeKeyOf(article), own) });
              digests.set(keyOf(article), digest);
              known.set(keyOf(article), own);
              fresh.push([keyOf(article), own]);
              segmented++;
            } catch (err) {
              // One odd article must not stop a nightly run; it is reported and contributes no sentences.
              warnings.push({
                message: `${article.sourceFile}${article.sourceLine ? `:${article.sourceLine}` : ''}: segmentation failed for article ${article.id}: ${(err as Error).message}`,
                fields: { articleId: article.id },
              });
              sentenceDigests.push({ articleId: article.id, digest: '', latestMentionedDay: null });
              failed++;
            }
          }
          memo.putMany(fresh);
        }
        bar.tick(piece.length);
      }
    } catch (err) {
      spill?.discard();
      throw err;
    }
    // A night without a changed or new article borrows every sentence.
    endBorrowing();
    bar.done();
    // A spilled array stands in for the sentences until the catalog saves it (the stage's output goes
    // straight to catalog.save, which writes the same blob either way); no stage reads it.
    const sentences = spill ? (spill.finish() as unknown as Sentence[]) : kept;
    const counters: Record<string, number> = { ...(failed ? { 'segment.failedArticles': failed } : {}), ...tally.counters() };
    const work = { 'segment.articlesReused': reused, 'segment.articlesSegmented': segmented, ...(borrowing ? { 'segment.articlesBorrowed': borrowed } : {}) };
    return { outputs: { sentences, sentenceDigests }, counters, warnings, work };
  },
  summarize(outputs, counters) {
    // From the counters: the sentences may be in a file the store has taken, or only in the store (a
    // reused result's outputs load when read: not destructured here). A result stored before
    // 'segment.articles' was counted reads the sentences.
    if (counters['segment.articles'] !== undefined) return `${counters['segment.sentences']} sentences from ${counters['segment.articles']} articles, ${counters['segment.quotes']} quotes`;
    const { sentences } = outputs;
    return `${sentences.length} sentences from ${new Set(sentences.map((s) => s.articleId)).size} articles, ${sentences.reduce((n, s) => n + s.quotes.length, 0)} quotes`;
  },
});

/** The counts an article's sentences add to the stage's counters, and what they were made from. */
function madeOf(key: string, own: readonly Sentence[]): SentencesMade {
  let quotes = 0;
  let numbers = 0;
  let entities = 0;
  for (const s of own) {
    quotes += s.quotes.length;
    numbers += s.numbers.length;
    entities += s.entities.length;
  }
  return { key, sentences: own.length, quotes, numbers, entities };
}

/**
 * The last run's sentence digests and the pieces of its sentences, when a prefix of them can be
 * borrowed: every digest says what its sentences were made from (all but the failed ones), and their
 * counts add up to the stored sentences (else the two are not of one run, or were made by older
 * code: nothing is borrowed, every article reads the memo as before).
 */
function borrowablePrefix(digests: SentenceDigest[] | undefined, pieces: StoredPieces | undefined): { digests: SentenceDigest[]; pieces: StoredPieces; ended: boolean } | undefined {
  if (!digests?.length || !pieces?.length) return undefined;
  let sentences = 0;
  for (const d of digests) {
    // A failed article has no sentences (and ends a borrowed prefix where it stands).
    if (!d.made && d.digest !== '') return undefined;
    sentences += d.made?.sentences ?? 0;
  }
  return sentences === pieces.reduce((n, p) => n + p.items, 0) ? { digests, pieces, ended: false } : undefined;
}

/** Articles whose memo entries are read and written together. */
const MEMO_BATCH = 50;

/** Consecutive runs of `size` items (the last may be shorter). */
function* batchesOf<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
