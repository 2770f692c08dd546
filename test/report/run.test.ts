/**
 * The whole pipeline on the seeds plus a hostile article (formula headline, HTML outlet name),
 * offline with the compact models, into a temporary output folder. Every CSV is opened with a real
 * CSV parser and checked against the manifest; report.yaml is parsed; report.html is opened in
 * headless chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { runPipeline, type RunResult } from '../../pipeline/runner.js';
import { hashConfig, loadConfig } from '../../src/config/load.js';
import { readLatestTarget } from '../../src/report/runFolder.js';
import { MODELS_DIR, quietLog, removeTempDirs, tempDir } from '../models/compactModels.js';
import { checkReportPage } from './browser.js';

const CSVS = [
  'articles.csv',
  'sentences.csv',
  'events.csv',
  'claim_matches.csv',
  'numeric_comparisons.csv',
  'omissions.csv',
  'outlet_framing.csv',
  'entity_tone.csv',
  'changes.csv',
];

let out: string;
let result: RunResult;
let runDir: string;
let manifest: {
  rowCounts: Record<string, number>;
  outputs: { file: string; sha256: string; bytes: number; columns?: { name: string; type: string }[] }[];
  stages: { name: string }[];
  inputs: { file: string; sha256: string; bytes: number }[];
  models: { role: string; sha256: string }[];
  configHash: string;
};

const readCsv = (file: string) => {
  const bytes = fs.readFileSync(path.join(runDir, file));
  return { bytes, rows: parseCsv(bytes, { bom: true, columns: true }) as Record<string, string>[], header: bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',') };
};

beforeAll(async () => {
  out = tempDir('run');
  const loaded = loadConfig('config/pipeline.yaml');
  const config = {
    ...loaded.config,
    input: { ...loaded.config.input, paths: ['seeds', 'test/fixtures/report/hostile'] },
    models: { ...loaded.config.models, dir: MODELS_DIR, cacheDir: path.join(out, '.cache') },
    report: { ...loaded.config.report, dir: out },
  };
  result = await runPipeline({
    loaded: { ...loaded, config, hash: hashConfig(config) },
    offline: true,
    log: quietLog,
    progress: () => ({ tick() {}, done() {} }),
  });
  runDir = result.runDir;
  manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
}, 600_000);

afterAll(removeTempDirs);

describe('a full offline run on the seeds', () => {
  it('publishes the run folder and points latest at it', () => {
    expect(readLatestTarget(out)).toBe(result.runId);
    expect(fs.existsSync(path.join(out, `${result.runId}.partial`))).toBe(false);
    expect(fs.readdirSync(runDir).filter((f) => !f.startsWith('.')).sort()).toEqual(
      [...CSVS, 'manifest.json', 'report.html', 'report.xlsx', 'report.yaml', 'summary.json'].sort(),
    );
  });

  it('writes summary.json with the counts a cron alert needs, matching the CSVs', () => {
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ tool: 'crossframe', runId: result.runId, exitStatus: 0, articles: readCsv('articles.csv').rows.length });
    expect(summary.events).toBe(readCsv('events.csv').rows.length);
    expect(summary.omissions).toBe(readCsv('omissions.csv').rows.length);
    expect(summary.contradictions).toBe(readCsv('claim_matches.csv').rows.filter((r) => r.relation === 'contradict').length);
    expect(manifest.outputs.map((o) => o.file)).toContain('summary.json');
  });

  it.each(CSVS)('%s: BOM, header, rows as the manifest counts them, cells as their column type says', (file) => {
    const { bytes, rows, header } = readCsv(file);
    const columns = manifest.outputs.find((o) => o.file === file)!.columns!;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(header).toEqual(columns.map((c) => c.name));
    expect(rows).toHaveLength(manifest.rowCounts[file]);
    const type = new Map(columns.map((c) => [c.name, c.type]));
    for (const row of rows) {
      for (const [col, cell] of Object.entries(row)) {
        if (cell === '') continue;
        if (type.get(col) === 'number') expect({ col, cell, plainNumber: /^-?\d+(\.\d+)?$/.test(cell) }).toEqual({ col, cell, plainNumber: true });
        // A text cell may start with = only as the text form ="0042" (a spreadsheet shows 0042).
        const unguarded = /^[=+\-@\t\r]/.test(cell) && !/^="(?:[^"]|"")*"$/.test(cell);
        if (type.get(col) === 'text') expect({ col, cell, unguarded }).toEqual({ col, cell, unguarded: false });
        if (type.get(col) === 'date') expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}/);
        if (type.get(col) === 'bool') expect(['true', 'false']).toContain(cell);
      }
    }
  });

  it('keeps the hostile headline and outlet as text', () => {
    const { rows } = readCsv('articles.csv');
    const hostile = rows.find((r) => r.id === 'hostile_headline')!;
    expect(hostile.title).toBe(`'=HYPERLINK("http://example.invalid","Blinken") <script>alert("x")</script> talks end in fiasco`);
    expect(hostile.outlet).toBe("'@Evil <b>Outlet</b>");
    expect(rows.find((r) => r.outlet === 'Sputnik')!.title).toContain('Tepid Response');
    const framing = readCsv('outlet_framing.csv').rows;
    expect(framing.some((r) => r.tone_mean.startsWith('-'))).toBe(true);
  });

  it('lists every output with its hash, every stage, the inputs and the models', () => {
    expect(manifest.outputs.map((o) => o.file)).toEqual(expect.arrayContaining([...CSVS, 'report.yaml', 'report.html']));
    for (const o of manifest.outputs) expect(o.bytes).toBe(fs.statSync(path.join(runDir, o.file)).size);
    expect(manifest.stages.map((s) => s.name)).toEqual(['ingest', 'segment', 'enrich', 'events', 'claims', 'framing', 'report']);
    // The five seeds and every resource file the stages read (hashed even when a stage is reused).
    expect(manifest.inputs.map((i) => path.basename(i.file))).toEqual(
      expect.arrayContaining(['entities.yaml', 'stance.yaml', 'loaded.yaml', 'hedges.yaml', 'attribution.yaml', 'speakers.yaml']),
    );
    expect(manifest.inputs.length).toBeGreaterThanOrEqual(11);
    expect(manifest.models.map((m) => m.role)).toEqual(expect.arrayContaining(['embedding', 'sentiment']));
  });

  it('writes a report.yaml that parses, with Sputnik loaded terms in its outlet profile', () => {
    const tree = parseYaml(fs.readFileSync(path.join(runDir, 'report.yaml'), 'utf8'));
    const sputnik = tree.outlets.find((o: { outlet: string }) => o.outlet === 'Sputnik');
    expect(Object.keys(sputnik.loaded_language.terms)).toEqual(expect.arrayContaining(['fiasco', 'deaf ears', 'pummel', 'atrocious']));
    expect(tree.run.articles_read).toBe(6);
  });

  it('renders report.html in chromium with charts, no console errors and no network', async () => {
    const shot = path.join(out, 'report.png');
    const check = await checkReportPage(path.join(runDir, 'report.html'), shot);
    expect(check.consoleErrors).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.scripts).toBe(1);
    expect(check.charts.filter((c) => c.id.startsWith('chart-'))).toHaveLength(2);
    for (const c of check.charts) expect(c.marks).toBeGreaterThan(0);
    expect(check.bodyText).toContain('<script>alert("x")</script>');
    expect(check.bodyText).toContain('@Evil <b>Outlet</b>');
    // Kept for a person to look at (outside git): output/ is ignored.
    fs.mkdirSync('output', { recursive: true });
    fs.copyFileSync(shot, path.join('output', 'report-test-screenshot.png'));
  });
});
