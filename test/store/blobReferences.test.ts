/**
 * A spilled float array that borrows its first values from a stored array is written with
 * references to that array's whole frames (src/store/blobCodec.ts, kind 2): the blob is small, every
 * reader gets the same values as from the array written out, and the referred blob is checked,
 * kept by pruning and, when missing or damaged, makes the referring blob a miss.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStageStore } from '../../src/store/stageStore.js';
import { MAX_REFERRED_BLOBS } from '../../src/store/blobCodec.js';
import type { StageStore } from '../../src/store/stageStore.js';
import { tempDir } from '../tempDir.js';

const DIM = 1000;
// 4,500 rows of 1,000 floats: 18 MB, raw frames of 8, 8 and 2 MB (2,097 rows and a bit per full frame).
const OLD_ROWS = 4500;
const NEW_ROWS = 700;
const value = (i: number) => Math.sin(i * 0.37) * 0.5;

function vectorsValue(table: { dim: number; ids: string[]; data: unknown }) {
  return { sentiment: [{ sentenceId: 's0', label: 'neutral', score: 0 }], sentenceVectors: table, articleVectors: { dim: 2, ids: ['a'], data: new Float32Array([1, 0]) } };
}

/** The old blob, and a grown array that borrows its rows from it (written only after them). */
function grownBlob(store: StageStore, borrowRows = OLD_ROWS) {
  const old = new Float32Array(OLD_ROWS * DIM).map((_, i) => value(i));
  const oldIds = Array.from({ length: OLD_ROWS }, (_, i) => `s${i}`);
  const oldHash = store.saveDataset(vectorsValue({ dim: DIM, ids: oldIds, data: old }));
  const source = store.vectorSource(oldHash, 'sentenceVectors')!;
  const total = OLD_ROWS + NEW_ROWS;
  const expected = new Float32Array(total * DIM).map((_, i) => value(i));
  const spill = store.spillFloat32(total * DIM)!;
  spill.borrow(source.storedFrames!, borrowRows * DIM);
  spill.write(expected.subarray(borrowRows * DIM), borrowRows * DIM);
  const ids = Array.from({ length: total }, (_, i) => `s${i}`);
  const hash = store.saveDataset(vectorsValue({ dim: DIM, ids, data: spill.finish() }));
  return { oldHash, hash, expected, ids };
}

const blobFile = (dir: string, hash: string) => path.join(dir, 'datasets', `${hash}.v8`);

test('a grown array written with references: small on disk, the same values for every reader, in this process and another', () => {
  const dir = tempDir('cf-refs-');
  const store = openStageStore(dir);
  const { oldHash, hash, expected, ids } = grownBlob(store);
  // The two full 8 MB frames are referred to (one reference); the rest (2 MB of old rows and the new ones) written.
  const size = fs.statSync(blobFile(dir, hash)).size;
  expect(size).toBeLessThan(expected.byteLength - 16 * 1024 * 1024 + 64 * 1024);
  expect(size).toBeGreaterThan(expected.byteLength - 16 * 1024 * 1024);
  for (const reader of [store, openStageStore(dir)]) {
    const back = reader.loadDataset<ReturnType<typeof vectorsValue>>(hash)!;
    expect(back.sentenceVectors.ids).toEqual(ids);
    expect(Buffer.from((back.sentenceVectors.data as Float32Array).buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    // Read past (a part without the vectors), streamed (the sentiment), and row by row.
    expect(reader.loadDataset(hash, ['sentiment', 'articleVectors'])).toEqual({ sentiment: back.sentiment, articleVectors: back.articleVectors });
    expect([...reader.streamDataset(hash, 'sentiment')!.pieces()].flat()).toEqual(back.sentiment);
    const source = reader.vectorSource(hash, 'sentenceVectors')!;
    const rows = [0, 2096, 2097, 2098, 4199, 4499, 4500, 5199, 3, 2];
    const want = new Float32Array(rows.length * DIM);
    rows.forEach((r, k) => want.set(expected.subarray(r * DIM, (r + 1) * DIM), k * DIM));
    expect(Buffer.from(source.rows(rows).buffer).equals(Buffer.from(want.buffer))).toBe(true);
    // Its frames name the old blob for the referred rows: a table grown from it refers there too, never to it.
    expect(new Set(source.storedFrames!.map((f) => f.blob))).toEqual(new Set([oldHash, hash]));
    expect(reader.checkDataset(hash)).toBe(true);
  }
  // The same values written out whole are another blob (its bytes differ), with the same content.
  const whole = store.saveDataset(vectorsValue({ dim: DIM, ids, data: expected }));
  expect(whole).not.toBe(hash);
  expect(fs.statSync(blobFile(dir, whole)).size).toBeGreaterThan(expected.byteLength);
});

test('borrowing fewer rows than a frame holds writes them out: no reference, the same values', () => {
  const dir = tempDir('cf-refs-');
  const store = openStageStore(dir);
  const { hash, expected } = grownBlob(store, 1000);
  expect(fs.statSync(blobFile(dir, hash)).size).toBeGreaterThan(expected.byteLength);
  const back = openStageStore(dir).loadDataset<ReturnType<typeof vectorsValue>>(hash)!;
  expect(Buffer.from((back.sentenceVectors.data as Float32Array).buffer).equals(Buffer.from(expected.buffer))).toBe(true);
});

test('the referred blob missing or damaged makes the referring blob a miss, never wrong data; pruning keeps a referred blob', () => {
  const dir = tempDir('cf-refs-');
  const store = openStageStore(dir);
  const { oldHash, hash } = grownBlob(store);
  // Pruning: the old blob unused for long, the grown one the last run's: both stay.
  store.recordLatest({ enrichment: hash });
  const longAgo = new Date(Date.now() - 90 * 24 * 3600 * 1000);
  fs.utimesSync(blobFile(dir, oldHash), longAgo, longAgo);
  expect(store.prune(30)).toBe(0);
  expect(fs.existsSync(blobFile(dir, oldHash))).toBe(true);
  // A referring blob that is itself pruned no longer keeps it.
  store.recordLatest({});
  for (const h of [oldHash, hash]) fs.utimesSync(blobFile(dir, h), longAgo, longAgo);
  expect(store.prune(30)).toBe(2);

  // Damaged: one byte of the old blob flipped inside a referred frame. Another process checks it in full.
  const fresh = tempDir('cf-refs-');
  const writer = openStageStore(fresh);
  const made = grownBlob(writer);
  const bytes = fs.readFileSync(blobFile(fresh, made.oldHash));
  bytes[1000] ^= 0xff;
  fs.writeFileSync(blobFile(fresh, made.oldHash), bytes);
  const reader = openStageStore(fresh, { warn: () => {} });
  expect(reader.loadDataset(made.hash)).toBeUndefined();
  expect(fs.existsSync(blobFile(fresh, made.oldHash))).toBe(false);
  expect(fs.existsSync(blobFile(fresh, made.hash))).toBe(false);

  // Missing: the referring blob is a miss for every reader, and checkDataset says so.
  const third = tempDir('cf-refs-');
  const made3 = grownBlob(openStageStore(third));
  fs.rmSync(blobFile(third, made3.oldHash));
  const reader3 = openStageStore(third, { warn: () => {} });
  expect(reader3.checkDataset(made3.hash)).toBe(false);
  const made4 = grownBlob(openStageStore(third));
  fs.rmSync(blobFile(third, made4.oldHash));
  expect(openStageStore(third, { warn: () => {} }).vectorSource(made4.hash, 'sentenceVectors')).toBeUndefined();
  const made5 = grownBlob(openStageStore(third));
  fs.rmSync(blobFile(third, made5.oldHash));
  expect(() => [...openStageStore(third, { warn: () => {} }).streamDataset(made5.hash, 'sentiment')!.pieces()]).toThrow(/damaged/);
});

test('a spill cannot borrow more than the stored array holds, nor be written among what it borrowed', () => {
  const dir = tempDir('cf-refs-');
  const store = openStageStore(dir);
  const hash = store.saveDataset(vectorsValue({ dim: DIM, ids: Array.from({ length: 3000 }, (_, i) => `s${i}`), data: new Float32Array(3000 * DIM) }));
  const frames = store.vectorSource(hash, 'sentenceVectors')!.storedFrames!;
  expect(() => store.spillFloat32(4000 * DIM)!.borrow(frames, 3001 * DIM)).toThrow(/cannot borrow/);
  const spill = store.spillFloat32(4000 * DIM)!;
  spill.borrow(frames, 3000 * DIM);
  spill.write(new Float32Array(1001 * DIM), 2999 * DIM);
  expect(() => spill.finish()).toThrow(/among the 3000000 borrowed/);
});

test('a record spill borrows the whole pieces of a stored array as references and the rest of a piece as records: the same array for every reader', () => {
  const dir = tempDir('cf-refs-');
  const store = openStageStore(dir);
  const record = (i: number) => ({ id: `r${i}`, articleId: `a${Math.floor(i / 7)}`, n: i, text: 'x'.repeat(i % 50) });
  const oldHash = store.saveDataset(Array.from({ length: 2500 }, (_, i) => record(i)));
  const pieces = store.storedPieces(oldHash)!;
  expect(pieces.map((p) => [p.blob, p.items])).toEqual([
    [oldHash, 1000],
    [oldHash, 1000],
    [oldHash, 500],
  ]);
  const expected = Array.from({ length: 2700 }, (_, i) => record(i));
  const spill = store.spillRecords<ReturnType<typeof record>>()!;
  spill.borrow(pieces, 2300);
  for (const r of expected.slice(2300)) spill.push(r);
  const hash = store.saveDataset(spill.finish());
  // Two pieces referred to (one reference), the 300 records taken from the third and the 400 new written.
  const whole = store.saveDataset(expected);
  expect(fs.statSync(blobFile(dir, hash)).size).toBeLessThan(fs.statSync(blobFile(dir, whole)).size * 0.4);
  for (const reader of [store, openStageStore(dir)]) {
    expect(reader.loadDataset(hash)).toEqual(expected);
    expect([...reader.streamDataset(hash)!.pieces()].map((p) => p.length)).toEqual([1000, 1000, 700]);
    expect(reader.streamDataset(hash)!.length).toBe(2700);
    // Its pieces lie in the old blob and its own: a spill borrowing from it refers to the old blob.
    expect(reader.storedPieces(hash)!.map((p) => [p.blob, p.items])).toEqual([
      [oldHash, 1000],
      [oldHash, 1000],
      [hash, 700],
    ]);
  }
  // A small array (one leaf) has no pieces to borrow; a spill refuses to borrow after a push or beyond the array.
  expect(store.storedPieces(store.saveDataset([1, 2, 3]))).toBeUndefined();
  const pushed = store.spillRecords<ReturnType<typeof record>>()!;
  pushed.push(record(0));
  expect(() => pushed.borrow(pieces, 10)).toThrow(/pushed or borrowed before/);
  expect(() => store.spillRecords()!.borrow(pieces, 2501)).toThrow(/holds 2500/);
});

test('a value whose borrowed pieces lie in more than MAX_REFERRED_BLOBS blobs is written out whole: reads open few files, old blobs can go', () => {
  const dir = tempDir('cf-refs-');
  const store = openStageStore(dir);
  const record = (i: number) => ({ id: `r${i}`, n: i });
  // Night after night, each grown by one piece: night g refers to the g blobs before it.
  // (Two pieces to start with: an array of one piece is stored as one leaf, with no pieces to borrow.)
  let hash = store.saveDataset(Array.from({ length: 2000 }, (_, i) => record(i)));
  const referred: number[] = [];
  for (let night = 1; night <= MAX_REFERRED_BLOBS + 2; night++) {
    const spill = store.spillRecords<ReturnType<typeof record>>()!;
    spill.borrow(store.storedPieces(hash)!, (night + 1) * 1000);
    for (let i = (night + 1) * 1000; i < (night + 2) * 1000; i++) spill.push(record(i));
    hash = store.saveDataset(spill.finish());
    referred.push(new Set(store.storedPieces(hash)!.map((p) => p.blob).filter((b) => b !== hash)).size);
    expect(openStageStore(dir).loadDataset(hash)).toEqual(Array.from({ length: (night + 2) * 1000 }, (_, i) => record(i)));
  }
  // 1, 2, ... 16 blobs referred to; the night that would refer to 17 is written whole; the next refers to it alone.
  expect(referred).toEqual([...Array.from({ length: MAX_REFERRED_BLOBS }, (_, i) => i + 1), 0, 1]);
});
