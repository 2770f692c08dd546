/**
 * Article digests (src/analysis/corpus/articleDigest.ts) from sentences given whole and from a stream
 * (the events stage's): the same digests, whether an article's sentences come in a row or scattered,
 * and each sentence seen once by the caller's visit.
 */
import type { Article, Sentence, AnalysisVectors } from '../../../src/records.js';
import type { DatasetStream } from '../../../src/store/datasetStream.js';
import { articleDigests } from '../../../src/analysis/corpus/articleDigest.js';

const article = (id: string): Article => ({ id, contentHash: `h-${id}`, sourceFile: 'x.jsonl', sourceLine: 1, title: `t ${id}`, text: `text ${id}`, published: '2024-01-01', outlet: 'o' }) as unknown as Article;
const sentence = (articleId: string, index: number): Sentence => ({
  id: `${articleId}#${index}`, articleId, outlet: 'o', index, paragraph: 0, text: `sentence ${index} of ${articleId}`, quotes: [], numbers: [], entities: [], dates: [`2024-01-0${index + 1}`],
});
const articles = ['a', 'b', 'c', 'd'].map(article);
// d has no sentences; x is not among the articles.
const inRow = [sentence('a', 0), sentence('a', 1), sentence('a', 2), sentence('b', 0), sentence('x', 0), sentence('c', 0), sentence('c', 1)];
const vectorsOf = (ids: string[], dim: number) => ({ dim, ids, data: Float32Array.from({ length: ids.length * dim }, (_, k) => Math.sin(k + 1)) });
const enrichment: AnalysisVectors = { articleVectors: vectorsOf(articles.map((a) => a.id), 3), sentenceVectors: vectorsOf(inRow.map((s) => s.id), 4) };
const streamOf = (sentences: Sentence[], size: number): DatasetStream<Sentence> => ({
  length: sentences.length,
  *pieces() {
    for (let k = 0; k < sentences.length; k += size) yield sentences.slice(k, k + size);
  },
});

test('a stream gives the digests of the sentences given whole, in pieces of any size, with and without vectors', () => {
  for (const vectors of [enrichment, null]) {
    const whole = articleDigests(articles, inRow, vectors);
    expect(whole.size).toBe(4);
    expect(new Set(whole.values()).size).toBe(4);
    for (const size of [1, 2, 3, 100]) expect(articleDigests(articles, streamOf(inRow, size), vectors)).toEqual(whole);
  }
});

test("an article's sentences scattered through the stream: read again grouped, the same digests as the whole array's", () => {
  const scattered = [inRow[0], inRow[3], inRow[1], inRow[5], inRow[2], inRow[6]];
  const whole = articleDigests(articles, scattered, enrichment);
  expect(articleDigests(articles, streamOf(scattered, 2), enrichment)).toEqual(whole);
  // The order within an article counts; the article order does not.
  expect(whole).toEqual(articleDigests(articles, inRow, enrichment));
  expect(articleDigests(articles, [inRow[1], inRow[0], ...inRow.slice(2)], enrichment).get('a')).not.toBe(whole.get('a'));
});

test("visit sees each sentence of the articles once, in stream order (also when a second pass regroups them); a changed sentence changes only its article's digest", () => {
  for (const order of [inRow, [inRow[0], inRow[3], inRow[1], inRow[2], inRow[5], inRow[6]]]) {
    const seen: string[] = [];
    articleDigests(articles, streamOf(order, 2), enrichment, (s) => seen.push(s.id));
    expect(seen).toEqual(order.filter((s) => s.articleId !== 'x').map((s) => s.id));
  }
  const before = articleDigests(articles, streamOf(inRow, 2), enrichment);
  const edited = inRow.map((s) => (s.id === 'c#1' ? { ...s, dates: ['2024-02-02'] } : s));
  const after = articleDigests(articles, streamOf(edited, 2), enrichment);
  expect([...after].filter(([id, d]) => before.get(id) !== d).map(([id]) => id)).toEqual(['c']);
});
