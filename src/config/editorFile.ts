/**
 * Reading the files editors point the config at (outlets, entities, lexicons, speakers, stance,
 * verdicts, the fitted judges, config itself) bounded by the bytes actually read, not by what stat() claims: `/dev/zero` or a
 * FIFO named as a lexicon used to be read until memory ran out. Only regular files are read (a FIFO
 * is opened non-blocking so opening it cannot hang either); anything else, or a file over the
 * limit, is refused with the file, the reason and the fix.
 */
import fs from 'node:fs';
import { ConfigError } from '../runtime/errors.js';

/** Limit for editor files without a limit of their own; the largest shipped one is ~30 KB. */
export const MAX_EDITOR_FILE_BYTES = 16 * 1024 * 1024;

export type BoundedRead = { bytes: Buffer } | { tooLarge: number } | { unreadable: string };

/** An editor file and the config key that names it. */
export interface EditorFileRef {
  key: string;
  file: string;
}

/** The editor files a config names (every stage's), for the up-front check. */
export function editorFilesOf(config: {
  input: { outletsFile: string };
  segment: { entityAliasesFile: string };
  events: { judge: string };
  claims: { stanceLexicon: string; judge: string; numericJudge: string };
  framing: { loadedLexicon: string; hedgesLexicon: string; attributionLexicon: string; speakersFile: string; toneModel: string };
  report: { verdictsFile: string };
}): EditorFileRef[] {
  const { input, segment, events, claims, framing, report } = config;
  // Empty: that judge is off (its stage uses the rules instead).
  const judges: EditorFileRef[] = [
    { key: 'events.judge', file: events.judge },
    { key: 'claims.judge', file: claims.judge },
    { key: 'claims.numericJudge', file: claims.numericJudge },
    { key: 'framing.toneModel', file: framing.toneModel },
  ].filter((j) => j.file);
  return [
    { key: 'input.outletsFile', file: input.outletsFile },
    { key: 'segment.entityAliasesFile', file: segment.entityAliasesFile },
    { key: 'claims.stanceLexicon', file: claims.stanceLexicon },
    { key: 'framing.loadedLexicon', file: framing.loadedLexicon },
    { key: 'framing.hedgesLexicon', file: framing.hedgesLexicon },
    { key: 'framing.attributionLexicon', file: framing.attributionLexicon },
    { key: 'framing.speakersFile', file: framing.speakersFile },
    // Empty: no verdicts file.
    ...(report.verdictsFile ? [{ key: 'report.verdictsFile', file: report.verdictsFile }] : []),
    ...judges,
  ];
}

/**
 * Each existing file must be a regular file within MAX_EDITOR_FILE_BYTES: `/dev/zero` or a FIFO
 * named as a lexicon is refused at once (EditorFileError, exit 2), by stat() alone, before the
 * pipeline is even loaded. A missing file is left to its stage, which names it with the fix.
 */
export function checkEditorFiles(files: (string | EditorFileRef)[]): void {
  for (const entry of files) {
    const { key, file: name } = typeof entry === 'string' ? { key: 'editor file', file: entry } : entry;
    const stat = fs.statSync(name, { throwIfNoEntry: false });
    if (!stat) continue;
    if (!stat.isFile()) {
      const kind = stat.isFIFO() ? 'a FIFO' : stat.isDirectory() ? 'a folder' : 'a device or socket';
      throw new EditorFileError(`${name}:1:1 ${key}: ${kind}, not a regular file; only regular files are read. Fix: point ${key} at the intended file.`);
    }
    if (stat.size > MAX_EDITOR_FILE_BYTES) {
      throw new EditorFileError(`${name}:1:1 ${key}: ${stat.size} bytes, over the limit of ${MAX_EDITOR_FILE_BYTES} for an editor file. Fix: point ${key} at the intended file.`);
    }
  }
}

/** A file that is not a regular file or is over its limit: a config problem (exit 2). */
export class EditorFileError extends ConfigError {
  constructor(message: string) {
    super([message]);
  }
}

/**
 * At most `maxBytes` of a regular file. `tooLarge` holds the bytes seen (at least maxBytes + 1);
 * `unreadable` the errno code, or a sentence for devices, FIFOs and sockets.
 */
export function readBounded(file: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { unreadable: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { unreadable: `not a regular file (${stat.isFIFO() ? 'a FIFO' : stat.isDirectory() ? 'a folder' : 'a device or socket'})` };
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let read = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, read, buf.length - read, null);
      if (n === 0) break;
      read += n;
      if (read === buf.length) break;
    }
    // Grown since stat() (or a file whose size stat() does not know): the bytes read decide.
    if (read > maxBytes) return { tooLarge: read };
    return { bytes: buf.subarray(0, read) };
  } catch (err) {
    return { unreadable: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The bytes of an editor file. Devices, FIFOs and files over `maxBytes` throw EditorFileError
 * naming `role` and the fix; other failures (ENOENT, EACCES) throw an error with `code`, as
 * fs.readFileSync does, so callers keep their own wording for a missing file.
 */
export function readEditorFile(file: string, role: string, maxBytes = MAX_EDITOR_FILE_BYTES): Buffer {
  const read = readBounded(file, maxBytes);
  if ('bytes' in read) return read.bytes;
  if ('tooLarge' in read) {
    throw new EditorFileError(`${file}:1:1 the ${role} file is over the limit of ${maxBytes} bytes (${read.tooLarge} or more read). Fix: point the config at the intended file.`);
  }
  if (read.unreadable.startsWith('not a regular file')) {
    throw new EditorFileError(`${file}:1:1 the ${role} file is ${read.unreadable}; only regular files are read. Fix: point the config at a YAML file.`);
  }
  throw Object.assign(new Error(`${read.unreadable}: cannot read ${file}`), { code: read.unreadable });
}
