/**
 * Atomic report writes: an analyst opening a file sees either the previous version or the whole
 * new one, never half of it, and a crash leaves only a hidden temp file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomicFile.js';
import { OutputError } from '../store/outputError.js';

/** Writes `data` to a temp file in the same folder, fsyncs it, renames it over `file`, then fsyncs the folder. */
export function writeAtomic(file: string, data: string | Buffer): void {
  writeFileAtomic(file, data);
  syncDir(path.dirname(file));
}

/** Makes a rename inside `dir` durable (the rename itself lives in the directory's data). */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) refuse to open or fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Points the symlink `link` at `target` in one step: a new link is made under a temp name and
 * renamed over the old one, so readers always find either the old or the new run.
 */
export function replaceSymlink(target: string, link: string): void {
  const dir = path.dirname(link);
  const tmp = path.join(dir, `.${path.basename(link)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  // Windows needs a junction (no admin rights) and junctions need absolute targets.
  if (process.platform === 'win32') fs.symlinkSync(path.resolve(dir, target), tmp, 'junction');
  else fs.symlinkSync(target, tmp);
  try {
    const existing = fs.lstatSync(link, { throwIfNoEntry: false });
    if (existing && !existing.isSymbolicLink()) {
      throw new OutputError(
        `${link} exists and is not a symlink, so it cannot be switched to the new run. Fix: move or delete ${link}; crossframe recreates it as a link to the newest run.`,
        link,
        'EEXIST',
      );
    }
    fs.renameSync(tmp, link);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}
