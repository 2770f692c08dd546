/**
 * Temporary folders a test file makes, removed when that file's tests end: a suite run must not
 * leave stores, locks and reports behind in os.tmpdir() (a developer's machine runs it many times).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under os.tmpdir() (its real path: macOS links /var to /private/var). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));
  made.push(dir);
  return dir;
}
