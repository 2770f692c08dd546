/**
 * The entity alias table (config/entities.yaml): canonical names for actors and the spellings
 * that mean them. Loaded once per run; matching is a single compiled regular expression.
 */
import fs from 'node:fs';
import { isMap, isSeq, type Node } from 'yaml';
import type { EntityType } from '../records.js';
import { nodePosition, parseYamlText } from '../config/yamlFile.js';
import { EditorFileError, readEditorFile } from '../config/editorFile.js';

export interface AliasEntry {
  name: string;
  type: EntityType;
  aliases: string[];
}

export interface AliasMatch {
  start: number;
  end: number;
  text: string;
  entry: AliasEntry;
}

export interface AliasTable {
  entries: AliasEntry[];
  /** Canonical entry for an exact spelling (case-sensitive spellings and lower-cased others). */
  lookup(text: string): AliasEntry | undefined;
  /** Every alias occurrence in `text`, longest first, never overlapping. */
  find(text: string): AliasMatch[];
}

const TYPES: EntityType[] = ['person', 'organization', 'place'];

/** A spelling in capitals or with dots is an acronym and must match exactly. */
function isCaseSensitive(alias: string): boolean {
  return alias.includes('.') || alias === alias.toUpperCase();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds a table from entries (tests and callers with entries already in memory). */
export function buildAliasTable(entries: AliasEntry[]): AliasTable {
  const exact = new Map<string, AliasEntry>();
  const folded = new Map<string, AliasEntry>();
  const spellings: string[] = [];
  for (const entry of entries) {
    for (const spelling of [entry.name, ...entry.aliases]) {
      const s = spelling.trim();
      if (!s) continue;
      if (isCaseSensitive(s)) {
        if (!exact.has(s)) exact.set(s, entry);
      } else if (!folded.has(s.toLowerCase())) {
        folded.set(s.toLowerCase(), entry);
      }
      spellings.push(s);
    }
  }
  const lookup = (text: string) => exact.get(text) ?? folded.get(text.toLowerCase());
  // Longest spellings first so "Washington Post" wins over "Washington".
  const unique = [...new Set(spellings)].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const pattern = unique.length
    ? new RegExp(`(?<![\\p{L}\\p{N}.])(?:${unique.map(escape).join('|')})(?![\\p{L}\\p{N}]|\\.\\p{L})`, 'giu')
    : null;

  function find(text: string): AliasMatch[] {
    if (!pattern) return [];
    const found: AliasMatch[] = [];
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const spelled = m[0];
      // The regex ignores case; lookup() does not for acronyms, so "us" never becomes "US".
      const entry = lookup(spelled);
      if (!entry) continue;
      if (entry.type === 'person' && followsName(text, m.index)) continue;
      found.push({ start: m.index, end: m.index + spelled.length, text: spelled, entry });
    }
    return found;
  }

  return { entries, lookup, find };
}

/** "Hunter Biden": a capitalised word right before a person alias makes it someone else's name. */
function followsName(text: string, at: number): boolean {
  const before = /(\p{Lu}[\p{L}'’-]*)\s+$/u.exec(text.slice(Math.max(0, at - 40), at));
  if (!before) return false;
  return !TITLE_BEFORE_NAME.has(before[1].toLowerCase());
}

/** Words that may stand before a surname without being part of another name. */
const TITLE_BEFORE_NAME = new Set([
  'president', 'mr', 'mrs', 'ms', 'dr', 'minister', 'secretary', 'senator', 'sen', 'chancellor',
  'premier', 'leader', 'former', 'vice', 'prime', 'the', 'but', 'and', 'when', 'while', 'as', 'if',
  'after', 'before', 'then', 'so', 'yet', 'for', 'with', 'that', 'because', 'although', 'since',
]);

/** Reads and validates the alias file; errors name the file, the line and what to fix. */
export function loadAliasTable(file: string): AliasTable {
  let source: string;
  try {
    source = readEditorFile(file, 'entity alias').toString('utf8');
  } catch (err) {
    if (err instanceof EditorFileError) throw err;
    throw new Error(
      `${file}: cannot read the entity alias file (${(err as Error).message}). ` +
        'Create it (see config/entities.yaml in the repository) or set segment.entityAliasesFile.',
    );
  }
  const yaml = parseYamlText(source, file);
  const { doc } = yaml;
  const at = (node: Node | null | undefined) => nodePosition(yaml, node);
  if (yaml.syntaxErrors.length) throw new Error(`${file}: invalid YAML: ${yaml.syntaxErrors[0].message}`);
  const list = doc.get('entities', true) as Node | undefined;
  if (!isSeq(list)) throw new Error(`${at(doc.contents)}: expected a top-level key "entities" holding a list.`);
  const entries: AliasEntry[] = [];
  list.items.forEach((item, i) => {
    const where = `${at(item as Node)} entities[${i}]`;
    if (!isMap(item)) throw new Error(`${where}: expected a map with name, type and aliases.`);
    const raw = (item as { toJSON(): unknown }).toJSON() as Record<string, unknown>;
    const name = raw.name;
    if (typeof name !== 'string' || !name.trim()) throw new Error(`${where}: "name" must be a non-empty string.`);
    if (!TYPES.includes(raw.type as EntityType)) {
      throw new Error(`${where} (${name}): "type" must be one of ${TYPES.join(', ')}, got ${JSON.stringify(raw.type)}.`);
    }
    const aliases = raw.aliases ?? [];
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' && typeof a !== 'number')) {
      throw new Error(`${where} (${name}): "aliases" must be a list of strings.`);
    }
    entries.push({ name: name.trim(), type: raw.type as EntityType, aliases: aliases.map(String) });
  });
  return buildAliasTable(entries);
}
