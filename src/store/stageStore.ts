/**
 * Content-addressed store of stage results. A dataset is saved as a blob named by its sha256
 * (blobCodec.ts: v8-serialised pieces, written and read piece by piece, so no serialised copy of
 * a whole dataset is ever held in memory); a stage result maps its cache key (inputs + config +
 * code version) to the hashes of the datasets it produced. Blobs are written to a temp file and
 * renamed, so a crash leaves either the whole blob or none; a blob that fails its checksum or to
 * decode is treated as a miss and recomputed. Blobs of the earlier format (one v8 serialisation of
 * the whole value) are still read.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from './atomicFile.js';
import { BLOB_MAGIC, StoredTypedArray, arrayBlobLength, arrayPieceFrames, blobReferences, decodeArrayPieces, decodeBlob, encodeBlob, type BlobRef, type DatasetStream, type OpenRef, type RangeReader } from './blobCodec.js';
import { partOf } from './datasetPart.js';
import { storedVectorSource, vectorSourceOf } from './vectorSource.js';
import type { VectorSource, VectorTable } from '../records.js';
import { writingTo } from './outputError.js';
import { ARRAY_PIECE, openFloat32Spill, openRecordSpill, type Float32Spill, type RecordSpill, type StoredPieces } from './spilledArray.js';
import { readFully, writeFully } from './fileBytes.js';

export type { DatasetStream };

export interface StageStore {
  /** Hash of a dataset value (sha256 of its serialisation). */
  hashOf(value: unknown): string;
  saveDataset(value: unknown): string;
  /**
   * `only` (datasetPart.ts): of a dataset that is an object (enrichment), just these top-level keys,
   * or of an array ('-text'), its items without those fields; every byte is still read and checked
   * against the hash, the other keys are not decoded.
   */
  loadDataset<T>(hash: string, only?: readonly string[]): T | undefined;
  /** True when the blob is on disk (a value whose write failed lives only in memory). */
  hasDataset(hash: string): boolean;
  /**
   * True when the blob is on disk and intact (its bytes hash to its name), read in chunks and never
   * decoded: a reused stage result is checked so, not loaded (at 20,500 articles loading the reused
   * enrichment whole raised a cached run's peak to 1,443 MB). A damaged blob is removed, as a load would.
   */
  checkDataset(hash: string): boolean;
  /**
   * An array dataset read piece by piece (at most 1,000 items at a time, in stored order) each time
   * `pieces()` is iterated, instead of whole; undefined when the blob is absent, of the earlier
   * format or not an array. Every byte is hashed as it is read: a blob that turns out damaged
   * throws at the end of the iteration (after its last piece), so read it through once before
   * acting on the pieces. With `field`, the array under that top-level key of an object dataset
   * (enrichment's `sentiment`): the keys before and after it are read past, not decoded. A blob this
   * process wrote or found intact, unchanged since (checkedBlobs), is not hashed again and the frames
   * not decoded are passed over.
   */
  streamDataset(hash: string, field?: string): DatasetStream | undefined;
  /**
   * The VectorTable under `key` of an object dataset (enrichment's `sentenceVectors`) as a source
   * whose rows are read from the blob when asked: its ids and dim are decoded, its floats are not.
   * Every byte is first read once and checked against the hash; undefined when the blob is absent,
   * damaged (then removed, as by loadDataset) or holds no such table.
   */
  vectorSource(hash: string, key: string): VectorSource | undefined;
  /**
   * Where the pieces of an array dataset lie (with `field`, of the array under that key, or dotted path, of an object
   * dataset), for a spill to borrow them (RecordSpill.borrow): read through once and checked against
   * the hash, nothing decoded; undefined when the blob is absent, damaged (then removed) or holds no
   * array stored in pieces (a short one is one leaf).
   */
  storedPieces(hash: string, field?: string): StoredPieces | undefined;
  /** A float32 array filled in a file in the store's folder (spilledArray.ts); undefined when none can be made there. */
  spillFloat32(length: number): Float32Spill | undefined;
  /** An array of records filled in a file in the store's folder (spilledArray.ts); undefined when none can be made there. */
  spillRecords<T>(): RecordSpill<T> | undefined;
  /** What a stage run with this key produced, if stored and every blob is present. */
  lookupResult(key: string): StoredResult | undefined;
  saveResult(key: string, result: StoredResult): void;
  /** The dataset hashes of the last completed run, for `--stages` runs that start mid-pipeline. */
  latestDatasets(): Record<string, string>;
  recordLatest(datasets: Record<string, string>): void;
  /**
   * The last runs this store keeps for other output folders than its own: their folder (undefined
   * for a run recorded before the folder was written beside the datasets) and when it was recorded.
   */
  otherOutputs(): OtherOutput[];
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
  /**
   * String fields of the items of stored arrays whose lowest and highest value per piece each whole
   * pass over a stream notes (in this process, per blob): a later `piecesHolding` on such a field
   * decodes only the pieces whose span can hold a wanted value. The catalog names `articleId`: the
   * sentences are stored in article order, so a stage that reads some articles' sentences (a night's
   * events and claims) passes over most pieces. Default: none.
   */
  pieceKeys?: readonly string[];
}

const LATEST_PREFIX = 'latest-datasets';
/** The key of a latest-datasets file that names its output folder (no dataset name starts with "@"). */
const OUTPUT_DIR_KEY = '@outputDir';

export interface OtherOutput {
  outputDir?: string;
  recordedAt: Date;
}

/** A latest-datasets file's datasets, without its output folder. */
function datasetsOf(latest: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, hash] of Object.entries(latest ?? {})) if (!name.startsWith('@') && typeof hash === 'string') out[name] = hash;
  return out;
}

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
  /** The blob's sha256, computed over the bytes as they are produced (nothing else kept). */
  const hashBlob = (value: unknown): string => {
    const hash = createHash('sha256');
    encodeBlob(value, (bytes) => hash.update(bytes));
    return hash.digest('hex');
  };
  /**
   * Writes the blob to a temp file piece by piece while hashing it, then renames it to its hash
   * (fsync first, so a power cut leaves the whole blob or none). Returns the hash; a write that
   * fails is warned about once and the hash still returned (the value stays in memory).
   */
  const writeBlob = (value: unknown): string => {
    const tmp = path.join(blobs, `.blob.${process.pid}.${Date.now().toString(36)}.${(tmpCount++).toString(36)}.tmp`);
    const hash = createHash('sha256');
    let fd: number | undefined;
    tryWrite(tmp, () => {
      fd = fs.openSync(tmp, 'w');
    });
    try {
      encodeBlob(value, (bytes) => {
        hash.update(bytes);
        if (fd === undefined) return;
        try {
          writeFully(fd, bytes);
        } catch (err) {
          fs.closeSync(fd);
          fd = undefined;
          fs.rmSync(tmp, { force: true });
          tryWrite(tmp, () => {
            throw err;
          });
        }
      });
    } catch (err) {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    const digest = hash.digest('hex');
    if (fd === undefined) return digest;
    const target = blobPath(digest);
    const done = tryWrite(target, () => {
      fs.fsyncSync(fd!);
      const used = usedAt();
      fs.futimesSync(fd!, used, used);
      const written = fileIdentity(fd!);
      fs.closeSync(fd!);
      fd = undefined;
      // Renamed over a blob of the same name too: that file may be damaged on disk (a stage recomputed
      // because its result was damaged never read it), and a stage may stream it later (streamDataset).
      fs.renameSync(tmp, target);
      checkedBlobs.set(digest, written);
    });
    if (!done) {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
    }
    return digest;
  };
  let tmpCount = 0;
  /**
   * Blobs this process wrote, or read whole and found intact, by hash -> their file's identity then
   * (fileIdentity). Reading one again while its identity is unchanged skips hashing its bytes and passes
   * over the frames it does not decode: the stages of a run open the enrichment's blob for its vector
   * rows several times (~400 MB at 10,000 articles), each a full read and sha256 pass before. A file
   * changed in any way since (rewritten, renamed over, a byte damaged by a write, its mtime set by
   * another process's use) is checked in full again. The store sets a blob's mtime to a second before
   * it records it (usedAt), so a write even within the file system's timestamp tick (a few ms) gives
   * the file a later mtime, and another identity.
   */
  const checkedBlobs = new Map<string, string>();
  /**
   * Per stored array (`<hash>|<field>`), per piece key: each piece's lowest and highest value, or null
   * when some item of it has no string value there. Learned on whole passes that ended intact; a few
   * small arrays per run (2,212 pieces for 2.2 M sentences), dropped oldest first past MAX_SPANNED.
   */
  const pieceSpans = new Map<string, Map<string, (PieceSpan | null)[]>>();
  const pieceKeys = options.pieceKeys ?? [];

  /**
   * Every use refreshes a file's mtime, so pruning by age keeps whatever recent runs still reuse; set to
   * a second ago (see checkedBlobs). True when the times were set.
   */
  const touch = (file: string): boolean => {
    try {
      const used = usedAt();
      fs.utimesSync(file, used, used);
      return true;
    } catch {
      // A read-only cache still works; it is only pruned less precisely.
      return false;
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

  /**
   * Opens the blob `hash` names for a reference into it, having made sure it is intact: trusted
   * (checkedBlobs), or read through and hashed now (a damaged one is removed and reported). Its use
   * time is refreshed: a blob others refer to lives as long as they are used. Throws when it is
   * missing or damaged (the referring blob is then a miss too). The descriptor goes to `opened`.
   */
  const openReferred = (hash: string, opened: number[]): { fd: number; size: number } => {
    const file = blobPath(hash);
    const fd = fs.openSync(file, 'r');
    opened.push(fd);
    if (checkedBlobs.get(hash) !== fileIdentity(fd)) {
      const reader = fileReader(fd);
      while (reader.at() < reader.size) reader.read(Math.min(CHECK_CHUNK, reader.size - reader.at()));
      if (!reader.intact(hash)) {
        checkedBlobs.delete(hash);
        damagedFile(file);
        fs.rmSync(file, { force: true });
        throw new Error(`${file}: a referred blob is damaged`);
      }
    }
    if (touch(file) || !checkedBlobs.has(hash)) checkedBlobs.set(hash, fileIdentity(fd));
    return { fd, size: fs.fstatSync(fd).size };
  };
  /** A reference opener for one read of a blob (decodeBlob's openRef), and what closes its files. */
  const referenceOpener = (): { openRef: OpenRef; close: () => void } => {
    const opened: number[] = [];
    const openRef = (ref: BlobRef): RangeReader => {
      // A reader follows one reference at a time (a referred range holds none): the last one's file is done.
      opened.splice(0).forEach((fd) => fs.closeSync(fd));
      const { fd, size } = openReferred(ref.blob, opened);
      if (ref.at < BLOB_MAGIC.length || ref.at + ref.bytes > size) throw new Error(`${blobPath(ref.blob)}: a reference runs past the blob's end`);
      let at = ref.at;
      const end = ref.at + ref.bytes;
      return {
        read(n) {
          if (n > end - at) throw new Error('blob: a referred frame runs past its range');
          const buf = Buffer.allocUnsafe(n);
          if (readFully(fd, buf, at) < n) throw new Error('blob: truncated');
          at += n;
          return buf;
        },
        pass(n) {
          if (n > end - at) throw new Error('blob: a referred frame runs past its range');
          at += n;
        },
        at: () => at,
      };
    };
    return { openRef, close: () => opened.splice(0).forEach((fd) => fs.closeSync(fd)) };
  };
  /** True when every blob the blob `hash` refers to is present and intact (checked as a reference would be). */
  const referredIntact = (fd: number): boolean => {
    const opened: number[] = [];
    try {
      const size = fs.fstatSync(fd).size;
      for (const blob of blobReferences(positionedRead(fd), size)) {
        openReferred(blob, opened);
        opened.splice(0).forEach((each) => fs.closeSync(each));
      }
      return true;
    } catch {
      return false;
    } finally {
      opened.forEach((each) => fs.closeSync(each));
    }
  };

  /**
   * Opens a blob and hands it to `read` with whether it can be trusted (this process wrote or checked
   * it, unchanged since); a DAMAGED answer removes the file and reports it, anything else marks the
   * blob checked. Undefined when the blob is absent, damaged or unreadable.
   */
  const readStored = <T>(hash: string, read: (fd: number, trusted: boolean) => T | typeof DAMAGED): T | undefined => {
    const file = blobPath(hash);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const value = read(fd, checkedBlobs.get(hash) === fileIdentity(fd));
      if (value === DAMAGED) {
        checkedBlobs.delete(hash);
        damagedFile(file);
        fs.rmSync(file, { force: true });
        return undefined;
      }
      if (touch(file)) checkedBlobs.set(hash, fileIdentity(fd));
      return value as T;
    } catch {
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  };

  /** A stored dataset (or its part); with `storedArrays`, its large typed arrays left in the file (decodeBlob). */
  const readDataset = <T>(hash: string, only: readonly string[] | undefined, storedArrays: boolean): T | undefined =>
    readStored(hash, (fd, trusted) => {
      const refs = referenceOpener();
      try {
        return readBlob(fd, hash, only, storedArrays, trusted, refs.openRef) as T | typeof DAMAGED;
      } finally {
        refs.close();
      }
    });

  return {
    hashOf: (value) => hashBlob(value),
    saveDataset: (value) => writeBlob(value),
    hasDataset: (hash) => fs.existsSync(blobPath(hash)),
    checkDataset: (hash) =>
      readStored(hash, (fd, trusted) => {
        if (!trusted) {
          const reader = fileReader(fd);
          while (reader.at() < reader.size) reader.read(Math.min(CHECK_CHUNK, reader.size - reader.at()));
          if (!reader.intact(hash)) return DAMAGED;
        }
        // And the blobs its references name: without them it cannot be read.
        return referredIntact(fd) ? true : DAMAGED;
      }) === true,
    storedPieces(hash, field) {
      const found = readStored(hash, (fd, trusted) => {
        const { read, pass, at, intact } = fileReader(fd, trusted);
        const refs = referenceOpener();
        try {
          const located = arrayPieceFrames(read, at, field, pass, refs.openRef);
          return intact(hash) ? (located ?? null) : DAMAGED;
        } catch {
          return DAMAGED;
        } finally {
          refs.close();
        }
      });
      if (!found) return undefined;
      return found.pieces.map((piece, k) => ({
        blob: piece.blob ?? hash,
        file: blobPath(piece.blob ?? hash),
        at: piece.at,
        bytes: piece.bytes,
        items: Math.min(ARRAY_PIECE, found.length - k * ARRAY_PIECE),
      }));
    },
    spillFloat32: (length) => openFloat32Spill(blobs, length),
    spillRecords: () => openRecordSpill(blobs),
    loadDataset<T>(hash: string, only?: readonly string[]) {
      return readDataset<T>(hash, only, false);
    },
    vectorSource(hash: string, key: string) {
      const value = readDataset<Record<string, unknown>>(hash, [key], true);
      const table = value?.[key] as { dim?: unknown; ids?: unknown; data?: unknown } | undefined;
      if (!table || typeof table.dim !== 'number' || !Array.isArray(table.ids)) return undefined;
      if (table.data instanceof StoredTypedArray) {
        const { type, length, frames } = table.data;
        const where = frames.map((f) => ({ blob: f.blob ?? hash, file: blobPath(f.blob ?? hash), at: f.at, bytes: f.bytes }));
        return storedVectorSource(blobPath(hash), table.dim, table.ids as string[], { type, length, frames: where });
      }
      // A table small enough to be stored as one leaf was decoded whole.
      return table.data instanceof Float32Array ? vectorSourceOf(table as VectorTable) : undefined;
    },
    streamDataset(hash: string, field?: string): DatasetStream | undefined {
      const file = blobPath(hash);
      let length: number | undefined;
      try {
        const fd = fs.openSync(file, 'r');
        try {
          // Only the first frames are decoded; the keys before `field` are passed over, their bytes checked by each pass.
          const probe = fileReader(fd, true);
          const refs = referenceOpener();
          try {
            length = arrayBlobLength(probe.read, field, probe.pass, refs.openRef);
          } finally {
            refs.close();
          }
          if (length !== undefined) {
            // Its use time refreshed (pruning by age) changes its identity: a blob this process wrote or
            // checked stays trusted, since only its times changed. Before, every stream's first pass
            // hashed the whole file again, also a pass that decodes a few pieces (~2.3 GB a 10,000 +
            // 500 night: the sentences five times, the sentiment twice).
            const trusted = checkedBlobs.get(hash) === fileIdentity(fd);
            if (touch(file) && trusted) checkedBlobs.set(hash, fileIdentity(fd));
          }
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        return undefined;
      }
      if (length === undefined) return undefined;
      const spansId = `${hash}|${field ?? ''}`;
      /** The pieces `wanted` lets through (all without it); a whole pass notes the spans of `learn`. */
      const read = function* (wanted?: (piece: number) => boolean, learn: readonly string[] = []): Generator<unknown[]> {
        const fd = fs.openSync(file, 'r');
        const damaged = (why: string) => new Error(`${file}: the stored dataset is damaged (${why}). Fix: run again; the store recomputes it.`);
        const seen = wanted ? [] : learn.map((key) => ({ key, spans: [] as (PieceSpan | null)[] }));
        try {
          const trusted = checkedBlobs.get(hash) === fileIdentity(fd);
          const reader = fileReader(fd, trusted);
          const refs = referenceOpener();
          try {
            for (const piece of decodeArrayPieces(reader.read, field, reader.pass, wanted, refs.openRef)) {
              for (const { key, spans } of seen) spans.push(spanOf(piece, key));
              yield piece;
            }
          } catch (err) {
            throw damaged((err as Error).message);
          } finally {
            refs.close();
          }
          if (!reader.intact(hash)) throw damaged('its bytes do not hash to its name');
          if (!trusted) checkedBlobs.set(hash, fileIdentity(fd));
          // Only keys some piece has a span of: an array whose items lack the key (sentiment rows, tones)
          // would hold a slot with nothing to skip by, and push out the spans of one that has them.
          const spanned = seen.filter(({ spans }) => spans.some((span) => span !== null));
          if (spanned.length) {
            const known = pieceSpans.get(spansId) ?? new Map<string, (PieceSpan | null)[]>();
            for (const { key, spans } of spanned) known.set(key, spans);
            pieceSpans.delete(spansId);
            pieceSpans.set(spansId, known);
            if (pieceSpans.size > MAX_SPANNED) pieceSpans.delete(pieceSpans.keys().next().value!);
          }
        } finally {
          fs.closeSync(fd);
        }
      };
      return {
        length,
        pieces: () => read(undefined, pieceKeys),
        piecesFrom(start) {
          // Piece k holds items [k * ARRAY_PIECE, (k + 1) * ARRAY_PIECE): the encoder and the record
          // spill make every piece but the last whole (storedPieces counts them so too).
          // (An array of at most ARRAY_PIECE items is one leaf, read whatever is wanted.)
          const first = length! > ARRAY_PIECE ? Math.floor(start / ARRAY_PIECE) : 0;
          return (function* () {
            let at = first * ARRAY_PIECE;
            for (const piece of read((k) => k >= first)) {
              if (at < start) yield piece.slice(start - at);
              else yield piece;
              at += piece.length;
            }
          })();
        },
        piecesHolding(key, wanted) {
          const spans = pieceSpans.get(spansId)?.get(key);
          // Not known yet: this pass reads every piece and notes the spans for the next.
          if (!spans) return read(undefined, pieceKeys.includes(key) ? pieceKeys : [...pieceKeys, key]);
          const sorted = [...wanted].sort();
          return read((piece) => {
            const span = spans[piece];
            return !span || holdsValueIn(sorted, span);
          });
        },
      };
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
    latestDatasets: () => datasetsOf(readJson<Record<string, unknown>>(latestFile)),
    recordLatest(datasets) {
      // The folder beside its datasets, so a run on another folder can name it (otherOutputs).
      const recorded = options.outputDir ? { [OUTPUT_DIR_KEY]: path.resolve(options.outputDir), ...datasets } : datasets;
      tryWrite(latestFile, () => writeFileAtomic(latestFile, JSON.stringify(recorded, null, 1), 'models.cacheDir'));
    },
    otherOutputs() {
      const out: OtherOutput[] = [];
      for (const name of fs.readdirSync(cacheDir)) {
        const file = path.join(cacheDir, name);
        if (!name.startsWith(LATEST_PREFIX) || !name.endsWith('.json') || file === latestFile) continue;
        const latest = readJson<Record<string, unknown>>(file);
        if (!latest || Object.keys(datasetsOf(latest)).length === 0) continue;
        const outputDir = latest[OUTPUT_DIR_KEY];
        let recordedAt: Date;
        try {
          recordedAt = fs.statSync(file).mtime;
        } catch {
          continue;
        }
        out.push({ ...(typeof outputDir === 'string' ? { outputDir } : {}), recordedAt });
      }
      return out.sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime());
    },
    prune(maxAgeDays, now = new Date()) {
      const cutoff = now.getTime() - maxAgeDays * 24 * 3600 * 1000;
      // The last run of every output folder sharing this cache keeps its datasets.
      const keepBlobs = new Set<string>();
      for (const name of fs.readdirSync(cacheDir)) {
        if (!name.startsWith(LATEST_PREFIX) || !name.endsWith('.json')) continue;
        for (const h of Object.values(datasetsOf(readJson<Record<string, unknown>>(path.join(cacheDir, name))))) keepBlobs.add(`${h}.v8`);
      }
      // And every blob a blob that stays refers to (a night's enrichment refers to the vectors of the
      // night before): removing it would make the one that stays unreadable.
      for (const name of fs.readdirSync(blobs)) {
        if (!name.endsWith('.v8')) continue;
        const file = path.join(blobs, name);
        try {
          const stat = fs.statSync(file);
          if (!keepBlobs.has(name) && stat.mtimeMs < cutoff) continue;
          const fd = fs.openSync(file, 'r');
          try {
            for (const blob of blobReferences(positionedRead(fd), stat.size)) keepBlobs.add(`${blob}.v8`);
          } finally {
            fs.closeSync(fd);
          }
        } catch {
          // Gone already (another process pruned it): it keeps nothing.
        }
      }
      return removeOlderThan(results, cutoff, new Set()) + removeOlderThan(blobs, cutoff, keepBlobs);
    },
  };
}

const DAMAGED = Symbol('damaged');

/** The lowest and highest value of a string field among a stored array piece's items. */
interface PieceSpan {
  low: string;
  high: string;
}

/** Stored arrays whose piece spans a store keeps at most (a run streams a handful). */
const MAX_SPANNED = 32;

/** The span of `key` over a piece's items; null when one of them has no string value there (or the piece is empty). */
function spanOf(items: readonly unknown[], key: string): PieceSpan | null {
  let low: string | undefined;
  let high: string | undefined;
  for (const item of items) {
    const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string') return null;
    if (low === undefined || value < low) low = value;
    if (high === undefined || value > high) high = value;
  }
  return low === undefined ? null : { low, high: high! };
}

/** True when some value of `sorted` (ascending, as Array.prototype.sort orders strings) lies within the span. */
function holdsValueIn(sorted: readonly string[], span: PieceSpan): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < span.low) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= span.high;
}

/**
 * Reads a blob file from its start, hashing every byte read; `intact` once everything is read. A
 * `trusted` file (one this process wrote or checked, unchanged since: `fileIdentity`) is not hashed,
 * and `pass` moves over bytes without reading them; `intact` then only checks that it came to the end.
 */
function fileReader(fd: number, trusted = false): { read: (n: number) => Buffer; pass?: (n: number) => void; at: () => number; size: number; intact: (expected: string) => boolean } {
  const size = fs.fstatSync(fd).size;
  const hash = trusted ? undefined : createHash('sha256');
  let at = 0;
  const read = (n: number): Buffer => {
    if (n > size - at) throw new Error('blob: truncated');
    const buf = Buffer.allocUnsafe(n);
    if (readFully(fd, buf, at) < n) throw new Error('blob: truncated');
    at += n;
    hash?.update(buf);
    return buf;
  };
  const pass = (n: number): void => {
    if (n > size - at) throw new Error('blob: truncated');
    at += n;
  };
  return { read, ...(trusted ? { pass } : {}), at: () => at, size, intact: (expected) => at === size && (!hash || hash.digest('hex') === expected) };
}

/** Reads n bytes at a file offset (fewer only at the file's end: the caller checks lengths). */
function positionedRead(fd: number): (n: number, at: number) => Buffer {
  return (n, at) => {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readFully(fd, buf, at));
  };
}

/** Bytes read at a time when a blob is only checked (checkDataset). */
const CHECK_CHUNK = 8 * 1024 * 1024;

/** A file's use time as the store records it: a second ago (see checkedBlobs in openStageStore). */
const usedAt = (): Date => new Date(Date.now() - 1000);

/**
 * What identifies a file's current content without reading it: device, inode, size and modification
 * time in nanoseconds. A blob rewritten, renamed over or damaged by a write has another identity.
 */
function fileIdentity(fd: number): string {
  const st = fs.fstatSync(fd, { bigint: true });
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
}

/**
 * Reads a blob piece by piece, hashing its bytes; DAMAGED when it does not decode or its bytes do
 * not hash to its name. A blob of the earlier format (no magic) is read whole, as it was written.
 */
function readBlob(fd: number, expected: string, only?: readonly string[], storedArrays = false, trusted = false, openRef?: OpenRef): unknown {
  const { read, pass, at, size, intact } = fileReader(fd, trusted);
  const head = size >= BLOB_MAGIC.length ? read(BLOB_MAGIC.length) : read(size);
  if (!head.equals(BLOB_MAGIC)) {
    const rest = read(size - head.length);
    if (!intact(expected)) return DAMAGED;
    return partOf(v8.deserialize(Buffer.concat([head, rest])), only);
  }
  let value: unknown;
  try {
    let first = true;
    value = decodeBlob((n) => {
      if (first) {
        first = false;
        return head;
      }
      return read(n);
    }, only, storedArrays ? { at } : undefined, pass, openRef);
  } catch {
    return DAMAGED;
  }
  if (!intact(expected)) return DAMAGED;
  return value;
}
