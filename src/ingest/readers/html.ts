/**
 * HTML pages: the story is extracted with Mozilla Readability (Firefox's reader view) over jsdom.
 * jsdom is created without `runScripts` and without a resource loader, so no script in the page
 * runs and nothing (frames, images, stylesheets) is fetched. Metadata the page carries (site name,
 * canonical URL, publication time, headline) is kept as hints for outlet/date/title detection.
 */
import { createRequire } from 'node:module';
import type * as JsdomModule from 'jsdom';
import type * as ReadabilityModule from '@mozilla/readability';
import type { DocumentMeta } from '../rawDocument.js';
import { normalizeInline } from '../normalizeText.js';
import { blocksFromDom } from './htmlBlocks.js';
import { estimateNestingDepth, flattenHtml, MAX_HTML_DEPTH } from './htmlDepth.js';

// jsdom takes ~0.5 s to load: only runs with HTML input pay for it (both packages are CommonJS,
// so a synchronous require keeps the readers synchronous).
const require = createRequire(import.meta.url);
let libraries: { jsdom: typeof JsdomModule; readability: typeof ReadabilityModule } | undefined;
function htmlLibraries() {
  libraries ??= { jsdom: require('jsdom') as typeof JsdomModule, readability: require('@mozilla/readability') as typeof ReadabilityModule };
  return libraries;
}

export interface ReadResult {
  lines: string[];
  meta: DocumentMeta;
  /** Something the analyst should know about how the page was read. */
  warning?: string;
}

type Doc = Document;

function metaContent(doc: Doc, selectors: string[]): { value: string; field: string } | undefined {
  for (const sel of selectors) {
    const el = doc.querySelector(sel);
    const value = el?.getAttribute('content') ?? el?.getAttribute('href') ?? el?.getAttribute('datetime');
    if (value && value.trim()) return { value: normalizeInline(value), field: sel };
  }
  return undefined;
}

interface JsonLdFacts {
  headline?: string;
  datePublished?: string;
  publisher?: string;
  url?: string;
}

/** Facts from `application/ld+json` blocks, parsed as data (never evaluated). */
function jsonLd(doc: Doc): JsonLdFacts {
  const facts: JsonLdFacts = {};
  const visit = (node: unknown, depth: number) => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const o = node as Record<string, unknown>;
    const type = String(o['@type'] ?? '');
    if (/Article|NewsArticle|Report|BlogPosting|WebPage/i.test(type)) {
      if (typeof o.headline === 'string') facts.headline ??= o.headline;
      if (typeof o.datePublished === 'string') facts.datePublished ??= o.datePublished;
      if (typeof o.url === 'string') facts.url ??= o.url;
      const pub = o.publisher as Record<string, unknown> | undefined;
      if (pub && typeof pub.name === 'string') facts.publisher ??= pub.name;
    }
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (const el of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(el.textContent ?? ''), 0);
    } catch {
      // Broken JSON-LD is common on real pages; the visible text still counts.
    }
  }
  return facts;
}

function pageMeta(doc: Doc): DocumentMeta {
  const ld = jsonLd(doc);
  const meta: DocumentMeta = {};
  const site = metaContent(doc, ['meta[property="og:site_name"]', 'meta[name="application-name"]']);
  if (site) [meta.outlet, meta.outletField] = [site.value, site.field.replace(/^meta\[\w+="(.*)"\]$/, '$1')];
  else if (ld.publisher) [meta.outlet, meta.outletField] = [normalizeInline(ld.publisher), 'JSON-LD publisher'];
  const url = metaContent(doc, ['link[rel="canonical"]', 'meta[property="og:url"]']);
  meta.url = url?.value ?? (ld.url ? normalizeInline(ld.url) : undefined);
  const published = metaContent(doc, [
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="parsely-pub-date"]',
    'meta[name="dc.date.issued"]',
    'meta[name="DC.date.issued"]',
    'meta[name="date"]',
  ]);
  if (published) [meta.published, meta.publishedField] = [published.value, published.field.replace(/^meta\[\w+="(.*)"\]$/, '$1')];
  else if (ld.datePublished) [meta.published, meta.publishedField] = [normalizeInline(ld.datePublished), 'JSON-LD datePublished'];
  const title = ld.headline ?? metaContent(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]'])?.value;
  if (title) meta.title = normalizeInline(title);
  return meta;
}

/** Attribute values longer than this (inline data: images, serialized state) carry no text. */
const MAX_ATTRIBUTE = 2048;

/**
 * Removes what cannot hold article text but can make extraction slow: scripts, styles and
 * oversized attribute values (a multi-megabyte data: URI makes Readability take seconds).
 */
function defuse(doc: Doc): void {
  for (const el of Array.from(doc.querySelectorAll('script, style, noscript, template, iframe, object, embed'))) el.remove();
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.value.length > MAX_ATTRIBUTE || /^on/i.test(attr.name)) el.removeAttribute(attr.name);
    }
  }
}

export function readHtml(page: string): ReadResult {
  let html = page;
  let warning: string | undefined;
  const depth = estimateNestingDepth(html);
  if (depth > MAX_HTML_DEPTH) {
    html = flattenHtml(html);
    const flatDepth = estimateNestingDepth(html);
    if (flatDepth > MAX_HTML_DEPTH) {
      throw new Error(
        `its HTML nests elements about ${depth} levels deep (${flatDepth} after removing wrapper tags; the limit is ${MAX_HTML_DEPTH}), ` +
          'which would stall the HTML parser. Fix: export the article as text or simpler HTML.',
      );
    }
    warning = `HTML nested about ${depth} levels deep (limit ${MAX_HTML_DEPTH}): wrapper and inline tags were removed before extraction, so check the article text`;
  }
  // A silent console: broken CSS or markup in real pages is not the analyst's problem.
  const { JSDOM, VirtualConsole } = htmlLibraries().jsdom;
  const { Readability } = htmlLibraries().readability;
  const dom = new JSDOM(html, { contentType: 'text/html', virtualConsole: new VirtualConsole() });
  try {
    const doc = dom.window.document;
    const meta = pageMeta(doc);
    defuse(doc);
    const h1 = doc.querySelector('article h1, main h1, h1')?.textContent;
    const pageTitle = doc.querySelector('title')?.textContent;
    let blocks: string[] = [];
    let article: ReturnType<ReadabilityModule.Readability<Node>['parse']> = null;
    try {
      article = new Readability<Node>(doc, { serializer: (node) => node, charThreshold: 200 }).parse();
    } catch {
      article = null;
    }
    if (article?.content) blocks = blocksFromDom(article.content as unknown as Parameters<typeof blocksFromDom>[0]);
    if (blocks.join(' ').length < 200) {
      // Short pages defeat Readability's scoring: fall back to the whole body without page chrome.
      const fresh = new JSDOM(html, { contentType: 'text/html', virtualConsole: new VirtualConsole() });
      try {
        defuse(fresh.window.document);
        blocks = blocksFromDom(fresh.window.document.body as unknown as Parameters<typeof blocksFromDom>[0], true);
      } finally {
        fresh.window.close();
      }
    }
    meta.title ??= normalizeInline(h1 ?? article?.title ?? pageTitle ?? '') || undefined;
    if (!meta.outlet && article?.siteName) [meta.outlet, meta.outletField] = [normalizeInline(article.siteName), 'page site name'];
    if (!meta.published && article?.publishedTime) {
      [meta.published, meta.publishedField] = [normalizeInline(article.publishedTime), 'page published time'];
    }
    // One block per paragraph with blank lines between: the shape plain text has. A headline kept
    // by Readability is dropped later as a repeat of the title.
    const lines: string[] = [];
    for (const block of blocks) lines.push(block, '');
    return { lines, meta, ...(warning ? { warning } : {}) };
  } finally {
    dom.window.close();
  }
}
