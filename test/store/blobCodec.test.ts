/**
 * The stage store's piecewise blob format gives back what one v8 serialisation would: long
 * arrays cut in slices, typed arrays over a raw piece, nested plain and null-prototype objects.
 */
import { partOf } from '../../src/store/datasetPart.js';
import v8 from 'node:v8';
import { decodeBlob, encodeBlob } from '../../src/store/blobCodec.js';

/** Encodes into memory and decodes it back (only `only`'s top-level keys when given), checking every byte is read. */
function roundTrip(value: unknown, only?: readonly string[]): { back: unknown; frames: number } {
  const parts: Buffer[] = [];
  encodeBlob(value, (b) => parts.push(Buffer.from(b)));
  const all = Buffer.concat(parts);
  let at = 0;
  const back = decodeBlob((n) => {
    if (at + n > all.length) throw new Error('truncated');
    const out = all.subarray(at, at + n);
    at += n;
    return out;
  }, only);
  expect(at).toBe(all.length);
  return { back, frames: parts.length };
}

test('a dataset-shaped value comes back equal to a v8 round trip, in several pieces', () => {
  const vectors = new Float32Array(2_200_000).map((_, i) => Math.sin(i));
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { toString: 'x', n: 1 });
  const value = {
    sentences: Array.from({ length: 2500 }, (_, i) => ({ id: `a#${i}`, text: `sentence ${i}`, numbers: i % 3 ? [] : [{ value: i }] })),
    enrichment: { sentiment: [{ sentenceId: 'a#0', label: 'neutral', score: 0 }], sentenceVectors: { dim: 3, ids: ['a'], data: vectors } },
    map: new Map([['k', 1]]),
    nullProto,
    none: undefined,
    empty: [],
  };
  const { back, frames } = roundTrip(value);
  expect(frames).toBeGreaterThan(10);
  const data = (back as typeof value).enrichment.sentenceVectors.data;
  // Deep equality element by element is slow on millions of floats: the bytes are compared below.
  const small = new Float32Array(0);
  const expected = v8.deserialize(v8.serialize({ ...value, enrichment: { ...value.enrichment, sentenceVectors: { ...value.enrichment.sentenceVectors, data: small } } }));
  expect({ ...(back as typeof value), enrichment: { ...(back as typeof value).enrichment, sentenceVectors: { ...(back as typeof value).enrichment.sentenceVectors, data: small } } }).toEqual(expected);
  expect(data).toBeInstanceOf(Float32Array);
  expect(data.length).toBe(vectors.length);
  expect(Buffer.from(data.buffer).equals(Buffer.from(vectors.buffer))).toBe(true);
  expect(Object.getPrototypeOf((back as typeof value).nullProto)).toBeNull();
  expect(Object.keys(back as object)).toEqual(Object.keys(value));
});

test('leaves and a truncated blob', () => {
  for (const v of [1, 'text', null, [1, 2], new Float32Array([1, 2])]) expect(roundTrip(v).back).toEqual(v);
  const parts: Buffer[] = [];
  encodeBlob({ a: Array.from({ length: 3000 }, (_, i) => i) }, (b) => parts.push(Buffer.from(b)));
  const cut = Buffer.concat(parts).subarray(0, 200);
  let at = 0;
  expect(() =>
    decodeBlob((n) => {
      if (at + n > cut.length) throw new Error('truncated');
      at += n;
      return cut.subarray(at - n, at);
    }),
  ).toThrow();
});

test('a partial read gives only the named top-level keys, reading past the others to the end', () => {
  const value = {
    sentiment: Array.from({ length: 2500 }, (_, i) => ({ sentenceId: `a#${i}`, label: 'neutral', score: i / 2500 })),
    sentenceVectors: { dim: 3, ids: Array.from({ length: 1500 }, (_, i) => `a#${i}`), data: new Float32Array(2_200_000).map((_, i) => i) },
    articleVectors: { dim: 3, ids: ['a'], data: new Float32Array([1, 2, 3]), nested: { deep: [1, 2] } },
  };
  const { back } = roundTrip(value, ['sentiment']);
  expect(back).toEqual({ sentiment: value.sentiment });
});

test('a partial read of an array drops the named item fields ("-text") in every piece, and equals partOf of the whole value', () => {
  const articles = Array.from({ length: 2500 }, (_, i) => ({ id: `a${i}`, title: `t${i}`, text: 'x'.repeat(i % 7), words: i }));
  const { back } = roundTrip(articles, ['-text']);
  expect(back).toEqual(articles.map(({ text: _text, ...rest }) => rest));
  expect(back).toEqual(partOf(articles, ['-text']));
  // A short array is stored as one leaf: stripped the same way.
  expect(roundTrip(articles.slice(0, 3), ['-text']).back).toEqual(articles.slice(0, 3).map(({ text: _text, ...rest }) => rest));
  // Item fields a part does not name are untouched, and the whole value is not changed.
  expect(articles[5].text).toBe('xxxxx');
});
