import fs from 'node:fs';
import { jest } from '@jest/globals';
import path from 'node:path';
import v8 from 'node:v8';
import { createHash } from 'node:crypto';
import { openStageStore } from '../../src/store/stageStore.js';
import type { DatasetStream } from '../../src/store/datasetStream.js';
import { lazyVectorSource } from '../../src/store/vectorSource.js';
import { tempDir } from '../tempDir.js';

describe('openStageStore', () => {
  it('round-trips datasets, including typed arrays, by content hash', () => {
    const dir = tempDir('cf-store-');
    const store = openStageStore(dir);
    const value = { ids: ['a', 'b'], data: new Float32Array([1, 2, 3]) };
    const hash = store.saveDataset(value);
    expect(store.hashOf({ ids: ['a', 'b'], data: new Float32Array([1, 2, 3]) })).toBe(hash);
    const back = store.loadDataset<typeof value>(hash)!;
    expect(back.ids).toEqual(['a', 'b']);
    expect(Array.from(back.data)).toEqual([1, 2, 3]);
    store.saveResult('k1', { outputs: { sentences: hash }, models: [] });
    expect(store.lookupResult('k1')?.outputs).toEqual({ sentences: hash });
  });

  it('treats a corrupt or missing blob as a miss, never as data', () => {
    const dir = tempDir('cf-store-');
    const store = openStageStore(dir);
    const hash = store.saveDataset({ x: 1 });
    store.saveResult('k', { outputs: { articles: hash }, models: [] });
    fs.writeFileSync(path.join(dir, 'datasets', `${hash}.v8`), 'garbage');
    expect(store.loadDataset(hash)).toBeUndefined();
    // The damaged blob was removed, so the next save writes it afresh.
    expect(fs.existsSync(path.join(dir, 'datasets', `${hash}.v8`))).toBe(false);
    expect(store.lookupResult('k')).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'stages', 'bad.json'), '{"outputs":');
    expect(store.lookupResult('bad')).toBeUndefined();
  });
});

test('reads a blob of the earlier format (one v8 serialisation, named by its sha256)', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir);
  const bytes = v8.serialize({ rows: [1, 2], data: new Float32Array([0.5]) });
  const hash = createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(dir, 'datasets', `${hash}.v8`), bytes);
  const back = store.loadDataset<{ rows: number[]; data: Float32Array }>(hash)!;
  expect(back.rows).toEqual([1, 2]);
  expect(Array.from(back.data)).toEqual([0.5]);
  // A new save of the same value is a blob of the current format, under its own hash.
  expect(store.saveDataset(back)).not.toBe(hash);
});

describe('prune', () => {
  it('deletes results and blobs unused for the given age, keeping the last run and anything recently used', () => {
    const dir = tempDir('cf-store-');
    const store = openStageStore(dir);
    const old = store.saveDataset({ old: true });
    const latest = store.saveDataset({ latest: true });
    const reused = store.saveDataset({ reused: true });
    store.saveResult('old-key', { outputs: { articles: old }, models: [] });
    store.recordLatest({ articles: latest });
    const longAgo = new Date(Date.now() - 90 * 24 * 3600 * 1000);
    for (const f of [`datasets/${old}.v8`, `datasets/${latest}.v8`, `datasets/${reused}.v8`, 'stages/old-key.json']) {
      fs.utimesSync(path.join(dir, f), longAgo, longAgo);
    }
    expect(store.loadDataset(reused)).toEqual({ reused: true });
    expect(store.prune(30)).toBe(2);
    expect(store.loadDataset(old)).toBeUndefined();
    expect(store.lookupResult('old-key')).toBeUndefined();
    expect(store.loadDataset(latest)).toEqual({ latest: true });
    expect(store.loadDataset(reused)).toEqual({ reused: true });
  });
});

test('the last run is kept per output folder, with its folder: another folder\'s store names it, and its datasets stay pruned-safe', () => {
  const dir = tempDir('cf-store-');
  const a = openStageStore(dir, { outputDir: '/srv/reports/a' });
  const hash = a.saveDataset({ articles: true });
  a.recordLatest({ articles: hash });
  // The folder is recorded beside the datasets, never read back as one.
  expect(a.latestDatasets()).toEqual({ articles: hash });
  expect(a.otherOutputs()).toEqual([]);
  const b = openStageStore(dir, { outputDir: '/srv/reports/b' });
  expect(b.latestDatasets()).toEqual({});
  const others = b.otherOutputs();
  expect(others.map((o) => o.outputDir)).toEqual(['/srv/reports/a']);
  expect(Math.abs(others[0].recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
  // A file written before the folder was recorded is still another folder's last run, unnamed.
  fs.writeFileSync(path.join(dir, 'latest-datasets-0123456789abcdef.json'), JSON.stringify({ articles: hash }));
  expect(b.otherOutputs().map((o) => o.outputDir)).toEqual(expect.arrayContaining(['/srv/reports/a', undefined]));
  const longAgo = new Date(Date.now() - 90 * 24 * 3600 * 1000);
  fs.utimesSync(path.join(dir, 'datasets', `${hash}.v8`), longAgo, longAgo);
  expect(b.prune(30)).toBe(0);
  expect(b.loadDataset(hash)).toEqual({ articles: true });
});

test('a partial load gives only the named keys, and a damaged blob is still a miss', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir);
  const value = { sentiment: [{ sentenceId: 'a#0', label: 'neutral', score: 0.5 }], sentenceVectors: { dim: 1, ids: ['a#0'], data: new Float32Array([1]) } };
  const hash = store.saveDataset(value);
  expect(store.loadDataset(hash, ['sentiment'])).toEqual({ sentiment: value.sentiment });
  // The bytes of the keys left out are still checked against the hash.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 2] ^= 0xff;
  fs.writeFileSync(file, bytes);
  expect(store.loadDataset(hash, ['sentiment'])).toBeUndefined();
  // An earlier-format blob (one v8 serialisation) is decoded whole, then picked.
  const old = v8.serialize(value);
  const oldHash = createHash('sha256').update(old).digest('hex');
  fs.writeFileSync(path.join(dir, 'datasets', `${oldHash}.v8`), old);
  expect(store.loadDataset(oldHash, ['sentiment'])).toEqual({ sentiment: value.sentiment });
});

test('an array dataset streams piece by piece, again on each pass; a damaged blob throws at the end of its pass', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir);
  const items = Array.from({ length: 2500 }, (_, i) => ({ id: `s${i}`, n: i }));
  const hash = store.saveDataset(items);
  const stream = store.streamDataset(hash)!;
  expect(stream.length).toBe(2500);
  const pieces = [...stream.pieces()];
  expect(pieces.map((p) => p.length)).toEqual([1000, 1000, 500]);
  expect(pieces.flat()).toEqual(items);
  expect([...stream.pieces()].flat()).toEqual(items);
  // A short array (one leaf) is one piece; an object is not streamed.
  expect([...store.streamDataset(store.saveDataset(items.slice(0, 3)))!.pieces()]).toEqual([items.slice(0, 3)]);
  expect(store.streamDataset(store.saveDataset({ a: 1 }))).toBeUndefined();
  expect(store.streamDataset('0'.repeat(64))).toBeUndefined();
  // One flipped byte in the last piece: the pass throws (after its pieces), naming the file.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 3] ^= 0x01;
  fs.writeFileSync(file, bytes);
  expect(() => [...store.streamDataset(hash)!.pieces()]).toThrow(/damaged|blob/);
  // Saving the same value again replaces the damaged file.
  expect(store.saveDataset(items)).toBe(hash);
  expect([...store.streamDataset(hash)!.pieces()].flat()).toEqual(items);
});

test('an array under one key of an object dataset is streamed piece by piece, the keys around it read past, every byte checked', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir);
  // The enrichment's layout: a vector matrix in raw frames before the array, more keys after it.
  const dim = 300;
  const data = new Float32Array(9000 * dim).map((_, i) => Math.cos(i));
  const sentiment = Array.from({ length: 2500 }, (_, i) => ({ sentenceId: `s${i}`, label: i % 3 ? 'neutral' : 'negative', score: i / 2500 }));
  const value = { sentenceVectors: { dim, ids: sentiment.map((r) => r.sentenceId), data }, sentiment, articleVectors: { dim: 1, ids: ['a'], data: new Float32Array([1]) }, reuse: ['x'] };
  const hash = store.saveDataset(value);
  const stream = store.streamDataset(hash, 'sentiment')!;
  expect(stream.length).toBe(2500);
  expect([...stream.pieces()].map((p) => p.length)).toEqual([1000, 1000, 500]);
  expect([...stream.pieces()].flat()).toEqual(sentiment);
  // A short array (one leaf) is one piece; a key that is not an array, a missing key, an array dataset: no stream.
  expect([...store.streamDataset(hash, 'reuse')!.pieces()]).toEqual([['x']]);
  expect(store.streamDataset(hash, 'articleVectors')).toBeUndefined();
  expect(store.streamDataset(hash, 'nothing')).toBeUndefined();
  expect(store.streamDataset(store.saveDataset(sentiment), 'sentiment')).toBeUndefined();
  // A dotted path names an array inside a nested object: the sentence ids under sentenceVectors.
  expect([...store.streamDataset(hash, 'sentenceVectors.ids')!.pieces()].flat()).toEqual(value.sentenceVectors.ids);
  expect(store.storedPieces(hash, 'sentenceVectors.ids')!.map((p) => p.items)).toEqual([1000, 1000, 500]);
  expect(store.streamDataset(hash, 'sentenceVectors.nothing')).toBeUndefined();
  expect(store.streamDataset(hash, 'sentiment.ids')).toBeUndefined();
  // piecesFrom: the items from any place on, the pieces before it passed over; a leaf of 1,000 items too.
  for (const start of [0, 999, 1000, 1001, 2345, 2499, 2500]) expect([...stream.piecesFrom!(start)].flat()).toEqual(sentiment.slice(start));
  expect([...stream.piecesFrom!(2345)].map((p) => p.length)).toEqual([155]);
  const leaf = store.streamDataset(store.saveDataset(sentiment.slice(0, 1000)))!;
  for (const start of [0, 10, 1000]) expect([...leaf.piecesFrom!(start)].flat()).toEqual(sentiment.slice(start, 1000));
  // A flipped byte in the vectors, which the stream reads past: a fresh store (nothing trusted) throws at the end of the pass.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[2000] ^= 0x01;
  fs.writeFileSync(file, bytes);
  expect(() => [...openStageStore(dir).streamDataset(hash, 'sentiment')!.pieces()]).toThrow(/damaged/);
  // So does the store that wrote it: the file changed since, so it is checked again.
  expect(() => [...store.streamDataset(hash, 'sentiment')!.pieces()]).toThrow(/damaged/);
});

test('a blob this process wrote stays trusted when a stream refreshes its use time: its passes read past the frames they do not decode', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir);
  const data = new Float32Array(9000 * 300).map((_, i) => Math.sin(i));
  const sentiment = Array.from({ length: 2500 }, (_, i) => ({ sentenceId: `s${i}`, label: 'neutral', score: i / 2500 }));
  const hash = store.saveDataset({ sentenceVectors: { dim: 300, ids: sentiment.map((r) => r.sentenceId), data }, sentiment });
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  // Opening the stream sets the file's use time (usedAt: a Date, so whole milliseconds as utimes takes them).
  const stream = store.streamDataset(hash, 'sentiment')!;
  const used = fs.statSync(file, { bigint: true });
  // A byte of the vectors changed in place, the times put back: the file's identity (device, inode,
  // size, mtime) is the one the store noted after refreshing the use time, so the pass does not hash
  // the bytes it reads past. Before, the refreshed time made every stream's first pass hash the whole file.
  const fd = fs.openSync(file, 'r+');
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, 5000);
  byte[0] ^= 0x01;
  fs.writeSync(fd, byte, 0, 1, 5000);
  fs.closeSync(fd);
  // Rounded, not cut, to the millisecond: the use time was a Date, and its conversion to a timespec can
  // land a microsecond below the millisecond (…634999000 ns for …635 ms); the same Date gives the same.
  const asDate = (ns: bigint) => new Date(Math.round(Number(ns) / 1_000_000));
  fs.utimesSync(file, asDate(used.atimeNs), asDate(used.mtimeNs));
  expect(String(fs.statSync(file, { bigint: true }).mtimeNs)).toBe(String(used.mtimeNs));
  expect([...stream.pieces()].flat()).toEqual(sentiment);
  // Another process (a fresh store) trusts nothing: its pass hashes every byte and finds the change.
  expect(() => [...openStageStore(dir).streamDataset(hash, 'sentiment')!.pieces()]).toThrow(/damaged/);
});

test('piecesHolding decodes only the pieces whose span of a piece key can hold a wanted value, once a whole pass has noted the spans', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir, { pieceKeys: ['articleId'] });
  // 40 articles of 100 sentences in article order (as segment stores them): 4 pieces of 1,000, 10 articles each.
  const article = (i: number) => `a${String(i).padStart(2, '0')}`;
  const items = Array.from({ length: 4000 }, (_, i) => ({ id: `${article(Math.floor(i / 100))}#${i % 100}`, articleId: article(Math.floor(i / 100)) }));
  const hash = store.saveDataset(items);
  const wanted = new Set([article(3), article(25), 'zz']);
  const of = (pieces: Iterable<readonly { articleId: string }[]>, among = wanted) => [...pieces].flat().filter((s) => among.has(s.articleId));
  const expected = items.filter((s) => wanted.has(s.articleId));
  expect(expected).toHaveLength(200);
  // No pass yet: every piece is read (and its spans noted).
  const stream = store.streamDataset(hash) as DatasetStream<{ id: string; articleId: string }>;
  expect([...stream.piecesHolding!('articleId', wanted)]).toHaveLength(4);
  // Now only the pieces spanning a03 and a25; 'zz' lies past the last piece's span. The same sentences either way.
  expect([...stream.piecesHolding!('articleId', wanted)].map((p) => p[0].articleId)).toEqual([article(0), article(20)]);
  expect(of(stream.piecesHolding!('articleId', wanted))).toEqual(expected);
  expect(of(stream.piecesHolding!('articleId', new Set([article(9)])), new Set([article(9)]))).toEqual(items.filter((s) => s.articleId === article(9)));
  expect([...stream.piecesHolding!('articleId', new Set())]).toHaveLength(0);
  // A fresh stream of the same blob in the same store knows the spans; another store does not.
  expect([...store.streamDataset(hash)!.piecesHolding!('articleId', wanted)]).toHaveLength(2);
  expect([...openStageStore(dir, { pieceKeys: ['articleId'] }).streamDataset(hash)!.piecesHolding!('articleId', wanted)]).toHaveLength(4);
  // A pass stopped before its end notes nothing.
  const other = openStageStore(dir, { pieceKeys: ['articleId'] });
  for (const piece of other.streamDataset(hash)!.pieces()) if (piece) break;
  expect([...other.streamDataset(hash)!.piecesHolding!('articleId', wanted)]).toHaveLength(4);
  // Whole passes over more arrays than the store keeps spans of, whose items have no articleId (sentiment
  // rows, tones): they note nothing, so the sentences' spans stay known.
  for (let k = 0; k < 40; k++) [...store.streamDataset(store.saveDataset(Array.from({ length: 1500 }, (_, i) => ({ sentenceId: `s${k}-${i}`, score: i }))))!.pieces()];
  expect([...store.streamDataset(hash)!.piecesHolding!('articleId', wanted)]).toHaveLength(2);
  // A piece with an item without a string value there is always read.
  const mixed = store.saveDataset([...items.slice(0, 1000), ...items.slice(1000, 2000).map((s, i) => (i === 500 ? { id: s.id } : s))]);
  const mixedStream = store.streamDataset(mixed)!;
  [...mixedStream.pieces()];
  expect([...mixedStream.piecesHolding!('articleId', new Set([article(3)]))]).toHaveLength(2);
  // A flipped byte in a piece that is passed over: a store that did not write the file reads it for the hash and throws.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 3] ^= 0x01;
  fs.writeFileSync(file, bytes);
  const checking = openStageStore(dir, { pieceKeys: ['articleId'] });
  expect(() => [...checking.streamDataset(hash)!.piecesHolding!('articleId', wanted)]).toThrow(/damaged/);
  expect(() => [...store.streamDataset(hash)!.piecesHolding!('articleId', new Set([article(3)]))]).toThrow(/damaged/);
});

test('a stored vector table is read row by row: the rows of the whole table, across raw frames, and a damaged blob is a miss', () => {
  const dir = tempDir('cf-store-');
  const store = openStageStore(dir);
  // 3,000 rows of 1,000 floats: 12 MB, two raw frames of 8 MB, so row 2,097 straddles their boundary.
  const dim = 1000;
  const n = 3000;
  const data = new Float32Array(n * dim).map((_, i) => Math.sin(i) * 0.5);
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const small = { dim: 2, ids: ['a', 'b'], data: new Float32Array([1, 0, 0, 1]) };
  const hash = store.saveDataset({ sentiment: [], sentenceVectors: { dim, ids, data }, articleVectors: small });
  const source = store.vectorSource(hash, 'sentenceVectors')!;
  expect(source.dim).toBe(dim);
  expect(source.count).toBe(n);
  ids.forEach((id, row) => expect(source.rowOf(id)).toBe(row));
  expect(source.rowOf('s3000')).toBeUndefined();
  const rowsOf = (rows: number[]) => {
    const out = new Float32Array(rows.length * dim);
    rows.forEach((r, k) => out.set(data.subarray(r * dim, (r + 1) * dim), k * dim));
    return out;
  };
  const boundary = Math.floor((8 * 1024 * 1024) / (dim * 4));
  for (const rows of [[0], [n - 1], [boundary - 1, boundary, boundary + 1], [5, 4, 3], [10, 11, 12, 2999, 1, 2]]) expect(source.rows(rows)).toEqual(rowsOf(rows));
  expect(source.rows([])).toEqual(new Float32Array(0));
  expect(() => source.rows([n])).toThrow(/row 3000 is outside the table's 3000 rows/);
  // A table small enough to be one leaf is decoded whole, and read alike.
  expect(store.vectorSource(hash, 'articleVectors')!.rows([1, 0])).toEqual(new Float32Array([0, 1, 1, 0]));
  expect(store.vectorSource(hash, 'sentiment')).toBeUndefined();
  expect(store.vectorSource(hash, 'absent')).toBeUndefined();
  // One flipped byte anywhere: the first pass finds it, and the blob is gone as after a load.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 100] ^= 0xff;
  fs.writeFileSync(file, bytes);
  expect(store.vectorSource(hash, 'sentenceVectors')).toBeUndefined();
  expect(fs.existsSync(file)).toBe(false);
});

test('a blob this store wrote or checked is read again without a hashing pass; one changed on disk since, even at once, is checked in full', () => {
  // 3,000 rows of 1,000 floats: 12 MB in raw frames, and the ids and dim in a small frame before them.
  const dim = 1000;
  const n = 3000;
  const data = new Float32Array(n * dim).map((_, i) => Math.cos(i));
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const value = { sentiment: [], sentenceVectors: { dim, ids, data } };
  const bytesRead = (open: () => unknown) => {
    const spy = jest.spyOn(fs, 'readSync');
    try {
      open();
      return spy.mock.results.reduce((sum, r) => sum + (r.value as number), 0);
    } finally {
      spy.mockRestore();
    }
  };
  const dir = tempDir('cf-store-');
  const writer = openStageStore(dir);
  const hash = writer.saveDataset(value);
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const size = fs.statSync(file).size;
  // The writer hashed the bytes as it wrote them: opening the table reads its ids, not its floats.
  let source: ReturnType<typeof writer.vectorSource>;
  expect(bytesRead(() => (source = writer.vectorSource(hash, 'sentenceVectors')))).toBeLessThan(size / 10);
  expect(source!.rows([2999, 0])).toEqual(new Float32Array([...data.subarray(2999 * dim), ...data.subarray(0, dim)]));
  // Another process (another store) checks every byte once, then trusts its own check.
  const reader = openStageStore(dir);
  expect(bytesRead(() => reader.vectorSource(hash, 'sentenceVectors'))).toBeGreaterThanOrEqual(size);
  expect(bytesRead(() => reader.vectorSource(hash, 'sentenceVectors'))).toBeLessThan(size / 10);
  expect(bytesRead(() => reader.loadDataset(hash, ['sentiment']))).toBeLessThan(size / 10);
  const whole = reader.loadDataset<typeof value>(hash)!;
  expect(whole.sentenceVectors.ids).toEqual(ids);
  expect(Buffer.from(whole.sentenceVectors.data.buffer).equals(Buffer.from(data.buffer))).toBe(true);
  // A byte of the floats changed at once after that read (same size, same inode): found, blob removed.
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from([0x7f]), 0, 1, size - 100);
  fs.closeSync(fd);
  expect(reader.vectorSource(hash, 'sentenceVectors')).toBeUndefined();
  expect(fs.existsSync(file)).toBe(false);
});

test('a lazy vector source opens the stored table on first use, once, and an error opening it is raised there', () => {
  const store = openStageStore(tempDir('cf-store-'));
  const table = { dim: 2, ids: Array.from({ length: 600 }, (_, i) => `s${i}`), data: new Float32Array(1200).map((_, i) => i) };
  const hash = store.saveDataset({ sentenceVectors: table });
  let opens = 0;
  const source = lazyVectorSource(() => (opens++, store.vectorSource(hash, 'sentenceVectors')!));
  expect(opens).toBe(0);
  expect(source.rows([599, 0])).toEqual(new Float32Array([1198, 1199, 0, 1]));
  expect(source.dim).toBe(2);
  expect(source.count).toBe(600);
  expect(source.rowOf('s599')).toBe(599);
  expect(opens).toBe(1);
  const missing = lazyVectorSource(() => {
    throw new Error('claims: the input "enrichment" is missing');
  });
  expect(() => missing.count).toThrow(/missing/);
});

test('checkDataset: an intact blob is found without decoding it; a damaged one is removed and reported, in this process and another', () => {
  const dir = tempDir('cf-store-check-');
  const warnings: string[] = [];
  const store = openStageStore(dir, { warn: (m) => warnings.push(m) });
  const value = { rows: Array.from({ length: 3000 }, (_, i) => ({ id: `a#${i}`, text: 'word '.repeat(i % 40) })) };
  const hash = store.saveDataset(value);
  expect(store.checkDataset(hash)).toBe(true);
  expect(openStageStore(dir).checkDataset(hash)).toBe(true);
  expect(store.checkDataset('0'.repeat(64))).toBe(false);
  // A byte flipped after the write: the writer's trust ends with the file's identity, a fresh store hashes it.
  const file = path.join(dir, 'datasets', `${hash}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length >> 1] ^= 0xff;
  fs.writeFileSync(file, bytes);
  expect(store.checkDataset(hash)).toBe(false);
  expect(fs.existsSync(file)).toBe(false);
  expect(warnings.join('\n')).toMatch(/failed its checksum/);
});
