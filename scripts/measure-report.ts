/**
 * Size and speed of a report.html in headless Chromium (README, "Size and speed on a big night"):
 * file size, page height, DOM nodes, navigation timings (DOM interactive, DOMContentLoaded, load,
 * first contentful paint), the time one filter keystroke takes, and a screenshot of the first screen.
 *
 *   npx tsx scripts/measure-report.ts output/latest/report.html [/tmp/first-screen.png] [runs=3]
 *
 * Figures are medians over `runs` fresh page loads; every request but the page's own is refused
 * and counted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, shot = path.join(os.tmpdir(), 'crossframe-first-screen.png'), runsArg = '3'] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) {
  console.error('usage: npx tsx scripts/measure-report.ts REPORT.html [SCREENSHOT.png] [RUNS]');
  process.exit(2);
}
const url = pathToFileURL(path.resolve(file)).href;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-measure-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const requests: string[] = [];
await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : (requests.push(route.request().url()), route.abort())));
const samples: Record<string, number>[] = [];
let shape: Record<string, number> = {};
try {
  for (let i = 0; i < Number(runsArg); i++) {
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    const wall = Date.now() - started;
    const t = await page.evaluate(async () => {
      // Paint entries are queued after the first frames: wait for two.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const paints = performance.getEntriesByType('paint');
      const fcp = (paints.find((p) => p.name === 'first-contentful-paint') ?? paints[0])?.startTime ?? NaN;
      return { domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, firstContentfulPaint: fcp };
    });
    if (i === 0) {
      shape = await page.evaluate(() => ({ pageHeightPx: document.documentElement.scrollHeight, domNodes: document.getElementsByTagName('*').length, indexRows: document.querySelectorAll('#event-index tbody tr').length, eventSections: document.querySelectorAll('details.event').length }));
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: shot });
      // For reference: the height with every event open, as the page was before events were collapsed.
      shape.pageHeightAllOpenPx = await page.evaluate(() => {
        const closed = [...document.querySelectorAll('details')].filter((d) => !d.open);
        closed.forEach((d) => (d.open = true));
        const h = document.documentElement.scrollHeight;
        closed.forEach((d) => (d.open = false));
        return h;
      });
    }
    // One keystroke in the filter, timed inside the page up to the next frame.
    const filterMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const input = document.querySelector<HTMLInputElement>('#filter input[name=q]');
          if (!input) return resolve(NaN);
          const t0 = performance.now();
          input.value = 'a';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }),
    );
    samples.push({ ...t, filterKeystroke: filterMs, wallToLoad: wall });
    await page.close();
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
const keys = Object.keys(samples[0]);
const result = {
  file,
  bytes: fs.statSync(file).size,
  ...shape,
  runs: samples.length,
  medianMs: Object.fromEntries(keys.map((k) => [k, Math.round(median(samples.map((s) => s[k])))])),
  requests: requests.length,
  screenshot: shot,
};
console.log(JSON.stringify(result, null, 2));
