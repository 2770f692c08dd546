/** The SQLite model cache on its own: round trips, isolation, damaged files and crashes. */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { openModelCache, MODEL_CACHE_FILE } from '../../src/store/modelCache.js';
import { REPO_ROOT, removeTempDirs, tempDir } from '../models/compactModels.js';

afterAll(removeTempDirs);

const blob = (...values: number[]) => Buffer.from(Float32Array.from(values).buffer);

test('stores, overwrites and returns blobs per namespace; unknown keys are absent', () => {
  const dir = tempDir('mc');
  const cache = openModelCache(dir);
  cache.putMany('embedding|a', [
    ['k1', blob(1, 2)],
    ['k2', blob(3)],
  ]);
  cache.putMany('embedding|b', [['k1', blob(9)]]);
  cache.putMany('embedding|a', [['k2', blob(4)]]);
  const got = cache.getMany('embedding|a', ['k1', 'k2', 'k3']);
  expect([...got.keys()].sort()).toEqual(['k1', 'k2']);
  expect(got.get('k1')).toEqual(blob(1, 2));
  expect(got.get('k2')).toEqual(blob(4));
  expect(cache.getMany('embedding|b', ['k1']).get('k1')).toEqual(blob(9));
  expect(cache.namespaces().map((n) => [n.namespace, n.entries])).toEqual([
    ['embedding|a', 2],
    ['embedding|b', 1],
  ]);
  expect(cache.deleteNamespace('embedding|b')).toBe(1);
  expect(cache.stats).toMatchObject({ keysRequested: 4, hits: 3, writes: 4, recovered: 0 });
  cache.close();
  cache.close(); // idempotent

  const reopened = openModelCache(dir);
  expect(reopened.getMany('embedding|a', ['k1']).get('k1')).toEqual(blob(1, 2));
  expect(reopened.getMany('embedding|b', ['k1']).size).toBe(0);
  reopened.close();
});

test('pruneNamespaces deletes a namespace a newer one of its family replaced, once unused for the given days; a lone one stays', () => {
  const dir = tempDir('mc-prune');
  const day = 24 * 60 * 60 * 1000;
  const t0 = Date.UTC(2026, 0, 1);
  let today = 0;
  const clock = { now: () => new Date(t0 + today * day) };
  const entries = (cache: ReturnType<typeof openModelCache>) => cache.namespaces().map((n) => n.namespace);
  // A store from before the record of use: an old claims memo and its replacement, a lone memo, a model's outputs.
  const first = openModelCache(dir, clock);
  for (const ns of ['item|claims|14|x', 'item|claims|15|x', 'item|terms|1|0.1.0', 'embedding|compact|a']) first.putMany(ns, [['k', blob(1)]]);
  // Nothing is known of their use before: every clock starts at this first pruning run.
  expect(first.pruneNamespaces(30)).toEqual({ namespaces: 0, entries: 0 });
  first.close();

  // Day 10: a run uses the new claims memo and another embedding model's outputs (a process that closes: its use is recorded).
  today = 10;
  const night = openModelCache(dir, clock);
  night.getMany('item|claims|15|x', ['k']);
  night.putMany('embedding|hub|b', [['k', blob(2)]]);
  night.close();
  // Day 35: the replaced ones (the old claims memo, the compact model's outputs) have gone unused for 35 days
  // while their family was used since (day 10): deleted. The lone terms memo and the new ones stay.
  today = 35;
  const later = openModelCache(dir, clock);
  expect(later.pruneNamespaces(30)).toEqual({ namespaces: 2, entries: 2 });
  expect(entries(later)).toEqual(['embedding|hub|b', 'item|claims|15|x', 'item|terms|1|0.1.0']);
  // A namespace alone in its family is kept however old (the terms memo, unused since day 0); once a newer one
  // is used, it goes at the next pruning run. A replaced one used less than the given days ago stays until then.
  today = 39;
  later.putMany('item|terms|2|0.1.0', [['k', blob(3)]]);
  later.putMany('item|claims|16|x', [['k', blob(4)]]);
  expect(later.pruneNamespaces(30)).toEqual({ namespaces: 1, entries: 1 });
  expect(entries(later)).toEqual(['embedding|hub|b', 'item|claims|15|x', 'item|claims|16|x', 'item|terms|2|0.1.0']);
  today = 41;
  expect(later.pruneNamespaces(30)).toEqual({ namespaces: 1, entries: 1 });
  expect(entries(later)).toEqual(['embedding|hub|b', 'item|claims|16|x', 'item|terms|2|0.1.0']);
  // Years later, nothing new used: every namespace is the newest of its family and stays.
  today = 1000;
  expect(later.pruneNamespaces(30)).toEqual({ namespaces: 0, entries: 0 });
  later.close();
  // The records of use are kept only for namespaces with entries.
  const db = new Database(path.join(dir, MODEL_CACHE_FILE), { readonly: true });
  expect((db.prepare('SELECT namespace FROM namespace_use ORDER BY namespace').pluck().all() as string[])).toEqual(['embedding|hub|b', 'item|claims|16|x', 'item|terms|2|0.1.0']);
  db.close();
});

test('reads more keys than one query takes', () => {
  const cache = openModelCache(':memory:');
  const keys = Array.from({ length: 12_000 }, (_, i) => `key-${i}`);
  cache.putMany('ns', keys.map((k, i) => [k, blob(i)] as const));
  const got = cache.getMany('ns', [...keys, 'missing']);
  expect(got.size).toBe(keys.length);
  expect(got.get('key-11999')).toEqual(blob(11999));
  cache.close();
});

test('a damaged database file is moved aside with a warning and a fresh cache works', () => {
  const dir = tempDir('mc');
  fs.writeFileSync(path.join(dir, MODEL_CACHE_FILE), Buffer.from('this is not a sqlite database, just bytes '.repeat(200)));
  const warnings: string[] = [];
  const cache = openModelCache(dir, { warn: (m) => warnings.push(m) });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/damaged.*moved it to .*models\.sqlite\.corrupt-.*recomputed/);
  expect(cache.stats.recovered).toBe(1);
  cache.putMany('ns', [['k', blob(1)]]);
  expect(cache.getMany('ns', ['k']).get('k')).toEqual(blob(1));
  cache.close();
  expect(fs.readdirSync(dir).some((f) => f.startsWith(`${MODEL_CACHE_FILE}.corrupt-`))).toBe(true);
});

test('a database with damaged pages is recovered on first use', () => {
  const dir = tempDir('mc');
  const cache = openModelCache(dir);
  cache.putMany('ns', Array.from({ length: 2000 }, (_, i) => [`key-${i}`, blob(i, i, i, i)] as const));
  cache.close();
  // Overwrite everything after the first page (the header stays valid) with noise.
  const file = path.join(dir, MODEL_CACHE_FILE);
  const bytes = fs.readFileSync(file);
  for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
  fs.writeFileSync(file, bytes);

  const warnings: string[] = [];
  const reopened = openModelCache(dir, { warn: (m) => warnings.push(m) });
  const got = reopened.getMany('ns', ['key-1', 'key-1999']);
  expect(got.size).toBe(0);
  expect(warnings.join('\n')).toMatch(/damaged/);
  reopened.putMany('ns', [['key-1', blob(1)]]);
  expect(reopened.getMany('ns', ['key-1']).size).toBe(1);
  reopened.close();
});

/** Rewrites a cache's entries (checksums included) in the layout version 2 wrote: a WITHOUT ROWID table. */
function toVersion2(db: Database.Database): void {
  db.exec('CREATE TABLE v2 (namespace TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (namespace, key)) WITHOUT ROWID');
  db.exec('INSERT INTO v2 SELECT namespace, key, value FROM entries; DROP TABLE entries; ALTER TABLE v2 RENAME TO entries');
  db.pragma('user_version = 2');
}

test('a version 2 file (a WITHOUT ROWID table) is converted on open, keeping every entry and its checksum; once', () => {
  const dir = tempDir('mc');
  const file = path.join(dir, MODEL_CACHE_FILE);
  const seed = openModelCache(dir);
  const entries = Array.from({ length: 300 }, (_, k) => [`k${k}`, blob(k, k / 2)] as const);
  seed.putMany('nli|m', entries);
  seed.putMany('item|memo', [['big', Buffer.alloc(20_000, 7)]]);
  seed.close();
  const old = new Database(file);
  toVersion2(old);
  old.close();

  const notes: string[] = [];
  const warnings: string[] = [];
  const cache = openModelCache(dir, { info: (m) => notes.push(m), warn: (m) => warnings.push(m) });
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(/converted the model cache to format 3 .*301 entries kept/);
  expect(warnings).toEqual([]);
  const got = cache.getMany('nli|m', entries.map(([k]) => k));
  expect(got.size).toBe(300);
  for (const [k, v] of entries) expect(got.get(k)).toEqual(v);
  expect(cache.getMany('item|memo', ['big']).get('big')).toEqual(Buffer.alloc(20_000, 7));
  expect(cache.stats.damaged).toBe(0);
  cache.putMany('nli|m', [['k0', blob(-1)]]);
  expect(cache.getMany('nli|m', ['k0']).get('k0')).toEqual(blob(-1));
  cache.close();

  const check = new Database(file, { readonly: true });
  expect(check.pragma('user_version', { simple: true })).toBe(3);
  const sql = (check.prepare("SELECT sql FROM sqlite_master WHERE name = 'entries'").get() as { sql: string }).sql;
  expect(sql).not.toMatch(/WITHOUT ROWID/);
  expect(check.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name LIKE 'entries_v%'").get()).toEqual({ n: 0 });
  check.close();
  // Opened again: nothing to convert.
  const again = openModelCache(dir, { info: (m) => notes.push(m) });
  expect(notes).toHaveLength(1);
  expect(again.getMany('nli|m', ['k1']).get('k1')).toEqual(blob(1, 0.5));
  again.close();
});

test('a process that opens a version 2 file while another converts it waits, then finds it converted', async () => {
  const dir = tempDir('mc');
  const file = path.join(dir, MODEL_CACHE_FILE);
  const seed = openModelCache(dir);
  seed.putMany('nli|m', [['k1', blob(1)], ['k2', blob(2)]]);
  seed.close();
  const other = new Database(file);
  toVersion2(other);
  // This connection is the other process: it holds the write lock while it converts.
  other.exec('BEGIN IMMEDIATE');
  const script = `
    import { openModelCache } from ${JSON.stringify(path.join(REPO_ROOT, 'src/store/modelCache.ts'))};
    process.stdout.write('opening\\n');
    const notes = [];
    const cache = openModelCache(${JSON.stringify(dir)}, { info: (m) => notes.push(m) });
    const got = cache.getMany('nli|m', ['k1', 'k2']);
    process.stdout.write(JSON.stringify({ notes, keys: [...got.keys()].sort(), damaged: cache.stats.damaged }) + '\\n');
    cache.close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), out.includes('opening') && resolve())));
  // The child has read version 2 and now waits for the lock.
  await new Promise((resolve) => setTimeout(resolve, 500));
  other.exec(`CREATE TABLE entries_v3 (namespace TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (namespace, key))`);
  other.exec('INSERT INTO entries_v3 SELECT namespace, key, value FROM entries; DROP TABLE entries; ALTER TABLE entries_v3 RENAME TO entries');
  other.pragma('user_version = 3');
  other.exec('COMMIT');
  other.close();
  expect(await exited).toBe(0);
  expect(err).toBe('');
  const report = JSON.parse(out.split('\n').filter((l) => l.startsWith('{'))[0]);
  expect(report).toEqual({ notes: [], keys: ['k1', 'k2'], damaged: 0 });
  const check = new Database(file, { readonly: true });
  expect(check.prepare('SELECT COUNT(*) AS n FROM entries').get()).toEqual({ n: 2 });
  check.close();
}, 30_000);

test('an entry whose stored value changed type (a flipped bit in its record header) counts as damaged', () => {
  const dir = tempDir('mc');
  const seed = openModelCache(dir);
  seed.putMany('ns', ['as-text', 'as-number', 'intact'].map((k) => [k, blob(1, 2)] as const));
  seed.close();
  // SQLite reads a cell by the type its record header names, so one flipped bit there turns a BLOB
  // into TEXT or a number; better-sqlite3 then hands back a string or a number.
  const db = new Database(path.join(dir, MODEL_CACHE_FILE));
  db.prepare("UPDATE entries SET value = CAST(value AS TEXT) WHERE key = 'as-text'").run();
  db.prepare("UPDATE entries SET value = 42 WHERE key = 'as-number'").run();
  db.close();

  const warnings: string[] = [];
  let damagedCalls = 0;
  const cache = openModelCache(dir, { warn: (m) => warnings.push(m), onDamaged: () => damagedCalls++ });
  const got = cache.getMany('ns', ['as-text', 'as-number', 'intact']);
  expect([...got.keys()]).toEqual(['intact']);
  expect(got.get('intact')).toEqual(blob(1, 2));
  expect(cache.stats.damaged).toBe(2);
  expect(damagedCalls).toBe(2);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/failed its checksum/);
  cache.close();
});

test('a process killed in the middle of a write leaves the committed entries intact', () => {
  const dir = tempDir('mc');
  const seed = openModelCache(dir);
  seed.putMany('ns', [['committed', blob(1)]]);
  seed.close();
  // A second process opens the same file, commits one entry, then dies (SIGKILL) inside a
  // transaction that has written many more.
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path.join(dir, MODEL_CACHE_FILE))});
    db.pragma('journal_mode = WAL');
    const insert = db.prepare('INSERT OR REPLACE INTO entries (namespace, key, value) VALUES (?, ?, ?)');
    // Stored values carry modelCache.ts's checksum prefix: sha256 of [namespace, key] and the value, 16 bytes.
    const stored = (k, v) => Buffer.concat([require('node:crypto').createHash('sha256').update(JSON.stringify(['ns', k])).update(v).digest().subarray(0, 16), v]);
    insert.run('ns', 'also-committed', stored('also-committed', Buffer.alloc(8)));
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run('ns', 'in-flight-' + i, Buffer.alloc(64));
      process.kill(process.pid, 'SIGKILL');
    })();`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT });
  expect(child.signal).toBe('SIGKILL');

  const cache = openModelCache(dir);
  const got = cache.getMany('ns', ['committed', 'also-committed', 'in-flight-0', 'in-flight-4999']);
  expect([...got.keys()].sort()).toEqual(['also-committed', 'committed']);
  cache.close();
  const db = new Database(path.join(dir, MODEL_CACHE_FILE), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
});

test('a process opens the cache while another holds its write lock, and its write waits for it rather than failing', async () => {
  const dir = tempDir('mc-locked');
  openModelCache(dir).close();
  // Another process's write under way (a queue worker saving model outputs): the write lock held for 6 s.
  const holder = spawn(process.execPath, ['-e', `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path.join(dir, MODEL_CACHE_FILE))});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, 6000);
  `], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  const began = Date.now();
  // Opening writes nothing once the file has its format: it does not wait for the lock.
  const cache = openModelCache(dir);
  expect(Date.now() - began).toBeLessThan(3000);
  // A write waits until the other process commits (6 s, past better-sqlite3's default 5 s), then succeeds.
  cache.putMany('embedding|a', [['k', blob(1)]]);
  expect(Date.now() - began).toBeGreaterThan(4000);
  expect(cache.getMany('embedding|a', ['k']).get('k')).toEqual(blob(1));
  cache.close();
  await new Promise((resolve) => holder.once('exit', resolve));
}, 30_000);
