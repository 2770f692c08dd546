/**
 * One article's body -> its sentences with quotes, numbers, entities and dates.
 * The title is not a sentence (it is Article.title); indexes count body sentences from 0.
 */
import type { Article, Quote, Sentence } from '../records.js';
import { splitSentences } from './splitSentences.js';
import { extractEntities } from './extractEntities.js';
import { canonicalizeArticleNames } from './canonicalNames.js';
import { findQuoteSpans } from './findQuoteSpans.js';
import { attributeQuotes, type AttributedQuote } from './attributeQuotes.js';
import { extractDates, type SlashDates } from './extractDates.js';
import { extractQuantities } from './extractQuantities.js';
import type { AliasTable } from './entityAliases.js';

export interface SegmentOptions {
  aliases: AliasTable;
  /** Shorter quotes are kept only with an adjacent attribution (scare quotes are not quotes). */
  minQuoteWords: number;
  /** How to read an ambiguous 05/06/2021 (input.slashDates); default ignore. */
  slashDates?: SlashDates;
}

export function segmentArticle(article: Article, options: SegmentOptions): Sentence[] {
  const text = article.text;
  const spans = splitSentences(text);
  const mentions = canonicalizeArticleNames(
    spans.map((s) => s.text),
    spans.map((s) => extractEntities(s.text, options.aliases)),
    options.aliases,
  );
  const quotes = attributeQuotes(findQuoteSpans(text), {
    text,
    sentences: spans,
    mentions,
    minQuoteWords: options.minQuoteWords,
  });
  return spans.map((span, index) => {
    const dates = extractDates(span.text, options.slashDates);
    return {
      id: `${article.id}#${index}`,
      articleId: article.id,
      outlet: article.outlet,
      index,
      paragraph: span.paragraph,
      text: span.text,
      quotes: quotesIn(span.start, span.end, text, quotes),
      numbers: extractQuantities(span.text, dates.spans),
      entities: mentions[index].map(({ text: t, name, type }) => ({ text: t, name, type })),
      dates: dates.dates,
    };
  });
}

/** The part of each quote that lies in [start, end), with the quote's speaker. */
function quotesIn(start: number, end: number, text: string, quotes: AttributedQuote[]): Quote[] {
  const out: Quote[] = [];
  for (const q of quotes) {
    if (q.end <= start || q.start >= end) continue;
    const part = text
      .slice(Math.max(q.start, start), Math.min(q.end, end))
      .replace(/\s+/gu, ' ')
      .replace(/^[\s"“”„«»]+|[\s"“”„«»,]+$/gu, '');
    if (/\p{L}/u.test(part)) out.push({ text: part, speaker: q.speaker });
  }
  return out;
}
