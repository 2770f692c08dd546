/**
 * What separates two different stories of one kind (two offers to one baseball player, two
 * earthquakes, two ceasefire pushes): they share the kind's words and differ in the specifics.
 * Per article, its lead (title and first sentences) and its specific content (named people and
 * places, figures, rare words); per pair, how alike the leads read in static word vectors
 * (corpus/wordVectors.ts), how softly their rare words meet, and how much of each lead's
 * specifics has no counterpart anywhere in the other article.
 */
import type { Article, Sentence } from '../../records.js';
import { isStopword, contentWords, type TermStats } from '../corpus/terms.js';
import { cosineBaseline, cosineLift, dot } from '../corpus/vectors.js';
import { meanWordVector, wordVector, type WordVectors } from '../corpus/wordVectors.js';

/** Body sentences read as the lead, after the title. */
const LEAD_SENTENCES = 2;
/** Rare words kept per article for the soft overlap (highest IDF first): bounds the pair cost. */
const RARE_WORDS = 40;
const WEEKDAYS = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g;

interface ArticleSpecifics {
  leadVector: Float32Array | undefined;
  titleVector: Float32Array | undefined;
  /** Rare words of the whole article (lower-cased, unstemmed), their unit vectors. */
  rareVectors: Float32Array[];
  /** Figures of the lead (counts, money, percent, durations), as `kind:value`. */
  leadFigures: Set<string>;
  leadYears: Set<number>;
  leadWeekdays: Set<string>;
}

/**
 * Kept because the cross-validated ECB+ figure rose with them (README, Events). Tried and not kept:
 * the share of each lead's names, figures and rare words with no counterpart (exact or a near word)
 * in the other article, and the count of lead names absent from the other article.
 */
export const SPECIFIC_FEATURES = ['wvLead', 'wvTitle', 'softRare', 'leadFiguresDiffer', 'yearDiffers', 'weekdayDiffers'] as const;

export interface SpecificsInput {
  articles: readonly Article[];
  sentencesByArticle: ReadonlyMap<string, readonly Sentence[]>;
  termStats: TermStats;
  /** A word is rare when at most this many articles hold its stem. */
  rareDf: number;
  vectors: WordVectors | null;
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[a-z][a-z'-]*[a-z]/g) ?? [];

export function specificsFeatures(input: SpecificsInput): (i: number, j: number) => number[] {
  const { vectors, termStats, rareDf } = input;
  const stemOf = new Map<string, string>();
  const stem = (w: string): string => {
    let s = stemOf.get(w);
    if (s === undefined) stemOf.set(w, (s = contentWords(w)[0] ?? ''));
    return s;
  };
  const isRare = (w: string): boolean => {
    if (w.length < 3 || isStopword(w)) return false;
    const s = stem(w);
    return s !== '' && (termStats.df.get(s) ?? 0) <= rareDf;
  };
  const idfRank = (w: string): number => termStats.df.get(stem(w)) ?? 0;
  const figureKey = (q: { kind: string; value: number }) => `${q.kind}:${q.value}`;

  const specifics: ArticleSpecifics[] = input.articles.map((a) => {
    const sentences = [...(input.sentencesByArticle.get(a.id) ?? [])].sort((x, y) => x.index - y.index);
    const lead = sentences.slice(0, LEAD_SENTENCES);
    const leadText = `${a.title}\n${lead.map((s) => s.text).join(' ')}`;
    const leadContent = wordsOf(leadText).filter((w) => !isStopword(w));
    const all = wordsOf(`${a.title}\n${a.text}`);
    const rare = [...new Set(all.filter(isRare))].sort((x, y) => idfRank(x) - idfRank(y) || (x < y ? -1 : 1));
    const rareVectors = vectors ? rare.slice(0, RARE_WORDS).flatMap((w) => wordVector(vectors, w) ?? []) : [];
    const leadFigures = new Set<string>();
    const leadYears = new Set<number>();
    sentences.forEach((s, k) => {
      for (const q of s.numbers) {
        if (q.kind === 'ordinal') continue;
        if (q.kind === 'year') {
          if (k < LEAD_SENTENCES) leadYears.add(q.value);
          continue;
        }
        if (k < LEAD_SENTENCES) leadFigures.add(figureKey(q));
      }
    });
    for (const m of leadText.matchAll(/\b(19[5-9]\d|20\d\d)\b/g)) leadYears.add(Number(m[1]));
    return {
      leadVector: vectors ? meanWordVector(vectors, leadContent) : undefined,
      titleVector: vectors ? meanWordVector(vectors, wordsOf(a.title).filter((w) => !isStopword(w))) : undefined,
      rareVectors,
      leadFigures,
      leadYears,
      leadWeekdays: new Set(leadText.toLowerCase().match(WEEKDAYS) ?? []),
    };
  });
  const baselineOf = (pick: (s: ArticleSpecifics) => Float32Array | undefined) => cosineBaseline(specifics.flatMap((s) => pick(s) ?? []));
  const leadBaseline = baselineOf((s) => s.leadVector);
  const titleBaseline = baselineOf((s) => s.titleVector);
  const lift = (x: Float32Array | undefined, y: Float32Array | undefined, baseline: number) => (x && y ? cosineLift(dot(x, y), baseline) : 0);

  const disjoint = <T>(x: ReadonlySet<T>, y: ReadonlySet<T>): number => {
    if (x.size === 0 || y.size === 0) return 0;
    for (const v of x) if (y.has(v)) return 0;
    return 1;
  };
  const softRare = (a: ArticleSpecifics, b: ArticleSpecifics): number => {
    if (a.rareVectors.length === 0 || b.rareVectors.length === 0) return 0;
    return (meanBest(a.rareVectors, b.rareVectors) + meanBest(b.rareVectors, a.rareVectors)) / 2;
  };

  return (i, j) => {
    const a = specifics[i];
    const b = specifics[j];
    return [
      lift(a.leadVector, b.leadVector, leadBaseline),
      lift(a.titleVector, b.titleVector, titleBaseline),
      softRare(a, b),
      disjoint(a.leadFigures, b.leadFigures),
      disjoint(a.leadYears, b.leadYears),
      disjoint(a.leadWeekdays, b.leadWeekdays),
    ];
  };
}

function meanBest(from: readonly Float32Array[], to: readonly Float32Array[]): number {
  let total = 0;
  for (const x of from) {
    let best = -1;
    for (const y of to) {
      const c = dot(x, y);
      if (c > best) best = c;
    }
    total += best;
  }
  return total / from.length;
}
