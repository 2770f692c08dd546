/**
 * Loaded language on BASIL's expert lexical-bias spans: the framing stage's detector (the
 * config's loaded-language lexicon, matched with framingLexicon's tokenizer exactly as the
 * framing tally does) is run over every body sentence and headline.
 * - span level: a hit is right when it overlaps a gold lexical span (any shared character, i.e.
 *   any shared token) and exact when its offsets equal the span's; recall counts gold spans hit;
 * - sentence level: precision / recall / F1 against "has a lexical span" (about 5% of sentences).
 * Hits inside quotations count, as in the framing stage (the outlet chose the quote).
 */
import path from 'node:path';
import { findTerms, tokenize, type Hit } from '../analysis/framing/lexicon.js';
import { loadLexiconFile } from '../analysis/framing/resources.js';
import { prf, type PRF } from './metrics.js';
import { roundPrf } from './numbers.js';
import { firstEvents, readBasilArticles, type BasilSpan } from './basil.js';
import type { EvalContext } from './context.js';

export interface LoadedLanguageResult {
  dir: string;
  lexicon: string;
  articles: number;
  sentences: number;
  goldSpans: number;
  /** Overlap matching. */
  spans: PRF;
  /** Exact offsets. */
  spansExact: PRF;
  sentencesLevel: PRF;
  /** The lexicon terms with the most false alarms, for whoever edits loaded.yaml. */
  topFalseAlarms: { term: string; count: number }[];
}

const overlaps = (h: Hit, s: BasilSpan) => h.start < s.end && s.start < h.end;

export async function evalLoadedLanguage(ctx: EvalContext, dir: string): Promise<LoadedLanguageResult> {
  const articles = firstEvents(readBasilArticles(dir), ctx.basilEvents);
  const lexiconFile = path.resolve(ctx.loaded.config.framing.loadedLexicon);
  const { lexicon } = loadLexiconFile(lexiconFile, 'loaded');
  let hits = 0;
  let hitsRight = 0;
  let hitsExact = 0;
  let gold = 0;
  let goldFound = 0;
  let goldExact = 0;
  let sentTp = 0;
  let sentFp = 0;
  let sentFn = 0;
  let sentences = 0;
  const falseAlarms = new Map<string, number>();
  for (const article of articles) {
    const texts: { text: string; spans: BasilSpan[]; isTitle: boolean }[] = [
      { text: article.title, spans: article.spans.filter((s) => s.location === 'title' && s.biasType === 'lexical'), isTitle: true },
      ...article.sentences.map((text, i) => ({
        text,
        spans: article.spans.filter((s) => s.location === 'body' && s.sentenceIndex === i && s.biasType === 'lexical'),
        isTitle: false,
      })),
    ];
    for (const { text, spans, isTitle } of texts) {
      const found = findTerms(lexicon, tokenize(text));
      hits += found.length;
      for (const h of found) {
        if (spans.some((s) => overlaps(h, s))) hitsRight++;
        else falseAlarms.set(h.term, (falseAlarms.get(h.term) ?? 0) + 1);
        if (spans.some((s) => s.start === h.start && s.end === h.end)) hitsExact++;
      }
      gold += spans.length;
      goldFound += spans.filter((s) => found.some((h) => overlaps(h, s))).length;
      goldExact += spans.filter((s) => found.some((h) => s.start === h.start && s.end === h.end)).length;
      if (isTitle) continue;
      sentences++;
      const predicted = found.length > 0;
      const positive = spans.length > 0;
      if (predicted && positive) sentTp++;
      else if (predicted) sentFp++;
      else if (positive) sentFn++;
    }
  }
  // Span P and R count different things (hits vs gold spans), so F1 comes from the two rates.
  const spanPrf = (right: number, found: number): PRF => {
    const p = hits ? right / hits : 0;
    const r = gold ? found / gold : 0;
    return roundPrf({ precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp: right, fp: hits - right, fn: gold - found });
  };
  return {
    dir,
    lexicon: lexiconFile,
    articles: articles.length,
    sentences,
    goldSpans: gold,
    spans: spanPrf(hitsRight, goldFound),
    spansExact: spanPrf(hitsExact, goldExact),
    sentencesLevel: roundPrf(prf(sentTp, sentFp, sentFn)),
    topFalseAlarms: [...falseAlarms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([term, count]) => ({ term, count })),
  };
}
