/**
 * Markdown articles: parsed with mdast-util-from-markdown (CommonMark), so emphasis, links and
 * images become plain words instead of stray symbols. Optional YAML front matter (`---` block at
 * the top) supplies title, date, url and outlet like a manifest entry written inside the file.
 */
import { parse as parseYaml } from 'yaml';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import type { DocumentMeta } from '../rawDocument.js';
import { normalizeInline } from '../normalizeText.js';
import type { ReadResult } from './html.js';
import { estimateMarkdownDepth, flattenMarkdown, MAX_MARKDOWN_DEPTH } from './markdownDepth.js';

interface MdNode {
  type: string;
  depth?: number;
  children?: MdNode[];
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

const META_KEYS: Record<keyof Pick<DocumentMeta, 'title' | 'published' | 'url' | 'outlet'>, string[]> = {
  title: ['title', 'headline'],
  published: ['published', 'date', 'publishedAt', 'published_at', 'pubDate'],
  url: ['url', 'link', 'canonical'],
  outlet: ['outlet', 'source', 'publisher', 'site'],
};

function frontMatter(text: string): { meta: DocumentMeta; body: string; problem?: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { meta: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(m[1], { maxAliasCount: 10 });
  } catch (err) {
    // Not YAML after all (a horizontal rule at the top): read it as text.
    return { meta: {}, body: text, problem: `front matter is not YAML (${(err as Error).message.split('\n')[0]}), read as text` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { meta: {}, body: text };
  const record = data as Record<string, unknown>;
  const meta: DocumentMeta = {};
  for (const [key, names] of Object.entries(META_KEYS) as [keyof typeof META_KEYS, string[]][]) {
    for (const name of names) {
      const v = Object.hasOwn(record, name) ? record[name] : undefined;
      const value = v instanceof Date ? v.toISOString() : typeof v === 'string' || typeof v === 'number' ? String(v) : '';
      if (!value.trim()) continue;
      meta[key] = normalizeInline(value);
      if (key === 'outlet') meta.outletField = `front matter "${name}"`;
      if (key === 'published') meta.publishedField = `front matter "${name}"`;
      break;
    }
  }
  return { meta, body: text.slice(m[0].length) };
}

function inlineText(node: MdNode): string {
  return toString(node, { includeImageAlt: false, includeHtml: false }).replace(/\s+/g, ' ').trim();
}

export function readMarkdown(text: string): ReadResult & { warning?: string } {
  const { meta, body: written, problem } = frontMatter(text);
  let body = written;
  let warning = problem;
  const depth = estimateMarkdownDepth(body);
  if (depth > MAX_MARKDOWN_DEPTH) {
    body = flattenMarkdown(body);
    const note = `Markdown nested about ${depth} levels deep (limit ${MAX_MARKDOWN_DEPTH}): list and quote markers were removed before reading, so check the article text`;
    warning = warning ? `${warning}; ${note}` : note;
  }
  const tree = fromMarkdown(body) as MdNode;
  const lines: string[] = [];
  const push = (s: string) => {
    if (s) lines.push(s, '');
  };
  const visit = (node: MdNode) => {
    switch (node.type) {
      case 'heading':
        // A document-level heading is the headline when no front matter gives one.
        if (node.depth === 1 && !meta.title && lines.length === 0) meta.title = inlineText(node) || undefined;
        push(inlineText(node));
        return;
      case 'paragraph':
        push(inlineText(node));
        return;
      case 'code':
      case 'html':
      case 'definition':
      case 'thematicBreak':
        return;
      default:
        for (const child of node.children ?? []) visit(child);
    }
  };
  visit(tree);
  return { lines, meta, warning };
}
