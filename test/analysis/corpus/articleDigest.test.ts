/**
 * Article digests (src/analysis/corpus/articleDigest.ts) from sentences given whole and from a stream
 * (the events stage's): the same digests, whether an article's sentences come in a row or scattered,
 * and each sentence seen once by the caller's visit.
 */
import type { Article, Sentence, SentenceDigest, AnalysisVectors } from '../../../src/records.js';
import type { DatasetStream } from '../../../src/store/datasetStream.js';
import { articleDigests, articleDigestsOf } from '../../../src/analysis/corpus/articleDigest.js';

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

describe('from the segment stage\'s sentence digests (articleDigestsOf)', () => {
  const digests: SentenceDigest[] = ['a', 'b', 'c'].map((id) => ({ articleId: id, digest: `sentences of ${id}`, latestMentionedDay: null }));
  const base = articleDigestsOf(articles, digests, enrichment.articleVectors);

  test('one digest per article, each different; an article without sentences (d) has one too', () => {
    expect([...base.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(base.values()).size).toBe(4);
    for (const d of base.values()) expect(d).toMatch(/^[0-9a-f]{32}$/);
  });

  test('a new sentence digest, record field or article vector changes that article\'s digest only', () => {
    const changedOnly = (after: Map<string, string>) => [...after].filter(([id, d]) => base.get(id) !== d).map(([id]) => id);
    expect(changedOnly(articleDigestsOf(articles, digests.map((d) => (d.articleId === 'b' ? { ...d, digest: 'other sentences' } : d)), enrichment.articleVectors))).toEqual(['b']);
    expect(changedOnly(articleDigestsOf(articles.map((a) => (a.id === 'c' ? { ...a, published: '2024-01-02' } : a)), digests, enrichment.articleVectors))).toEqual(['c']);
    const moved = { ...enrichment.articleVectors, data: enrichment.articleVectors.data.map((v, k) => (k === 0 ? v + 1e-6 : v)) };
    expect(changedOnly(articleDigestsOf(articles, digests, moved))).toEqual(['a']);
    expect(changedOnly(articleDigestsOf(articles, digests, null))).toEqual(['a', 'b', 'c', 'd']);
  });

  test('where the record was read from, and its text (contentHash holds it), do not count; the sentence-hashing digests are others', () => {
    const moved = articles.map((a) => ({ ...a, sourceFile: 'elsewhere.jsonl', sourceLine: 9, text: undefined }) as unknown as Article);
    expect(articleDigestsOf(moved, digests, enrichment.articleVectors)).toEqual(base);
    const hashed = articleDigests(articles, inRow, enrichment);
    for (const [id, d] of base) expect(hashed.get(id)).not.toBe(d);
  });
});
