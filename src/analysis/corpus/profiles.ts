/**
 * What event clustering knows about each article: weighted content terms, named entities,
 * specific numbers, its embedding and its date. Weights come from the corpus being clustered,
 * so an actor that every article mentions weighs almost nothing and a phrase or figure that
 * two articles share weighs a lot.
 */
import type { Article, Enrichment, Quantity, Sentence } from '../../records.js';
import {
  countDocumentFrequency,
  inverseDocumentFrequency,
  termWeigher,
  termVector,
  TermVocabulary,
  type TermStats,
  type TermVector,
  type TermWeigher,
} from './terms.js';
import { rowIndex, rowOf } from './vectors.js';
import { computedTerms, type TermSource } from './termSource.js';
import { outletKey } from '../../records.js';

export interface ArticleProfile {
  id: string;
  outletKey: string;
  title: string;
  /** ISO date or ''. */
  published: string;
  /** Days since 1970-01-01, or null when the date is unknown. */
  day: number | null;
  /** TF-IDF of title and body terms, L2-normalised (ids of the corpus's `vocabulary`). */
  terms: TermVector;
  /** Canonical entity name -> IDF weight (entities of the article only). */
  entities: Map<string, number>;
  /** Specific numbers ("count:9488") -> IDF weight. */
  numbers: Map<string, number>;
  /** Article embedding, or null when enrichment has none for it. */
  vector: Float32Array | null;
  /** Ordinals per counted noun ("ninth visit" -> visit: {9}), for the ordinal conflict rule. */
  ordinals: Map<string, Set<number>>;
}

/** The weights a corpus gives terms and entity names: of its article profiles, and of its claim sentences. */
export interface CorpusTermWeights {
  termStats: TermStats;
  /** Entity document frequencies over the articles (after the minDocs floor). */
  entityStats: TermStats;
  /** Term weight (corpus IDF x background specificity), also used for claim sentences. */
  weighTerm: TermWeigher;
  /** Entity weight (IDF over articles). */
  weighEntity: (name: string) => number;
  /** IDF of a key (term, entity, figure) held by exactly two articles: the weight of one specific shared item. */
  pairKeyWeight: number;
}

export interface CorpusProfiles extends Omit<CorpusTermWeights, 'entityStats'> {
  profiles: ArticleProfile[];
  /** Every term of the corpus's articles, numbered in document-frequency order: the ids of the profiles' `terms`. */
  vocabulary: TermVocabulary;
}

/**
 * Numbers specific enough to identify a story: counts, money, percentages and durations written
 * exactly. Years, ordinals and small counts ("two leaders") recur in unrelated stories.
 */
export function specificNumberKey(quantity: Quantity): string | null {
  // One side of a vote or score ("won 112-98") recurs across unrelated games and votes, so it is no
  // specific figure (keys from tallies lowered ECB+ B3-F1 0.8935 -> 0.8901 in the events eval; before the
  // reader emitted tallies, "52-48" gave no key either).
  if (quantity.kind === 'year' || quantity.kind === 'ordinal' || quantity.kind === 'tally') return null;
  if (quantity.qualifier !== 'exact' || !Number.isFinite(quantity.value)) return null;
  if (quantity.kind === 'count' && Math.abs(quantity.value) < 10) return null;
  return `${quantity.kind}:${Number(quantity.value.toPrecision(6))}`;
}

/** Ordinal "series" a figure names ("second visit" -> visit), or null when it names none. */
export function ordinalSeries(quantity: Quantity, genericUnits: ReadonlySet<string>): string | null {
  if (quantity.kind !== 'ordinal' || !quantity.unit || genericUnits.has(quantity.unit)) return null;
  return Number.isFinite(quantity.value) ? quantity.unit : null;
}

export function dayNumber(isoDate: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return null;
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(ms) ? null : Math.round(ms / 86_400_000);
}

function weigh(keys: ReadonlySet<string>, stats: TermStats): Map<string, number> {
  const weights = new Map<string, number>();
  for (const key of keys) weights.set(key, inverseDocumentFrequency(stats, key));
  return weights;
}

/**
 * Made outside buildArticleProfiles on purpose: a closure made inside it would keep that call's whole
 * scope alive with the corpus (every article's term list, entity and figure sentence sets).
 */
function entityWeigher(stats: TermStats): (name: string) => number {
  return (name) => inverseDocumentFrequency(stats, name);
}

/**
 * A small corpus is read as a sample of a larger one in which its terms are absent (minDocs
 * pseudo-documents): otherwise a fact that all three articles of a tiny corpus report would weigh
 * nothing because every article has it.
 */
function atLeastDocs(stats: TermStats, minDocs: number): TermStats {
  return { ...stats, docs: Math.max(stats.docs, minDocs) };
}

/**
 * Term and entity weights over a corpus, one document per article: the profiles' weights here, and
 * the claims stage's when it weighs a range's claim sentences without building the profiles
 * (claims/eventByEvent.ts). Takes iterables so that a caller may produce each article's terms on
 * the fly instead of holding every article's list.
 */
export function corpusTermWeights(
  termsPerArticle: Iterable<Iterable<string>>,
  entityNamesPerArticle: Iterable<Iterable<string>>,
  background: number,
  minDocs: number,
): CorpusTermWeights {
  const termStats = atLeastDocs(countDocumentFrequency(termsPerArticle), minDocs);
  const entityStats = atLeastDocs(countDocumentFrequency(entityNamesPerArticle), minDocs);
  return {
    termStats,
    entityStats,
    weighTerm: termWeigher(termStats, background),
    weighEntity: entityWeigher(entityStats),
    pairKeyWeight: inverseDocumentFrequency({ docs: termStats.docs, df: new Map([['', 2]]) }, ''),
  };
}

/** Profiles for the given articles (already filtered to the clusterable ones). */
export function buildArticleProfiles(
  articles: readonly Article[],
  sentences: readonly Sentence[],
  enrichment: Pick<Enrichment, 'articleVectors'> | null,
  background: number,
  genericOrdinalUnits: ReadonlySet<string> = new Set(),
  minDocs = 0,
  terms: TermSource = computedTerms,
): CorpusProfiles {
  // Each article's entity names and figure keys in first-seen order: only which it has is read, not
  // where (a set of sentence ids per name held every claim of the corpus once more while building).
  const entitiesByArticle = new Map<string, Set<string>>();
  const numbersByArticle = new Map<string, Set<string>>();
  const ordinalsByArticle = new Map<string, Map<string, Set<number>>>();
  const wanted = new Set(articles.map((a) => a.id));
  for (const sentence of sentences) {
    if (!wanted.has(sentence.articleId)) continue;
    let entities = entitiesByArticle.get(sentence.articleId);
    if (!entities) entitiesByArticle.set(sentence.articleId, (entities = new Set()));
    for (const entity of sentence.entities) {
      const name = entity.name.trim();
      if (name) entities.add(name);
    }
    let numbers = numbersByArticle.get(sentence.articleId);
    if (!numbers) numbersByArticle.set(sentence.articleId, (numbers = new Set()));
    for (const quantity of sentence.numbers) {
      const key = specificNumberKey(quantity);
      if (key) numbers.add(key);
      const series = ordinalSeries(quantity, genericOrdinalUnits);
      if (series) {
        const ordinals = ordinalsByArticle.get(sentence.articleId) ?? ordinalsByArticle.set(sentence.articleId, new Map()).get(sentence.articleId)!;
        (ordinals.get(series) ?? ordinals.set(series, new Set()).get(series)!).add(quantity.value);
      }
    }
  }

  terms.prefetch(articles);
  const termLists = articles.map((a) => terms.article(a));
  const { termStats, entityStats, weighTerm, weighEntity, pairKeyWeight } = corpusTermWeights(
    termLists,
    articles.map((a) => entitiesByArticle.get(a.id) ?? []),
    background,
    minDocs,
  );
  const numberStats = atLeastDocs(countDocumentFrequency(articles.map((a) => numbersByArticle.get(a.id) ?? [])), minDocs);
  const vectorRows = enrichment ? rowIndex(enrichment.articleVectors) : new Map<string, number>();

  // Every article's terms are strings of their own (split from its stored text): the vocabulary holds
  // the corpus's one copy of each term instead (the document frequencies' key, which the first
  // article holding it has anyway), so the profiles do not keep every article's copy.
  const vocabulary = new TermVocabulary();
  for (const term of termStats.df.keys()) vocabulary.intern(term);
  const profiles = articles.map((article, i): ArticleProfile => {
    const row = vectorRows.get(article.id);
    return {
      id: article.id,
      outletKey: outletKey(article),
      title: article.title,
      published: article.published,
      day: dayNumber(article.published),
      terms: termVector(termLists[i], weighTerm, vocabulary),
      entities: weigh(entitiesByArticle.get(article.id) ?? new Set(), entityStats),
      numbers: weigh(numbersByArticle.get(article.id) ?? new Set(), numberStats),
      vector: row === undefined || !enrichment ? null : rowOf(enrichment.articleVectors, row),
      ordinals: ordinalsByArticle.get(article.id) ?? new Map(),
    };
  });
  return {
    profiles,
    termStats,
    vocabulary,
    weighTerm,
    weighEntity,
    pairKeyWeight,
  };
}
