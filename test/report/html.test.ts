import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFraming } from '../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { configSchema } from '../../src/config/schema.js';
import { loadToneJudge } from '../../src/analysis/framing/toneModel.js';
import { HTML_MAX_SKIPPED_ROWS, renderHtmlReport } from '../../src/report/html/page.js';
import { openChartMemo, scopeSvgIds } from '../../src/report/html/charts.js';
import { openModelCache } from '../../src/store/modelCache.js';
import { escapeHtml, html } from '../../src/report/html/escape.js';
import { FILTER_SCRIPT, FILTER_SCRIPT_HASH } from '../../src/report/html/overview.js';
import { checkReportPage, CHROMIUM } from './browser.js';
import * as fx from './fixtureRecords.js';
import { tempDir } from '../tempDir.js';

const config = configSchema.parse({}).framing;
const framing = computeFraming(
  { articles: fx.articles, sentences: fx.sentences, sentiment: fx.sentiment, analysis: fx.analysis, toneJudge: loadToneJudge(config.toneModel) },
  loadFramingResources(config),
  config,
);
const input = { runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', articles: fx.articles, skipped: fx.skipped, analysis: fx.analysis, framing, maxEvents: 60, maxClaimsPerEvent: 25 };

describe('report.html markup', () => {
  it('escapes every interpolated value', () => {
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html`<p>${'<script>'}</p>`.value).toBe('<p>&lt;script&gt;</p>');
  });

  it('is one self-contained page: only the hashed filter script, no external resource, hostile text escaped', async () => {
    const page = await renderHtmlReport(input);
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(page).toContain(`<script>${FILTER_SCRIPT}</script>`);
    expect(page).toContain(`default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${FILTER_SCRIPT_HASH}"`);
    expect(page).not.toMatch(/<(link|img|iframe)\b/i);
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('<svg');
  });
});

describe('outlets with few articles', () => {
  it('are left out of the overall charts under report.chartMinArticles, and stay in the table with their counts', async () => {
    const page = await renderHtmlReport({ ...input, chartMinArticles: 2 });
    expect(page).toContain('1 of 2 outlets have fewer than 2 analysed articles and are left out of the charts');
    const all = await renderHtmlReport(input);
    expect(all).not.toContain('left out of the charts');
  });
});

describe('skipped inputs on the page', () => {
  it('lists the first 500 with counts by reason and points to the complete lists', async () => {
    const skipped = Array.from({ length: 600 }, (_, i) => ({ file: 'feeds/big.jsonl', line: i + 1, reason: 'malformed-json' as const, detail: `bad record ${i + 1}` }));
    const page = await renderHtmlReport({ ...input, skipped: [...skipped, { file: 'a.txt', reason: 'empty' as const, detail: 'no bytes' }] });
    const section = page.slice(page.indexOf('<section id="skipped">'));
    expect(section.match(/<tr><td>/g)).toHaveLength(HTML_MAX_SKIPPED_ROWS);
    expect(section).toContain('malformed-json 600, empty 1');
    expect(section).toContain('The first 500 are listed; manifest.json and report.yaml list all 601.');
    expect(section).not.toContain('bad record 501');
  });
});

describe('chart memo', () => {
  it('draws each chart once: the next page takes the same charts from the run cache, byte for byte', async () => {
    const cache = openModelCache(':memory:');
    const stored = openChartMemo(cache);
    let drawn = 0;
    const chartMemo = {
      getMany: (keys: string[]) => stored.getMany(keys),
      putMany(entries: Iterable<readonly [string, string]>) {
        const list = [...entries];
        drawn += list.length;
        stored.putMany(list);
      },
    };
    const first = await renderHtmlReport({ ...input, chartMemo });
    expect(drawn).toBeGreaterThanOrEqual(2);
    const firstDrawn = drawn;
    const second = await renderHtmlReport({ ...input, chartMemo });
    expect(drawn).toBe(firstDrawn);
    expect(second).toBe(first);
    expect(second).toBe(await renderHtmlReport(input));
    // Changed numbers are drawn again.
    const shifted = { ...framing, outletFraming: framing.outletFraming.map((f) => ({ ...f, toneMean: f.toneMean - 0.1 })) };
    await renderHtmlReport({ ...input, framing: shifted, chartMemo });
    expect(drawn).toBeGreaterThan(firstDrawn);
    cache.close();
  });

  it('gives every chart its own ids, so charts drawn by different runs never clip each other', async () => {
    const page = await renderHtmlReport(input);
    const ids = [...page.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id) => /^chart\d+-\d+$/.test(id)).length).toBeGreaterThan(2);
    expect(ids.length).toBe(new Set(ids).size);
    for (const [, ref] of page.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref);
    expect(scopeSvgIds('<svg><g clip-path="url(#clip7)"/><defs><clipPath id="clip7"/></defs></svg>', 'c2-')).toBe(
      '<svg><g clip-path="url(#c2-1)"/><defs><clipPath id="c2-1"/></defs></svg>',
    );
  });
});

describe('report.html in headless chromium', () => {
  it('renders the charts with no console errors and no network', async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing. Fix: apt-get install -y chromium`);
    const dir = tempDir('cf-html-');
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, await renderHtmlReport(input));
    const shot = path.join(os.tmpdir(), 'crossframe-report-fixture.png');
    const check = await checkReportPage(file, shot);
    expect(check.consoleErrors).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.scripts).toBe(1);
    const overall = check.charts.filter((c) => c.id === 'chart-tone' || c.id === 'chart-loaded');
    expect(overall).toHaveLength(2);
    for (const c of check.charts) {
      expect(c.width).toBeGreaterThan(200);
      expect(c.height).toBeGreaterThan(40);
      expect(c.marks).toBeGreaterThan(0);
    }
    expect(check.bodyText).toContain('+Blinken <script>alert(1)</script> visit a fiasco');
    expect(check.bodyText).toContain('=HYPERLINK("http://x","Blinken") talks');
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  });
});
