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
 *   kind 2 (ref): 32 bytes of another blob's sha256, then its file offset and length (8 bytes each,
 *                 little-endian): the frames at those bytes of that blob stand here, as if written
 *                 here: the pieces a new value shares with the value it grew from (a night's sentence
 *                 vectors and sentences: the corpus's rows, the new articles' after them). A referred
 *                 range holds no reference itself, so a reader follows one step, never a chain.
 *
 * Plain objects of at most MAX_SPLIT_KEYS keys are split down to MAX_SPLIT_DEPTH levels (dataset ->
 * enrichment -> sentenceVectors),
 * arrays longer than ARRAY_PIECE are cut into slices of ARRAY_PIECE elements, typed arrays into
 * RAW_PIECE_BYTES. The decoded value equals what v8.deserialize(v8.serialize(value)) gives for
 * the plain record trees of src/records.ts (the datasets share no object between two places). A
 * SpilledFloat32Array (spilledArray.ts) is written as the Float32Array of its values (its pieces
 * that lie whole in a range it borrowed from a stored array as references to that array's frames),
 * a SpilledRecordArray as the array of its records (its pieces are already the frames' bodies; those
 * it borrowed whole from a stored array as references to that array's frames).
 * The blob's name is the sha256 of all its bytes, computed while they are written: a reference is
 * its 48 bytes, and the referred blob answers for its own bytes by its name (the store checks it
 * before following a reference into it).
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
const KIND_REF = 2;
/** A reference's body: the referred blob's sha256, then offset and length of the referred frames. */
const REF_BYTES = 32 + 8 + 8;
const FRAME_HEAD = 5;
/**
 * The most blobs one value refers to: each night's value refers to the blobs of the nights before
 * (their new rows live there), so past this many the value is written out whole instead (compacted),
 * and a read never opens more files than this, nor does pruning keep every night's blob for ever.
 */
export const MAX_REFERRED_BLOBS = 16;

/** Where a raw frame's body lies: in blob `blob` (a sha256; undefined: the blob being read) at file offset `at`. */
export interface RawFrame {
  blob?: string;
  at: number;
  bytes: number;
}

/** The frames at `bytes` bytes from file offset `at` of blob `blob` (a reference's target). */
export interface BlobRef {
  blob: string;
  at: number;
  bytes: number;
}

/**
 * Reads a referred range of another blob (the store opens it, having checked that blob): `read(n)`
 * returns exactly n bytes, `pass(n)` moves over n bytes, `at()` is the file offset of the next byte.
 */
export interface RangeReader {
  read: (n: number) => Buffer;
  pass: (n: number) => void;
  at: () => number;
}

/** Opens a reference's range; throws when the referred blob is missing or damaged. */
export type OpenRef = (ref: BlobRef) => RangeReader;

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
      // Pieces it borrowed whole, frame for frame, become references (unless they lie in too many blobs).
      const refs = referenceFrames(frame);
      const shares = (i: number) => v.borrowedFrame(i * RAW_PIECE_BYTES, Math.min((i + 1) * RAW_PIECE_BYTES, v.byteLength));
      const refer = fewBlobs(Array.from({ length: pieces }, (_, i) => shares(i)?.blob));
      for (let i = 0; i < pieces; i++) {
        const start = i * RAW_PIECE_BYTES;
        const end = Math.min(start + RAW_PIECE_BYTES, v.byteLength);
        const shared = refer ? shares(i) : undefined;
        if (shared) refs.add(shared);
        else {
          refs.flush();
          frame(KIND_RAW, v.bytes(start, end));
        }
      }
      refs.flush();
      return;
    }
    if (v instanceof SpilledRecordArray) {
      // Its pieces are the bodies of ['v', slice] frames of ARRAY_PIECE items; one piece is the array's
      // own leaf. Pieces borrowed from a stored array become references to their frames there.
      if (v.length > ARRAY_PIECE) put(['a', v.length, Math.ceil(v.length / ARRAY_PIECE)]);
      const refs = referenceFrames(frame);
      const refer = fewBlobs(v.bodies.map((body) => body.borrowed?.blob));
      v.bodies.forEach(({ borrowed, at, bytes }, k) => {
        if (borrowed && refer) refs.add({ blob: borrowed.blob, at, bytes });
        else {
          refs.flush();
          frame(KIND_V8, v.body(k));
        }
      });
      refs.flush();
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

/** True when the pieces that could be references lie in at most MAX_REFERRED_BLOBS blobs. */
function fewBlobs(blobs: readonly (string | undefined)[]): boolean {
  return new Set(blobs.filter((b) => b !== undefined)).size <= MAX_REFERRED_BLOBS;
}

/**
 * Writes references to other blobs' frames (`add`: a frame body's blob, offset and size), merging
 * consecutive frames of one blob into one reference; `flush` before any other frame is written.
 */
function referenceFrames(frame: (kind: number, body: Uint8Array) => void) {
  let pending: BlobRef | undefined;
  return {
    add(shared: BlobRef): void {
      const head = shared.at - FRAME_HEAD;
      if (pending && pending.blob === shared.blob && pending.at + pending.bytes === head) pending.bytes += FRAME_HEAD + shared.bytes;
      else {
        this.flush();
        pending = { blob: shared.blob, at: head, bytes: FRAME_HEAD + shared.bytes };
      }
    },
    flush(): void {
      if (pending) frame(KIND_REF, refBody(pending));
      pending = undefined;
    },
  };
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
export function decodeBlob(read: (n: number) => Buffer, only?: readonly string[], stored?: { at: () => number }, pass?: (n: number) => void, openRef?: OpenRef): unknown {
  const magic = read(BLOB_MAGIC.length);
  if (!magic.equals(BLOB_MAGIC)) throw new Error('not a CFBLOB2 blob');
  const { next, nextValue, passFrame, skip, finish } = frameReader(read, pass, openRef, stored?.at);
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
          const frames: RawFrame[] = [];
          for (let i = 0; i < pieces; i++) {
            const { kind, ...where } = passFrame();
            if (kind !== KIND_RAW) throw new Error('blob: malformed typed array piece');
            frames.push(where);
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
  const value = decode(keptKeys(only), true);
  finish();
  return value;
}

/**
 * A typed array left in its blob (decodeBlob with `stored`): its element type and length, and where
 * each raw frame holding its bytes lies (this blob's file, or another's that a reference names), in order.
 */
export class StoredTypedArray {
  constructor(
    readonly type: string,
    readonly length: number,
    readonly frames: readonly RawFrame[],
  ) {}
}

/**
 * A blob's frames as they come: `nextValue` decodes a value frame's token, `passFrame` reads a frame
 * only to be hashed (or passes over it, with `pass`) and says where its body lay, `skip` moves past
 * one value's frames without building it (its small header frames are still decoded). A reference
 * frame is followed where it stands (`openRef`): the frames of its range come next, read from the
 * referred blob, and `finish` checks that the last range was read to its end.
 */
function frameReader(read: (n: number) => Buffer, pass?: (n: number) => void, openRef?: OpenRef, at?: () => number) {
  // The referred range being read, and the file offset where it ends.
  let inRef: { reader: RangeReader; blob: string; end: number } | undefined;
  /** The next frame's kind and body length, references followed; its body is what `body(n)` reads next. */
  const head = (): { kind: number; bytes: number } => {
    for (;;) {
      if (inRef && inRef.reader.at() >= inRef.end) inRef = undefined;
      const h = inRef ? inRef.reader.read(FRAME_HEAD) : read(FRAME_HEAD);
      const kind = h[4];
      const bytes = h.readUInt32LE(0);
      if (kind !== KIND_REF) {
        if (inRef && inRef.reader.at() + bytes > inRef.end) throw new Error('blob: a referred frame runs past its range');
        return { kind, bytes };
      }
      if (inRef) throw new Error('blob: a referred range holds a reference');
      if (bytes !== REF_BYTES) throw new Error('blob: malformed reference');
      const ref = parseRef(read(bytes));
      if (!openRef) throw new Error(`blob: refers to blob ${ref.blob}, and no store was given to read it from`);
      inRef = { reader: openRef(ref), blob: ref.blob, end: ref.at + ref.bytes };
    }
  };
  const body = (n: number): Buffer => (inRef ? inRef.reader.read(n) : read(n));
  const next = (): { kind: number; body: Buffer } => {
    const { kind, bytes } = head();
    return { kind, body: body(bytes) };
  };
  const nextValue = (): unknown[] => {
    const { kind, body } = next();
    if (kind !== KIND_V8) throw new Error('blob: expected a value frame');
    const token = v8.deserialize(body) as unknown[];
    if (!Array.isArray(token)) throw new Error('blob: malformed frame');
    return token;
  };
  const passFrame = (): { kind: number } & RawFrame => {
    const { kind, bytes } = head();
    if (inRef) {
      const where = { kind, blob: inRef.blob, at: inRef.reader.at(), bytes };
      inRef.reader.pass(bytes);
      return where;
    }
    const where = { kind, at: at ? at() : NaN, bytes };
    if (pass) pass(bytes);
    else read(bytes);
    return where;
  };
  const skip = (token: unknown[] = nextValue()): void => {
    if (token[0] === 'a') for (let i = 0; i < (token[2] as number); i++) passFrame();
    else if (token[0] === 'o') for (let i = 0; i < (token[1] as string[]).length; i++) skip();
    else if (token[0] === 't') for (let i = 0; i < (token[3] as number); i++) passFrame();
  };
  const finish = (): void => {
    if (inRef && inRef.reader.at() < inRef.end) throw new Error('blob: a referred range holds more frames than its value');
  };
  return { next, nextValue, passFrame, skip, finish };
}

/** A reference's body (KIND_REF). */
function refBody(ref: BlobRef): Buffer {
  if (!/^[0-9a-f]{64}$/.test(ref.blob)) throw new Error(`blob: cannot refer to '${ref.blob}', not a sha256`);
  const body = Buffer.alloc(REF_BYTES);
  body.write(ref.blob, 0, 'hex');
  body.writeBigUInt64LE(BigInt(ref.at), 32);
  body.writeBigUInt64LE(BigInt(ref.bytes), 40);
  return body;
}

function parseRef(body: Buffer): BlobRef {
  const at = body.readBigUInt64LE(32);
  const bytes = body.readBigUInt64LE(40);
  if (at > BigInt(Number.MAX_SAFE_INTEGER) || bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('blob: malformed reference');
  return { blob: body.subarray(0, 32).toString('hex'), at: Number(at), bytes: Number(bytes) };
}

/**
 * The blobs a blob's references name, from its frame heads (bodies passed over): what pruning must
 * keep beside it. `read(n, at)` reads n bytes at file offset `at`; `size` is the file's. Empty for a
 * blob of the earlier format.
 */
export function blobReferences(read: (n: number, at: number) => Buffer, size: number): string[] {
  if (size < BLOB_MAGIC.length || !read(BLOB_MAGIC.length, 0).equals(BLOB_MAGIC)) return [];
  const out = new Set<string>();
  for (let at = BLOB_MAGIC.length; at + FRAME_HEAD <= size; ) {
    const h = read(FRAME_HEAD, at);
    const bytes = h.readUInt32LE(0);
    if (h[4] === KIND_REF && bytes === REF_BYTES && at + FRAME_HEAD + bytes <= size) out.add(parseRef(read(bytes, at + FRAME_HEAD)).blob);
    at += FRAME_HEAD + bytes;
  }
  return [...out];
}

/**
 * Where an array lies in a blob: the array itself, or (with `field`) the array under that key of an
 * object blob (enrichment's `sentiment`; a dotted path names keys of nested objects,
 * `sentenceVectors.ids`), the keys before it skipped. Returns the array's
 * first token and, with `field`, the frames to read past after it (the keys after it); undefined when
 * the blob is not a CFBLOB2 blob or holds no such array.
 */
function seekArray(frames: ReturnType<typeof frameReader>, read: (n: number) => Buffer, field?: string): { token: unknown[]; after: () => void } | undefined {
  if (!read(BLOB_MAGIC.length).equals(BLOB_MAGIC)) return undefined;
  let token = frames.nextValue();
  if (field === undefined) return { token, after: () => {} };
  // A dotted field ('sentenceVectors.ids') goes down one object per name; what follows the array at
  // each level is passed over after it, innermost first.
  const rest: (() => void)[] = [];
  for (const name of field.split('.')) {
    if (token[0] !== 'o') return undefined;
    const keys = token[1] as string[];
    const at = keys.indexOf(name);
    if (at < 0) return undefined;
    for (let i = 0; i < at; i++) frames.skip();
    rest.unshift(() => keys.slice(at + 1).forEach(() => frames.skip()));
    token = frames.nextValue();
  }
  return { token, after: () => rest.forEach((skipRest) => skipRest()) };
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
export function arrayBlobLength(read: (n: number) => Buffer, field?: string, pass?: (n: number) => void, openRef?: OpenRef): number | undefined {
  try {
    const found = seekArray(frameReader(read, pass, openRef), read, field);
    return found ? arrayLength(found.token) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the pieces of an array blob lie (with `field`, of the array under that key of an object
 * blob): its length and each piece's frame body (in this blob, or in a blob a reference names), none
 * decoded; undefined for an array stored as one leaf, or no array. The whole blob is read (hashed by
 * the caller's `read`) or passed over with `pass`; `at` is the file offset of the next byte `read` gives.
 */
export function arrayPieceFrames(read: (n: number) => Buffer, at: () => number, field?: string, pass?: (n: number) => void, openRef?: OpenRef): { length: number; pieces: RawFrame[] } | undefined {
  const frames = frameReader(read, pass, openRef, at);
  const found = seekArray(frames, read, field);
  if (!found || found.token[0] !== 'a') {
    if (found) {
      frames.skip(found.token);
      found.after();
    }
    return undefined;
  }
  const [, length, count] = found.token as [string, number, number];
  const pieces: RawFrame[] = [];
  for (let i = 0; i < count; i++) {
    const { kind, ...where } = frames.passFrame();
    if (kind !== KIND_V8) throw new Error('blob: malformed array piece');
    pieces.push(where);
  }
  found.after();
  frames.finish();
  return { length, pieces };
}

/**
 * The pieces of an array blob (with `field`, of the array under that key of an object blob), each
 * decoded as it is read (a short array stored as one leaf is one piece). Every frame of the blob is
 * read (hashed by the caller's `read`), or passed over with `pass`, to its end. With `wanted`, a
 * piece (by its place, from 0) that it turns down is not decoded: its frame is read for the hash
 * only, or passed over.
 */
export function* decodeArrayPieces(read: (n: number) => Buffer, field?: string, pass?: (n: number) => void, wanted?: (piece: number) => boolean, openRef?: OpenRef): Generator<unknown[]> {
  const frames = frameReader(read, pass, openRef);
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
  frames.finish();
}
