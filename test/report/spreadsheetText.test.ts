/**
 * Text stays text in a spreadsheet: ids made from numeric file names (0042.txt, 1e5.txt) keep
 * their form, over-long cells are cut with a visible marker. The LibreOffice round trip runs when
 * `soffice` is installed (apt-get install libreoffice-calc-nogui) and is skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { MAX_CELL_CHARS, readSpreadsheetText, renderCsv, spreadsheetText } from '../../src/report/csv.js';
import { articlesTable } from '../../src/report/rows/articleRows.js';
import { cleanup, ingest, tempDir } from '../ingest/ingestHelpers.js';

const ARTICLE = 'The council met on Monday and agreed to publish its findings next month after a long debate about the budget, the harbour and the school, members of the committee said in a statement.';
const EMPTY_ANALYSIS = { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };

async function articlesCsv(dir: string): Promise<string> {
  fs.writeFileSync(path.join(dir, '0042.txt'), ARTICLE);
  fs.writeFileSync(path.join(dir, '1e5.txt'), ARTICLE.replace('Monday', 'Tuesday'));
  const r = await ingest([dir]);
  return renderCsv(articlesTable(r.articles, EMPTY_ANALYSIS), { bom: true });
}

test('ids that a spreadsheet would read as numbers are written in a reversible text form', async () => {
  const dir = tempDir();
  try {
    const rows = parse(await articlesCsv(dir), { bom: true, columns: true }) as { id: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(['="0042"', '="1e5"']);
    expect(rows.map((r) => readSpreadsheetText(r.id)).sort()).toEqual(['0042', '1e5']);
  } finally {
    cleanup(dir);
  }
});

test('other text is written as is, formulas are guarded and every form reads back', () => {
  for (const text of ['0042#0', 'bbc/2024/gaza-talks', 'wire:r100000', 'Gaza talks', '-2 degrees', '=SUM(A1)', '3/4', 'TRUE', '12:30', '5-Jan', 'say "0"']) {
    expect(readSpreadsheetText(spreadsheetText(text))).toBe(text);
  }
  expect(spreadsheetText('0042#0')).toBe('0042#0');
  expect(spreadsheetText('-2 degrees')).toBe("'-2 degrees");
  expect(spreadsheetText('3/4')).toBe('="3/4"');
});

test('a cell past 32,767 characters is cut with a marker that gives the full length', () => {
  const long = 'word '.repeat(10_000);
  const cell = spreadsheetText(long);
  expect(cell.length).toBe(MAX_CELL_CHARS);
  expect(cell).toMatch(/…\[cut: 50000 characters in all; full text in report\.yaml \/ source_file\]$/);
  expect(long.startsWith(cell.slice(0, 30_000))).toBe(true);
  expect(spreadsheetText('x'.repeat(MAX_CELL_CHARS))).toBe('x'.repeat(MAX_CELL_CHARS));
});

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

(soffice ? test : test.skip)('0042.txt and 1e5.txt round-trip through LibreOffice (CSV → xlsx → CSV) as the text 0042 and 1e5', async () => {
  const dir = tempDir();
  const out = tempDir('crossframe-calc-');
  try {
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(out, 'articles.csv'), await articlesCsv(input));
    const office = (...args: string[]) => {
      const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${out}/profile`, ...args], { cwd: out, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`soffice ${args.join(' ')} failed: ${r.stderr}`);
    };
    // UTF-8 import (76) as Calc's import dialog offers for a file with a BOM; headless has no dialog.
    office('--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', 'articles.csv');
    // Back to CSV from the workbook: what a person saving from Calc or Excel would hand on.
    office('--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', path.join(out, 'back'), 'articles.xlsx');
    const rows = parse(fs.readFileSync(path.join(out, 'back', 'articles.csv')), { bom: true, columns: true }) as { id: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(['0042', '1e5']);
    // In the workbook the cell is a string, not a number.
    const sheet = spawnSync('unzip', ['-p', path.join(out, 'articles.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }).stdout;
    if (sheet) expect(sheet).toMatch(/t="str"><f[^>]*>&quot;0042&quot;<\/f><v>0042<\/v>/);
  } finally {
    cleanup(dir);
    cleanup(out);
  }
}, 300_000);
