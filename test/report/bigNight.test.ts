/**
 * report.html for a big night in a real browser (playwright-core + Debian's chromium): on a
 * generated night of a thousand articles, the index filter finds an event by outlet and by text,
 * a collapsed event opens, an article title links to the article's URL, a finding marked wrong in
 * verdicts.yaml is flagged, and no request leaves the page. No timing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { anchor } from '../../src/report/html/escape.js';
import { applyVerdicts, loadVerdicts } from '../../src/report/verdicts.js';
import { CHROMIUM, openReportPage, type OpenPage } from './browser.js';
import { LONE_OUTLET, syntheticNight, UNIQUE_WORD } from './syntheticNight.js';
import * as fx from './fixtureRecords.js';

const night = syntheticNight(200, 5);
const wrongId = night.analysis.claimMatches.find((m) => m.relation === 'contradict' && m.eventId === night.analysis.events[7].id)!.id;
const rightId = night.analysis.omissions[7].id;

let dir: string;
let opened: OpenPage;
beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing. Fix: apt-get install -y chromium`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-bignight-'));
  const verdictsFile = path.join(dir, 'verdicts.yaml');
  fs.writeFileSync(verdictsFile, `verdicts:\n  - id: ${wrongId}\n    verdict: wrong\n    note: same quote, not a contradiction\n  - id: ${rightId}\n    verdict: right\n`);
  const verdicts = applyVerdicts(loadVerdicts(verdictsFile), night.analysis, verdictsFile, 'flag');
  const page = await renderHtmlReport({
    runId: 'big',
    startedAt: '2024-12-31T00:00:00.000Z',
    articles: night.articles,
    skipped: [],
    analysis: night.analysis,
    framing: fx.emptyFraming,
    maxEvents: 60,
    maxClaimsPerEvent: 25,
    verdicts,
  });
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, page);
  opened = await openReportPage(file);
}, 180_000);
afterAll(async () => {
  await opened?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const visibleEvents = () =>
  opened.page.evaluate(() => [...document.querySelectorAll<HTMLTableRowElement>('#event-index tbody tr')].filter((r) => !r.hidden).map((r) => r.cells[0].textContent ?? ''));

describe('report.html for a big night, in chromium', () => {
  it('has a thousand articles, an index of every event and the summary on top', async () => {
    expect(night.articles.length).toBe(1000);
    const { rows, linked, summary, collapsed } = await opened.page.evaluate(() => ({
      rows: document.querySelectorAll('#event-index tbody tr').length,
      linked: document.querySelectorAll('#event-index tbody tr td:first-child a').length,
      summary: document.getElementById('summary')?.textContent ?? '',
      collapsed: [...document.querySelectorAll('details.event')].filter((d) => !(d as HTMLDetailsElement).open).length,
    }));
    expect(rows).toBe(200);
    expect(summary).toContain('Outlets covered: 41');
    expect(summary).toContain('Events with the most disagreement');
    // report.htmlMaxEvents (60) most-covered events plus the summary's most-disputed ones, all collapsed.
    expect(collapsed).toBeGreaterThanOrEqual(60);
    expect(collapsed).toBe(linked);
    const disputed = await opened.page.evaluate(() => [...document.querySelectorAll('ol.top-events li')].map((li) => !!li.querySelector('a')));
    expect(disputed.length).toBe(8);
    expect(disputed.every(Boolean)).toBe(true);
  });

  it('finds an event by outlet, and by text', async () => {
    await opened.page.selectOption('#filter select[name=outlet]', LONE_OUTLET);
    expect(await visibleEvents()).toEqual([expect.stringContaining(night.analysis.events[7].label)]);
    expect(await opened.page.textContent('#filter-count')).toBe('1 of 200 events');
    await opened.page.selectOption('#filter select[name=outlet]', '');
    await opened.page.fill('#filter input[name=q]', UNIQUE_WORD.toUpperCase());
    expect(await visibleEvents()).toEqual([expect.stringContaining(night.analysis.events[11].label)]);
    // The event sections follow the filter: only event 11 of those on the page is left.
    const shown = await opened.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('details.event')].filter((d) => !d.hidden).map((d) => d.id));
    expect(shown).toEqual([anchor('event', night.analysis.events[11].id)]);
    await opened.page.fill('#filter input[name=q]', '');
    expect((await visibleEvents()).length).toBe(200);
  });

  it('opens a collapsed event, whose article titles link to their URLs', async () => {
    const event = night.analysis.events[7];
    const id = anchor('event', event.id);
    expect(await opened.page.evaluate((i) => (document.getElementById(i) as HTMLDetailsElement).open, id)).toBe(false);
    expect(await opened.page.isVisible(`#${id} a.article-link`)).toBe(false);
    await opened.page.click(`#${id} > summary`);
    expect(await opened.page.evaluate((i) => (document.getElementById(i) as HTMLDetailsElement).open, id)).toBe(true);
    const link = opened.page.locator(`#${id} a.article-link`).first();
    expect(await link.isVisible()).toBe(true);
    const first = night.articles.find((a) => a.id === event.articleIds[0])!;
    expect(await link.getAttribute('href')).toBe(first.url);
    expect(await link.textContent()).toBe(first.title);
  });

  it('flags the finding marked wrong and shows the one marked right as confirmed', async () => {
    const wrong = opened.page.locator(`tr[data-finding-id="${wrongId}"]`);
    expect(await wrong.getAttribute('class')).toBe('finding wrong');
    expect(await wrong.textContent()).toContain('marked wrong by an analyst: same quote, not a contradiction');
    expect(await opened.page.locator(`tr[data-finding-id="${rightId}"]`).textContent()).toContain('confirmed by an analyst');
    expect(await opened.page.locator('#summary').textContent()).toContain('analysts confirmed 0 and marked 1 wrong of 400 claim matches');
  });

  it('made no request and logged no error', () => {
    expect(opened.requests).toEqual([]);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
  });
});
