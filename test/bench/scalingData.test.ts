/** The synthetic corpora of the scaling benchmark: prefixes of the real one, then copies with fresh ids. */
import { datasetsOfSize } from '../../src/bench/scalingData.js';
import { corpusOfSize, type CorpusRecord } from '../../src/bench/corpus.js';
import type { Article, Sentence } from '../../src/records.js';

const article = (id: string): Article =>
  ({ id, outlet: 'X', analysable: true, duplicateOf: '', published: '2020-01-01', text: 't', title: '' }) as Article;
const sentence = (articleId: string, index: number): Sentence =>
  ({ id: `${articleId}#${index}`, articleId, index, text: `s${index}`, numbers: [], entities: [], quotes: [], dates: [] }) as unknown as Sentence;

const base = {
  articles: [article('a'), article('b')],
  sentences: [sentence('a', 0), sentence('a', 1), sentence('b', 0)],
  enrichment: {
    sentiment: [{ sentenceId: 'a#0', label: 'neutral' as const, score: 0 }, { sentenceId: 'a#1', label: 'neutral' as const, score: 0 }, { sentenceId: 'b#0', label: 'neutral' as const, score: 0 }],
    sentenceVectors: { dim: 2, ids: ['a#0', 'a#1', 'b#0'], data: Float32Array.from([1, 0, 0, 1, 0.6, 0.8]) },
    articleVectors: { dim: 2, ids: ['a', 'b'], data: Float32Array.from([1, 0, 0, 1]) },
  },
};

test('a size within the corpus keeps the first articles with their sentences and vectors', () => {
  const one = datasetsOfSize(base, ['a', 'b'], 1);
  expect(one.synthetic).toBe(false);
  expect(one.articles.map((a) => a.id)).toEqual(['a']);
  expect(one.sentences.map((s) => s.id)).toEqual(['a#0', 'a#1']);
  expect(one.enrichment.sentenceVectors.ids).toEqual(['a#0', 'a#1']);
  expect(Array.from(one.enrichment.articleVectors.data)).toEqual([1, 0]);
});

test('a size beyond the corpus repeats it with fresh ids and the same vectors', () => {
  const five = datasetsOfSize(base, ['a', 'b'], 5);
  expect(five.synthetic).toBe(true);
  expect(five.articles.map((a) => a.id)).toEqual(['a', 'b', 'a~r1', 'b~r1', 'a~r2']);
  expect(five.sentences.filter((s) => s.articleId === 'a~r2').map((s) => s.id)).toEqual(['a~r2#0', 'a~r2#1']);
  const v = five.enrichment.sentenceVectors;
  expect(v.ids).toHaveLength(8);
  const row = v.ids.indexOf('b~r1#0');
  expect(Array.from(v.data.subarray(row * 2, row * 2 + 2))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  expect(five.enrichment.sentiment.map((s) => s.sentenceId)).toContain('a~r2#1');
});

test('corpus records beyond the file get fresh ids and urls', () => {
  const records: CorpusRecord[] = [{ id: 'x', text: 't', title: '', outlet: 'O', published: '', url: 'http://o/x' }];
  expect(corpusOfSize(records, 3).map((r) => [r.id, r.url])).toEqual([['x', 'http://o/x'], ['x~r1', 'http://o/x#r1'], ['x~r2', 'http://o/x#r2']]);
});
