/**
 * Records read back from the store share their repeated strings again (src/store/sharedStrings.ts):
 * measured on the heap, since a string's identity cannot be seen from JavaScript.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';
import { decodeArrayPieces, decodeBlob, encodeBlob } from '../../src/store/blobCodec.js';
import { stringSharer } from '../../src/store/sharedStrings.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function encoded(value: unknown): Buffer {
  const parts: Buffer[] = [];
  encodeBlob(value, (b) => parts.push(Buffer.from(b)));
  return Buffer.concat(parts);
}

function reader(all: Buffer): (n: number) => Buffer {
  let at = 0;
  return (n) => {
    const out = all.subarray(at, at + n);
    at += n;
    return out;
  };
}

/**
 * The live heap, MB. Read right after one full collection, heapUsed still counts garbage V8 has not
 * finished sweeping (concurrently), by an amount that varies with the machine's load; two
 * collections with a pause between them give the live figure (README "Bounded memory", Fourteenth step).
 */
async function liveHeapMB(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  gc();
  return process.memoryUsage().heapUsed / 1048576;
}

/**
 * Deep equality of plain records, by node's own comparison: Jest's toEqual took ~8 s per 100,000
 * records here; on a difference the first unequal item is compared by toEqual, for its diff.
 */
function expectSame(actual: unknown, expected: readonly unknown[]): void {
  if (isDeepStrictEqual(actual, expected)) return;
  expect(Array.isArray(actual) && actual.length).toBe(expected.length);
  const items = actual as unknown[];
  const k = items.findIndex((item, i) => !isDeepStrictEqual(item, expected[i]));
  expect([k, items[k]]).toEqual([k, expected[k]]);
}

/** Heap a value built by `make` keeps alive, MB. */
async function retainedMB(make: () => unknown): Promise<{ value: unknown; mb: number }> {
  const before = await liveHeapMB();
  const value = make();
  return { value, mb: (await liveHeapMB()) - before };
}

// Shaped like the corpus's sentences: 50 per article, a handful of outlets, unique ids and texts.
const records = Array.from({ length: 100_000 }, (_, i) => ({
  id: `article-${String(Math.floor(i / 50)).padStart(6, '0')}-with-a-long-identifier#${i}`,
  articleId: `article-${String(Math.floor(i / 50)).padStart(6, '0')}-with-a-long-identifier`,
  outlet: `Outlet number ${i % 7} of the corpus, a long name`,
  text: `Sentence ${i} says something of its own, long enough to be a real sentence of a news article.`,
  index: i % 50,
}));

test('a dataset read whole keeps one copy of each repeated field value, and equals what was stored', async () => {
  const blob = encoded(records);
  const shared = await retainedMB(() => decodeBlob(reader(blob)));
  // The same pieces without sharing: every record with its own copies.
  const copies = await retainedMB(() => [...decodeArrayPieces(reader(blob))].flat());
  expectSame(shared.value, records);
  expectSame(copies.value, records);
  // articleId (~60 chars) and outlet (~45) of 100,000 records: about 13 MB of copies.
  expect(copies.mb - shared.mb).toBeGreaterThan(8);
});

test('the sharer changes no value: long strings, unique fields and non-records pass as they are', () => {
  const share = stringSharer();
  const long = 'x'.repeat(500);
  const make = (i: number) => ({ id: `id-${i}`, group: `g${i % 3}`, long, n: i, list: ['a'] });
  // Past the probe (2,000 values): ids given up, groups pooled.
  const seen = Array.from({ length: 3000 }, (_, i) => share(make(i)));
  expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => make(i)));
  expect(share('text')).toBe('text');
  expect(share(null)).toBeNull();
  const array = [1, 2];
  expect(share(array)).toBe(array);
});

test('the strings of id lists and of records one level down are shared too (framing actor rows read back)', async () => {
  // Shaped like actor rows: each lists the ids of 40 sentences out of 2,000, and names its strongest one.
  const ids = Array.from({ length: 2000 }, (_, i) => `corpus:article-with-a-long-identifier-${String(Math.floor(i / 40)).padStart(4, '0')}#${i % 40}`);
  const rows = Array.from({ length: 20_000 }, (_, i) => {
    const list = Array.from({ length: 40 }, (_, k) => ids[(i * 7 + k * 13) % ids.length]);
    return { outlet: `Outlet ${i % 5}`, entity: `Entity ${i}`, sentenceIds: list, strongest: { sentenceId: list[0], outlet: `Outlet ${i % 5}` } };
  });
  const blob = encoded(rows);
  const shared = await retainedMB(() => decodeBlob(reader(blob)));
  const copies = await retainedMB(() => [...decodeArrayPieces(reader(blob))].flat());
  expectSame(shared.value, rows);
  expectSame(copies.value, rows);
  // 800,000 listed ids of ~60 characters (80 bytes each on the heap) and 20,000 strongest ids: about 60 MB of copies.
  expect(copies.mb - shared.mb).toBeGreaterThan(40);
});
