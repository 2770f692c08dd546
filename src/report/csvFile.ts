/**
 * Writes a CSV table to its file row by row (csv-stringify's stream API), so neither the table's
 * text nor, for a lazy table, its rows are ever held whole: the bytes equal renderCsv's (same
 * stringifier options, same cell formatting), and they are hashed as they are written, for the
 * manifest. Atomic like every report file: a temp file renamed over the target.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { openAtomicWriter, writableOf } from '../store/atomicFile.js';
import { eachRow, formatCell, type CsvOptions, type ReportTable } from './csv.js';

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

function* records(table: ReportTable): Generator<string[]> {
  yield table.columns.map((c) => c.name);
  for (const row of eachRow(table)) yield table.columns.map((c) => formatCell(row[c.name], c, table.name));
}

export async function writeCsvFile(file: string, table: ReportTable, options: CsvOptions): Promise<WrittenFile> {
  const out = openAtomicWriter(file);
  // csv-stringify pushes each row as a string: the stream makes a new buffer of it, never reused.
  const sink = writableOf(out, true);
  try {
    // Every cell is already a string, so csv-stringify only quotes and joins (as in renderCsv).
    await pipeline(Readable.from(records(table)), stringify({ bom: options.bom, eof: true }), sink);
  } catch (err) {
    out.abort();
    throw err;
  }
  return out.commit();
}
