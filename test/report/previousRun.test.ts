/** "What is new" in report.html: finding ids of the run output/latest points at, read from its CSVs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCsv } from '../../src/report/csv.js';
import { analysisTables } from '../../src/report/rows/analysisRows.js';
import { articlesTable } from '../../src/report/rows/articleRows.js';
import { previousRunDir, readPreviousRun } from '../../src/report/previousRun.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { syntheticNight } from './syntheticNight.js';

describe('the previous run', () => {
  it('gives the ids of its findings and articles, and the summary counts what is new', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-prev-'));
    const before = syntheticNight(10, 5);
    const prevDir = path.join(out, 'run-1');
    fs.mkdirSync(prevDir);
    for (const t of [articlesTable(before.articles, before.analysis), ...analysisTables(before.analysis)]) fs.writeFileSync(path.join(prevDir, `${t.name}.csv`), renderCsv(t, { bom: true }));
    fs.symlinkSync('run-1', path.join(out, 'latest'));
    expect(previousRunDir(out, 'run-2')).toBe(fs.realpathSync(prevDir));
    expect(previousRunDir(out, 'run-1')).toBeNull();
    const previous = readPreviousRun(previousRunDir(out, 'run-2'))!;
    expect(previous.runId).toBe('run-1');
    expect(previous.ids.size).toBe(10 * 5);
    expect(previous.articleIds.size).toBe(50);

    const now = syntheticNight(12, 5);
    const page = await renderHtmlReport({ runId: 'run-2', startedAt: '2024-12-31T00:00:00.000Z', articles: now.articles, skipped: [], analysis: now.analysis, framing: { outletFraming: [], entityTone: [] }, maxEvents: 60, maxClaimsPerEvent: 25, previous });
    expect(page).toContain('10 articles, 2 events and 8 findings not in the previous run (run-1)');
    expect(readPreviousRun(path.join(out, 'nothing'))).toBeNull();
    fs.rmSync(out, { recursive: true, force: true });
  });
});
