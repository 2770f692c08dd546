/**
 * Bytes of an array stored frame by frame, perhaps across blobs (StoredFrames: a table grown from the
 * night before refers to that night's frames): a stored vector table's rows (vectorSource.ts) and a
 * spill's borrowed values and pieces (spilledArray.ts) are read through it. Each file is opened on
 * first use and kept until `close`.
 *
 *   const bytes = frameBytes(frames, 'the stored vector table');
 *   try { bytes.read(target, 4096); } finally { bytes.close(); }
 */
import fs from 'node:fs';
import type { StoredFrames } from '../records.js';
import { readFully } from './fileBytes.js';

export function frameBytes(frames: StoredFrames, what: string): { read: (target: Uint8Array, start: number) => void; close: () => void } {
  // Byte offset in the array where each frame starts, to find the frame of any byte.
  const starts: number[] = [];
  let total = 0;
  for (const f of frames) {
    starts.push(total);
    total += f.bytes;
  }
  const fds = new Map<string, number>();
  const fdOf = (file: string) => {
    let fd = fds.get(file);
    if (fd === undefined) fds.set(file, (fd = fs.openSync(file, 'r')));
    return fd;
  };
  return {
    /** Fills `target` with the array's bytes from byte offset `start`. */
    read(target, start) {
      if (start + target.byteLength > total) throw new Error(`${what}: bytes ${start}-${start + target.byteLength} lie past its ${total} bytes`);
      for (let done = 0; done < target.byteLength; ) {
        const at = start + done;
        const k = upperBound(starts, at) - 1;
        const frame = frames[k];
        const inFrame = at - starts[k];
        const n = Math.min(target.byteLength - done, frame.bytes - inFrame);
        if (readFully(fdOf(frame.file), target.subarray(done, done + n), frame.at + inFrame) < n) {
          throw new Error(`${frame.file}: ${what} ends early (removed or damaged since it was opened). Fix: run again; the store recomputes it.`);
        }
        done += n;
      }
    },
    close() {
      for (const fd of fds.values()) fs.closeSync(fd);
      fds.clear();
    },
  };
}

/** The first index whose value is greater than x (values ascending). */
function upperBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
