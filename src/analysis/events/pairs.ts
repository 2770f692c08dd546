/**
 * Article-pair evidence for event clustering: one feature vector per pair of articles, read by the
 * learned article-pair judge (events/judge.ts). Everything here is unsupervised and computed from the
 * corpus being clustered (IDF, embedding baseline), so the same code serves the pipeline, the
 * evaluation and `crossframe train events`.
 *
 * Each signal is weighed by what it can say given the texts' length: a short lead that shares one
 * name with another short lead shares little else, so the judge sees the shared rare terms, the
 * number and rarity of shared names and the length of the shorter text side by side, and one
 * common name alone does not reach the linking probability.
 */
import type { Config } from '../../config/schema.js';
import type { AnalysisVectors, Article, Sentence } from '../../records.js';
import { buildArticleProfiles, type ArticleProfile } from '../corpus/profiles.js';
import { ordinalConflict, sharedNumberEvidence, weightedSetCosine } from './similarity.js';
import { candidatePairs } from './candidates.js';
import { articleAnchor, timeConflict, type DateAnchor } from './dates.js';
import { eventStatements, sharedStatementEvidence } from './sharedClaims.js';
import { cosineBaseline, cosineLift, dot } from '../corpus/vectors.js';
import { inverseDocumentFrequency, pairComparisons, termCosine, termVector, type TermVector } from '../corpus/terms.js';
import { computedTerms, type TermSource } from '../corpus/termSource.js';

/** The judge's features, in order. Changing this list or a meaning bumps EVENTS_JUDGE_VERSION. */
export const PAIR_FEATURES = [
  'lexical',
  'titleCosine',
  'titleToBody',
  'sharedRareTerms',
  'entityCosine',
  'sharedEntityMass',
  'sharedEntities',
  'numbers',
  'embedding',
  'statements',
  'bothDated',
  'dateGap',
  'shorterWords',
  'lexicalTimesLength',
  'entityWithoutTerms',
  'nearestRank',
  'lexicalOverBest',
] as const;

export interface EventCorpus {
  articles: Article[];
  profiles: ArticleProfile[];
  anchors: DateAnchor[];
  /** Blocked candidate pairs [i, j], i < j: the only pairs scored for clustering. */
  candidates: [number, number][];
  /** True when dates or series ordinals rule the pair out whatever its content. */
  apart(i: number, j: number): boolean;
  /** The judge's feature vector for any pair (candidate or not). */
  features(i: number, j: number): number[];
}

export interface EventCorpusInput {
  articles: readonly Article[];
  sentences: readonly Sentence[];
  enrichment: AnalysisVectors | null;
}

/** Articles are taken as given (the caller decides which take part), sorted by id. */
export function prepareEventCorpus(input: EventCorpusInput, events: Config['events'], claims: Config['claims'], terms: TermSource = computedTerms): EventCorpus {
  const articles = [...input.articles].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sentencesByArticle = new Map<string, Sentence[]>();
  for (const s of input.sentences) (sentencesByArticle.get(s.articleId) ?? sentencesByArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const corpus = buildArticleProfiles(articles, input.sentences, input.enrichment, events.background, new Set(events.genericOrdinalUnits), 0, terms);
  const profiles = corpus.profiles;
  const anchors = articles.map((a) => articleAnchor(a, sentencesByArticle.get(a.id) ?? [], events.useMentionedDates, events.useUrlDates));
  const apart = (i: number, j: number): boolean =>
    timeConflict(anchors[i], anchors[j], events.windowDays) || (events.ordinalConflict && ordinalConflict(profiles[i].ordinals, profiles[j].ordinals) !== null);
  const candidates = candidatePairs(profiles, { ...events.candidates, allowed: (i, j) => !apart(i, j) });

  const eventUnits = eventStatements(articles, input, corpus, events.minClaimWords, claims, terms);

  const titleVectors: TermVector[] = articles.map((a) => termVector(terms.title(a), corpus.weighTerm, corpus.vocabulary));
  // Each article's distinct terms in first-seen order. Below background 1 every term weighs more than
  // 0 (BM25's IDF is always positive), so they are exactly the terms of its TF-IDF vector, in the same
  // order: no second copy of every article's terms is held (18 MB at 400 articles). At 1 a term common
  // in general English weighs 0 and is left out of the vector, so the set is built.
  const termSets: ReadonlySet<string>[] | null = events.background < 1 ? null : articles.map((a) => new Set(terms.article(a)));
  const words = articles.map((a) => Math.max(1, a.words + (a.title.match(/\S+/g)?.length ?? 0)));
  const pairKey = corpus.pairKeyWeight;
  // A term held by at most this many articles is "rare": about one story's coverage.
  const rareDf = Math.max(2, Math.ceil(0.02 * articles.length));
  const vectors = profiles.flatMap((p) => (p.vector ? [p.vector] : []));
  const baseline = cosineBaseline(vectors);

  // Each article's candidate partners ranked by lexical cosine: "is this its nearest story?"
  const rankOf = new Map<string, number>();
  const bestLexical = new Array<number>(articles.length).fill(0);
  const partners: [number, number][][] = articles.map(() => []);
  for (const [i, j] of candidates) {
    const lex = termCosine(profiles[i].terms, profiles[j].terms);
    partners[i].push([j, lex]);
    partners[j].push([i, lex]);
  }
  partners.forEach((list, i) => {
    list.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    list.forEach(([j], r) => rankOf.set(`${i}:${j}`, r));
    bestLexical[i] = list[0]?.[1] ?? 0;
  });

  const features = (i: number, j: number): number[] => {
    const a = profiles[i];
    const b = profiles[j];
    let rare = 0;
    const addIfRare = (t: string): void => {
      if ((corpus.termStats.df.get(t) ?? 1) <= rareDf) rare += inverseDocumentFrequency(corpus.termStats, t) / pairKey;
    };
    // Below background 1 the shared terms are visited while the bodies are compared (in the smaller body's order, as before).
    const compared = pairComparisons(a.terms, b.terms, titleVectors[i], titleVectors[j], termSets ? undefined : (id) => addIfRare(corpus.vocabulary.term(id)));
    const lexical = compared.cosine;
    const titleCosine = termCosine(titleVectors[i], titleVectors[j]);
    const titleToBody = Math.max(compared.titleAToB, compared.titleBToA);
    if (termSets) {
      const [small, large] = termSets[i].size <= termSets[j].size ? [termSets[i], termSets[j]] : [termSets[j], termSets[i]];
      for (const t of small) if (large.has(t)) addIfRare(t);
    }
    let entityMass = 0;
    let sharedEntities = 0;
    for (const [name, weight] of a.entities) {
      if (!b.entities.has(name)) continue;
      entityMass += weight / pairKey;
      sharedEntities++;
    }
    const entityCosine = weightedSetCosine(a.entities, b.entities, pairKey);
    const numbers = sharedNumberEvidence(a.numbers, b.numbers, pairKey);
    const embedding = a.vector && b.vector ? cosineLift(dot(a.vector, b.vector), baseline) : 0;
    // Sentence-by-sentence comparison only where the texts already share vocabulary.
    const statements =
      events.weights.statements > 0 && lexical >= events.statementGate
        ? sharedStatementEvidence(eventUnits.of(a.id), eventUnits.of(b.id), eventUnits, events.statementThreshold).evidence
        : 0;
    const bothDated = anchors[i].day !== null && anchors[j].day !== null ? 1 : 0;
    const dateGap = bothDated ? Math.min(60, Math.abs(anchors[i].day! - anchors[j].day!)) / 60 : 0;
    const shorter = Math.log1p(Math.min(words[i], words[j])) / Math.log(1000);
    const rank = Math.min(rankOf.get(`${i}:${j}`) ?? 99, rankOf.get(`${j}:${i}`) ?? 99);
    const best = Math.max(bestLexical[i], bestLexical[j], 1e-6);
    return [
      lexical,
      titleCosine,
      titleToBody,
      Math.log1p(rare),
      entityCosine,
      Math.log1p(entityMass),
      Math.log1p(sharedEntities),
      numbers,
      embedding,
      statements,
      bothDated,
      dateGap,
      shorter,
      lexical * shorter,
      Math.log1p(entityMass) * Math.max(0, 1 - rare),
      1 / (1 + rank),
      Math.min(1, lexical / best),
    ];
  };
  return { articles, profiles, anchors, candidates, apart, features };
}
