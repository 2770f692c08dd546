/**
 * report.xlsx: the CSV tables as one workbook for spreadsheet users, one sheet per table. Cells are
 * typed from the table's column types, so nothing depends on an import dialog: text stays text
 * (ids such as 0123 or 1e5 and figures as written, "two-dozen" or "1,200"), numbers are numbers,
 * dates are dates, true/false are booleans. A text cell in a workbook is never evaluated, so the
 * CSV formula guard (a leading ') is not needed here. Header rows are frozen, filters are on, and
 * every article id in a finding links to the article's URL. Written with exceljs (README,
 * "Libraries, and why"); the same tables give the same bytes.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Article } from '../records.js';
import type { CellValue, Column, Table } from './csv.js';

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

function dateFormat(table: Table, column: Column): string {
  const timed = table.rows.some((r) => {
    const v = r[column.name];
    return typeof v === 'string' && parseIsoDate(v)?.hasTime;
  });
  return timed ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
}

/** Builds the workbook; `articles` give the URLs findings link to. */
export function buildWorkbook(tables: Table[], articles: Article[]): ExcelJS.Workbook {
  const urls = new Map(articles.map((a) => [a.id, a.url]));
  const urlOf = (id: string) => urls.get(id);
  const book = new ExcelJS.Workbook();
  book.creator = 'crossframe';
  // Fixed times (here and on the zip entries) keep the file's bytes a function of the data (the manifest hashes it).
  book.created = new Date(0);
  book.modified = new Date(0);
  for (const table of tables) {
    const sheet = book.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.name, key: c.name }));
    sheet.getRow(1).font = { bold: true };
    const widths = table.columns.map((c) => c.name.length + 2);
    const rows = table.rows.slice(0, XLSX_MAX_ROWS - 2);
    for (const row of rows) {
      sheet.addRow(
        table.columns.map((c, i) => {
          const v = cellValue(c, row[c.name], urlOf);
          const shown = v && typeof v === 'object' && 'text' in v ? String(v.text) : v instanceof Date ? '2000-01-01' : v === null ? '' : String(v);
          widths[i] = Math.max(widths[i], Math.min(MAX_COLUMN_WIDTH, shown.length + 2));
          return v;
        }),
      );
    }
    if (rows.length < table.rows.length) sheet.addRow([`${table.rows.length - rows.length} more rows in ${table.name}.csv (a sheet holds at most ${XLSX_MAX_ROWS} rows)`]);
    table.columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = widths[i];
      if (c.type === 'date') col.numFmt = dateFormat(table, c);
    });
    for (const [i, c] of table.columns.entries()) {
      if (c.name === 'url' || /(^|_)article_id$/.test(c.name)) sheet.getColumn(i + 1).font = { color: { argb: 'FF1F5FA8' }, underline: true };
    }
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + rows.length, column: Math.max(1, table.columns.length) } };
  }
  return book;
}

/** Zip entry times: exceljs stamps each part with the current time; a fixed one keeps the bytes a function of the data. */
const ZIP_ENTRY_DATE = new Date('2000-01-01T00:00:00Z');

export async function renderWorkbook(tables: Table[], articles: Article[]): Promise<Buffer> {
  const written = await buildWorkbook(tables, articles).xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(written);
  zip.forEach((_, entry) => {
    entry.date = ZIP_ENTRY_DATE;
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
