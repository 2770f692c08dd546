/**
 * report.xlsx: the CSV tables as one workbook for spreadsheet users, one sheet per table. Cells are
 * typed from the table's column types, so nothing depends on an import dialog: text stays text
 * (ids such as 0123 or 1e5 and figures as written, "two-dozen" or "1,200"), numbers are numbers,
 * dates are dates, true/false are booleans. A text cell in a workbook is never evaluated, so the
 * CSV formula guard (a leading ') is not needed here. Header rows are frozen, filters are on, and
 * every article id in a finding links to the article's URL. Written with exceljs (README,
 * "Libraries, and why"); the same tables give the same bytes.
 */
import type ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import type { Article } from '../records.js';
import { eachRow, rowCount, type CellValue, type Column, type ReportTable } from './csv.js';

/** Excel's limit on rows per sheet, header included; a longer table is cut and says so in its last row. */
export const XLSX_MAX_ROWS = 1_048_576;
const MAX_COLUMN_WIDTH = 60;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date or date-time as written in the CSVs, as a Date (UTC); anything else stays text. */
export function parseIsoDate(text: string): { date: Date; hasTime: boolean } | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const date = m[4] ? new Date(m[7] ? text : `${text.replace(' ', 'T')}Z`) : new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : { date, hasTime: !!m[4] };
}

const isWebUrl = (url: string | undefined) => !!url && /^https?:\/\//i.test(url);

function cellValue(column: Column, value: CellValue, urlOf: (articleId: string) => string | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (column.type === 'number') return typeof value === 'number' ? (Number.isFinite(value) ? value : null) : Number.isFinite(Number(value)) ? Number(value) : String(value);
  if (column.type === 'bool') return typeof value === 'boolean' ? value : String(value);
  const text = String(value);
  if (column.type === 'date') return parseIsoDate(text)?.date ?? text;
  if (column.name === 'url' && isWebUrl(text)) return { text, hyperlink: text };
  if (/(^|_)article_id$/.test(column.name)) {
    const url = urlOf(text);
    if (isWebUrl(url)) return { text, hyperlink: url!, tooltip: url };
  }
  return text;
}

function dateFormat(table: ReportTable, column: Column): string {
  for (const r of eachRow(table)) {
    const v = r[column.name];
    if (typeof v === 'string' && parseIsoDate(v)?.hasTime) return 'yyyy-mm-dd hh:mm';
  }
  return 'yyyy-mm-dd';
}

const isLinkColumn = (c: Column) => c.name === 'url' || /(^|_)article_id$/.test(c.name);

/** Column widths from the header and every kept row's shown text (a first pass over the rows). */
function columnWidths(table: ReportTable, kept: number, urlOf: (articleId: string) => string | undefined): number[] {
  const widths = table.columns.map((c) => c.name.length + 2);
  let n = 0;
  for (const row of eachRow(table)) {
    if (n++ >= kept) break;
    table.columns.forEach((c, i) => {
      const v = cellValue(c, row[c.name], urlOf);
      const shown = v && typeof v === 'object' && 'text' in v ? String(v.text) : v instanceof Date ? '2000-01-01' : v === null ? '' : String(v);
      widths[i] = Math.max(widths[i], Math.min(MAX_COLUMN_WIDTH, shown.length + 2));
    });
  }
  return widths;
}

/** Zip entry times: archiver stamps each part with the current time; a fixed one keeps the bytes a function of the data. */
const ZIP_ENTRY_DATE = new Date('2000-01-01T00:00:00Z');

type ZipAppend = (source: unknown, data: Record<string, unknown>) => unknown;

/**
 * exceljs's streaming writer with every zip entry stamped ZIP_ENTRY_DATE. Its constructor already
 * adds the theme and relations parts (addThemes first), so the zip's append is wrapped there, before
 * any part is added; the archiver takes an entry's `date` with each append.
 */
async function fixedTimeWorkbookWriter(options: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]): Promise<ExcelJS.stream.xlsx.WorkbookWriter> {
  // exceljs is imported with the first workbook, not at the top: loading it cost ~0.3 s CPU at every
  // CLI start, though `check` and a refused or failed run never write one.
  const { default: excel } = await import('exceljs');
  class FixedTimeWorkbookWriter extends excel.stream.xlsx.WorkbookWriter {
    override addThemes(): Promise<void> {
      const zip = (this as unknown as { zip: { append: ZipAppend; fixedTime?: boolean } }).zip;
      if (!zip.fixedTime) {
        const append = zip.append.bind(zip);
        zip.append = (source, data) => append(source, { ...data, date: ZIP_ENTRY_DATE });
        zip.fixedTime = true;
      }
      return super.addThemes();
    }
  }
  return new FixedTimeWorkbookWriter(options);
}

/**
 * Writes the workbook to `out` sheet by sheet and row by row with exceljs's streaming writer, so
 * neither the tables' rows (a lazy table is walked three times: dates, widths, cells) nor the
 * sheets' cells are held whole; each row is committed as it is added. `articles` give the URLs
 * findings link to.
 */
export async function streamWorkbook(tables: ReportTable[], articles: Article[], out: Writable): Promise<void> {
  const urls = new Map(articles.map((a) => [a.id, a.url]));
  const urlOf = (id: string) => urls.get(id);
  // Fixed times (here and on the zip entries) keep the file's bytes a function of the data (the manifest hashes it).
  const book = await fixedTimeWorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'crossframe';
  book.created = new Date(0);
  book.modified = new Date(0);
  for (const table of tables) {
    const total = rowCount(table);
    const kept = Math.min(total, XLSX_MAX_ROWS - 2);
    const sheet = book.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.name, key: c.name }));
    const widths = columnWidths(table, kept, urlOf);
    table.columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = widths[i];
      if (c.type === 'date') col.numFmt = dateFormat(table, c);
      if (isLinkColumn(c)) col.font = { color: { argb: 'FF1F5FA8' }, underline: true };
    });
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + kept, column: Math.max(1, table.columns.length) } };
    // exceljs finds a cell's style id from its style object and remembers it per object, but every
    // added cell holds its own copy of its column's style, so each cell took the long way (the style
    // rendered to XML and looked up: ~13 s of CPU and much of the garbage of a 440,000-row sheet).
    // Cells of one column and value type share the first such copy: the same content, the same id.
    // Per column (1-based), value type -> the shared style.
    const sharedStyles = table.columns.map(() => new Map<number, Partial<ExcelJS.Style>>());
    let n = 0;
    for (const row of eachRow(table)) {
      if (n++ >= kept) break;
      const added = sheet.addRow(table.columns.map((c) => cellValue(c, row[c.name], urlOf)));
      added.eachCell((cell, column) => {
        const byType = sharedStyles[column - 1];
        const style = byType.get(cell.effectiveType);
        if (style) cell.style = style;
        else byType.set(cell.effectiveType, cell.style);
      });
      added.commit();
      if (n % ROWS_PER_PAUSE === 0) await letZipCatchUp((sheet as unknown as { stream: unknown }).stream);
    }
    if (kept < total) sheet.addRow([`${total - kept} more rows in ${table.name}.csv (a sheet holds at most ${XLSX_MAX_ROWS} rows)`]).commit();
    sheet.commit();
  }
  await book.commit();
}

// exceljs hands a sheet's XML to the zip without waiting for it: its stream (a StreamBuf) writes into
// archiver's PassThrough and never passes on backpressure, so a sheet written in one synchronous loop
// was held whole until the zip deflated it (~550 MB of Buffers for the sentences sheet at 10,000
// articles: the report stage's peak). Every ROWS_PER_PAUSE rows the writer waits until the zip has
// taken all but PENDING_BYTES of it.
const ROWS_PER_PAUSE = 1000;
const PENDING_BYTES = 8 * 1024 * 1024;

/** Buffered bytes of a sheet's stream that the zip has not taken: its own buffers and its pipes'. */
function pendingBytes(stream: unknown): number {
  // archiver's PassThrough is readable-stream's (v2), which has no writableLength: its states say it.
  type Pipe = { _writableState?: { length?: number }; _readableState?: { length?: number } };
  const s = stream as { buffers?: { length?: number }[]; pipes?: Pipe[] };
  let bytes = 0;
  for (const b of s.buffers ?? []) bytes += b.length ?? 0;
  for (const p of s.pipes ?? []) bytes += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
  return bytes;
}

async function letZipCatchUp(stream: unknown): Promise<void> {
  while (pendingBytes(stream) > PENDING_BYTES) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** The workbook as one Buffer (tests; the report stage streams it to its file). */
export async function renderWorkbook(tables: ReportTable[], articles: Article[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  await streamWorkbook(tables, articles, out);
  await finished;
  return Buffer.concat(chunks);
}
