/**
 * Stage 2: article bodies -> sentences, each with its direct quotes and speakers, numbers with
 * qualifiers, named entities (canonical names) and dates. Only `analysable && !duplicateOf`
 * articles are segmented. Pure text work (src/text/), no models.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { defineStage } from './stage.js';
import { loadAliasTable } from '../src/text/entityAliases.js';
import { segmentArticle } from '../src/text/segmentArticle.js';
import type { Sentence } from '../src/records.js';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { itemKey, openItemCache } from '../src/store/itemCache.js';
import { readEditorFile } from '../src/config/editorFile.js';
import { yieldToSignals } from '../src/runtime/yieldToSignals.js';
import { isAnalysed } from '../src/records.js';

// 3: a leading "-2" keeps its sign (bullets are stripped only when a space follows).
// 4: the number extractor reads "two-dozen X" and its word tables have no prototype.
const VERSION = 4;

export default defineStage({
  name: 'segment',
  description: 'Split article bodies into sentences with quotes and speakers, numbers, entities and dates',
  reads: ['articles'],
  writes: ['sentences'],
  configSections: ['input', 'segment'],
  resourceFiles: (config) => [config.segment.entityAliasesFile],
  version: VERSION,
  cacheable: true,
  async run({ articles }, ctx) {
    const aliasFile = path.resolve(ctx.config.segment.entityAliasesFile);
    const aliases = loadAliasTable(aliasFile);
    // Part of the per-article keys: a changed alias table changes entity names.
    const aliasSha = createHash('sha256').update(readEditorFile(aliasFile, 'entity alias')).digest('hex');
    const options = { aliases, minQuoteWords: ctx.config.segment.minQuoteWords, slashDates: ctx.config.input.slashDates };
    const todo = articles.filter(isAnalysed);
    // Per-article results survive across runs: a nightly run that adds articles segments only those.
    const settings = hashConfig({ segment: ctx.config.segment, slashDates: ctx.config.input.slashDates });
    const memo = openItemCache<Sentence[]>(ctx.modelCache, `segment|${VERSION}|${CODE_VERSION}|${settings}|${aliasSha}`);
    const keyOf = (a: (typeof todo)[number]) => itemKey(a.id, a.outlet, a.contentHash);
    const known = memo.getMany(todo.map(keyOf));
    const fresh: [string, Sentence[]][] = [];
    const bar = ctx.progress('segment', todo.length);
    const sentences: Sentence[] = [];
    for (const article of todo) {
      await yieldToSignals();
      const hit = known.get(keyOf(article));
      if (hit) {
        sentences.push(...hit);
        bar.tick();
        continue;
      }
      try {
        const own = segmentArticle(article, options);
        sentences.push(...own);
        fresh.push([keyOf(article), own]);
      } catch (err) {
        // One odd article must not stop a nightly run; it is reported and contributes no sentences.
        ctx.log.warn(`${article.sourceFile}${article.sourceLine ? `:${article.sourceLine}` : ''}: segmentation failed for article ${article.id}: ${(err as Error).message}`, {
          articleId: article.id,
        });
        ctx.notes.counters['segment.failedArticles'] = (ctx.notes.counters['segment.failedArticles'] ?? 0) + 1;
      }
      bar.tick();
    }
    bar.done();
    memo.putMany(fresh);
    ctx.notes.counters['segment.articlesReused'] = todo.length - fresh.length;
    ctx.notes.counters['segment.articlesSegmented'] = fresh.length;
    const count = (f: (s: Sentence) => number) => sentences.reduce((n, s) => n + f(s), 0);
    ctx.notes.counters['segment.sentences'] = sentences.length;
    ctx.notes.counters['segment.quotes'] = count((s) => s.quotes.length);
    ctx.notes.counters['segment.numbers'] = count((s) => s.numbers.length);
    ctx.notes.counters['segment.entities'] = count((s) => s.entities.length);
    return { sentences };
  },
  summarize({ sentences }) {
    const articles = new Set(sentences.map((s) => s.articleId)).size;
    const quotes = sentences.reduce((n, s) => n + s.quotes.length, 0);
    return `${sentences.length} sentences from ${articles} articles, ${quotes} quotes`;
  },
});
