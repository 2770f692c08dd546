/**
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
import { readFully, writeFully } from './fileBytes.js';

export class SpilledFloat32Array {
  readonly type = 'Float32Array';
  constructor(
    readonly length: number,
    /** The descriptor of the (unlinked) file holding the values; closed by `closeSpilled`. */
    readonly fd: number,
  ) {}

  get byteLength(): number {
    return this.length * Float32Array.BYTES_PER_ELEMENT;
  }

  /** The bytes from byte offset `start` to `end`, read from the file. */
  bytes(start: number, end: number): Uint8Array {
    return this.readInto(new Uint8Array(end - start), start);
  }

  /** The values back in memory. */
  toArray(): Float32Array {
    const out = new Float32Array(this.length);
    this.readInto(new Uint8Array(out.buffer), 0);
    return out;
  }

  /** Closes the file (idempotent): nothing reads the values after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private closed = false;

  private readInto(target: Uint8Array, start: number): Uint8Array {
    if (this.closed) throw new Error('spilled array: read after its file was closed');
    const got = readFully(this.fd, target, start);
    if (got < target.byteLength) throw new Error(`spilled array: its file ended at byte ${start + got} of ${this.byteLength}; the disk under models.cacheDir may be full or failing.`);
    return target;
  }
}

export interface Float32Spill {
  /** Writes `values` at element offset `at`. */
  write(values: Float32Array, at: number): void;
  /**
   * The filled array (an error unless every value was written): spilled, or the values in memory
   * when the file could not take them all.
   */
  finish(): SpilledFloat32Array | Float32Array;
  /** Closes the file without an array (a stage that failed). */
  discard(): void;
}

let spillCount = 0;

/** A spill of `length` float32 values in `dir`; undefined when no file can be made there (then keep the array in memory). */
export function openFloat32Spill(dir: string, length: number): Float32Spill | undefined {
  const file = path.join(dir, `.spill.${process.pid}.${Date.now().toString(36)}.${(spillCount++).toString(36)}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'w+');
  } catch {
    return undefined;
  }
  fs.rmSync(file, { force: true });
  let written = 0;
  let open = true;
  /** The values, once the file could not take them (full disk, file-size limit). */
  let memory: Float32Array | undefined;
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
    finish() {
      if (written !== length) {
        close();
        throw new Error(`spilled array: ${written} of ${length} values written`);
      }
      return memory ?? new SpilledFloat32Array(length, fd);
    },
    discard: close,
  };
}

/** The spilled arrays of a dataset value (at most three levels down: dataset -> enrichment -> sentenceVectors -> data). */
export function spilledArraysOf(value: unknown, depth = 0): { holder: Record<string, unknown>; key: string; array: SpilledFloat32Array }[] {
  if (depth > 3 || typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    v instanceof SpilledFloat32Array ? [{ holder: value as Record<string, unknown>, key, array: v }] : spilledArraysOf(v, depth + 1),
  );
}

/** Reads each spilled array of `value` back into memory, in place, and closes its file. */
export function materializeSpilled(value: unknown): void {
  for (const { holder, key, array } of spilledArraysOf(value)) {
    holder[key] = array.toArray();
    array.close();
  }
}

/** Closes the files of the spilled arrays of `value` (saved to the store: nothing reads them again). */
export function closeSpilled(value: unknown): void {
  for (const { array } of spilledArraysOf(value)) array.close();
}
