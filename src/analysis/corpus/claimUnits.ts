/**
 * Claim units: the sentences that assert something (statements of fact, attributed statements,
 * quotes, figures), with everything needed to compare them across outlets. Headlines, photo
 * captions, bylines, navigation lines and questions assert nothing checkable and are left out.
 */
import type { Article, Enrichment, Quantity, Sentence } from '../../records.js';
import type { TermWeigher } from './terms.js';
import { rowIndex, rowOf, type RowLookup } from './vectors.js';
import { outletKey } from '../../records.js';
import { specificNumberKey } from './profiles.js';
import { computedTerms, type TermSource } from './termSource.js';

export interface ClaimUnit {
  sentence: Sentence;
  outletKey: string;
  /** Content terms -> weight (IDF x background specificity). */
  terms: Map<string, number>;
  /** Canonical entity names -> weight. */
  entities: Map<string, number>;
  /** Specific numbers of the sentence ("count:9488"). */
  numbers: Set<string>;
  /** What its figures count (deaths, hostages, months...; see quantityCategory). Empty when absent. */
  figureCategories?: Set<string>;
  /**
   * Derived lookup fields (sums of the weights; terms and entities as sorted integer ids): filled
   * by buildClaimUnits, or on first comparison by indexClaimUnit for units built elsewhere.
   */
  termTotal?: number;
  entityTotal?: number;
  termIds?: Int32Array;
  termWeights?: Float64Array;
  entityIds?: Int32Array;
  entityWeights?: Float64Array;
  /** The id tables the ids come from (releaseClaimUnitIds). */
  idGeneration?: number;
  /** Sentence embedding, or null when enrichment has none. */
  vector: Float32Array | null;
}

/** Ends like a statement: full stop, exclamation, or a closing quote after one. */
const STATEMENT_END = /[.!]["'”’)\]]*$|["”’]$/;
/** Photo credits and agency tags: "(Saul Loeb/Pool/AFP)", "© AFP 2023". */
const CREDIT = /\([^)]*\/[^)]*\)\s*$|©|\bgetty images\b|\bphoto:/i;

function sum(weights: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const w of weights.values()) total += w;
  return total;
}

/** Whether a sentence asserts something worth matching across outlets. */
export function isClaimSentence(text: string, minWords: number): boolean {
  const trimmed = text.trim();
  if (trimmed.endsWith('?')) return false;
  if (trimmed.split(/\s+/).length < minWords) return false;
  if (CREDIT.test(trimmed)) return false;
  return STATEMENT_END.test(trimmed);
}

export interface ClaimUnitInput {
  articles: readonly Article[];
  sentences: readonly Sentence[];
  sentenceVectors: Enrichment['sentenceVectors'] | null;
  weighTerm: TermWeigher;
  /** Weight of an entity name (e.g. its IDF over articles). */
  weighEntity: (name: string) => number;
  minWords: number;
  /** Where the sentences' terms come from (default: termsOf on the spot). */
  terms?: TermSource;
  /** rowIndex(sentenceVectors), when the caller holds it (built here otherwise: once per call, over every row). */
  vectorRows?: RowLookup;
}

/**
 * One table of term and entity ids, so that units built anywhere compare correctly. It grows with
 * the vocabulary the process sees until a stage that built units is done with them
 * (releaseClaimUnitIds): held for the rest of a run it kept every term and name string of the
 * corpus (~70 MB at 20,000 articles, measured at the framing stage's start).
 */
let ids = { terms: new Map<string, number>(), entities: new Map<string, number>(), generation: 0 };
// One count over both tables: a term and an entity never share an id. Keyed by the string itself
// (not a prefixed copy such as `t:${term}`), so the table holds no second string per term. Never
// reset, so an id of a released table is never given again.
let nextId = 0;
const internIn = (table: () => Map<string, number>) => (key: string) => table().get(key) ?? table().set(key, nextId++).get(key)!;
const internTerm = internIn(() => ids.terms);
const internEntity = internIn(() => ids.entities);

/**
 * Lets go of the id tables: call when the units built so far are no longer compared (the end of
 * the events and claims stages). A unit indexed before is indexed again if it is compared later.
 */
export function releaseClaimUnitIds(): void {
  ids = { terms: new Map(), entities: new Map(), generation: ids.generation + 1 };
}

export type IndexedClaimUnit = ClaimUnit & Required<Pick<ClaimUnit, 'termTotal' | 'entityTotal' | 'termIds' | 'termWeights' | 'entityIds' | 'entityWeights' | 'idGeneration'>>;

/** Fills a unit's derived lookup fields (once) and returns it. */
export function indexClaimUnit(unit: ClaimUnit): IndexedClaimUnit {
  if (!unit.termIds || unit.idGeneration !== ids.generation) {
    const termIndex = sortedIds(unit.terms, internTerm);
    const entityIndex = sortedIds(unit.entities, internEntity);
    unit.termTotal = sum(unit.terms);
    unit.entityTotal = sum(unit.entities);
    unit.termIds = termIndex.ids;
    unit.termWeights = termIndex.values;
    unit.entityIds = entityIndex.ids;
    unit.entityWeights = entityIndex.values;
    unit.idGeneration = ids.generation;
  }
  return unit as IndexedClaimUnit;
}

function sortedIds(weights: ReadonlyMap<string, number>, intern: (key: string) => number): { ids: Int32Array; values: Float64Array } {
  const entries = [...weights].map(([key, w]) => [intern(key), w] as const).sort((x, y) => x[0] - y[0]);
  return { ids: Int32Array.from(entries, (e) => e[0]), values: Float64Array.from(entries, (e) => e[1]) };
}

/**
 * Gives the terms and entity names of a claim sentence their ids in the order buildClaimUnits would:
 * the ids decide the order in which a similarity adds up shared weights, so units built later,
 * a few at a time, compare to the last bit as if every sentence had been built here in this order.
 */
export function internClaimSentence(sentence: Sentence, terms: TermSource = computedTerms): void {
  for (const term of new Set(terms.sentence(sentence))) internTerm(term);
  const names = new Set<string>();
  for (const entity of sentence.entities) {
    const name = entity.name.trim();
    if (name) names.add(name);
  }
  for (const name of names) internEntity(name);
}

/** Claim units of the given articles, in article then sentence order. */
export function buildClaimUnits(input: ClaimUnitInput): ClaimUnit[] {
  return [...claimUnitsOf(input)];
}

/**
 * buildClaimUnits one unit at a time, in the same order (the order their terms and names get their
 * ids in): a caller that keeps less of each unit never holds them all.
 */
export function* claimUnitsOf(input: ClaimUnitInput): Generator<ClaimUnit> {
  const articles = new Map(input.articles.map((a) => [a.id, a]));
  const rows = input.vectorRows ?? (input.sentenceVectors ? rowIndex(input.sentenceVectors) : new Map<string, number>());
  const source = input.terms ?? computedTerms;
  for (const sentence of input.sentences) {
    const article = articles.get(sentence.articleId);
    if (!article || !isClaimSentence(sentence.text, input.minWords)) continue;
    const terms = new Map<string, number>();
    for (const term of source.sentence(sentence)) if (!terms.has(term)) terms.set(term, input.weighTerm(term));
    const entities = new Map<string, number>();
    for (const entity of sentence.entities) {
      const name = entity.name.trim();
      if (name && !entities.has(name)) entities.set(name, input.weighEntity(name));
    }
    const numbers = new Set<string>();
    const figureCategories = new Set<string>();
    for (const quantity of sentence.numbers) {
      const key = specificNumberKey(quantity);
      if (key) numbers.add(key);
      const category = quantityCategory(quantity);
      if (category) figureCategories.add(category);
    }
    const row = rows.get(sentence.id);
    const vector = row === undefined || !input.sentenceVectors ? null : rowOf(input.sentenceVectors, row);
    yield indexClaimUnit({ sentence, outletKey: outletKey(article), terms, entities, numbers, figureCategories, vector });
  }
}

/**
 * What a figure counts, for pairing like with like: the segmenter's subject (deaths, hostages,
 * aid...), else the counted noun, with the kind so that "3 days" never meets "3 hostages".
 * Empty when the figure counts nothing nameable, or is a year or an ordinal.
 */
export function quantityCategory(q: Pick<Quantity, 'subject' | 'unit' | 'kind'>): string {
  if (q.kind === 'year' || q.kind === 'ordinal') return '';
  if (q.subject) return q.subject;
  if (q.kind === 'percent' || q.kind === 'money') return q.unit ? `${q.kind}:${q.unit}` : '';
  return q.unit ? q.unit : '';
}
