/**
 * Spreadsheet-safe CSV tables. A table is an ordered list of typed columns plus rows; every cell
 * is formatted here by its column type, so numbers stay numbers and only text is guarded.
 *
 * Example:
 *   const table = defineTable('articles', [
 *     { name: 'id', type: 'text' },
 *     { name: 'words', type: 'number' },
 *   ], articles.map((a) => ({ id: a.id, words: a.words })));
 *   const csv = renderCsv(table, { bom: true });
 */
import { stringify } from 'csv-stringify/sync';

export type ColumnType = 'text' | 'number' | 'date' | 'bool';

export interface Column {
  /** Header as written in the CSV (snake_case, documented in the README). */
  name: string;
  type: ColumnType;
  /** Number columns only: decimals kept (trailing zeros dropped). Default 6. */
  decimals?: number;
}

export type CellValue = string | number | boolean | null | undefined;
export type Row = Record<string, CellValue>;

export interface Table {
  /** File stem: `articles` is written as `articles.csv`. */
  name: string;
  columns: Column[];
  rows: Row[];
}

/**
 * A table whose rows are made while it is written and never held as one array (sentences.csv has
 * a row per sentence of the corpus). `rows()` may be called more than once (the CSV, then the
 * workbook's two passes) and gives the same rows each time.
 */
export interface LazyTable {
  name: string;
  columns: Column[];
  /** How many rows `rows()` gives (the manifest's row count). */
  size: number;
  rows(): Iterable<Row>;
  /**
   * The same rows in groups (sentences.csv: an article's), each keyed by its rows' values, for the
   * CSV only: a group whose key the previous run's file has comes with those bytes, which are copied
   * instead of formatted again (csvCarry.ts). Without it the CSV is written row by row from `rows()`.
   */
  blocks?(): Iterable<CsvBlock>;
}

/** One group of a table's rows, as `LazyTable.blocks` gives it. */
export interface CsvBlock {
  /** What the rows belong to (an article id): one block per group, groups in table order. */
  group: string;
  /** Hash of the rows' values (csvCarry.ts blockKey). */
  key: string;
  /** The rows; none when `bytes` are given without them (their count is then `count`). */
  rows: Row[];
  /** How many rows the block holds, when `rows` does not give them (a block copied without making its rows). */
  count?: number;
  /** The rows as an earlier run wrote them, when its block of this group had this key. */
  bytes?: Buffer;
}

/** A table as the report writers take it: built (rows in memory) or lazy. */
export type ReportTable = Table | LazyTable;

export const rowCount = (table: ReportTable): number => (Array.isArray(table.rows) ? table.rows.length : (table as LazyTable).size);

/** The rows of a built or lazy table, in order. */
export function eachRow(table: ReportTable): Iterable<Row> {
  return Array.isArray(table.rows) ? table.rows : (table as LazyTable).rows();
}

/**
 * A lazy table whose rows are checked, as defineTable checks them, when they are made; with
 * `makeBlocks`, the same rows in keyed groups for the CSV (LazyTable.blocks), checked alike.
 */
export function defineLazyTable(name: string, columns: Column[], size: number, make: () => Iterable<Row>, makeBlocks?: () => Iterable<CsvBlock>): LazyTable {
  const known = new Set(columns.map((c) => c.name));
  if (known.size !== columns.length) throw new Error(`table ${name}: duplicate column names.`);
  const check = (row: Row) => {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) throw new Error(`table ${name}: row has key "${key}" that is not a column; add it to the column list or drop it from the row formatter.`);
    }
  };
  return {
    name,
    columns,
    size,
    *rows() {
      for (const row of make()) {
        check(row);
        yield row;
      }
    },
    ...(makeBlocks
      ? {
          *blocks() {
            for (const block of makeBlocks()) {
              block.rows.forEach(check);
              yield block;
            }
          },
        }
      : {}),
  };
}

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark (config `report.bom`) so Excel decodes UTF-8. */
  bom: boolean;
}

/**
 * Builds a table and checks that no row carries a key the columns do not name: a typo in a
 * row formatter would otherwise silently become an empty column.
 */
export function defineTable(name: string, columns: Column[], rows: Row[]): Table {
  const known = new Set(columns.map((c) => c.name));
  if (known.size !== columns.length) throw new Error(`table ${name}: duplicate column names.`);
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        throw new Error(`table ${name}: row has key "${key}" that is not a column; add it to the column list or drop it from the row formatter.`);
      }
    }
  }
  return { name, columns, rows };
}

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes `'` to text that a spreadsheet would evaluate as a formula (OWASP CSV injection).
 * Applied to text columns only: a negative number in a number column must stay a number.
 */
export function guardText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Calc and Excel store at most this many characters in a cell and cut the rest without a word. */
export const MAX_CELL_CHARS = 32767;

/**
 * Text a spreadsheet would turn into a number, date, time or boolean on opening: `0042` (→ 42),
 * `1e5` (→ 100000), `3/4`, `5-Jan`, `12:30`, `TRUE`. Generous on purpose: a text cell wrapped
 * needlessly still reads the same, one left unwrapped loses its leading zeros for good.
 */
const SPREADSHEET_CONVERTS = [
  /^\s*[+-]?[$€£¥]?\s*\(?[+-]?(?:\d[\d,.' ]*|\.\d+)(?:e[+-]?\d+)?\s*%?\)?\s*$/i,
  /^\s*\d{1,4}\s*[/.-]\s*\d{1,4}(?:\s*[/.-]\s*\d{1,4})?\s*$/,
  /^\s*\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d+)?\s*(?:[ap]\.?m\.?)?\s*$/i,
  /^\s*\d{0,4}[\s/.-]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s/.,-]*\d{0,4}\s*$/i,
  /^\s*(?:true|false)\s*$/i,
];

/**
 * A text cell as written to CSV. Text a spreadsheet would convert is written as the formula
 * `="0042"`, which Calc, Excel and Google Sheets show and store as the text 0042 (reverse:
 * drop the leading `="` and the closing `"`, and read `""` as `"`). Text longer than a cell
 * holds is cut with a visible marker; the whole text stays in report.yaml and the source file.
 */
export function spreadsheetText(text: string): string {
  if (text.length > MAX_CELL_CHARS) {
    const marker = ` …[cut: ${text.length} characters in all; full text in report.yaml / source_file]`;
    text = text.slice(0, MAX_CELL_CHARS - marker.length) + marker;
  }
  if (text.length <= 64 && SPREADSHEET_CONVERTS.some((re) => re.test(text))) return `="${text.replace(/"/g, '""')}"`;
  return guardText(text);
}

/** The text back from a cell written by spreadsheetText (a truncated cell stays truncated). */
export function readSpreadsheetText(cell: string): string {
  const wrapped = /^="(.*)"$/s.exec(cell);
  if (wrapped) return wrapped[1].replace(/""/g, '"');
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function formatNumber(value: number, decimals = 6): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  // toFixed avoids exponent notation for small values; Number() drops trailing zeros.
  const rounded = Number(value.toFixed(decimals));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** ISO-8601: dates as YYYY-MM-DD (kept as given), instants as full UTC timestamps. */
export function formatDate(value: CellValue | Date): string {
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return value;
    throw new Error(`date cell "${value}" is not ISO-8601 (YYYY-MM-DD or a full timestamp).`);
  }
  throw new Error(`date cell has type ${typeof value}; pass an ISO-8601 string.`);
}

export function formatCell(value: CellValue, column: Column, table = ''): string {
  if (value === null || value === undefined) return '';
  switch (column.type) {
    case 'text':
      return spreadsheetText(String(value));
    case 'number':
      if (typeof value !== 'number') {
        throw new Error(`table ${table}, column ${column.name}: expected a number, got ${JSON.stringify(value)}.`);
      }
      return formatNumber(value, column.decimals);
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new Error(`table ${table}, column ${column.name}: expected true/false, got ${JSON.stringify(value)}.`);
      }
      return value ? 'true' : 'false';
    case 'date':
      try {
        return formatDate(value);
      } catch (err) {
        throw new Error(`table ${table}, column ${column.name}: ${(err as Error).message}`);
      }
  }
}

/** The whole CSV text: header row, then one line per row, cells formatted by column type. */
export function renderCsv(table: Table, options: CsvOptions): string {
  const records = table.rows.map((row) => table.columns.map((c) => formatCell(row[c.name], c, table.name)));
  // Every cell is already a string, so csv-stringify only quotes and joins (its own casting
  // would turn false into an empty cell).
  return stringify([table.columns.map((c) => c.name), ...records], { bom: options.bom, eof: true });
}
