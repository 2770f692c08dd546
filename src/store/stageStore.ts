/**
 * Content-addressed store of stage results. A dataset is saved as a v8-serialised blob named by
 * its sha256; a stage result maps its cache key (inputs + config + code version) to the hashes of
 * the datasets it produced. Blobs are written to a temp file and renamed, so a crash leaves either
 * the whole blob or none; a blob that fails to decode is treated as a miss and recomputed.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from './atomicFile.js';
import { writingTo } from './outputError.js';

export interface StageStore {
  /** Hash of a dataset value (sha256 of its serialisation). */
  hashOf(value: unknown): string;
  saveDataset(value: unknown): string;
  loadDataset<T>(hash: string): T | undefined;
  /** What a stage run with this key produced, if stored and every blob is present. */
  lookupResult(key: string): StoredResult | undefined;
  saveResult(key: string, result: StoredResult): void;
  /** The dataset hashes of the last completed run, for `--stages` runs that start mid-pipeline. */
  latestDatasets(): Record<string, string>;
  recordLatest(datasets: Record<string, string>): void;
  /**
   * Deletes stage results and dataset blobs no run has used for `maxAgeDays`, except the datasets
   * of the last run. Returns how many files were removed.
   */
  prune(maxAgeDays: number, now?: Date): number;
}

export interface StoredResult {
  /** Dataset name -> blob hash. */
  outputs: Record<string, string>;
  /** The models the stage used, replayed into the manifest when the result is reused. */
  models: { role: string; id: string; source: string; file: string; sha256: string }[];
  /** The stage's counters and warnings, replayed into the manifest when the result is reused. */
  counters?: Record<string, number>;
  warnings?: { message: string; fields?: Record<string, unknown> }[];
}

export interface StageStoreOptions {
  /**
   * The output folder this run publishes to. The "last run" datasets that `--stages` runs start
   * from are kept per output folder, so with one shared cache `--stages report --output A` never
   * publishes the articles of a run on `--output B`.
   */
  outputDir?: string;
  /** Warnings: a damaged blob or result found, a cache that cannot be written. Default: stderr. */
  warn?: (message: string) => void;
  /** Told about each damaged blob or result file found (for the run manifest's counters). */
  onDamaged?: () => void;
}

const LATEST_PREFIX = 'latest-datasets';

export function openStageStore(cacheDir: string, options: StageStoreOptions = {}): StageStore {
  const blobs = path.join(cacheDir, 'datasets');
  const results = path.join(cacheDir, 'stages');
  writingTo(cacheDir, 'models.cacheDir', () => {
    fs.mkdirSync(blobs, { recursive: true });
    fs.mkdirSync(results, { recursive: true });
  });
  const outputId = options.outputDir ? createHash('sha256').update(path.resolve(options.outputDir)).digest('hex').slice(0, 16) : '';
  const latestFile = path.join(cacheDir, outputId ? `${LATEST_PREFIX}-${outputId}.json` : `${LATEST_PREFIX}.json`);
  const blobPath = (hash: string) => path.join(blobs, `${hash}.v8`);
  const readJson = <T>(file: string): T | undefined => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  };
  const warn = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  let damaged = 0;
  const damagedFile = (file: string) => {
    if (damaged++ === 0) warn(`${file}: a cached stage result failed its checksum (damaged on disk); damaged entries are recomputed and counted in manifest.json (cache.damagedEntries).`);
    options.onDamaged?.();
  };
  let writeFailed = false;
  /** A cache that cannot be written (full disk, read-only) costs time, not the run: the data is in memory. */
  const tryWrite = (file: string, write: () => void): boolean => {
    try {
      write();
      return true;
    } catch (err) {
      if (!writeFailed) warn(`${file}: cannot write the stage cache (${(err as Error).message}); continuing without caching stage results. Fix: free disk space or make models.cacheDir writable.`);
      writeFailed = true;
      return false;
    }
  };
  const serialized = new WeakMap<object, Buffer>();
  const serialize = (value: unknown): Buffer => {
    if (typeof value === 'object' && value !== null) {
      const hit = serialized.get(value);
      if (hit) return hit;
      const buf = v8.serialize(value);
      serialized.set(value, buf);
      return buf;
    }
    return v8.serialize(value);
  };

  // Every use refreshes a file's mtime, so pruning by age keeps whatever recent runs still reuse.
  const touch = (file: string) => {
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      // A read-only cache still works; it is only pruned less precisely.
    }
  };
  const removeOlderThan = (dir: string, cutoff: number, keep: Set<string>): number => {
    let removed = 0;
    for (const name of fs.readdirSync(dir)) {
      if (keep.has(name)) continue;
      const file = path.join(dir, name);
      try {
        if (fs.statSync(file).mtimeMs < cutoff) {
          fs.rmSync(file, { force: true });
          removed++;
        }
      } catch {
        // Gone already (another process pruned it): nothing to do.
      }
    }
    return removed;
  };

  return {
    hashOf: (value) => createHash('sha256').update(serialize(value)).digest('hex'),
    saveDataset(value) {
      const buf = serialize(value);
      const hash = createHash('sha256').update(buf).digest('hex');
      // Not stored (write failed): the next run recomputes; this run keeps the value in memory.
      if (!fs.existsSync(blobPath(hash))) tryWrite(blobPath(hash), () => writeFileAtomic(blobPath(hash), buf, 'models.cacheDir'));
      else touch(blobPath(hash));
      return hash;
    },
    loadDataset<T>(hash: string) {
      try {
        const buf = fs.readFileSync(blobPath(hash));
        // The blob's name is the sha256 of its bytes: that is its checksum.
        if (createHash('sha256').update(buf).digest('hex') !== hash) {
          damagedFile(blobPath(hash));
          fs.rmSync(blobPath(hash), { force: true });
          return undefined;
        }
        touch(blobPath(hash));
        return v8.deserialize(buf) as T;
      } catch {
        return undefined;
      }
    },
    lookupResult(key) {
      const file = path.join(results, `${key}.json`);
      const stored = readJson<{ sha256?: string; result?: string }>(file);
      if (!stored) return undefined;
      // The result is stored as text with its checksum beside it.
      if (typeof stored.result !== 'string' || createHash('sha256').update(stored.result).digest('hex') !== stored.sha256) {
        damagedFile(file);
        return undefined;
      }
      let result: StoredResult | undefined;
      try {
        result = JSON.parse(stored.result) as StoredResult;
      } catch {
        return undefined;
      }
      if (!result?.outputs || !Array.isArray(result.models)) return undefined;
      if (!Object.values(result.outputs).every((h) => fs.existsSync(blobPath(h)))) return undefined;
      touch(file);
      return result;
    },
    saveResult(key, result) {
      const file = path.join(results, `${key}.json`);
      const text = JSON.stringify(result);
      tryWrite(file, () => writeFileAtomic(file, JSON.stringify({ sha256: createHash('sha256').update(text).digest('hex'), result: text }), 'models.cacheDir'));
    },
    latestDatasets: () => readJson<Record<string, string>>(latestFile) ?? {},
    recordLatest(datasets) {
      tryWrite(latestFile, () => writeFileAtomic(latestFile, JSON.stringify(datasets, null, 1), 'models.cacheDir'));
    },
    prune(maxAgeDays, now = new Date()) {
      const cutoff = now.getTime() - maxAgeDays * 24 * 3600 * 1000;
      // The last run of every output folder sharing this cache keeps its datasets.
      const keepBlobs = new Set<string>();
      for (const name of fs.readdirSync(cacheDir)) {
        if (!name.startsWith(LATEST_PREFIX) || !name.endsWith('.json')) continue;
        const latest = readJson<Record<string, string>>(path.join(cacheDir, name)) ?? {};
        for (const h of Object.values(latest)) if (typeof h === 'string') keepBlobs.add(`${h}.v8`);
      }
      return removeOlderThan(results, cutoff, new Set()) + removeOlderThan(blobs, cutoff, keepBlobs);
    },
  };
}
