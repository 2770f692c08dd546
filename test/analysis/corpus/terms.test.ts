import { backgroundSpecificity } from '../../../src/analysis/corpus/background.js';
import { contentWords, countDocumentFrequency, inverseDocumentFrequency, sparseCosine, termsOf, termWeigher, tfidfVector } from '../../../src/analysis/corpus/terms.js';
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
