/**
 * Large stage outputs kept in a file while they are made, instead of memory.
 *
 * A Float32Array kept in a file while it is filled, so a stage's largest output never sits in memory:
 * enrich's sentence vectors are 684 MB of float32 at 20,500 articles, and the store writes them to
 * a blob right after the stage returns (the readers take rows from that blob, never the whole array).
 *
 * The file is made in the store's folder and unlinked at once: only its descriptor holds it, so a
 * run that dies (SIGKILL, out of memory) leaves nothing on disk. `encodeBlob` writes a
 * SpilledFloat32Array exactly as it writes the Float32Array of the same values (same frames, same
 * bytes, same hash), and the catalog closes it once saved; where the store cannot be written, the
 * catalog reads it back into memory instead (`materializeSpilled`).
 *
 * Example:
 *   const spill = openFloat32Spill(dir, rows * dim);
 *   spill.write(chunkRows, firstRow * dim);
 *   const data = spill.finish(); // a SpilledFloat32Array for the catalog to save
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { readFully, writeFully } from './fileBytes.js';
import type { DatasetStream } from './datasetStream.js';
import type { StoredFrames } from '../records.js';
import { frameBytes } from './frameBytes.js';

/** Items per piece of an array stored in a blob (blobCodec.ts): a record spill writes pieces of this size. */
export const ARRAY_PIECE = 1000;

/** A spill's file (unlinked: only the descriptor holds it), read until it is closed. */
abstract class SpillFile {
  private closed = false;
  constructor(
    /** The descriptor of the file; closed by `close` (the catalog's `closeSpilled`). */
    protected readonly fd: number,
    /** What the errors call it. */
    private readonly what: string,
  ) {}

  /** Closes the file (idempotent): nothing reads it after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /** Fills `target` from byte offset `start` of the file. */
  protected readAt(target: Uint8Array, start: number): Uint8Array {
    if (this.closed) throw new Error(`${this.what}: read after its file was closed`);
    const got = readFully(this.fd, target, start);
    if (got < target.byteLength) throw new Error(`${this.what}: the file ended at byte ${start + got} of ${start + target.byteLength}; the disk under models.cacheDir may be full or failing.`);
    return target;
  }
}

export type { StoredFrames };

/** A spill's first `bytes` bytes, taken from a stored array (`frames`) instead of its file. */
export interface Borrowed {
  bytes: number;
  frames: StoredFrames;
}

export class SpilledFloat32Array extends SpillFile {
  readonly type = 'Float32Array';
  /** Byte offset in the array where each borrowed frame starts. */
  private readonly borrowedStarts: number[];
  constructor(
    readonly length: number,
    fd: number,
    /** Its first bytes, held by a stored array (Float32Spill.borrow): the file holds the rest. */
    readonly borrowed?: Borrowed,
  ) {
    super(fd, 'spilled array');
    this.borrowedStarts = frameStarts(borrowed?.frames ?? []);
  }

  get byteLength(): number {
    return this.length * Float32Array.BYTES_PER_ELEMENT;
  }

  /** The bytes from byte offset `start` to `end`: the borrowed ones from their blobs, the rest from the file. */
  bytes(start: number, end: number): Uint8Array {
    const out = new Uint8Array(end - start);
    const split = Math.min(Math.max(this.borrowed?.bytes ?? 0, start), end);
    if (split > start) readStored(this.borrowed!.frames, out.subarray(0, split - start), start);
    if (end > split) this.readAt(out.subarray(split - start), split);
    return out;
  }

  /**
   * The borrowed frame that holds exactly bytes `start` to `end` of the array (the blob encoder
   * then refers to it instead of writing its bytes); undefined when none does.
   */
  borrowedFrame(start: number, end: number): { blob: string; at: number; bytes: number } | undefined {
    if (!this.borrowed || end > this.borrowed.bytes) return undefined;
    const k = this.borrowedStarts.indexOf(start);
    const frame = k < 0 ? undefined : this.borrowed.frames[k];
    return frame && frame.bytes === end - start ? { blob: frame.blob, at: frame.at, bytes: frame.bytes } : undefined;
  }

  /** The values back in memory. */
  toArray(): Float32Array {
    const out = new Float32Array(this.length);
    new Uint8Array(out.buffer).set(this.bytes(0, this.byteLength));
    return out;
  }
}

/** Byte offset in the array where each frame starts. */
function frameStarts(frames: StoredFrames): number[] {
  const starts: number[] = [];
  let start = 0;
  for (const f of frames) {
    starts.push(start);
    start += f.bytes;
  }
  return starts;
}

/** Fills `target` with the bytes from byte offset `start` of the array the frames hold (frameBytes.ts), its files closed after. */
function readStored(frames: StoredFrames, target: Uint8Array, start: number): Uint8Array {
  const stored = frameBytes(frames, 'the stored array a spill borrowed from');
  try {
    stored.read(target, start);
  } finally {
    stored.close();
  }
  return target;
}

export interface Float32Spill {
  /** Writes `values` at element offset `at`. */
  write(values: Float32Array, at: number): void;
  /**
   * The first `elements` values are those of the stored array `frames` holds (its first `elements`):
   * they are not written, and the store refers to its whole frames among them instead of copying
   * them (blobCodec.ts). Every write must then lie after them.
   */
  borrow(frames: StoredFrames, elements: number): void;
  /**
   * The filled array (an error unless every value was written): spilled, or the values in memory
   * when the file could not take them all.
   */
  finish(): SpilledFloat32Array | Float32Array;
  /** Closes the file without an array (a stage that failed). */
  discard(): void;
}

let spillCount = 0;

/** A new file in `dir`, unlinked at once (only its descriptor holds it); undefined when none can be made there. */
function openUnlinked(dir: string): number | undefined {
  const file = path.join(dir, `.spill.${process.pid}.${Date.now().toString(36)}.${(spillCount++).toString(36)}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'w+');
  } catch {
    return undefined;
  }
  fs.rmSync(file, { force: true });
  return fd;
}

/** A spill of `length` float32 values in `dir`; undefined when no file can be made there (then keep the array in memory). */
export function openFloat32Spill(dir: string, length: number): Float32Spill | undefined {
  const fd = openUnlinked(dir);
  if (fd === undefined) return undefined;
  let written = 0;
  let open = true;
  /** The values, once the file could not take them (full disk, file-size limit). */
  let memory: Float32Array | undefined;
  let borrowed: Borrowed | undefined;
  /** The lowest element offset written, to check it lies after the borrowed values. */
  let lowest = length;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  /**
   * The file cannot grow: what it holds comes back into memory and the rest is kept there, so the
   * run goes on as without a spill (the store warns, naming models.cacheDir, when it cannot write
   * the blob either).
   */
  const toMemory = () => {
    memory = new Float32Array(length);
    const bytes = new Uint8Array(memory.buffer);
    readFully(fd, bytes.subarray(0, Math.min(fs.fstatSync(fd).size, bytes.byteLength)), 0);
    close();
  };
  return {
    write(values, at) {
      written += values.length;
      if (values.length) lowest = Math.min(lowest, at);
      if (!memory) {
        try {
          writeFully(fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at * Float32Array.BYTES_PER_ELEMENT);
          return;
        } catch {
          toMemory();
        }
      }
      memory!.set(values, at);
    },
    borrow(frames, elements) {
      const bytes = elements * Float32Array.BYTES_PER_ELEMENT;
      if (borrowed || elements > length || frames.reduce((n, f) => n + f.bytes, 0) < bytes) {
        close();
        throw new Error(`spilled array: cannot borrow ${elements} values${borrowed ? ' twice' : ` from a stored array of ${frames.reduce((n, f) => n + f.bytes, 0) / 4}`}`);
      }
      borrowed = { bytes, frames };
    },
    finish() {
      const taken = borrowed ? borrowed.bytes / Float32Array.BYTES_PER_ELEMENT : 0;
      if (written + taken !== length || lowest < taken) {
        close();
        throw new Error(`spilled array: ${written} of ${length - taken} values written${lowest < taken ? `, one at ${lowest} among the ${taken} borrowed` : ''}`);
      }
      if (memory && borrowed) {
        // Back in memory (the file could not take the rest): the borrowed values are read in too.
        readStored(borrowed.frames, new Uint8Array(memory.buffer, 0, borrowed.bytes), 0);
      }
      return memory ?? new SpilledFloat32Array(length, fd, borrowed);
    },
    discard: close,
  };
}

/**
 * A stored array's pieces, in order (each the v8 body of a `['v', slice]` frame): the blob that holds
 * it (a sha256, for a reference to it), its file (to read it), the body's offset and size there, and
 * its number of items (ARRAY_PIECE but for the last).
 */
export type StoredPieces = readonly { blob: string; file: string; at: number; bytes: number; items: number }[];

/** Where a spilled record array's piece body lies: its file (`at`), or a stored array's blob (`borrowed`). */
export interface PieceBody {
  at: number;
  bytes: number;
  borrowed?: { blob: string; file: string };
}

/**
 * An array of records kept in a file as it is made (segment's sentences: 2.2 M at 50,000 articles,
 * ~1.4 GB of heap whole), already in the form its blob takes: pieces of ARRAY_PIECE items, each the
 * v8 body of the blob's `['v', slice]` value frame. `encodeBlob` copies the pieces as they are, so
 * the blob (and its hash) is the one the array in memory gives, but for pieces borrowed whole from a
 * stored array (RecordSpill.borrow), which it refers to. As a DatasetStream it reads the pieces back
 * one at a time (`pieces()`), which is how a summary or a fallback reads it.
 */
export class SpilledRecordArray<T = unknown> extends SpillFile implements DatasetStream<T> {
  constructor(
    readonly length: number,
    /** Each piece's v8 body, in order: in this file, or borrowed from a stored array's blob. */
    readonly bodies: readonly PieceBody[],
    fd: number,
  ) {
    super(fd, 'spilled records');
  }

  /** The v8 body of piece k. */
  body(k: number): Uint8Array {
    const body = this.bodies[k];
    return body.borrowed ? readBorrowedBody(body) : this.readAt(new Uint8Array(body.bytes), body.at);
  }

  /** The v8 bodies of the pieces, in order: one piece in memory at a time. */
  *pieceBodies(): Generator<Uint8Array> {
    for (let k = 0; k < this.bodies.length; k++) yield this.body(k);
  }

  *pieces(): Generator<T[]> {
    for (const body of this.pieceBodies()) yield pieceItems<T>(body);
  }

  /** The records back in memory. */
  toArray(): T[] {
    const out: T[] = [];
    for (const piece of this.pieces()) for (const item of piece) out.push(item);
    return out;
  }
}

/** A borrowed piece's body, read from the blob that holds it. */
function readBorrowedBody(body: PieceBody): Uint8Array {
  return readStored([{ blob: body.borrowed!.blob, file: body.borrowed!.file, at: body.at, bytes: body.bytes }], new Uint8Array(body.bytes), 0);
}

/** The records of one stored array piece (StoredPieces), read from the blob that holds it. */
export function storedPieceItems<T>(piece: StoredPieces[number]): T[] {
  return pieceItems<T>(readBorrowedBody({ at: piece.at, bytes: piece.bytes, borrowed: piece }));
}

/** The items of a piece's v8 body (`['v', items]`). */
function pieceItems<T>(body: Uint8Array): T[] {
  const token = v8.deserialize(body) as unknown[];
  if (!Array.isArray(token) || token[0] !== 'v' || !Array.isArray(token[1])) throw new Error('spilled records: malformed piece');
  return token[1] as T[];
}

export interface RecordSpill<T> {
  /** Adds one record at the end. It is serialised when its piece is full: do not change it after. */
  push(item: T): void;
  /**
   * The first `items` records are those of the stored array `pieces` holds (its first `items`): its
   * whole pieces among them are not serialised again (the store refers to them, blobCodec.ts), and the
   * records of a piece it takes in part are read from it. Before any push, once.
   */
  borrow(pieces: StoredPieces, items: number): void;
  /** The records pushed: spilled, or in memory when the file could not take them all. */
  finish(): SpilledRecordArray<T> | T[];
  /** Closes the file without an array (a stage that failed). */
  discard(): void;
}

/** A spill of records in `dir`; undefined when no file can be made there (then keep the array in memory). */
export function openRecordSpill<T>(dir: string): RecordSpill<T> | undefined {
  const fd = openUnlinked(dir);
  if (fd === undefined) return undefined;
  let open = true;
  let piece: T[] = [];
  let length = 0;
  let end = 0;
  const bodies: PieceBody[] = [];
  /** The records, once the file could not take a piece (full disk, file-size limit). */
  let memory: T[] | undefined;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  /** The pieces written so far come back into memory and the rest is kept there, as without a spill. */
  const toMemory = () => {
    memory = new SpilledRecordArray<T>(0, bodies, fd).toArray();
    close();
  };
  const flush = () => {
    if (!memory) {
      const body = v8.serialize(['v', piece]);
      try {
        writeFully(fd, body, end);
        bodies.push({ at: end, bytes: body.byteLength });
        end += body.byteLength;
        piece = [];
        return;
      } catch {
        toMemory();
      }
    }
    for (const item of piece) memory!.push(item);
    piece = [];
  };
  return {
    push(item) {
      piece.push(item);
      length++;
      if (piece.length === ARRAY_PIECE) flush();
    },
    borrow(stored, items) {
      const refuse = (why: string) => {
        close();
        return new Error(`spilled records: cannot borrow ${items} records (${why})`);
      };
      if (length || memory) throw refuse('records were pushed or borrowed before');
      let k = 0;
      for (; k < stored.length && length + stored[k].items <= items && stored[k].items === ARRAY_PIECE; k++) {
        bodies.push({ at: stored[k].at, bytes: stored[k].bytes, borrowed: { blob: stored[k].blob, file: stored[k].file } });
        length += ARRAY_PIECE;
      }
      const rest = items - length;
      if (rest === 0) return;
      if (k >= stored.length || stored[k].items < rest) throw refuse(`the stored array holds ${stored.reduce((n, p) => n + p.items, 0)}`);
      // The records of the piece taken in part start the next piece, as if pushed.
      const taken = storedPieceItems<T>(stored[k]).slice(0, rest);
      if (taken.length !== rest) throw refuse(`its piece ${k} holds ${taken.length} of the ${stored[k].items} records it names`);
      piece = taken;
      length += rest;
    },
    finish() {
      // An empty array is one empty piece, as the blob stores it.
      if (piece.length || (!bodies.length && !memory)) flush();
      return memory ?? new SpilledRecordArray<T>(length, bodies, fd);
    },
    discard: close,
  };
}

/**
 * The spilled arrays held by a dataset value (at most three levels down: dataset -> enrichment ->
 * sentenceVectors -> data); a value that is itself a spilled record array is not held (hasSpilled).
 */
export function spilledArraysOf(value: unknown, depth = 0): { holder: Record<string, unknown>; key: string; array: SpilledFloat32Array | SpilledRecordArray }[] {
  if (depth > 3 || typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof SpilledRecordArray) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    v instanceof SpilledFloat32Array || v instanceof SpilledRecordArray ? [{ holder: value as Record<string, unknown>, key, array: v }] : spilledArraysOf(v, depth + 1),
  );
}

/** True when `value` is or holds a spilled array (a spill's `finish()`). */
export function hasSpilled(value: unknown): boolean {
  return value instanceof SpilledRecordArray || spilledArraysOf(value).length > 0;
}

/**
 * `value` with each spilled array read back into memory (in place, but a spilled record array is
 * itself replaced: the array is returned) and its file closed.
 */
export function materializeSpilled(value: unknown): unknown {
  if (value instanceof SpilledRecordArray) {
    const items = value.toArray();
    value.close();
    return items;
  }
  for (const { holder, key, array } of spilledArraysOf(value)) {
    holder[key] = array.toArray();
    array.close();
  }
  return value;
}

/** Closes the files of the spilled arrays of `value` (saved to the store: nothing reads them again). */
export function closeSpilled(value: unknown): void {
  if (value instanceof SpilledRecordArray) value.close();
  for (const { array } of spilledArraysOf(value)) array.close();
}
