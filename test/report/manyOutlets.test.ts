/**
 * report.html for thousands of outlets (a folder of .txt files without bylines has one outlet per
 * article): the charts draw at most MAX_CHART_OUTLETS bars with the rest pooled, the tables and
 * profiles list the largest outlets with a note, and the page stays about the size it has for a
 * few dozen outlets. Outlet names like Object.prototype members are ordinary names.
 */
import { computeFraming } from '../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { configSchema } from '../../src/config/schema.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { chartOutlets, MAX_CHART_OUTLETS, MAX_LISTED_OUTLETS } from '../../src/report/html/chartOutlets.js';
import type { Article, OutletFraming } from '../../src/records.js';
import * as fx from './fixtureRecords.js';

const config = configSchema.parse({}).framing;
const framing = computeFraming(
  { articles: fx.articles, sentences: fx.sentences, sentiment: fx.sentiment, analysis: fx.analysis },
  loadFramingResources(config),
  config,
);
const template = framing.outletFraming.find((f) => f.eventId === '*')!;

/** `n` outlets: Object.prototype names first, then numbered ones, with varied tone and size. */
function outlets(n: number): { rows: OutletFraming[]; articles: Article[] } {
  const names = [...Object.getOwnPropertyNames(Object.prototype), 'Daily News > World'];
  for (let i = 0; names.length < n; i++) names.push(`Outlet ${i}`);
  const rows = names.slice(0, n).map((outlet, i) => ({
    ...template,
    outlet,
    sentences: i < 13 ? 100 : 1 + (i % 17), // the prototype names are among the largest
    toneMean: ((i * 37) % 200) / 100 - 1,
    toneNegativeShare: (i % 10) / 20,
    tonePositiveShare: (i % 7) / 20,
    loadedPer1000Words: (i % 13) / 2,
  }));
  const articles = rows.map((r, i) => ({ ...fx.articles[0], id: `x${i}`, outlet: r.outlet }));
  return { rows, articles };
}

async function page(n: number): Promise<string> {
  const { rows, articles } = outlets(n);
  return renderHtmlReport({
    runId: 'r1',
    startedAt: '2024-01-01T00:00:00.000Z',
    articles,
    skipped: [],
    analysis: { ...fx.analysis, events: [] },
    framing: { outletFraming: rows, entityTone: [] },
    maxEvents: 60,
    maxClaimsPerEvent: 25,
  });
}

test('chartOutlets keeps the largest outlets and pools the rest, weighted by sentences', () => {
  const { rows } = outlets(5000);
  const drawn = chartOutlets(rows);
  expect(drawn.rows).toHaveLength(MAX_CHART_OUTLETS);
  expect(drawn.pooled).toBe(5000 - MAX_CHART_OUTLETS + 1);
  const pooled = drawn.rows[drawn.rows.length - 1];
  expect(pooled.outlet).toBe(`${(5000 - MAX_CHART_OUTLETS + 1).toLocaleString('en-US')} other outlets (pooled)`);
  const kept = new Set(drawn.rows.slice(0, -1).map((r) => r.outlet));
  const rest = rows.filter((r) => !kept.has(r.outlet));
  const sentences = rest.reduce((a, r) => a + r.sentences, 0);
  expect(pooled.sentences).toBe(sentences);
  expect(pooled.toneMean).toBeCloseTo(rest.reduce((a, r) => a + r.toneMean * r.sentences, 0) / sentences, 10);
  for (const r of drawn.rows.slice(0, -1)) expect(r.sentences).toBeGreaterThanOrEqual(17);
  expect(kept.has('constructor')).toBe(true);
});

test('5,000 outlets: the page renders, with notes, at about the size of 60 outlets', async () => {
  const small = await page(60);
  const big = await page(5000);
  expect(big).toContain('other outlets (pooled)');
  expect(big).toContain(`The ${MAX_LISTED_OUTLETS} outlets with most sentences are listed; 4,900 more are in outlet_framing.csv.`);
  expect(big).toContain('>constructor<');
  // Bounded: a few hundred bytes of notes more than for 60 outlets, not 5,000 rows of charts and tables.
  expect(big.length).toBeLessThan(small.length * 2);
}, 120_000);
