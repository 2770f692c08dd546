/**
 * report.xlsx read back twice: by exceljs (cell types, frozen header, filters, links) and by
 * LibreOffice headless, which converts every sheet to CSV as a spreadsheet user would see it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { defineLazyTable, defineTable } from '../../src/report/csv.js';
import { articlesTable } from '../../src/report/rows/articleRows.js';
import { analysisTables } from '../../src/report/rows/analysisRows.js';
import { renderWorkbook, streamWorkbook } from '../../src/report/xlsx.js';
import * as fx from './fixtureRecords.js';

const articles = fx.articles.map((a, i) => ({ ...a, url: i === 0 ? 'https://example.org/news/a1' : a.url }));
const tricky = defineTable(
  'tricky',
  [
    { name: 'id', type: 'text' },
    { name: 'figure', type: 'text' },
    { name: 'value', type: 'number' },
    { name: 'published', type: 'date' },
    { name: 'a_article_id', type: 'text' },
    { name: 'title', type: 'text' },
  ],
  [
    { id: '0123', figure: '1,200', value: 1200, published: '2024-01-02', a_article_id: 'a1', title: '=HYPERLINK("http://x","y")' },
    { id: '1e5', figure: 'two-dozen', value: 3.5, published: '', a_article_id: 'a2', title: '+1' },
  ],
);
const tables = [articlesTable(articles, fx.analysis), ...analysisTables(fx.analysis), tricky];

let dir: string;
let file: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-xlsx-'));
  file = path.join(dir, 'report.xlsx');
  fs.writeFileSync(file, await renderWorkbook(tables, articles));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('report.xlsx', () => {
  it('has one sheet per table with typed cells, a frozen header, filters and links to article URLs', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(tables.map((t) => t.name));
    const sheet = book.getWorksheet('tricky')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'figure', 'value', 'published', 'a_article_id', 'title']);
    expect(sheet.getCell('A2').value).toBe('0123');
    expect(sheet.getCell('A3').value).toBe('1e5');
    expect(sheet.getCell('B2').value).toBe('1,200');
    expect(sheet.getCell('C2').value).toBe(1200);
    expect(sheet.getCell('C3').value).toBe(3.5);
    expect(sheet.getCell('D2').value).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(sheet.getCell('D3').value).toBeNull();
    expect(sheet.getCell('E2').value).toMatchObject({ text: 'a1', hyperlink: 'https://example.org/news/a1' });
    expect(sheet.getCell('E3').value).toBe('a2');
    expect(sheet.getCell('F2').type).toBe(ExcelJS.ValueType.String);
    const articleSheet = book.getWorksheet('articles')!;
    const urlColumn = (articleSheet.getRow(1).values as unknown[]).indexOf('url');
    expect(articleSheet.getRow(2).getCell(urlColumn).value).toMatchObject({ hyperlink: 'https://example.org/news/a1' });
  });

  it('gives the same bytes for the same tables: no clock time inside', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const dates = new Set<string>();
    zip.forEach((_, entry) => void dates.add(entry.date.toISOString()));
    expect([...dates]).toEqual(['2000-01-01T00:00:00.000Z']);
    expect((await zip.file('docProps/core.xml')!.async('string')).match(/<dcterms:(created|modified)[^>]*>([^<]*)</g)).toEqual([
      expect.stringContaining('1970-01-01T00:00:00Z'),
      expect.stringContaining('1970-01-01T00:00:00Z'),
    ]);
    expect(Buffer.compare(await renderWorkbook(tables, articles), fs.readFileSync(file))).toBe(0);
  });

  it('reads back in LibreOffice headless as written: ids and figures stay text, formulas are not run', () => {
    const out = path.join(dir, 'csv');
    fs.mkdirSync(out);
    // Filter options: comma, double quote, UTF-8, from line 1, ..., last token -1 = every sheet to its own file.
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', out, file], {
      stdio: 'pipe',
      timeout: 120_000,
    });
    const sheets = fs.readdirSync(out).sort();
    expect(sheets).toEqual(tables.map((t) => `report-${t.name}.csv`).sort());
    const lines = fs.readFileSync(path.join(out, 'report-tricky.csv'), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,figure,value,published,a_article_id,title');
    expect(lines[1]).toBe('0123,"1,200",1200,2024-01-02,a1,"=HYPERLINK(""http://x"",""y"")"');
    expect(lines[2]).toBe('1e5,two-dozen,3.5,,a2,+1');
  }, 180_000);
});

test('a large sheet is deflated while its rows are written, not held whole until its last row', async () => {
  // ~40 MB of sheet XML, made row by row (a lazy table, as the sentences sheet is).
  const size = 100_000;
  let bytesWhenLastRowMade = -1;
  let written = 0;
  let pass = 0;
  const big = defineLazyTable('big', [{ name: 'id', type: 'text' }, { name: 'text', type: 'text' }], size, function* () {
    pass++;
    for (let i = 0; i < size; i++) {
      if (i === size - 1 && pass === 2) bytesWhenLastRowMade = written;
      yield { id: `s${i}`, text: `Sentence ${i} of a long article says ${'something about the world and its many events '.repeat(6)}${i * 7}.` };
    }
  });
  const { Writable } = await import('node:stream');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      done();
    },
  });
  const finished = new Promise((resolve, reject) => sink.on('finish', resolve).on('error', reject));
  await streamWorkbook([big], [], sink);
  await finished;
  // Widths take the first pass, cells the second. exceljs does not pass on the zip's backpressure:
  // without waiting for it, nothing reached the file before the last row (the sheet was held whole).
  expect(pass).toBe(2);
  expect(written).toBeGreaterThan(1_000_000);
  expect(bytesWhenLastRowMade).toBeGreaterThan(0.5 * written);
}, 120_000);
