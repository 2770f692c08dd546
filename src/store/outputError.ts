/**
 * A write that failed because of where crossframe writes (full disk, file-size limit, read-only or
 * unwritable folder, a file where a folder should be), turned into one message that names the path
 * and the fix. The CLI prints it without a stack trace and exits 1; the previous run stays published.
 */
import { CrossframeError } from '../runtime/errors.js';

export class OutputError extends CrossframeError {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Where the user changes the folder that failed: reports go to --output, caches to models.cacheDir. */
export type OutputSetting = '--output' | 'models.cacheDir';

const PROBLEMS: Record<string, (setting: OutputSetting) => string> = {
  ENOSPC: (s) => `no space left on the device. Fix: free disk space, or choose another ${s}`,
  EDQUOT: (s) => `the disk quota is used up. Fix: free space in the quota, or choose another ${s}`,
  EFBIG: (s) => `the file is larger than the file-size limit (ulimit -f) or the file system allows. Fix: raise the limit, free disk space, or choose another ${s}`,
  EACCES: (s) => `permission denied. Fix: make the folder writable for this user, or choose another ${s}`,
  EPERM: (s) => `operation not permitted. Fix: make the folder writable for this user, or choose another ${s}`,
  EROFS: (s) => `the file system is read-only. Fix: choose another ${s} on a writable disk`,
  ENOTDIR: (s) => `a part of the path is a file, not a folder. Fix: choose another ${s}, or move that file away`,
  EEXIST: (s) => `a file is in the way of the folder. Fix: choose another ${s}, or move that file away`,
  EISDIR: (s) => `a folder is in the way of a file. Fix: remove it, or choose another ${s}`,
  ENOENT: (s) => `the folder disappeared while crossframe was writing to it. Fix: make sure nothing else deletes it, or choose another ${s}`,
  EIO: (s) => `the disk reported an input/output error (full, failing or gone). Fix: check the disk, or choose another ${s}`,
  // better-sqlite3 reports file-system failures with SQLite's own codes.
  SQLITE_CANTOPEN: (s) => `the database file cannot be created or opened. Fix: make the folder writable, or choose another ${s}`,
  SQLITE_READONLY: (s) => `the database file is read-only. Fix: make it writable, or choose another ${s}`,
  SQLITE_FULL: (s) => `no space left on the device. Fix: free disk space, or choose another ${s}`,
};

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The OutputError for a failed write to `target`, or `err` unchanged when it is not a file-system
 * failure of the folder (a bug or another error keeps its own message). Already-mapped errors pass through.
 */
export function asOutputError(err: unknown, target: string, setting: OutputSetting): unknown {
  if (err instanceof OutputError) return err;
  const code = codeOf(err);
  const explain = code ? (PROBLEMS[code] ?? (code.startsWith('SQLITE_IOERR') ? PROBLEMS.EIO : undefined)) : undefined;
  if (!code || !explain) return err;
  return new OutputError(`cannot write ${target}: ${explain(setting)} (${code}).`, target, code);
}

/** Runs `fn` (a write to `target`), turning file-system failures into an OutputError. */
export function writingTo<T>(target: string, setting: OutputSetting, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw asOutputError(err, target, setting);
  }
}
