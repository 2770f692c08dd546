/**
 * Stable article ids: the file's path inside the input folder without its extension
 * (`000_1152c55187613227`, `bbc/2024/gaza-talks`), plus `:` and the record id (or `L<line>` /
 * `i<index>`) for JSON and JSONL records. The same file gives the same id on every run. When two
 * inputs would share an id (a.txt beside a.html, a record id used twice), each of them gets a
 * `~` and a short hash of its own path and position, so neither takes the other's id.
 */
import { createHash } from 'node:crypto';

/** Characters that break CSV cells, sentence ids (`#`) or shell use; replaced by `_`. */
const UNSAFE = /[\s"'`#,;|\\<>\u0000-\u001f]+/g;

function clean(part: string): string {
  return part.normalize('NFC').replace(UNSAFE, '_').replace(/_+/g, '_').replace(/^_|_$/g, '') || '_';
}

export function fileIdBase(rel: string): string {
  const noExt = rel.replace(/\.[^./]+$/, '');
  return noExt.split('/').map(clean).join('/');
}

export function recordIdBase(fileBase: string, recordId: string | undefined, pos: { line?: number; index?: number }): string {
  const own = recordId ? clean(recordId) : pos.line !== undefined ? `L${pos.line}` : pos.index !== undefined ? `i${pos.index}` : '';
  return own ? `${fileBase}:${own}` : fileBase;
}

export interface IdCandidate {
  idBase: string;
  sourceFile: string;
  sourceLine?: number;
  recordIndex?: number;
}

/** Final ids, in the order of `docs`: the base id, or base~hash where bases collide. */
export function assignIds(docs: IdCandidate[]): string[] {
  const count = new Map<string, number>();
  for (const d of docs) count.set(d.idBase, (count.get(d.idBase) ?? 0) + 1);
  return docs.map((d) => {
    if (count.get(d.idBase) === 1) return d.idBase;
    const where = `${d.sourceFile}:${d.sourceLine ?? ''}:${d.recordIndex ?? ''}`;
    return `${d.idBase}~${createHash('sha256').update(where).digest('hex').slice(0, 8)}`;
  });
}
