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
import type { Sentence } from '../src/records.js';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { itemKey, openItemCache } from '../src/store/itemCache.js';
import { readEditorFile } from '../src/config/editorFile.js';
import { yieldToSignals } from '../src/runtime/yieldToSignals.js';
import { isAnalysed } from '../src/records.js';

// 3: a leading "-2" keeps its sign (bullets are stripped only when a space follows).
// 4: the number extractor reads "two-dozen X" and its word tables have no prototype.
// 6: votes and scores ("52-48", "134-to-63", "voted 52 to 48") are read as two quantities of kind 'tally'.
// 7: the counted noun is the last of a compound run ("12 Russian intelligence officers", "33 Senate Democrats").
// 8: sentences no longer carry textHash (nothing read it; the model cache keys on textKey(text)): 34 MB
// of live heap at 10,000 articles in every later stage.
const VERSION = 8;

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
  writes: ['sentences'],
  params: segmentParams,
  resources: segmentResources,
  version: VERSION,
  cacheable: true,
  async run({ articles }, params, services) {
    const aliasFile = params.aliasFile;
    const aliases = loadAliasTable(aliasFile);
    // Part of the per-article keys: a changed alias table changes entity names.
    const aliasSha = createHash('sha256').update(readEditorFile(aliasFile, 'entity alias')).digest('hex');
    const options = { aliases, minQuoteWords: params.segment.minQuoteWords, slashDates: params.slashDates };
    const todo = articles.filter(isAnalysed);
    // Per-article results survive across runs: a nightly run that adds articles segments only those.
    const settings = hashConfig(portableParams({ segment: params.segment, slashDates: params.slashDates }, segmentResources(params)));
    const memo = openItemCache<Sentence[]>(services.modelCache, `segment|${VERSION}|${CODE_VERSION}|${settings}|${aliasSha}|by-text`);
    const warnings: StageWarning[] = [];
    let failed = 0;
    const keyOf = (a: (typeof todo)[number]) => itemKey('content', a.contentHash, a.text);
    const known = memo.getMany([...new Set(todo.map(keyOf))]);
    const fresh: [string, Sentence[]][] = [];
    const bar = services.progress('segment', todo.length);
    const sentences: Sentence[] = [];
    // Loaded with the first article the memo lacks: the segmenter pulls in compromise (~0.9 s CPU at
    // every CLI start), which a run whose articles all come from the memo never calls.
    let segmentArticle: typeof import('../src/text/segmentArticle.js').segmentArticle | undefined;
    for (const article of todo) {
      await yieldToSignals();
      const hit = known.get(keyOf(article));
      if (hit) {
        sentences.push(...asSentencesOf(article, hit));
        bar.tick();
        continue;
      }
      segmentArticle ??= (await import('../src/text/segmentArticle.js')).segmentArticle;
      try {
        const own = segmentArticle(article, options);
        sentences.push(...own);
        known.set(keyOf(article), own);
        fresh.push([keyOf(article), own]);
      } catch (err) {
        // One odd article must not stop a nightly run; it is reported and contributes no sentences.
        warnings.push({
          message: `${article.sourceFile}${article.sourceLine ? `:${article.sourceLine}` : ''}: segmentation failed for article ${article.id}: ${(err as Error).message}`,
          fields: { articleId: article.id },
        });
        failed++;
      }
      bar.tick();
    }
    bar.done();
    memo.putMany(fresh);
    const count = (f: (s: Sentence) => number) => sentences.reduce((n, s) => n + f(s), 0);
    const counters: Record<string, number> = {
      ...(failed ? { 'segment.failedArticles': failed } : {}),
      'segment.sentences': sentences.length,
      'segment.quotes': count((s) => s.quotes.length),
      'segment.numbers': count((s) => s.numbers.length),
      'segment.entities': count((s) => s.entities.length),
    };
    const work = { 'segment.articlesReused': todo.length - fresh.length, 'segment.articlesSegmented': fresh.length };
    return { outputs: { sentences }, counters, warnings, work };
  },
  summarize({ sentences }) {
    const articles = new Set(sentences.map((s) => s.articleId)).size;
    const quotes = sentences.reduce((n, s) => n + s.quotes.length, 0);
    return `${sentences.length} sentences from ${articles} articles, ${quotes} quotes`;
  },
});
