/**
 * A float32 array filled in a file (enrich's sentence vectors in a session) is stored as the same
 * blob as the array in memory, leaves no file behind, and comes back into memory when the store
 * cannot be written; likewise an array of records put in a file as it is made (segment's sentences).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { encodeBlob } from '../../src/store/blobCodec.js';
import { openFloat32Spill, openRecordSpill, SpilledFloat32Array, SpilledRecordArray } from '../../src/store/spilledArray.js';
import { openCatalog } from '../../pipeline/catalog.js';
import { tempDir } from '../tempDir.js';

const blobBytes = (value: unknown): Buffer => {
  const parts: Buffer[] = [];
  encodeBlob(value, (b) => parts.push(Buffer.from(b)));
  return Buffer.concat(parts);
};

/** `values` written to a spill in `dir` in chunks of `chunk` elements, last chunk first. */
function spilled(dir: string, values: Float32Array, chunk: number): SpilledFloat32Array {
  const spill = openFloat32Spill(dir, values.length)!;
  const starts: number[] = [];
  for (let at = 0; at < values.length; at += chunk) starts.push(at);
  for (const at of starts.reverse()) spill.write(values.subarray(at, at + chunk), at);
  const array = spill.finish();
  if (!(array instanceof SpilledFloat32Array)) throw new Error('the spill fell back to memory');
  return array;
}

/** An enrichment-shaped value: its vectors are `data`, four values per row. */
const dataset = (data: { length: number }) => ({
  sentiment: [{ sentenceId: 'a#0', label: 'neutral', score: 0.5 }],
  sentenceVectors: { dim: 4, ids: Array.from({ length: data.length / 4 }, (_, i) => `a#${i}`), data },
});

/** Byte equality of two float32 arrays (Jest's toEqual walks millions of elements one by one). */
const sameFloats = (a: unknown, b: Float32Array): boolean => a instanceof Float32Array && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

test('a spilled array is encoded byte for byte as the array in memory, small (one leaf) and large (raw pieces)', () => {
  const dir = tempDir('cf-spill-');
  // 100 values: one v8 leaf; 2,600,000 values (10.4 MB): two raw frames of at most 8 MiB.
  for (const length of [100, 2_600_000]) {
    const values = new Float32Array(length).map((_, i) => Math.sin(i) * 1000);
    const array = spilled(dir, values, 777);
    expect(sameFloats(array.toArray(), values)).toBe(true);
    expect(blobBytes(dataset(array)).equals(blobBytes(dataset(values)))).toBe(true);
    array.close();
  }
  // The file is unlinked when it is opened: a run that dies leaves nothing in the store's folder.
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('finish refuses an array with values never written; a closed array cannot be read', () => {
  const dir = tempDir('cf-spill-');
  const spill = openFloat32Spill(dir, 10)!;
  spill.write(new Float32Array(6), 0);
  expect(() => spill.finish()).toThrow(/6 of 10 values written/);
  const array = spilled(dir, new Float32Array([1, 2]), 2);
  array.close();
  expect(() => array.toArray()).toThrow(/closed/);
});

test('a file that cannot grow (a file-size limit) brings the values back into memory, written before and after', () => {
  // A child process under `ulimit -f 64` (64 KiB): 100,000 values (400 KB) written in chunks of 10,000,
  // last chunk first and then the rest, the first chunks past the limit fail and the spill falls back.
  const dir = tempDir('cf-spill-limit-');
  const script = `
    import { openFloat32Spill } from ${JSON.stringify(path.resolve('src/store/spilledArray.ts'))};
    const values = new Float32Array(100000).map((_, i) => Math.sin(i));
    const spill = openFloat32Spill(${JSON.stringify(dir)}, values.length);
    for (const at of [10000, 0, 90000, 20000, 30000, 40000, 50000, 60000, 70000, 80000]) spill.write(values.subarray(at, at + 10000), at);
    const back = spill.finish();
    const same = back instanceof Float32Array && Buffer.from(back.buffer).equals(Buffer.from(values.buffer));
    process.stdout.write(JSON.stringify({ inMemory: back instanceof Float32Array, same }));
  `;
  const run = spawnSync('bash', ['-c', 'ulimit -f 64; exec node --import tsx --input-type=module -e "$0"', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ inMemory: true, same: true });
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('no spill where its folder cannot be made: the caller keeps the array in memory', () => {
  expect(openFloat32Spill(path.join(tempDir('cf-spill-'), 'missing', 'folder'), 4)).toBeUndefined();
});

test('the catalog saves a spilled dataset as the same blob, closes its file, and reads it back from the store', () => {
  const dir = tempDir('cf-spill-catalog-');
  const values = new Float32Array(2_200_000).map((_, i) => Math.cos(i));
  const inMemory = openCatalog(dir).save(dataset(values));
  const catalog = openCatalog(dir);
  const array = spilled(path.join(dir, 'datasets'), values, 100_000);
  const hash = catalog.save(dataset(array));
  expect(hash).toBe(inMemory);
  expect(() => array.toArray()).toThrow(/closed/);
  const back = catalog.load<ReturnType<typeof dataset>>(hash)!;
  expect(sameFloats(back.sentenceVectors.data, values)).toBe(true);
  expect({ ...back, sentenceVectors: { ...back.sentenceVectors, data: null } }).toEqual({ ...dataset(values), sentenceVectors: { ...dataset(values).sentenceVectors, data: null } });
  expect(catalog.vectorSource(hash, 'sentenceVectors')!.rows([0, 1])).toEqual(values.subarray(0, 8));
  expect(fs.readdirSync(path.join(dir, 'datasets')).filter((f) => !f.endsWith('.v8'))).toEqual([]);
});

test('where the store cannot write the blob, the catalog brings the spilled array back into memory', () => {
  const dir = tempDir('cf-spill-unwritable-');
  const warnings: string[] = [];
  const catalog = openCatalog(dir, { warn: (m) => warnings.push(m) });
  const values = new Float32Array(3_000_000).map((_, i) => i % 97);
  const array = spilled(path.join(dir, 'datasets'), values, 250_000);
  // The store's folder replaced by a file: no blob can be written there (even by root); the spill is already open.
  fs.rmSync(path.join(dir, 'datasets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'datasets'), 'not a folder');
  const value = dataset(array);
  const hash = catalog.save(value);
  expect(warnings.join('\n')).toMatch(/cannot write the stage cache/);
  expect(sameFloats(value.sentenceVectors.data, values)).toBe(true);
  expect(catalog.load(hash)).toBe(value);
  expect(catalog.vectorSource(hash, 'sentenceVectors')!.rows([2])).toEqual(values.subarray(8, 12));
  expect(() => array.toArray()).toThrow(/closed/);
});

/** Sentence-like records: strings, numbers (small integers and doubles) and nested arrays. */
const records = (n: number, tag = 'a') =>
  Array.from({ length: n }, (_, i) => ({ id: `${tag}#${i}`, articleId: tag, index: i, score: i / 7, text: `Sentence ${i} `.repeat(1 + (i % 5)), numbers: i % 3 ? [] : [{ value: i * 1.5, unit: 'people' }] }));

function spilledRecords<T>(dir: string, items: T[]): SpilledRecordArray<T> {
  const spill = openRecordSpill<T>(dir)!;
  for (const item of items) spill.push(item);
  const array = spill.finish();
  if (!(array instanceof SpilledRecordArray)) throw new Error('the spill fell back to memory');
  return array;
}

test('spilled records are encoded byte for byte as the array in memory: empty, one leaf, exactly one piece, several pieces', () => {
  const dir = tempDir('cf-spill-records-');
  for (const length of [0, 5, 1000, 1001, 2500]) {
    const items = records(length);
    const array = spilledRecords(dir, items);
    expect(array.length).toBe(length);
    expect(blobBytes(array).equals(blobBytes(items))).toBe(true);
    // Read back a piece at a time, as the blob's pieces: at most 1,000 items each.
    const pieces = [...array.pieces()];
    expect(pieces.every((p) => p.length <= 1000)).toBe(true);
    expect(pieces.flat()).toEqual(items);
    expect(array.toArray()).toEqual(items);
    array.close();
    expect(() => array.toArray()).toThrow(/closed/);
  }
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('the catalog saves spilled records as the same blob, closes the file, and streams them back from the store', () => {
  const dir = tempDir('cf-spill-records-catalog-');
  const items = records(3456);
  const inMemory = openCatalog(dir).save(items);
  const catalog = openCatalog(dir);
  const array = spilledRecords(path.join(dir, 'datasets'), items);
  const hash = catalog.save(array);
  expect(hash).toBe(inMemory);
  expect(() => array.toArray()).toThrow(/closed/);
  const stream = catalog.stream(hash)!;
  expect(stream.length).toBe(3456);
  expect([...stream.pieces()].flat()).toEqual(items);
  expect(openCatalog(dir).load(hash)).toEqual(items);
  expect(fs.readdirSync(path.join(dir, 'datasets')).filter((f) => !f.endsWith('.v8'))).toEqual([]);
});

test('spilled records: a file that cannot grow brings them back into memory, those written before and after', () => {
  // Under `ulimit -f 64` (64 KiB) 5,000 records of ~100 bytes (pieces of ~100 KB) cannot all be written.
  const dir = tempDir('cf-spill-records-limit-');
  const script = `
    import { openRecordSpill } from ${JSON.stringify(path.resolve('src/store/spilledArray.ts'))};
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: 'a#' + i, text: 'word '.repeat(20) + i }));
    const spill = openRecordSpill(${JSON.stringify(dir)});
    for (const item of items) spill.push(item);
    const back = spill.finish();
    process.stdout.write(JSON.stringify({ inMemory: Array.isArray(back), same: JSON.stringify(back) === JSON.stringify(items) }));
  `;
  const run = spawnSync('bash', ['-c', 'ulimit -f 64; exec node --import tsx --input-type=module -e "$0"', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ inMemory: true, same: true });
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('where the store cannot write the blob, the catalog keeps the spilled records as an array in memory', () => {
  const dir = tempDir('cf-spill-records-unwritable-');
  const warnings: string[] = [];
  const catalog = openCatalog(dir, { warn: (m) => warnings.push(m) });
  const items = records(2100);
  const array = spilledRecords(path.join(dir, 'datasets'), items);
  fs.rmSync(path.join(dir, 'datasets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'datasets'), 'not a folder');
  const hash = catalog.save(array);
  expect(warnings.join('\n')).toMatch(/cannot write the stage cache/);
  expect(catalog.load(hash)).toEqual(items);
  expect([...catalog.stream(hash)!.pieces()].flat()).toEqual(items);
  expect(() => array.toArray()).toThrow(/closed/);
});
