/**
 * Write-then-rename in the target's own folder (rename is atomic only within one file system),
 * with fsync so a power cut cannot leave a renamed but empty file. A failed write (full disk,
 * file-size limit, unwritable folder) throws an OutputError naming the file and the fix, and
 * leaves neither the temp file nor a truncated target behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asOutputError, type OutputSetting } from './outputError.js';

/** `setting` names where the user moves the folder if it cannot be written (see OutputError). */
export function writeFileAtomic(file: string, data: string | Buffer, setting: OutputSetting = '--output'): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w');
  } catch (err) {
    throw asOutputError(err, file, setting);
  }
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
