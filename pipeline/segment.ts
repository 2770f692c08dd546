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

export default defineStage({
  name: 'segment',
  description: 'Split article bodies into sentences with quotes and speakers, numbers, entities and dates',
  reads: ['articles'],
  writes: ['sentences'],
  configSections: ['input', 'segment'],
  version: 1,
  cacheable: true,
  async run({ articles }, ctx) {
    const aliasFile = path.resolve(ctx.config.segment.entityAliasesFile);
    const aliases = loadAliasTable(aliasFile);
    const bytes = fs.readFileSync(aliasFile);
    // Listed in the manifest: a changed alias table changes entity names.
    ctx.notes.inputs.push({ file: aliasFile, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    const options = { aliases, minQuoteWords: ctx.config.segment.minQuoteWords, slashDates: ctx.config.input.slashDates };
    const todo = articles.filter((a) => a.analysable && !a.duplicateOf);
    const bar = ctx.progress('segment', todo.length);
    const sentences: Sentence[] = [];
    for (const article of todo) {
      try {
        sentences.push(...segmentArticle(article, options));
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
