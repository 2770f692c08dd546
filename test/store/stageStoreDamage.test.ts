/**
 * The stage store's checksums and its behaviour on a cache that cannot be written: damaged result
 * files are misses (counted, warned once), a failed write is a warning and the run goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStageStore } from '../../src/store/stageStore.js';
import { tempDir } from '../tempDir.js';

const damageDir = () => tempDir('cf-store-damage-');

test('a stage result whose bytes changed is a miss, counted and warned about once', () => {
  const dir = damageDir();
  const warnings: string[] = [];
  let damaged = 0;
  const store = openStageStore(dir, { warn: (m) => warnings.push(m), onDamaged: () => damaged++ });
  const hash = store.saveDataset({ rows: [1, 2, 3] });
  store.saveResult('k1', { outputs: { articles: hash }, models: [] });
  store.saveResult('k2', { outputs: { articles: hash }, models: [] });
  for (const k of ['k1', 'k2']) {
    const file = path.join(dir, 'stages', `${k}.json`);
    // Another blob hash of the same length: still valid JSON, only the checksum can tell.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(hash, 'f'.repeat(64)));
    expect(store.lookupResult(k)).toBeUndefined();
  }
  expect(damaged).toBe(2);
  expect(warnings).toEqual([expect.stringMatching(/k1\.json: a cached stage result failed its checksum/)]);
});

test('a cache that cannot be written degrades with one warning; values stay usable in memory', () => {
  const dir = damageDir();
  const warnings: string[] = [];
  const store = openStageStore(dir, { warn: (m) => warnings.push(m) });
  // The folders exist but are files now: every write fails (as on a full or read-only disk).
  for (const sub of ['datasets', 'stages']) {
    fs.rmSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, sub), 'not a folder');
  }
  const hash = store.saveDataset({ rows: [1] });
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  store.saveResult('k', { outputs: { articles: hash }, models: [] });
  store.recordLatest({ articles: hash });
  expect(store.lookupResult('k')).toBeUndefined();
  expect(warnings).toEqual([expect.stringMatching(/cannot write the stage cache .*Fix: free disk space/)]);
});
