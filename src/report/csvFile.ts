/**
 * Writes a CSV table to its file row by row (csv-stringify's stream API), so neither the table's
 * text nor, for a lazy table, its rows are ever held whole: the bytes equal renderCsv's (same
 * stringifier options, same cell formatting), and they are hashed as they are written, for the
 * manifest. Atomic like every report file: a temp file renamed over the target. A table that gives
 * its rows in keyed groups (`LazyTable.blocks`) is written a group at a time instead, each group
 * either formatted or copied from the previous run's file (csvCarry.ts), with the same bytes.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { stringify as stringifyRecords } from 'csv-stringify/sync';
import { openAtomicWriter, writableOf, type AtomicFileWriter } from '../store/atomicFile.js';
import { yieldToSignals } from '../runtime/yieldToSignals.js';
import { eachRow, formatCell, type CsvOptions, type LazyTable, type ReportTable, type Row } from './csv.js';
import type { BlockPlace } from './csvCarry.js';

export interface WrittenFile {
  bytes: number;
  sha256: string;
  /** A table written in groups: where each group's bytes are, and how many rows were copied / formatted. */
  blocks?: { places: BlockPlace[]; copiedRows: number; formattedRows: number };
}

function* records(table: ReportTable): Generator<string[]> {
  yield table.columns.map((c) => c.name);
  for (const row of eachRow(table)) yield table.columns.map((c) => formatCell(row[c.name], c, table.name));
}

export async function writeCsvFile(file: string, table: ReportTable, options: CsvOptions): Promise<WrittenFile> {
  if (!Array.isArray(table.rows) && (table as LazyTable).blocks) return writeCsvBlocks(file, table as LazyTable & Required<Pick<LazyTable, 'blocks'>>, options);
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

/**
 * A group at a time: csv-stringify's sync API over one group's records (an article's few dozen rows:
 * no slower than its stream row by row here) or the group's bytes as the previous run wrote them.
 * The same options as the stream, so the same bytes.
 */
async function writeCsvBlocks(file: string, table: LazyTable & Required<Pick<LazyTable, 'blocks'>>, options: CsvOptions): Promise<WrittenFile> {
  const out: AtomicFileWriter = openAtomicWriter(file);
  const places: BlockPlace[] = [];
  let copiedRows = 0;
  let formattedRows = 0;
  try {
    const header = Buffer.from(stringifyRecords([table.columns.map((c) => c.name)], { bom: options.bom, eof: true }), 'utf8');
    out.write(header, true);
    let offset = header.length;
    for (const block of table.blocks()) {
      const count = block.bytes && block.count !== undefined ? block.count : block.rows.length;
      if (!count) continue;
      const bytes = block.bytes ?? Buffer.from(stringifyRecords(block.rows.map((row: Row) => table.columns.map((c) => formatCell(row[c.name], c, table.name))), { eof: true }), 'utf8');
      if (block.bytes) copiedRows += count;
      else formattedRows += count;
      out.write(bytes, true);
      places.push([block.group, block.key, offset, bytes.length]);
      offset += bytes.length;
      await yieldToSignals();
    }
  } catch (err) {
    out.abort();
    throw err;
  }
  return { ...out.commit(), blocks: { places, copiedRows, formattedRows } };
}
