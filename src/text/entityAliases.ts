/**
 * The entity alias table (config/entities.yaml): canonical names for actors and the spellings
 * that mean them. Loaded once per run; matching is a single compiled regular expression.
 */
import { z } from 'zod';
import type { EntityType } from '../records.js';
import { schemaProblems, type UnknownKey } from '../config/problems.js';
import { readEditorText, tryParseEditorYaml } from '../config/editorYaml.js';
import { ConfigError } from '../runtime/errors.js';

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

const aliasEntrySchema = z.object({
  name: z.string().trim().min(1, 'a non-empty name'),
  type: z.enum(TYPES as unknown as [EntityType, ...EntityType[]], {
    errorMap: (issue, ctx) => ({ message: issue.code === 'invalid_enum_value' ? `must be one of ${TYPES.join(', ')}, got ${JSON.stringify(ctx.data)}` : ctx.defaultError }),
  }),
  aliases: z
    .array(z.union([z.string(), z.number()]).transform(String), { invalid_type_error: 'a list of spellings' })
    .nullish()
    .transform((a) => a ?? []),
});
const aliasFileSchema = z.object({ entities: z.array(aliasEntrySchema, { required_error: 'a top-level key "entities" holding a list' }) });
const FIX = 'each entry is a mapping with name, type (person, organization or place) and aliases (see config/entities.yaml).';

export interface AliasFileCheck {
  entries: AliasEntry[];
  /** `file:line:col key: message. Fix: ...`, one per mistake. */
  problems: string[];
  /** Keys the file has but crossframe does not read (warnings; errors under --strict). */
  unknownKeys: UnknownKey[];
}

/** Parses and validates alias-table text without throwing. */
export function checkAliasFile(source: string, file: string): AliasFileCheck {
  const read = tryParseEditorYaml(source, file, { key: 'segment.entityAliasesFile' });
  if ('problems' in read) return { entries: [], problems: read.problems, unknownKeys: [] };
  const { yaml, data } = read;
  const strict = aliasFileSchema.extend({ entities: z.array(aliasEntrySchema.strict()) }).strict();
  const checked = strict.safeParse(data);
  if (checked.success) return { entries: checked.data.entities.map((e) => ({ ...e, name: e.name.trim() })), problems: [], unknownKeys: [] };
  const found = schemaProblems(yaml, checked.error.issues, strict, FIX);
  // Unknown keys alone do not stop a run: read the file without them.
  const lenient = aliasFileSchema.safeParse(data);
  const entries = found.problems.length === 0 && lenient.success ? lenient.data.entities.map((e) => ({ ...e, name: e.name.trim() })) : [];
  return { entries, problems: found.problems, unknownKeys: found.unknownKeys };
}

/** Reads and validates the alias file; errors name the file, the line and what to fix. */
export function loadAliasTable(file: string): AliasTable {
  const source = readEditorText(file, {
    role: 'entity alias file',
    key: 'segment.entityAliasesFile',
    missingFix: 'create it (see config/entities.yaml in the package) or set segment.entityAliasesFile',
  });
  const checked = checkAliasFile(source, file);
  if (checked.problems.length) throw new ConfigError(checked.problems);
  return buildAliasTable(checked.entries);
}
