/**
 * Builds a minimal Article straight from a seed or fixture file (first line = title, rest = body),
 * so the segment tests do not depend on the ingest stage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/records.js';
import { loadAliasTable, type AliasTable } from '../../src/text/entityAliases.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function articleFromFile(file: string, id = path.basename(file, path.extname(file))): Article {
  const raw = fs.readFileSync(path.resolve(ROOT, file), 'utf8');
  const newline = raw.indexOf('\n');
  const title = newline < 0 ? raw : raw.slice(0, newline).trim();
  const text = newline < 0 ? '' : raw.slice(newline + 1);
  return {
    id,
    contentHash: '',
    sourceFile: file,
    format: 'txt',
    outlet: 'test-outlet',
    outletSource: 'unknown',
    outletEvidence: '',
    outletCountry: '',
    outletOwnership: '',
    url: '',
    published: '',
    publishedSource: 'unknown',
    publishedEvidence: '',
    title,
    text,
    words: text.split(/\s+/).filter(Boolean).length,
    language: 'en',
    analysable: true,
    duplicateOf: '',
  };
}

/** The seed whose file name starts with `prefix` ("001"). */
export function seed(prefix: string): Article {
  const dir = path.join(ROOT, 'seeds');
  const name = fs.readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!name) throw new Error(`seeds/${prefix}*.txt not found`);
  return articleFromFile(path.join('seeds', name), prefix);
}

let table: AliasTable | undefined;
/** The repository's config/entities.yaml. */
export function aliases(): AliasTable {
  table ??= loadAliasTable(path.join(ROOT, 'config', 'entities.yaml'));
  return table;
}
