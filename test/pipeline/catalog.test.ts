/**
 * Partial reads (a stage's partialReads): the catalog keeps the part a later stage reads and lets
 * go of the whole value; the part comes from memory, never from a blob that may be damaged on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCatalog, partKey } from '../../pipeline/catalog.js';
import { tempDir } from '../tempDir.js';

test('keepOnly keeps a part by reference and frees the whole; a partial load reads only that part from disk', () => {
  const dir = tempDir('cf-catalog-');
  const catalog = openCatalog(dir);
  const value = { sentiment: [{ sentenceId: 'a#0', label: 'neutral', score: 0.5 }], sentenceVectors: { dim: 1, ids: ['a#0'], data: new Float32Array([1]) } };
  const hash = catalog.save(value);
  catalog.keepOnly([partKey(hash, ['sentiment'])]);
  // The blob on disk is damaged after the save: the part still comes from memory.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 2] ^= 0xff;
  fs.writeFileSync(file, bytes);
  const part = catalog.load<typeof value>(hash, ['sentiment'])!;
  expect(part).toEqual({ sentiment: value.sentiment });
  expect(part.sentiment).toBe(value.sentiment);
  // The whole value was let go of: loading it reads the (damaged) blob, a miss.
  expect(catalog.load(hash)).toBeUndefined();
  // A fresh catalog over an intact blob reads just the part.
  const other = openCatalog(tempDir('cf-catalog-'));
  const h2 = other.save(value);
  other.keepOnly([]);
  expect(other.load(h2, ['sentiment'])).toEqual({ sentiment: value.sentiment });
});

test('an array part without some item fields ("-text") is made from the whole value in memory, and read from disk the same', () => {
  const dir = tempDir('cf-catalog-');
  const catalog = openCatalog(dir);
  const articles = [{ id: 'a', title: 'A', text: 'long body' }, { id: 'b', title: 'B', text: 'other body' }];
  const hash = catalog.save(articles);
  catalog.keepOnly([partKey(hash, ['-text'])]);
  expect(catalog.load(hash, ['-text'])).toEqual([{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }]);
  const fresh = openCatalog(dir);
  expect(fresh.load(hash, ['-text'])).toEqual([{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }]);
  expect(fresh.load(hash)).toEqual(articles);
});

test('a vector table read row by row comes from the value or a part held in memory, else from its blob, the same rows', () => {
  const dir = tempDir('cf-catalog-');
  const catalog = openCatalog(dir);
  const sentenceVectors = { dim: 2, ids: ['a#0', 'a#1', 'b#0'], data: new Float32Array([1, 0, 0, 1, 0.6, 0.8]) };
  const hash = catalog.save({ sentiment: [], sentenceVectors, articleVectors: { dim: 2, ids: ['a'], data: new Float32Array([1, 0]) } });
  const want = new Float32Array([0.6, 0.8, 1, 0]);
  expect(catalog.vectorSource(hash, 'sentenceVectors')!.rows([2, 0])).toEqual(want);
  // Held as a part (the events stage reads the vectors whole): still from memory, though the blob is now damaged.
  catalog.keepOnly([partKey(hash, ['sentenceVectors', 'articleVectors'])]);
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const intact = fs.readFileSync(file);
  const bytes = Buffer.from(intact);
  bytes[bytes.length - 2] ^= 0xff;
  fs.writeFileSync(file, bytes);
  expect(catalog.vectorSource(hash, 'sentenceVectors')!.rows([2, 0])).toEqual(want);
  // Let go of (only the article vectors kept): read from the blob, which is checked first.
  catalog.keepOnly([partKey(hash, ['articleVectors'])]);
  expect(catalog.vectorSource(hash, 'sentenceVectors')).toBeUndefined();
  fs.writeFileSync(file, intact);
  expect(catalog.vectorSource(hash, 'sentenceVectors')!.rows([2, 0])).toEqual(want);
});

test('an array under one key of an object dataset is streamed from memory while the dataset or a part holding it is held, else from its blob', () => {
  const dir = tempDir('cf-catalog-');
  const catalog = openCatalog(dir);
  const sentiment = Array.from({ length: 1500 }, (_, i) => ({ sentenceId: `a#${i}`, label: 'neutral', score: i / 1500 }));
  const value = { sentenceVectors: { dim: 1, ids: sentiment.map((r) => r.sentenceId), data: new Float32Array(1500) }, sentiment };
  const hash = catalog.save(value);
  // Held whole (a spilled or unsaved value aside, save keeps it): the rows themselves, not copies.
  catalog.keepOnly([hash]);
  expect([...catalog.stream(hash, 'sentiment')!.pieces()].flat()[0]).toBe(sentiment[0]);
  // Held as a part holding the key.
  catalog.keepOnly([partKey(hash, ['sentiment'])]);
  expect([...catalog.stream(hash, 'sentiment')!.pieces()].flat()[0]).toBe(sentiment[0]);
  // Not held: read from the blob, piece by piece, the same rows.
  catalog.keepOnly([]);
  const stream = catalog.stream(hash, 'sentiment')!;
  expect(stream.length).toBe(1500);
  const pieces = [...stream.pieces()];
  expect(pieces.map((p) => p.length)).toEqual([1000, 500]);
  expect(pieces.flat()).toEqual(sentiment);
  expect(pieces.flat()[0]).not.toBe(sentiment[0]);
  expect(catalog.stream(hash, 'nothing')).toBeUndefined();
});

test('a saved value with a spilled key keeps its other keys in memory as built: parts of them come from there, the spilled key from the blob', () => {
  const dir = tempDir('cf-catalog-spilled-');
  const catalog = openCatalog(dir);
  const tones = Array.from({ length: 2500 }, (_, i) => ({ sentenceId: `a#${i}`, label: 'neutral', score: i / 2500 }));
  const spill = catalog.spillRecords<(typeof tones)[number]>()!;
  for (const t of tones) spill.push(t);
  const rows = [{ outlet: 'A', eventId: 'e1' }];
  const framing = { outletFraming: rows, entityTone: [{ entity: 'X' }], toneQuality: { sentenceIsFinding: true }, sentenceTones: spill.finish() };
  const hash = catalog.save(framing);
  // The same blob as the value with its tones in memory.
  expect(hash).toBe(openCatalog(tempDir('cf-catalog-spilled-')).save({ ...framing, sentenceTones: tones }));
  const part = catalog.load<typeof framing>(hash, ['outletFraming', 'toneQuality'])!;
  expect(part.outletFraming).toBe(rows);
  expect(Object.keys(part)).toEqual(['outletFraming', 'toneQuality']);
  // keepOnly makes a later stage's part from the held one, then lets the held one go.
  catalog.keepOnly([partKey(hash, ['outletFraming', 'entityTone'])]);
  expect(catalog.load<typeof framing>(hash, ['outletFraming', 'entityTone'])!.outletFraming).toBe(rows);
  expect(catalog.load<typeof framing>(hash, ['outletFraming', 'toneQuality'])!.outletFraming).not.toBe(rows);
  // The spilled key is never held: it comes from the blob, and a whole load reads the blob.
  expect([...catalog.stream(hash, 'sentenceTones')!.pieces()].flat()).toEqual(tones);
  expect(catalog.load(hash)).toEqual({ ...framing, sentenceTones: tones });
});
