import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { defineLazyTable, defineTable, formatNumber, guardText, renderCsv } from '../../src/report/csv.js';
import { writeCsvFile } from '../../src/report/csvFile.js';

const BOM = '\uFEFF';

describe('CSV tables', () => {
  const table = defineTable(
    'fixture',
    [
      { name: 'title', type: 'text' },
      { name: 'delta', type: 'number' },
      { name: 'ok', type: 'bool' },
      { name: 'published', type: 'date' },
    ],
    [
      { title: '=HYPERLINK("http://evil","click")', delta: -3, ok: true, published: '2023-11-06' },
      { title: '+1 for Gaza', delta: -0.25, ok: false, published: '' },
      { title: 'Заголовок “curly”, with comma\nand newline', delta: 1234567, ok: true, published: '2021-05-17T10:00:00Z' },
      { title: '-5 dead', delta: 0.1 + 0.2, ok: false, published: undefined },
      { title: '@SUM(A1)', delta: Number.NaN, ok: true, published: '2020-01-01' },
      { title: '\tTabbed', delta: 0, ok: true, published: '2020-01-01' },
    ],
  );

  it('writes a BOM, the header and one line per row, readable by a real CSV parser', () => {
    const csv = renderCsv(table, { bom: true });
    expect(csv.startsWith(BOM)).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['title', 'delta', 'ok', 'published']);
    expect(rows).toHaveLength(6);
    expect(rows[2].title).toBe('Заголовок “curly”, with comma\nand newline');
  });

  it('omits the BOM when configured', () => {
    expect(renderCsv(table, { bom: false }).startsWith('title,')).toBe(true);
  });

  it('guards text cells that a spreadsheet would run as formulas, never numbers', () => {
    const rows = parse(renderCsv(table, { bom: true }), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.title.slice(0, 2))).toEqual(["'=", "'+", 'За', "'-", "'@", "'\t"]);
    expect(rows.map((r) => r.delta)).toEqual(['-3', '-0.25', '1234567', '0.3', '', '0']);
    expect(guardText('\rx')).toBe("'\rx");
    expect(guardText('plain')).toBe('plain');
  });

  it('writes booleans as true/false and dates as ISO-8601', () => {
    const rows = parse(renderCsv(table, { bom: true }), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.ok)).toEqual(['true', 'false', 'true', 'false', 'true', 'true']);
    expect(rows.map((r) => r.published)).toEqual(['2023-11-06', '', '2021-05-17T10:00:00Z', '', '2020-01-01', '2020-01-01']);
  });

  it('formats numbers plainly: no exponent, no float noise', () => {
    expect(formatNumber(1e-7)).toBe('0');
    expect(formatNumber(2.5e-5)).toBe('0.000025');
    expect(formatNumber(-0.0000001)).toBe('0');
    expect(formatNumber(0.123456789, 3)).toBe('0.123');
    expect(formatNumber(Infinity)).toBe('');
  });

  it('refuses rows that do not fit the columns', () => {
    expect(() => defineTable('t', [{ name: 'a', type: 'text' }], [{ a: 'x', b: 'y' }])).toThrow(/key "b"/);
    const bad = defineTable('t', [{ name: 'n', type: 'number' }], [{ n: '12' }]);
    expect(() => renderCsv(bad, { bom: false })).toThrow(/column n: expected a number/);
    const badDate = defineTable('t', [{ name: 'd', type: 'date' }], [{ d: '06.11.2023' }]);
    expect(() => renderCsv(badDate, { bom: false })).toThrow(/not ISO-8601/);
  });

  it('writes a file a batch at a time with the bytes renderCsv gives the whole table, BOM or not, empty or not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csvfile-'));
    try {
      // 4,567 rows: more than two batches, and a last one that is not full; every kind of cell the fixture has.
      const many = Array.from({ length: 4567 }, (_, k) => ({ ...table.rows[k % table.rows.length], delta: k % 7 === 0 ? undefined : k / 3 }));
      const big = defineTable('big', table.columns, many);
      const empty = defineTable('empty', table.columns, []);
      for (const [t, bom] of [[big, true], [big, false], [empty, true], [empty, false], [table, true]] as const) {
        const file = path.join(dir, `${t.name}-${bom}.csv`);
        const lazy = defineLazyTable(t.name, t.columns, t.rows.length, () => t.rows);
        const written = await writeCsvFile(file, lazy, { bom });
        const expected = Buffer.from(renderCsv(t, { bom }), 'utf8');
        expect(fs.readFileSync(file).equals(expected)).toBe(true);
        expect(written).toEqual({ bytes: expected.length, sha256: createHash('sha256').update(expected).digest('hex') });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves no file behind when a row cannot be formatted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csvfile-'));
    try {
      const rows = Array.from({ length: 3000 }, (_, k) => ({ n: k === 2500 ? 'x' : k }));
      const bad = defineLazyTable('bad', [{ name: 'n', type: 'number' }], rows.length, () => rows);
      await expect(writeCsvFile(path.join(dir, 'bad.csv'), bad, { bom: true })).rejects.toThrow(/column n: expected a number/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
