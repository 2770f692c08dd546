/**
 * Rows carried over from the previous run's CSV. A nightly run rewrites sentences.csv whole (a row
 * per sentence of the corpus) while only the night's articles and those whose event changed have
 * rows that differ; formatting and quoting the others again (97.6% of the rows on a 10,000 + 500
 * night) was most of the report stage's time. So a table that gives its rows in keyed groups
 * (`LazyTable.blocks`) leaves, beside its CSV, a hidden index of where each group's bytes are
 * (`.sentences.csv.rows`), and the next run copies a group's bytes from that file when the group's
 * key (a hash of its rows' values) is the same. The file is the same byte for byte as one formatted
 * whole (test/report/csvCarry.test.ts).
 *
 * The previous file is trusted only whole: its size and sha256 must be those its index recorded
 * (an analyst who edited or re-saved it, a truncated copy: nothing is copied), and the index only
 * under the same format (columns, crossframe and csv-stringify versions), since the same values
 * written by other code could give other bytes. The index is deleted with its run folder
 * (`report.keepRuns`), so nothing grows with the nights.
 *
 * Example:
 *   const previous = openCarriedRows(previousRunDir, 'sentences.csv', csvBlockFormat(columns));
 *   const bytes = previous?.bytesOf(articleId, blockKey(rows)); // undefined: format the rows
 *   previous?.close();
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { CODE_VERSION, packageVersions } from '../runtime/version.js';
import { sha256Hex } from '../runtime/sha256.js';
import { writeAtomic } from './atomicWrite.js';
import { readFully } from '../store/fileBytes.js';
import { defineLazyTable, type Column, type CsvBlock, type LazyTable, type Row } from './csv.js';

/** Where a group's rows are in a written CSV: [group, key, byte offset, byte length]. */
export type BlockPlace = [group: string, key: string, offset: number, length: number];

interface RowsIndex {
  format: string;
  bytes: number;
  sha256: string;
  blocks: BlockPlace[];
}

export interface CarriedRows {
  /** Whether the previous run wrote this group under this key (bytesOf may still fail: the file changed since). */
  has(group: string, key: string): boolean;
  /** The bytes the previous run wrote for this group, when it wrote them for the same key. */
  bytesOf(group: string, key: string): Buffer | undefined;
  close(): void;
}

/** The hidden index beside a CSV in its run folder. */
export const rowsIndexFile = (csvFile: string): string => `.${csvFile}.rows`;

/** What else decides a row's bytes besides its values: the columns and the code that formats them. */
export function csvBlockFormat(columns: readonly Column[]): string {
  return `csv-blocks 1|crossframe ${CODE_VERSION}|csv-stringify ${packageVersions()['csv-stringify'] ?? 'unknown'}|${JSON.stringify(columns)}`;
}

/**
 * A group's key: its rows' cells in order, each as the text formatCell starts from (String(value);
 * null and undefined alike, as both are written empty), length-prefixed so no two lists of cells
 * give the same key text. Equal keys mean equal bytes; values written alike but keyed apart (NaN and
 * Infinity, both written empty; -0 and 0 key alike) only cost formatting the group again. Cheaper
 * than JSON.stringify, which escapes every text and repeats every column name (2.5 s against 1.5 s
 * of a 10,000-article night's report).
 */
export function blockKey(rows: readonly Row[]): string {
  let text = '';
  for (const row of rows) {
    text += '\n';
    for (const value of Object.values(row)) {
      if (value === null || value === undefined) text += '-';
      else {
        const cell = String(value);
        text += `${cell.length}:${cell}`;
      }
    }
  }
  return sha256Hex(text).slice(0, 32);
}

/**
 * A table's rows, each with its group, as keyed blocks: one per run of rows of the same group (the
 * table's order keeps a group's rows together), with the previous run's bytes where the key matches.
 */
export function* keyedBlocks(rows: Iterable<readonly [group: string, row: Row]>, previous: CarriedRows | undefined): Generator<CsvBlock> {
  let group: string | undefined;
  let held: Row[] = [];
  const block = (): CsvBlock => {
    const key = blockKey(held);
    const bytes = previous?.bytesOf(group!, key);
    return { group: group!, key, rows: held, ...(bytes ? { bytes } : {}) };
  };
  for (const [g, row] of rows) {
    if (g !== group && held.length) {
      yield block();
      held = [];
    }
    group = g;
    held.push(row);
  }
  if (held.length) yield block();
}

/**
 * A lazy table whose rows come with their group: row by row for the workbook, in keyed blocks for
 * the CSV, copied from `previous` where a group's key is the same.
 */
export function defineGroupedTable(name: string, columns: Column[], size: number, grouped: () => Iterable<readonly [group: string, row: Row]>, previous?: CarriedRows): LazyTable {
  return defineLazyTable(
    name,
    columns,
    size,
    function* () {
      for (const [, row] of grouped()) yield row;
    },
    () => keyedBlocks(grouped(), previous),
  );
}

/** Writes the index of a CSV just written (its size and sha256 as the writer hashed them). */
export function writeRowsIndex(csvPath: string, format: string, written: { bytes: number; sha256: string }, blocks: BlockPlace[]): void {
  const index: RowsIndex = { format, bytes: written.bytes, sha256: written.sha256, blocks };
  writeAtomic(path.join(path.dirname(csvPath), rowsIndexFile(path.basename(csvPath))), JSON.stringify(index));
}

/**
 * The previous run's rows of `csvFile`, or undefined when there is no previous run, no index, an
 * index of another format, or a file that is not the one indexed. Never throws: carrying rows over
 * only saves work.
 */
export function openCarriedRows(previousRunDir: string | null | undefined, csvFile: string, format: string): CarriedRows | undefined {
  if (!previousRunDir) return undefined;
  const csvPath = path.join(previousRunDir, csvFile);
  let index: RowsIndex;
  try {
    index = JSON.parse(fs.readFileSync(path.join(previousRunDir, rowsIndexFile(csvFile)), 'utf8')) as RowsIndex;
  } catch {
    return undefined;
  }
  if (index.format !== format || !Array.isArray(index.blocks)) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(csvPath, 'r');
  } catch {
    return undefined;
  }
  try {
    if (fs.fstatSync(fd).size !== index.bytes || fileSha256(fd) !== index.sha256) {
      fs.closeSync(fd);
      return undefined;
    }
  } catch {
    fs.closeSync(fd);
    return undefined;
  }
  const places = new Map<string, BlockPlace>();
  for (const place of index.blocks) places.set(place[0], place);
  let open = true;
  return {
    has(group, key) {
      return open && places.get(group)?.[1] === key;
    },
    bytesOf(group, key) {
      const place = places.get(group);
      if (!open || !place || place[1] !== key) return undefined;
      const bytes = Buffer.allocUnsafe(place[3]);
      // The file was checked whole; a shorter read now means it changed under us: format instead.
      return readFully(fd, bytes, place[2]) === bytes.length ? bytes : undefined;
    },
    close() {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

/** sha256 of a whole open file, read a few MB at a time. */
function fileSha256(fd: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(4 << 20);
  for (let position = 0, n = 0; (n = readFully(fd, chunk, position)) > 0; position += n) hash.update(chunk.subarray(0, n));
  return hash.digest('hex');
}
