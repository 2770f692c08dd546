/** The job wire format: exact vectors, non-finite numbers, and job ids that change only with the article or the settings. */
import { articleJobId, decodeVectors, encodeVectors, fromWire, toWire, type ArticleJobInput } from '../../src/queue/jobCodec.js';
import type { Article } from '../../src/records.js';

const article: Article = {
  id: 'bbc/2024/talks',
  contentHash: 'abc',
  sourceFile: 'bbc/2024/talks.txt',
  format: 'txt',
  outlet: 'BBC',
  outletSource: 'manifest',
  outletEvidence: '',
  outletCountry: '',
  outletOwnership: '',
  url: '',
  published: '2024-01-02',
  publishedSource: 'manifest',
  publishedEvidence: '',
  title: 'Talks',
  text: 'At least 40 people were hurt.',
  words: 6,
  language: 'en',
  analysable: true,
  duplicateOf: '',
} as Article;

test('vectors survive base64 bit for bit, at any offset', () => {
  const rows = [new Float32Array([0.1, -0.2, Math.PI]), new Float32Array([1e-30, -0, 3.4e38])];
  const decoded = decodeVectors(encodeVectors(rows, 3), 2, 3);
  expect([...decoded.subarray(0, 3)]).toEqual([...rows[0]]);
  expect(Object.is(decoded[4], -0)).toBe(true);
  expect(decoded[5]).toBe(rows[1][2]);
  expect(() => decodeVectors(encodeVectors(rows, 3), 3, 3)).toThrow(/damaged/);
});

test('non-finite numbers cross JSON: an open upper bound stays Infinity', () => {
  const value = { numbers: [{ min: 40, max: Infinity }, { min: -Infinity, max: 3 }], note: 'x' };
  const wire = JSON.stringify(toWire(value));
  expect(wire).not.toContain('null');
  expect(fromWire(JSON.parse(wire))).toEqual(value);
  expect(fromWire(wire)).toEqual(value);
});

test('job ids: the same article and settings give the same id; any change gives another', () => {
  const input: ArticleJobInput = { article, fingerprint: 'f1' };
  const id = articleJobId(input);
  const reordered = Object.fromEntries(Object.entries(article).reverse()) as unknown as Article;
  expect(articleJobId({ article: reordered, fingerprint: 'f1' })).toBe(id);
  expect(articleJobId({ article, fingerprint: 'f2' })).not.toBe(id);
  expect(articleJobId({ article: { ...article, text: `${article.text} ` }, fingerprint: 'f1' })).not.toBe(id);
  expect(articleJobId({ article: { ...article, outlet: 'CNN' }, fingerprint: 'f1' })).not.toBe(id);
  // BullMQ ids must not contain ":" (its key separator).
  expect(id).toMatch(/^article-[0-9a-f]{40}$/);
});
