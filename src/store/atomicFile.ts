/**
 * Write-then-rename in the target's own folder (rename is atomic only within one file system),
 * with fsync so a power cut cannot leave a renamed but empty file. A failed write (full disk,
 * file-size limit, unwritable folder) throws an OutputError naming the file and the fix, and
 * leaves neither the temp file nor a truncated target behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { asOutputError, type OutputSetting } from './outputError.js';

/** `setting` names where the user moves the folder if it cannot be written (see OutputError). */
export function writeFileAtomic(file: string, data: string | Buffer, setting: OutputSetting = '--output'): void {
  const { tmp, fd } = openTempBeside(file, setting);
  try {
    // writeFileSync on a descriptor loops over short writes: one writeSync call may write only the
    // bytes that fit under a file-size limit and return their count instead of failing.
    fs.writeFileSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw asOutputError(err, file, setting);
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw asOutputError(err, file, setting);
  }
}

/**
 * The same write-then-rename for a file written in pieces (a report table row by row): bytes go to
 * a temp file as they come, hashed on the way, so the whole file never sits in memory. `commit`
 * fsyncs and renames it over the target; `abort` removes the temp file. Errors are OutputErrors.
 */
export interface AtomicFileWriter {
  /** `owned`: the caller hands the buffer over and never changes it again, so it is kept without a copy. */
  write(bytes: Uint8Array | string, owned?: boolean): void;
  /** Returns the file's size and sha256 (hex). */
  commit(): { bytes: number; sha256: string };
  abort(): void;
}

/** Bytes gathered before one write to the temp file: a table written row by row is not one system call per row. */
const WRITE_BUFFER_BYTES = 1 << 20;

export function openAtomicWriter(file: string, setting: OutputSetting = '--output'): AtomicFileWriter {
  const { tmp, fd } = openTempBeside(file, setting);
  const hash = createHash('sha256');
  let size = 0;
  let open = true;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const fail = (err: unknown): never => {
    if (open) fs.closeSync(fd);
    open = false;
    fs.rmSync(tmp, { force: true });
    throw asOutputError(err, file, setting);
  };
  const flush = () => {
    if (!pendingBytes) return;
    const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    try {
      fs.writeFileSync(fd, bytes);
    } catch (err) {
      fail(err);
    }
  };
  return {
    write(data, owned = false) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      hash.update(bytes);
      size += bytes.length;
      // A large piece is written at once; small ones (a CSV row) are gathered first.
      if (bytes.length >= WRITE_BUFFER_BYTES) {
        flush();
        pending = [bytes];
        pendingBytes = bytes.length;
        flush();
        return;
      }
      // The caller may reuse its buffer after write() returns (unless it hands it over): keep a copy.
      pending.push(typeof data === 'string' || owned ? bytes : Buffer.from(bytes));
      pendingBytes += bytes.length;
      if (pendingBytes >= WRITE_BUFFER_BYTES) flush();
    },
    commit() {
      flush();
      try {
        fs.fsyncSync(fd);
      } catch (err) {
        fail(err);
      }
      fs.closeSync(fd);
      open = false;
      try {
        fs.renameSync(tmp, file);
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw asOutputError(err, file, setting);
      }
      return { bytes: size, sha256: hash.digest('hex') };
    },
    abort() {
      pending = [];
      pendingBytes = 0;
      if (open) fs.closeSync(fd);
      open = false;
      fs.rmSync(tmp, { force: true });
    },
  };
}

/**
 * A node stream over an atomic writer, for a library that writes to a stream (csv-stringify, exceljs).
 * `freshChunks`: the producer never touches a chunk again once written (csv-stringify pushes strings,
 * which the stream turns into new buffers), so chunks are kept without a copy; sentences.csv writes one
 * small chunk per row. Otherwise (exceljs's zip streams, not checked) each chunk is copied.
 */
export function writableOf(out: AtomicFileWriter, freshChunks = false): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        out.write(chunk, freshChunks);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** A new temp file in the target's folder, named after it, process and time (so two writers never share one). */
function openTempBeside(file: string, setting: OutputSetting): { tmp: string; fd: number } {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    return { tmp, fd: fs.openSync(tmp, 'w') };
  } catch (err) {
    throw asOutputError(err, file, setting);
  }
}
