/**
 * Content terms and their corpus weights, shared by event clustering and claim matching.
 * Terms are Porter stems of content words plus bigrams of neighbouring content words, so
 * "rejected any pause" and "rejects a temporary pause" share `reject`, `paus` and nothing generic.
 */
import { eng as englishStopwords } from 'stopword';
import { stemmer } from 'stemmer';
import { backgroundSpecificity } from './background.js';

/**
 * Words that carry no topic in news copy beyond the stopword package's list: reporting verbs,
 * weekdays and vague quantifiers occur in every article, so sharing them says nothing.
 */
const NEWS_FUNCTION_WORDS = [
  'not', 'no', 'nor', 'also', 'would', 'could', 'should', 'will', 'may', 'might', 'must', 'can',
  'said', 'says', 'say', 'told', 'tells', 'according', 'added', 'just', 'yet', 'even', 'however',
  'whether', 'though', 'although', 'within', 'without', 'upon', 'onto', 'per', 'via', 'us',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today',
  'yesterday', 'tomorrow', 'week', 'mr', 'mrs', 'ms', 'dr', 'it’s', 'don’t', 'its', 'whose', 'whom',
  'being', 'does', 'doing', 'done', 'having', 'he’s', 'she’s', 'they’re', 'we’re', 'i’m',
  'one', 'several', 'many', 'much', 'own', 'every', 'ever', 'almost', 'already', 'around',
];

const STOPWORDS = new Set([...englishStopwords, ...NEWS_FUNCTION_WORDS]);

/** Lower-cases, unifies apostrophes and drops possessive 's so "Hamas's" and "Hamas" meet. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[“”]/g, '"');
}

/** Whether a lower-cased word is a stopword (before stemming). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word) || STOPWORDS.has(word.replace(/'/g, '’'));
}

/**
 * Stemmed content words of a text, in order. Numbers are left out: they are compared as
 * quantities with their qualifiers, not as strings.
 */
export function contentWords(text: string): string[] {
  const words = normalise(text).match(/[a-z][a-z'-]*[a-z]|[a-z]/g) ?? [];
  const out: string[] = [];
  for (const raw of words) {
    const word = raw.replace(/^'+|'+$/g, '');
    if (word.length < 2 || isStopword(word)) continue;
    out.push(stemmer(word));
  }
  return out;
}

/** Content words plus bigrams of neighbouring content words ("full force" -> `full_forc`). */
export function termsOf(text: string): string[] {
  const words = contentWords(text);
  const terms = [...words];
  for (let i = 1; i < words.length; i++) terms.push(`${words[i - 1]}_${words[i]}`);
  return terms;
}

export interface TermStats {
  /** Number of documents counted. */
  docs: number;
  /** Documents containing each term. */
  df: Map<string, number>;
}

/** Document frequency of every term over a set of documents (each given as its terms). */
export function countDocumentFrequency(documents: Iterable<Iterable<string>>): TermStats {
  const df = new Map<string, number>();
  let docs = 0;
  for (const terms of documents) {
    docs++;
    for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return { docs, df };
}

/**
 * BM25's inverse document frequency: always positive and near zero for terms in almost every
 * document, so on a five-article corpus a name that every article mentions weighs almost nothing
 * while a phrase two articles share still counts. Unseen terms get the weight of df = 1.
 */
export function inverseDocumentFrequency(stats: TermStats, term: string): number {
  const df = Math.max(1, stats.df.get(term) ?? 1);
  return Math.log(1 + (stats.docs - df + 0.5) / (df + 0.5));
}

export type TermWeigher = (term: string) => number;

/**
 * Weight of a term as evidence: corpus IDF times its specificity in general English, mixed in
 * by `background` (0 = corpus IDF only, 1 = full product). See corpus/background.ts for why.
 */
export function termWeigher(stats: TermStats, background: number): TermWeigher {
  const memo = new Map<string, number>();
  return (term) => {
    let weight = memo.get(term);
    if (weight === undefined) {
      const specificity = background > 0 ? backgroundSpecificity(term) : 1;
      weight = inverseDocumentFrequency(stats, term) * (1 - background + background * specificity);
      memo.set(term, weight);
    }
    return weight;
  };
}

export type SparseVector = Map<string, number>;

/** Sublinear TF x term weight, L2-normalised (empty map for a text without content terms). */
export function tfidfVector(terms: Iterable<string>, weigh: TermWeigher): SparseVector {
  const tf = new Map<string, number>();
  for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
  const vector: SparseVector = new Map();
  let norm = 0;
  for (const [term, count] of tf) {
    const weight = (1 + Math.log(count)) * weigh(term);
    if (weight <= 0) continue;
    vector.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
  return vector;
}

/** Cosine of two L2-normalised sparse vectors. */
export function sparseCosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += weight * other;
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * The distinct terms of one corpus, each with an id (first seen, first numbered), so that its
 * articles' vectors hold ids and weights in two typed arrays (`TermVector`) instead of a Map each:
 * a Map entry with its boxed weight cost about 54 bytes on the heap (2.2 million of them at 3,000
 * articles, 122 MB), two array slots 12 bytes off it.
 */
export class TermVocabulary {
  readonly #idOf = new Map<string, number>();
  readonly #terms: string[] = [];
  // One vector's weights by term id, zero elsewhere (see termCosine); grown with the vocabulary.
  #scratch = new Float64Array(0);

  /** The term's id, numbering it if it is new. */
  intern(term: string): number {
    let id = this.#idOf.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#idOf.set(term, id);
      this.#terms.push(term);
    }
    return id;
  }

  /** The id of a term, or undefined when the vocabulary has none. */
  idOf(term: string): number | undefined {
    return this.#idOf.get(term);
  }

  term(id: number): string {
    return this.#terms[id];
  }

  get size(): number {
    return this.#terms.length;
  }

  /** All zeros, one slot per id (the caller puts them back to zero). */
  scratch(): Float64Array {
    if (this.#scratch.length < this.#terms.length) this.#scratch = new Float64Array(Math.max(this.#terms.length, 2 * this.#scratch.length));
    return this.#scratch;
  }
}

/**
 * A SparseVector of one vocabulary's terms: the ids and weights of its entries in the order the Map
 * would hold them (insertion order), so that sums over it add up in the same order, to the bit.
 */
export interface TermVector {
  readonly vocabulary: TermVocabulary;
  readonly ids: Int32Array;
  readonly weights: Float64Array;
}

/** tfidfVector's entries, as a TermVector of `vocabulary` (new terms are numbered). */
export function termVector(terms: Iterable<string>, weigh: TermWeigher, vocabulary: TermVocabulary): TermVector {
  const vector = tfidfVector(terms, weigh);
  const ids = new Int32Array(vector.size);
  const weights = new Float64Array(vector.size);
  let k = 0;
  for (const [term, weight] of vector) {
    ids[k] = vocabulary.intern(term);
    weights[k++] = weight;
  }
  return { vocabulary, ids, weights };
}

/**
 * sparseCosine of two TermVectors of one vocabulary, the same to the bit: it walks the smaller in its
 * order and reads the larger's weights, scattered by id into the vocabulary's scratch array.
 */
export function termCosine(a: TermVector, b: TermVector): number {
  if (a.vocabulary !== b.vocabulary) throw new Error('termCosine: the vectors are of two vocabularies (two corpora). Fix: build both with the same TermVocabulary.');
  // The smaller walked (a when they are as large), the larger scattered.
  const [small, large] = a.ids.length <= b.ids.length ? [a, b] : [b, a];
  let cosine = 0;
  withScattered(large, (dense) => {
    cosine = cosineWithScattered(small, dense);
  });
  return cosine;
}

// Every weight held is above 0 (tfidfVector leaves out the others), so 0 reads as "absent".
function cosineWithScattered(small: TermVector, dense: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < small.ids.length; k++) {
    const other = dense[small.ids[k]];
    if (other !== 0) sum += small.weights[k] * other;
  }
  return Math.min(1, Math.max(0, sum));
}

/** What the events judge compares of two articles' term vectors (pairComparisons). */
export interface PairComparisons {
  /** termCosine(a, b). */
  cosine: number;
  /** termCosine(titleA, b): a's title against b's body. */
  titleAToB: number;
  /** termCosine(titleB, a). */
  titleBToA: number;
}

/**
 * termCosine(a, b), termCosine(titleA, b) and termCosine(titleB, a), the same to the bit, and
 * `visitShared` called with the id of each term both bodies hold (in the order of the smaller, of `a`
 * when they are as large; it must not compare TermVectors itself: they share the scratch array). Each
 * body is scattered once: the events judge reads all of these for every pair it scores, and scattering
 * a body (hundreds of terms into a vocabulary-wide array) was most of their cost, four times a pair.
 * A title larger than the body it is compared with (a body of a few words) is compared as termCosine does.
 */
export function pairComparisons(a: TermVector, b: TermVector, titleA: TermVector, titleB: TermVector, visitShared?: (id: number) => void): PairComparisons {
  for (const v of [b, titleA, titleB]) if (v.vocabulary !== a.vocabulary) throw new Error('pairComparisons: the vectors are of two vocabularies (two corpora). Fix: build them all with the same TermVocabulary.');
  // As termCosine picks them: a is the smaller when they are as large.
  const aSmaller = a.ids.length <= b.ids.length;
  const [small, large] = aSmaller ? [a, b] : [b, a];
  // Each title is read against the body it is compared with, when the title is the smaller of the two.
  const titleOfLarge = aSmaller ? titleA : titleB;
  const titleOfSmall = aSmaller ? titleB : titleA;
  let cosine = 0;
  let againstLarge: number | undefined;
  let againstSmall: number | undefined;
  withScattered(large, (dense) => {
    cosine = cosineWithScattered(small, dense);
    if (visitShared) for (let k = 0; k < small.ids.length; k++) if (dense[small.ids[k]] !== 0) visitShared(small.ids[k]);
    if (titleOfLarge.ids.length <= large.ids.length) againstLarge = cosineWithScattered(titleOfLarge, dense);
  });
  if (titleOfSmall.ids.length <= small.ids.length) withScattered(small, (dense) => (againstSmall = cosineWithScattered(titleOfSmall, dense)));
  againstLarge ??= termCosine(titleOfLarge, large);
  againstSmall ??= termCosine(titleOfSmall, small);
  return aSmaller ? { cosine, titleAToB: againstLarge, titleBToA: againstSmall } : { cosine, titleAToB: againstSmall, titleBToA: againstLarge };
}

/** `read(dense)` with the vector's weights scattered by term id into the vocabulary's scratch array, all zeros again afterwards. */
function withScattered(vector: TermVector, read: (dense: Float64Array) => void): void {
  const dense = vector.vocabulary.scratch();
  const ids = vector.ids;
  for (let k = 0; k < ids.length; k++) dense[ids[k]] = vector.weights[k];
  try {
    read(dense);
  } finally {
    for (let k = 0; k < ids.length; k++) dense[ids[k]] = 0;
  }
}


/** Each [term, weight] of a TermVector, in its order. */
export function* termEntries(vector: TermVector): IterableIterator<[string, number]> {
  for (let k = 0; k < vector.ids.length; k++) yield [vector.vocabulary.term(vector.ids[k]), vector.weights[k]];
}

/** The `count` heaviest terms of a TermVector with their weights, heaviest first (ties by term). */
export function topTermEntries(vector: TermVector, count: number): [string, number][] {
  return [...termEntries(vector)].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, count);
}
