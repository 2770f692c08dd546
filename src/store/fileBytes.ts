/**
 * Whole reads and writes on a file descriptor: `fs.writeSync` and `fs.readSync` may move fewer bytes
 * than asked (a file-size limit, a full disk, the file's end), so every caller would loop. The store's
 * blobs and the spilled arrays beside them use these.
 */
import fs from 'node:fs';

/** Writes every byte of `bytes` at `position` (the file's current offset when omitted); throws what writeSync throws. */
export function writeFully(fd: number, bytes: Uint8Array, position?: number): void {
  let done = 0;
  while (done < bytes.byteLength) done += fs.writeSync(fd, bytes, done, bytes.byteLength - done, position === undefined ? null : position + done);
}

/** Fills `target` from `position`; returns how many bytes it got (fewer than its length only at the file's end). */
export function readFully(fd: number, target: Uint8Array, position: number): number {
  let got = 0;
  while (got < target.byteLength) {
    const n = fs.readSync(fd, target, got, target.byteLength - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
