import { backgroundSpecificity } from '../../../src/analysis/corpus/background.js';
import { contentWords, countDocumentFrequency, inverseDocumentFrequency, pairComparisons, sparseCosine, termCosine, termsOf, termVector, termWeigher, TermVocabulary, tfidfVector } from '../../../src/analysis/corpus/terms.js';
import { cosineBaseline, cosineLift } from '../../../src/analysis/corpus/vectors.js';

describe('terms', () => {
  test('content words are stemmed, lower-cased, without stopwords, numbers or possessives', () => {
    expect(contentWords("Netanyahu's government rejected any pauses on Monday, 9,488 said")).toEqual(['netanyahu', 'govern', 'reject', 'paus']);
    expect(termsOf('rejected any pause')).toEqual(['reject', 'paus', 'reject_paus']);
  });

  test('IDF: a term every document has weighs almost nothing, a term two share weighs a lot', () => {
    const stats = countDocumentFrequency([['a', 'b'], ['a', 'c'], ['a', 'b'], ['a'], ['a']]);
    expect(inverseDocumentFrequency(stats, 'a')).toBeLessThan(0.1);
    expect(inverseDocumentFrequency(stats, 'b')).toBeGreaterThan(0.8);
    expect(inverseDocumentFrequency(stats, 'unseen')).toBeCloseTo(inverseDocumentFrequency(stats, 'c'), 10);
  });

  test('background specificity: common English words count little, names and rare nouns fully', () => {
    expect(backgroundSpecificity('take')).toBeLessThan(0.1);
    expect(backgroundSpecificity('herzog')).toBe(1);
    expect(backgroundSpecificity('council')).toBeGreaterThan(backgroundSpecificity('take'));
    // A bigram of common words is more specific than either word.
    expect(backgroundSpecificity('full_forc')).toBeGreaterThan(backgroundSpecificity('forc'));
  });

  test('tf-idf vectors are unit length; cosine of identical texts is 1, of disjoint ones 0', () => {
    const stats = countDocumentFrequency([termsOf('bridge collapse river'), termsOf('football cup replay'), termsOf('bridge repair vote')]);
    const weigh = termWeigher(stats, 0.5);
    const a = tfidfVector(termsOf('bridge collapse river'), weigh);
    const norm = Math.sqrt([...a.values()].reduce((s, w) => s + w * w, 0));
    expect(norm).toBeCloseTo(1, 10);
    expect(sparseCosine(a, tfidfVector(termsOf('bridge collapse river'), weigh))).toBeCloseTo(1, 10);
    expect(sparseCosine(a, tfidfVector(termsOf('football cup replay'), weigh))).toBe(0);
  });

  test('cosine baseline is the mean pairwise cosine; lift maps it to 0', () => {
    const v = (x: number, y: number) => Float32Array.from([x, y].map((c) => c / Math.hypot(x, y)));
    const vectors = [v(1, 0), v(0, 1), v(1, 1)];
    const pairwise = (0 + Math.SQRT1_2 + Math.SQRT1_2) / 3;
    expect(cosineBaseline(vectors)).toBeCloseTo(pairwise, 5);
    expect(cosineLift(pairwise, pairwise)).toBe(0);
    expect(cosineLift(1, pairwise)).toBe(1);
  });
});

describe('pairComparisons', () => {
  // A small deterministic generator: the same vectors on every run.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = Array.from({ length: 300 }, (_, k) => `w${k}`);
  const draw = (n: number) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]);
  const weigh = (t: string) => 0.5 + (Number(t.slice(1)) % 13) / 7;

  test('the three cosines and the shared terms equal termCosine and a Map walk of the smaller body, to the bit', () => {
    const vocabulary = new TermVocabulary();
    const vector = (n: number) => termVector(draw(n), weigh, vocabulary);
    // Bodies larger and smaller than each other, as large as each other, and bodies of a few words
    // (smaller than the other's title: that comparison goes the way termCosine goes).
    const sizes: [number, number, number, number][] = [[80, 40, 6, 9], [40, 80, 9, 6], [50, 50, 5, 5], [3, 60, 12, 4], [60, 2, 4, 12], [1, 1, 3, 3]];
    let compared = 0;
    for (const [na, nb, ta, tb] of sizes) {
      for (let round = 0; round < 20; round++) {
        const [a, b, titleA, titleB] = [vector(na), vector(nb), vector(ta), vector(tb)];
        const shared: number[] = [];
        const got = pairComparisons(a, b, titleA, titleB, (id) => shared.push(id));
        expect(Object.is(got.cosine, termCosine(a, b))).toBe(true);
        expect(Object.is(got.titleAToB, termCosine(titleA, b))).toBe(true);
        expect(Object.is(got.titleBToA, termCosine(titleB, a))).toBe(true);
        const [small, large] = a.ids.length <= b.ids.length ? [a, b] : [b, a];
        const held = new Set(large.ids);
        expect(shared).toEqual([...small.ids].filter((id) => held.has(id)));
        compared++;
      }
    }
    expect(compared).toBe(120);
    // The scratch array is all zeros again: a later comparison of disjoint vectors reads 0.
    const other = new TermVocabulary();
    const [x, y] = [termVector(['p', 'q'], weigh, other), termVector(['r', 's'], weigh, other)];
    expect(pairComparisons(x, y, x, y).cosine).toBe(0);
    expect(vocabulary.scratch().every((v) => v === 0)).toBe(true);
  });

  test('vectors of two vocabularies are refused with the fix', () => {
    const [one, two] = [new TermVocabulary(), new TermVocabulary()];
    const a = termVector(['a'], weigh, one);
    const b = termVector(['a'], weigh, two);
    expect(() => pairComparisons(a, a, a, b)).toThrow(/two vocabularies.*Fix/);
  });
});
