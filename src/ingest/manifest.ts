/**
 * `manifest.yaml` files beside the articles: what the analyst knows about each file (outlet, url,
 * publication date, title). They beat anything detected from the text. Paths in a manifest are
 * relative to its folder and may never leave the input folder.
 *
 *   defaults:            # optional, for every file in this folder and below
 *     outlet: BBC News
 *   files:               # a list of entries with `file:`, or a mapping file -> entry
 *     - file: 000_1152c55187613227.txt
 *       outlet: Times of Israel
 *       url: https://www.timesofisrael.com/...
 *       published: 2021-05-17
 *       title: Blinken signals US not insisting on ceasefire right away
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, isScalar, type Node } from 'yaml';
import { z } from 'zod';
import type { SkippedInput } from '../records.js';
import { nodeLine, parseYamlText, MAX_ALIAS_COUNT } from '../config/yamlFile.js';
import { didYouMean } from '../config/problems.js';
import { readTextFile } from './readText.js';
import { isInside, type DiscoveredFile } from './discoverFiles.js';
import { parseDateValue } from './detectDate.js';

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const s = v instanceof Date ? v.toISOString() : v.trim();
    const date = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(s) ? parseDateValue(s) : '';
    if (!date) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `published "${s}" is not a date. Fix: write it as YYYY-MM-DD.` });
      return z.NEVER;
    }
    return date;
  });

const fieldsSchema = {
  outlet: z.string().trim().min(1).optional(),
  url: z.string().trim().min(1).optional(),
  published: isoDate.optional(),
  title: z.string().trim().min(1).optional(),
};
const entrySchema = z.object({ file: z.string().min(1), ...fieldsSchema }).strict();
const defaultsSchema = z.object(fieldsSchema).strict();

export interface ManifestFacts {
  outlet?: string;
  url?: string;
  published?: string;
  title?: string;
}

/** Facts for one input file, each with the manifest line it came from (for the evidence columns). */
export interface ManifestEntry {
  facts: ManifestFacts;
  where: Partial<Record<keyof ManifestFacts, string>>;
}

export interface ManifestIndex {
  /** By absolute path of the discovered input file. */
  entries: Map<string, ManifestEntry>;
  skipped: SkippedInput[];
}

interface Layer {
  dir: string;
  facts: ManifestFacts;
  where: string;
}

const ENTRY_KEYS = ['file', ...Object.keys(fieldsSchema)];

function issueText(err: z.ZodError): string {
  return err.issues
    .map((i) => {
      if (i.code === z.ZodIssueCode.unrecognized_keys) {
        return i.keys.map((k) => `unknown key "${k}"${unknownKeyHint(k, ENTRY_KEYS)}`).join('; ');
      }
      return i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message;
    })
    .join('; ');
}

function unknownKeyHint(key: string, known: string[]): string {
  const guess = didYouMean(key, known);
  return guess ? ` (did you mean "${guess}"?)` : ` (expected ${known.join(', ')})`;
}

/** Reads every manifest and attaches its facts to the discovered files they name. */
export function loadManifests(manifests: DiscoveredFile[], files: DiscoveredFile[]): ManifestIndex {
  const skipped: SkippedInput[] = [];
  const byReal = new Map<string, DiscoveredFile>();
  for (const f of files) {
    try {
      byReal.set(fs.realpathSync(f.abs), f);
    } catch {
      // Vanished since discovery: reading it will report the problem.
    }
  }
  const explicit = new Map<string, ManifestEntry>();
  const layers: Layer[] = [];

  for (const manifest of manifests) {
    const read = readTextFile(manifest.abs, MAX_MANIFEST_BYTES);
    if (!read.ok) {
      skipped.push({ file: manifest.display, line: read.line, reason: 'malformed-manifest', detail: `${read.reason}: ${read.detail}` });
      continue;
    }
    const yaml = parseYamlText(read.text, manifest.display);
    if (yaml.syntaxErrors.length) {
      const { line, col, summary } = yaml.syntaxErrors[0];
      skipped.push({ file: manifest.display, line, reason: 'malformed-manifest', detail: `YAML syntax at column ${col}: ${summary}` });
      continue;
    }
    const { doc } = yaml;
    // Expand once with a cap: an alias bomb (billion laughs) is a malformed manifest, not a failed run.
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      skipped.push({ file: manifest.display, line: 1, reason: 'malformed-manifest', detail: `${(err as Error).message.split('\n')[0]} (YAML aliases are limited to ${MAX_ALIAS_COUNT})` });
      continue;
    }
    const dir = path.dirname(manifest.abs);
    const root = doc.contents;
    if (root !== null && !isMap(root)) {
      skipped.push({ file: manifest.display, line: 1, reason: 'malformed-manifest', detail: 'expected a mapping with "files:" (and optionally "defaults:")' });
      continue;
    }
    for (const pair of isMap(root) ? root.items : []) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key !== 'files' && key !== 'defaults') {
        skipped.push({ file: manifest.display, line: nodeLine(yaml, pair.key as Node), reason: 'malformed-manifest', detail: `unknown key "${key}"${unknownKeyHint(key, ['files', 'defaults'])}: ignored` });
      }
    }
    const defaultsNode = doc.get('defaults', true) as Node | undefined;
    if (defaultsNode) {
      const parsed = defaultsSchema.safeParse(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }).defaults);
      if (parsed.success) layers.push({ dir, facts: parsed.data, where: `${manifest.display}:${nodeLine(yaml, defaultsNode)}` });
      else skipped.push({ file: manifest.display, line: nodeLine(yaml, defaultsNode), reason: 'malformed-manifest', detail: `defaults: ${issueText(parsed.error)}` });
    }
    const filesNode = doc.get('files', true) as Node | undefined;
    const raw: { node: Node; value: unknown }[] = [];
    if (isSeq(filesNode)) {
      for (const item of filesNode.items) raw.push({ node: item as Node, value: (item as Node & { toJSON(): unknown }).toJSON() });
    } else if (isMap(filesNode)) {
      for (const pair of filesNode.items) {
        const value = (pair.value as (Node & { toJSON(): unknown }) | null)?.toJSON() ?? {};
        raw.push({ node: pair.key as Node, value: { file: isScalar(pair.key) ? String(pair.key.value) : '', ...(value as object) } });
      }
    } else if (filesNode) {
      skipped.push({ file: manifest.display, line: nodeLine(yaml, filesNode), reason: 'malformed-manifest', detail: '"files" must be a list of entries with "file:" or a mapping file -> entry' });
    }
    for (const { node, value } of raw) {
      const line = nodeLine(yaml, node);
      const parsed = entrySchema.safeParse(value);
      if (!parsed.success) {
        skipped.push({ file: manifest.display, line, reason: 'malformed-manifest', detail: `entry ignored: ${issueText(parsed.error)}` });
        continue;
      }
      const { file, ...facts } = parsed.data;
      const target = resolveEntry(file, dir, manifest.root);
      if ('skip' in target) {
        skipped.push({ file: manifest.display, line, reason: target.skip, detail: target.detail });
        continue;
      }
      const input = byReal.get(target.real);
      // A file that exists but was skipped (format, size...) already has its own entry.
      if (!input) continue;
      const where = `${manifest.display}:${line}`;
      explicit.set(input.abs, { facts, where: Object.fromEntries(Object.keys(facts).map((k) => [k, where])) });
    }
  }

  const entries = new Map<string, ManifestEntry>();
  // Deeper folders' defaults win over shallower ones; an entry for the file wins over both.
  layers.sort((a, b) => a.dir.length - b.dir.length);
  for (const f of files) {
    const merged: ManifestEntry = { facts: {}, where: {} };
    for (const layer of layers) {
      if (!isInside(f.abs, layer.dir)) continue;
      for (const [k, v] of Object.entries(layer.facts) as [keyof ManifestFacts, string][]) {
        merged.facts[k] = v;
        merged.where[k] = `${layer.where} (defaults)`;
      }
    }
    const own = explicit.get(f.abs);
    if (own) {
      Object.assign(merged.facts, own.facts);
      Object.assign(merged.where, own.where);
    }
    if (Object.keys(merged.facts).length) entries.set(f.abs, merged);
  }
  return { entries, skipped };
}

type Resolved = { real: string } | { skip: 'outside-input' | 'manifest-missing-file'; detail: string };

function resolveEntry(file: string, dir: string, root: string): Resolved {
  const segments = file.split(/[\\/]+/);
  if (path.isAbsolute(file) || /^[a-zA-Z]:/.test(file) || segments.includes('..')) {
    return { skip: 'outside-input', detail: `manifest path "${file}" is absolute or contains "..": refused. Fix: give the path relative to the manifest's folder, inside the input.` };
  }
  const abs = path.resolve(dir, ...segments);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return { skip: 'manifest-missing-file', detail: `manifest names "${file}", which does not exist. Fix: correct the path or remove the entry.` };
  }
  if (!isInside(real, root)) {
    return { skip: 'outside-input', detail: `manifest path "${file}" leads outside the input folder (to ${real}): refused` };
  }
  return { real };
}
