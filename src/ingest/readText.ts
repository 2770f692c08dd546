/**
 * Reads one input file as UTF-8 text, or says precisely why it cannot: empty, binary,
 * not UTF-8 (with the line of the first bad byte), too large, or unreadable.
 */
import fs from 'node:fs';
import { sha256Hex } from '../runtime/sha256.js';

export type TextProblem = 'empty' | 'binary' | 'not-utf8' | 'too-large' | 'unreadable';

export type DecodedText = { ok: true; text: string } | { ok: false; reason: TextProblem; detail: string; line?: number };

export type TextFile =
  | { ok: true; text: string; sha256: string; bytes: number }
  | { ok: false; reason: TextProblem; detail: string; line?: number; sha256?: string; bytes?: number };

/** Signatures of common binary formats, to name what was given instead of text. */
const MAGIC: [string, number[]][] = [
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['ZIP archive (docx/xlsx/epub?)', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip archive', [0x1f, 0x8b]],
  ['Word 97-2003 document', [0xd0, 0xcf, 0x11, 0xe0]],
];

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the buffer is valid UTF-8. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** Names the binary format of `head` (the first bytes of a file), or '' when it may be text. */
export function binaryKind(head: Uint8Array): string {
  for (const [name, sig] of MAGIC) if (sig.every((byte, k) => head[k] === byte)) return `looks like a ${name}, not text`;
  const nul = head.indexOf(0);
  if (nul >= 0 && !((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return `contains NUL bytes (first at byte ${nul}): not a text file`;
  }
  return '';
}

/** Decodes bytes that should be UTF-8 text, naming the first problem found. */
export function decodeUtf8(buf: Uint8Array): DecodedText {
  if (buf.length === 0) return { ok: false, reason: 'empty', detail: 'no bytes' };
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    return { ok: false, reason: 'not-utf8', detail: 'UTF-16 text (byte-order mark). Fix: re-save it as UTF-8.', line: 1 };
  }
  const binary = binaryKind(buf);
  if (binary) {
    const nul = buf.indexOf(0);
    return { ok: false, reason: 'binary', detail: binary, ...(nul >= 0 ? { line: lineAt(buf, nul) } : {}) };
  }
  try {
    return { ok: true, text: fatalDecoder.decode(buf) };
  } catch {
    const at = firstInvalidUtf8(buf);
    const offset = at < 0 ? 0 : at;
    return {
      ok: false,
      reason: 'not-utf8',
      detail: `invalid UTF-8 at byte ${offset} (0x${(buf[offset] ?? 0).toString(16).padStart(2, '0')}). Fix: re-save the file as UTF-8.`,
      line: lineAt(buf, offset),
    };
  }
}

/**
 * Reads at most `maxBytes` (+1 to notice growth since the directory walk) and decodes it.
 * The hash covers the bytes read, so the run manifest identifies exactly what was analysed.
 */
export function readTextFile(file: string, maxBytes: number): TextFile {
  let buf: Buffer;
  try {
    // Non-blocking open and a regular-file check: a FIFO or device put in place after discovery
    // must neither hang the open nor be read without end.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file (device, FIFO or socket)' };
      const size = stat.size;
      if (size > maxBytes) return { ok: false, reason: 'too-large', detail: tooLargeDetail(size, maxBytes), bytes: size };
      buf = Buffer.alloc(Math.min(size, maxBytes) + 1);
      let read = 0;
      for (;;) {
        const n = fs.readSync(fd, buf, read, buf.length - read, read);
        if (n === 0) break;
        read += n;
        if (read === buf.length) break;
      }
      if (read > maxBytes) return { ok: false, reason: 'too-large', detail: tooLargeDetail(read, maxBytes), bytes: read };
      buf = buf.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  const hash = sha256Hex(buf);
  const decoded = decodeUtf8(buf);
  if (!decoded.ok) return { ...decoded, sha256: hash, bytes: buf.length };
  if (decoded.text.trim() === '') return { ok: false, reason: 'empty', detail: 'only whitespace', sha256: hash, bytes: buf.length };
  return { ok: true, text: decoded.text, sha256: hash, bytes: buf.length };
}

export function tooLargeDetail(bytes: number, maxBytes: number): string {
  return `${bytes} bytes, over the limit of ${maxBytes}. Fix: split the file or raise input.maxFileBytes.`;
}
