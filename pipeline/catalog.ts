/**
 * The catalog: datasets and resource files by name and content hash (one of the runner's three
 * parts, with the executor and the session).
 *
 * - A dataset is saved once as a binary blob (v8 serialisation, so the Float32Array vectors stay
 *   binary) named by the sha256 of its bytes, and is passed between the session and an executor
 *   by that hash only. Values this process saved or loaded are kept in memory until no later
 *   stage of the run reads them (the session calls `keepOnly`), so the in-process executor never
 *   reads back what it just wrote, and a dataset's memory is freed after its last reader.
 * - A stage result maps the stage's cache key (stage, version, code, params hash, input hashes,
 *   model file hashes, resource file hashes) to its output hashes, plus the counters, warnings
 *   and models to replay when it is reused.
 * - A resource file (lexicon, alias table, judge) a stage declares is read and hashed here into
 *   the stage's cache key and the manifest's inputs; before the run, the pre-flight validates the
 *   same declared list with the stages' own loaders (src/check/resourceKinds.ts), as `check` does.
 *
 * The blobs live under models.cacheDir (src/store/stageStore.ts): an executor in another thread or
 * process opens the same folder with `openCatalog` and sees the same datasets.
 */
import { createHash } from 'node:crypto';
import { keptKeys, partOf } from '../src/store/datasetPart.js';
import { openStageStore, type DatasetStream, type OtherOutput, type StageStore, type StageStoreOptions, type StoredResult } from '../src/store/stageStore.js';
import { MAX_EDITOR_FILE_BYTES, readBounded } from '../src/config/editorFile.js';
import type { RunNotes } from '../src/runtime/runNotes.js';
import type { ResourceFile } from './stage.js';
import type { VectorSource, VectorTable } from '../src/records.js';
import { vectorSourceOf } from '../src/store/vectorSource.js';
import { closeSpilled, hasSpilled, materializeSpilled, type Float32Spill, type RecordSpill, type StoredPieces } from '../src/store/spilledArray.js';

export type { StoredResult };

export interface Catalog {
  /** Stores a dataset value; returns its content hash. */
  save(value: unknown): string;
  /** True when the value is in memory, or its blob is stored and intact (checked, not decoded). */
  has(hash: string): boolean;
  /**
   * The value with this hash, or undefined when it is not stored (or failed its checksum). With
   * `only`, that part (a stage's `partialReads`, src/store/datasetPart.ts: top-level keys of an
   * object dataset, or an array's items without some fields), held in
   * memory under `partKey(hash, only)`, or taken from the whole value when that is in memory.
   */
  load<T>(hash: string, only?: readonly string[]): T | undefined;
  /**
   * An array dataset piece by piece (a stage's `streamedReads`): from memory when the whole value
   * is held, else read from its blob each time `pieces()` is iterated (never kept in memory). With
   * `field` (a stage's `streamedFields`), the array under that top-level key of an object dataset:
   * from memory when the dataset or a part holding that key is held.
   */
  stream(hash: string, field?: string): DatasetStream | undefined;
  /**
   * The VectorTable under `key` of an object dataset (a stage's `rowReads`) as a source of rows:
   * from memory while the dataset (or a part holding that table) is held, else read from its blob
   * row by row when asked (src/store/vectorSource.ts), never held whole.
   */
  vectorSource(hash: string, key: string): VectorSource | undefined;
  /** Where the pieces of a stored array dataset lie (StageServices.previousPieces; stageStore.ts storedPieces). */
  storedPieces(hash: string, field?: string): StoredPieces | undefined;
  /** A float32 array filled in a file beside the store (StageServices.spillFloat32). */
  spillFloat32(length: number): Float32Spill | undefined;
  /** An array of records filled in a file beside the store (StageServices.spillRecords). */
  spillRecords<T>(): RecordSpill<T> | undefined;
  /**
   * Lets go of the values held in memory except these (the ones later stages of the run read:
   * hashes, or part keys for partial reads); a value that is not on disk (its write failed) is
   * kept, since it could not be loaded again.
   */
  keepOnly(hashes: Iterable<string>): void;
  lookupResult(key: string): StoredResult | undefined;
  saveResult(key: string, result: StoredResult): void;
  /** Dataset name -> hash of the last completed run on this output folder (for `--stages`). */
  latestDatasets(): Record<string, string>;
  recordLatest(datasets: Record<string, string>): void;
  /** The last runs the store keeps for other output folders (stageStore.ts otherOutputs). */
  otherOutputs(): OtherOutput[];
  prune(maxAgeDays: number): number;
  /**
   * Content hashes of resource files, in order, with the manifest's `inputs` entries. A file that
   * cannot be read hashes to a marker (never a cache hit); an optional file that is missing to `absent`.
   */
  hashResources(files: ResourceFile[]): { hashes: string[]; inputs: RunNotes['inputs'] };
}

/** The memory key of a partial read: `<hash>#<key>,<key>`. */
export const partKey = (hash: string, only: readonly string[]): string => `${hash}#${only.join(',')}`;

export function openCatalog(cacheDir: string, options: StageStoreOptions = {}): Catalog {
  // The sentences are stored in article order: a stage that reads some articles' sentences decodes
  // only the pieces spanning them once a pass has noted each piece's articles (stageStore's pieceKeys).
  const store: StageStore = openStageStore(cacheDir, { pieceKeys: ['articleId'], ...options });
  const memo = new Map<string, unknown>();
  /**
   * What a part of `hash` can be taken from in memory: the whole value, or (for a part of top-level
   * keys) a held part that has them all. Undefined when neither is held.
   */
  const heldSource = (hash: string, only: readonly string[]): unknown => {
    if (memo.has(hash)) return memo.get(hash);
    const keys = keptKeys(only);
    if (!keys) return undefined;
    for (const [held, value] of memo) {
      if (!held.startsWith(`${hash}#`)) continue;
      const heldKeys = held.slice(hash.length + 1).split(',');
      if (keys.every((k) => heldKeys.includes(k))) return value;
    }
    return undefined;
  };
  /** The value under `key` of an object dataset held whole, or as a part holding that key. */
  const heldField = (hash: string, key: string): unknown => (heldSource(hash, [key]) as Record<string, unknown> | null | undefined)?.[key];
  return {
    save(value) {
      const hash = store.saveDataset(value);
      if (hasSpilled(value)) {
        // Saved: every reader takes it from the blob (rows, pieces, or the parts it reads), so it is not
        // kept here. Not saved (the store cannot be written): its arrays come back into memory, as if never spilled.
        if (store.hasDataset(hash)) {
          closeSpilled(value);
          // The keys with nothing spilled stay in memory as built (framing's rows: read back from the
          // store they take more heap than the objects the stage made), as a part of the value.
          const rest = isPlainObject(value) ? Object.keys(value).filter((k) => !hasSpilled(value[k])) : [];
          if (rest.length) memo.set(partKey(hash, rest), partOf(value, rest));
          return hash;
        }
        memo.set(hash, materializeSpilled(value));
        return hash;
      }
      memo.set(hash, value);
      return hash;
    },
    has: (hash) => memo.has(hash) || store.checkDataset(hash),
    load<T>(hash: string, only?: readonly string[]): T | undefined {
      if (memo.has(hash)) return (only ? partOf(memo.get(hash), only) : memo.get(hash)) as T;
      const key = only ? partKey(hash, only) : hash;
      if (memo.has(key)) return memo.get(key) as T;
      const source = only ? heldSource(hash, only) : undefined;
      if (source !== undefined) return partOf(source, only) as T;
      const value = store.loadDataset<T>(hash, only);
      if (value !== undefined) memo.set(key, value);
      return value;
    },
    stream(hash, field) {
      if (field !== undefined) {
        const items = heldField(hash, field);
        return Array.isArray(items) ? streamOf(items) : store.streamDataset(hash, field);
      }
      const held = memo.get(hash);
      if (Array.isArray(held)) return streamOf(held);
      const streamed = store.streamDataset(hash);
      if (streamed) return streamed;
      // A blob of the earlier format is read whole, once per pass.
      const whole = store.loadDataset(hash);
      return Array.isArray(whole) ? { length: whole.length, pieces: () => streamOf(store.loadDataset<unknown[]>(hash) ?? []).pieces() } : undefined;
    },
    spillFloat32: (length) => store.spillFloat32(length),
    spillRecords: () => store.spillRecords(),
    storedPieces: (hash, field) => store.storedPieces(hash, field),
    vectorSource(hash, key) {
      const table = heldField(hash, key) as VectorTable | undefined;
      return table?.data instanceof Float32Array ? vectorSourceOf(table) : store.vectorSource(hash, key);
    },
    keepOnly(keys) {
      const keep = new Set(keys);
      // A part a later stage reads is taken from the whole value while it is in memory (by reference),
      // so it is never read back from disk: a blob saved over a damaged file of the same name may
      // still be damaged there (the store does not rewrite a blob it already has).
      for (const key of keep) {
        const [hash, fields] = key.split('#');
        if (!fields || memo.has(key)) continue;
        const source = heldSource(hash, fields.split(','));
        if (source !== undefined) memo.set(key, partOf(source, fields.split(',')));
      }
      for (const key of [...memo.keys()]) if (!keep.has(key) && store.hasDataset(key.split('#')[0])) memo.delete(key);
    },
    lookupResult: (key) => store.lookupResult(key),
    saveResult: (key, result) => store.saveResult(key, result),
    latestDatasets: () => store.latestDatasets(),
    recordLatest: (datasets) => store.recordLatest(datasets),
    otherOutputs: () => store.otherOutputs(),
    prune: (days) => store.prune(days),
    hashResources: hashResourceFiles,
  };
}

/** An array in memory as a stream of slices. */
function streamOf(items: readonly unknown[]): DatasetStream {
  return {
    length: items.length,
    *pieces() {
      for (let i = 0; i < items.length; i += STREAM_PIECE) yield items.slice(i, i + STREAM_PIECE);
    },
  };
}

const STREAM_PIECE = 1000;

export function hashResourceFiles(files: ResourceFile[]): { hashes: string[]; inputs: RunNotes['inputs'] } {
  const inputs: RunNotes['inputs'] = [];
  const hashes = files.map(({ file }) => {
    const read = readBounded(file, MAX_EDITOR_FILE_BYTES);
    if (!('bytes' in read)) return `unreadable:${file}:${'unreadable' in read ? read.unreadable : 'too-large'}`;
    const sha256 = createHash('sha256').update(read.bytes).digest('hex');
    if (!inputs.some((i) => i.file === file)) inputs.push({ file, sha256, bytes: read.bytes.length });
    return sha256;
  });
  return { hashes, inputs };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}
