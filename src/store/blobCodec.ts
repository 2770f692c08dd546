/**
 * The stage store's blob format, written and read in pieces so that saving or loading a dataset
 * never holds a second, serialised copy of the whole dataset in memory (a 10,000-article corpus's
 * sentences are ~300 MB as one v8 Buffer).
 *
 * A blob is the magic line `CFBLOB2\n` followed by frames; a frame is a 4-byte little-endian
 * length, a kind byte and the body:
 *
 *   kind 0 (v8): a v8-serialised value, one of
 *     ['v', value]            the value itself (a leaf: small arrays, records, strings, numbers)
 *     ['a', length, pieces]   an array, then `pieces` frames of ['v', slice], concatenated
 *     ['o', keys, nullProto]  a plain object, then one value (frames) per key, in key order
 *     ['t', type, length, pieces]  a typed array of `length` elements, then `pieces` raw frames
 *   kind 1 (raw): bytes of a typed array's slice
 *
 * Plain objects of at most MAX_SPLIT_KEYS keys are split down to MAX_SPLIT_DEPTH levels (dataset ->
 * enrichment -> sentenceVectors),
 * arrays longer than ARRAY_PIECE are cut into slices of ARRAY_PIECE elements, typed arrays into
 * RAW_PIECE_BYTES. The decoded value equals what v8.deserialize(v8.serialize(value)) gives for
 * the plain record trees of src/records.ts (the datasets share no object between two places). A
 * SpilledFloat32Array (spilledArray.ts) is written as the Float32Array of its values, a
 * SpilledRecordArray as the array of its records (its pieces are already the frames' bodies).
 * The blob's name is the sha256 of all its bytes, computed while they are written.
 */
import v8 from 'node:v8';
import { droppedItemFields, keptKeys, withoutFields } from './datasetPart.js';
import { stringSharer } from './sharedStrings.js';
import { ARRAY_PIECE, SpilledFloat32Array, SpilledRecordArray } from './spilledArray.js';
import type { DatasetStream } from './datasetStream.js';

export type { DatasetStream };

export const BLOB_MAGIC = Buffer.from('CFBLOB2\n', 'latin1');
const RAW_PIECE_BYTES = 8 * 1024 * 1024;
const MAX_SPLIT_DEPTH = 3;
/** Objects with more keys are tables keyed by id (eventsIndex.rangeOfEvent): one leaf, not a frame per key. */
const MAX_SPLIT_KEYS = 32;
const KIND_V8 = 0;
const KIND_RAW = 1;

const TYPED: Record<string, new (buffer: ArrayBuffer, offset: number, length: number) => ArrayBufferView & { length: number }> = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
  Int8Array,
  Int16Array,
  Uint16Array,
};

/** Receives the blob's bytes in order (header and body of each frame, or the magic). */
export type ByteSink = (bytes: Uint8Array) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function typedName(value: unknown): string | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView || Buffer.isBuffer(value)) return undefined;
  const name = value.constructor.name;
  return name in TYPED ? name : undefined;
}

/** Writes `value` as a blob to `sink`, frame by frame. */
export function encodeBlob(value: unknown, sink: ByteSink): void {
  sink(BLOB_MAGIC);
  const frame = (kind: number, body: Uint8Array) => {
    const head = Buffer.allocUnsafe(5);
    head.writeUInt32LE(body.byteLength, 0);
    head[4] = kind;
    sink(head);
    sink(body);
  };
  const put = (v: unknown) => frame(KIND_V8, v8.serialize(v));
  const encode = (v: unknown, depth: number): void => {
    // A spilled array is written as the Float32Array of its values would be: same frames, same bytes.
    if (v instanceof SpilledFloat32Array) {
      if (v.byteLength <= RAW_PIECE_BYTES) return put(['v', v.toArray()]);
      const pieces = Math.ceil(v.byteLength / RAW_PIECE_BYTES);
      put(['t', v.type, v.length, pieces]);
      for (let i = 0; i < pieces; i++) frame(KIND_RAW, v.bytes(i * RAW_PIECE_BYTES, Math.min((i + 1) * RAW_PIECE_BYTES, v.byteLength)));
      return;
    }
    if (v instanceof SpilledRecordArray) {
      // Its pieces are the bodies of ['v', slice] frames of ARRAY_PIECE items; one piece is the array's own leaf.
      if (v.length > ARRAY_PIECE) put(['a', v.length, Math.ceil(v.length / ARRAY_PIECE)]);
      for (const body of v.pieceBodies()) frame(KIND_V8, body);
      return;
    }
    const typed = typedName(v);
    if (typed && (v as ArrayBufferView).byteLength > RAW_PIECE_BYTES) {
      const view = v as ArrayBufferView & { length: number };
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      const pieces = Math.ceil(bytes.byteLength / RAW_PIECE_BYTES);
      put(['t', typed, view.length, pieces]);
      for (let i = 0; i < pieces; i++) frame(KIND_RAW, bytes.subarray(i * RAW_PIECE_BYTES, (i + 1) * RAW_PIECE_BYTES));
    } else if (Array.isArray(v) && v.length > ARRAY_PIECE) {
      const pieces = Math.ceil(v.length / ARRAY_PIECE);
      put(['a', v.length, pieces]);
      for (let i = 0; i < pieces; i++) put(['v', v.slice(i * ARRAY_PIECE, (i + 1) * ARRAY_PIECE)]);
    } else if (depth < MAX_SPLIT_DEPTH && isPlainObject(v) && Object.keys(v).length <= MAX_SPLIT_KEYS) {
      const keys = Object.keys(v);
      put(['o', keys, Object.getPrototypeOf(v) === null]);
      for (const k of keys) encode(v[k], depth + 1);
    } else {
      put(['v', v]);
    }
  };
  encode(value, 0);
}

/**
 * Reads frames from a source: `read(n)` returns exactly n bytes or throws. With `only` (see
 * datasetPart.ts), a value stored as an object ('o') keeps only those top-level keys: the frames of
 * the others are read (the caller still hashes every byte) but not decoded, so a stage that needs
 * the enrichment's sentiment never builds its vector matrices; and an array ('-text') has each
 * piece's items stripped of those fields as the piece is decoded, so the articles' texts are never
 * all alive at once. A value stored whole is returned whole (but for the stripped item fields).
 * With `stored` (`at()`: the source's offset, the next byte `read` gives), a typed array stored in
 * raw frames comes back as a StoredTypedArray, so a caller can read its rows from the file later
 * (src/store/vectorSource.ts); a small one stored as a leaf comes back as the array itself.
 * With `pass` (a source whose bytes need no hashing: stageStore's blobs this process wrote or already
 * checked), the bodies of frames it does not decode are passed over instead of read.
 */
export function decodeBlob(read: (n: number) => Buffer, only?: readonly string[], stored?: { at: () => number }, pass?: (n: number) => void): unknown {
  const magic = read(BLOB_MAGIC.length);
  if (!magic.equals(BLOB_MAGIC)) throw new Error('not a CFBLOB2 blob');
  const { next, nextValue, passFrame, skip } = frameReader(read, pass);
  const drop = droppedItemFields(only);
  /** Items of the top-level array without the dropped fields. */
  const strip = (items: unknown[]): unknown[] => (drop.length ? items.map((item) => withoutFields(item, drop)) : items);
  const decode = (keep?: readonly string[], top = false): unknown => {
    const token = nextValue();
    switch (token[0]) {
      case 'v':
        return top && Array.isArray(token[1]) ? strip(token[1] as unknown[]) : token[1];
      case 'a': {
        const [, length, pieces] = token as [string, number, number];
        const out: unknown[] = [];
        // A dataset read whole is held: the records of an array stored in pieces (the corpus's sentences,
        // the sentiment rows) share their repeated strings again, a sentence's article id and outlet.
        const share = stringSharer();
        for (let i = 0; i < pieces; i++) {
          const piece = nextValue();
          if (piece[0] !== 'v' || !Array.isArray(piece[1])) throw new Error('blob: malformed array piece');
          for (const item of top ? strip(piece[1] as unknown[]) : (piece[1] as unknown[])) out.push(share(item));
        }
        if (out.length !== length) throw new Error('blob: array length mismatch');
        return out;
      }
      case 'o': {
        const [, keys, nullProto] = token as [string, string[], boolean];
        const out: Record<string, unknown> = nullProto ? Object.create(null) : {};
        for (const k of keys) {
          if (keep && !keep.includes(k)) skip();
          else out[k] = decode();
        }
        return out;
      }
      case 't': {
        const [, type, length, pieces] = token as [string, string, number, number];
        const Ctor = TYPED[type];
        if (!Ctor) throw new Error(`blob: unknown typed array ${type}`);
        const bytesPer = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        if (stored) {
          // Where its bytes lie instead of the array: the bodies are read for the caller's hash, or passed over.
          const frames: { at: number; bytes: number }[] = [];
          for (let i = 0; i < pieces; i++) {
            const at = stored.at() + 5;
            const { kind, bytes } = passFrame();
            if (kind !== KIND_RAW) throw new Error('blob: malformed typed array piece');
            frames.push({ at, bytes });
          }
          if (frames.reduce((n, f) => n + f.bytes, 0) !== length * bytesPer) throw new Error('blob: typed array length mismatch');
          return new StoredTypedArray(type, length, frames);
        }
        const buffer = new ArrayBuffer(length * bytesPer);
        const target = new Uint8Array(buffer);
        let at = 0;
        for (let i = 0; i < pieces; i++) {
          const { kind, body } = next();
          if (kind !== KIND_RAW || at + body.byteLength > target.byteLength) throw new Error('blob: malformed typed array piece');
          target.set(body, at);
          at += body.byteLength;
        }
        if (at !== target.byteLength) throw new Error('blob: typed array length mismatch');
        return new Ctor(buffer, 0, length);
      }
      default:
        throw new Error('blob: unknown frame');
    }
  };
  return decode(keptKeys(only), true);
}

/**
 * A typed array left in its blob (decodeBlob with `stored`): its element type and length, and the
 * file offset and size of each raw frame holding its bytes, in order.
 */
export class StoredTypedArray {
  constructor(
    readonly type: string,
    readonly length: number,
    readonly frames: readonly { at: number; bytes: number }[],
  ) {}
}

/**
 * A blob's frames as they come: `nextValue` decodes a value frame's token, `passFrame` reads a frame
 * only to be hashed (or passes over it, with `pass`), `skip` moves past one value's frames without
 * building it (its small header frames are still decoded).
 */
function frameReader(read: (n: number) => Buffer, pass?: (n: number) => void) {
  const next = (): { kind: number; body: Buffer } => {
    const head = read(5);
    return { kind: head[4], body: read(head.readUInt32LE(0)) };
  };
  const nextValue = (): unknown[] => {
    const { kind, body } = next();
    if (kind !== KIND_V8) throw new Error('blob: expected a value frame');
    const token = v8.deserialize(body) as unknown[];
    if (!Array.isArray(token)) throw new Error('blob: malformed frame');
    return token;
  };
  const passFrame = (): { kind: number; bytes: number } => {
    const head = read(5);
    const bytes = head.readUInt32LE(0);
    if (pass) pass(bytes);
    else read(bytes);
    return { kind: head[4], bytes };
  };
  const skip = (token: unknown[] = nextValue()): void => {
    if (token[0] === 'a') for (let i = 0; i < (token[2] as number); i++) passFrame();
    else if (token[0] === 'o') for (let i = 0; i < (token[1] as string[]).length; i++) skip();
    else if (token[0] === 't') for (let i = 0; i < (token[3] as number); i++) passFrame();
  };
  return { next, nextValue, passFrame, skip };
}

/**
 * Where an array lies in a blob: the array itself, or (with `field`) the array under that top-level
 * key of an object blob (enrichment's `sentiment`), the keys before it skipped. Returns the array's
 * first token and, with `field`, the frames to read past after it (the keys after it); undefined when
 * the blob is not a CFBLOB2 blob or holds no such array.
 */
function seekArray(frames: ReturnType<typeof frameReader>, read: (n: number) => Buffer, field?: string): { token: unknown[]; after: () => void } | undefined {
  if (!read(BLOB_MAGIC.length).equals(BLOB_MAGIC)) return undefined;
  const first = frames.nextValue();
  if (field === undefined) return { token: first, after: () => {} };
  if (first[0] !== 'o') return undefined;
  const keys = first[1] as string[];
  const at = keys.indexOf(field);
  if (at < 0) return undefined;
  for (let i = 0; i < at; i++) frames.skip();
  return { token: frames.nextValue(), after: () => keys.slice(at + 1).forEach(() => frames.skip()) };
}

/** The number of items of an array token ('v' leaf or 'a' header); undefined when it is not an array. */
function arrayLength(token: unknown[]): number | undefined {
  if (token[0] === 'a') return token[1] as number;
  if (token[0] === 'v' && Array.isArray(token[1])) return (token[1] as unknown[]).length;
  return undefined;
}

/**
 * The length of the array a blob holds (with `field`, the array under that key of an object blob),
 * from its first frames; undefined when there is no such array. With `pass`, the frames of the keys
 * before `field` are passed over, not read.
 */
export function arrayBlobLength(read: (n: number) => Buffer, field?: string, pass?: (n: number) => void): number | undefined {
  try {
    const found = seekArray(frameReader(read, pass), read, field);
    return found ? arrayLength(found.token) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pieces of an array blob (with `field`, of the array under that key of an object blob), each
 * decoded as it is read (a short array stored as one leaf is one piece). Every frame of the blob is
 * read (hashed by the caller's `read`), or passed over with `pass`, to its end. With `wanted`, a
 * piece (by its place, from 0) that it turns down is not decoded: its frame is read for the hash
 * only, or passed over.
 */
export function* decodeArrayPieces(read: (n: number) => Buffer, field?: string, pass?: (n: number) => void, wanted?: (piece: number) => boolean): Generator<unknown[]> {
  const frames = frameReader(read, pass);
  const found = seekArray(frames, read, field);
  if (!found || arrayLength(found.token) === undefined) throw new Error(field === undefined ? 'blob: not an array' : `blob: no array under '${field}'`);
  const { token, after } = found;
  if (token[0] === 'v') yield token[1] as unknown[];
  else {
    for (let i = 0; i < (token[2] as number); i++) {
      if (wanted && !wanted(i)) {
        if (frames.passFrame().kind !== KIND_V8) throw new Error('blob: malformed array piece');
        continue;
      }
      const piece = frames.nextValue();
      if (piece[0] !== 'v' || !Array.isArray(piece[1])) throw new Error('blob: malformed array piece');
      yield piece[1] as unknown[];
    }
  }
  after();
}
