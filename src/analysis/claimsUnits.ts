/**
 * Claim units: the sentences that assert something (statements of fact, attributed statements,
 * quotes, figures), with everything needed to compare them across outlets. Headlines, photo
 * captions, bylines, navigation lines and questions assert nothing checkable and are left out.
 */
import type { Article, Enrichment, Sentence } from '../records.js';
import { termsOf, type TermWeigher } from './eventsTerms.js';
import { rowIndex, rowOf } from './eventsVectors.js';
import { outletKey } from './eventsOutlets.js';
import { specificNumberKey } from './eventsProfile.js';
import { quantityCategory } from './numericCompare.js';

export interface ClaimUnit {
  sentence: Sentence;
  outletKey: string;
  /** Content terms -> weight (IDF x background specificity). */
  terms: Map<string, number>;
  /** Canonical entity names -> weight. */
  entities: Map<string, number>;
  /** Sums of the term and entity weights (cached: similarity is computed millions of times). */
  termTotal: number;
  entityTotal: number;
  /** Specific numbers of the sentence ("count:9488"). */
  numbers: Set<string>;
  /** What its figures count (deaths, hostages, months...; see quantityCategory). */
  figureCategories: Set<string>;
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
}

/** Claim units of the given articles, in article then sentence order. */
export function buildClaimUnits(input: ClaimUnitInput): ClaimUnit[] {
  const articles = new Map(input.articles.map((a) => [a.id, a]));
  const rows = input.sentenceVectors ? rowIndex(input.sentenceVectors) : new Map<string, number>();
  const units: ClaimUnit[] = [];
  for (const sentence of input.sentences) {
    const article = articles.get(sentence.articleId);
    if (!article || !isClaimSentence(sentence.text, input.minWords)) continue;
    const terms = new Map<string, number>();
    for (const term of termsOf(sentence.text)) if (!terms.has(term)) terms.set(term, input.weighTerm(term));
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
    units.push({
      sentence,
      outletKey: outletKey(article),
      terms,
      entities,
      termTotal: sum(terms),
      entityTotal: sum(entities),
      numbers,
      figureCategories,
      vector: row === undefined || !input.sentenceVectors ? null : rowOf(input.sentenceVectors, row),
    });
  }
  return units;
}
