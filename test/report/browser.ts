/**
 * Opens a report.html in Debian's chromium (playwright-core, no bundled browser) with the network
 * cut off, and collects what an analyst's browser would show: console errors, requests, charts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface PageCheck {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests for anything but the page itself. */
  requests: string[];
  scripts: number;
  charts: { id: string; width: number; height: number; marks: number }[];
  bodyText: string;
  screenshot: string;
}

export interface OpenPage {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests for anything but the page itself (each is aborted). */
  requests: string[];
  close(): Promise<void>;
}

/** Opens a report.html with every request but the page's own recorded and aborted. */
export async function openReportPage(file: string): Promise<OpenPage> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-chromium-'));
  // A fresh profile per check (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = await context.newPage();
    const opened: OpenPage = { page, consoleErrors: [], pageErrors: [], requests: [], close };
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error') opened.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => opened.pageErrors.push(String(e)));
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      opened.requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    return opened;
  } catch (err) {
    await close();
    throw err;
  }
}

export async function checkReportPage(file: string, screenshot: string): Promise<PageCheck> {
  const { page, consoleErrors, pageErrors, requests, close } = await openReportPage(file);
  try {
    const result: PageCheck = { consoleErrors, pageErrors, requests, scripts: 0, charts: [], bodyText: '', screenshot };
    result.scripts = await page.evaluate(() => document.scripts.length);
    // Events are collapsed until opened: open them all, as an analyst reading every event would.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    result.charts = await page.evaluate(() =>
      [...document.querySelectorAll('figure.chart')].map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll('.role-mark path, .role-mark rect').length : 0,
        };
      }),
    );
    result.bodyText = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: screenshot, fullPage: true });
    return result;
  } finally {
    await close();
  }
}
