/**
 * The one way an editor YAML file (config, outlets, entities, stance, lexicons, speakers,
 * manifests, verdicts) is read and parsed: bounded by the bytes actually read (regular files only),
 * YAML aliases limited, and every failure a ConfigError (exit 2) whose lines read
 * `file:line:col key: message. Fix: ...`. Loaders add their own schema checks on `data`, with
 * `schemaProblems` (problems.ts) for the located lines.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../runtime/errors.js';
import { MAX_EDITOR_FILE_BYTES, readBounded } from './editorFile.js';
import { MAX_ALIAS_COUNT, parseYamlText, type ParsedYamlText } from './yamlFile.js';
import { firstSyntaxProblem } from './problems.js';

export interface EditorYamlSpec {
  /** What the file is, for messages: "stance lexicon", "outlet directory". */
  role: string;
  /** The config key that names the file, for messages and the fix: "claims.stanceLexicon". */
  key: string;
  /** The file name shown in messages (default: the path read). */
  shownAs?: string;
  /** Read limit (default MAX_EDITOR_FILE_BYTES). */
  maxBytes?: number;
  /** The fix for a missing or unreadable file (default: create it or point `key` at an existing file). */
  missingFix?: string;
}

export interface EditorYaml {
  yaml: ParsedYamlText;
  /** The document as plain data (`{}` for an empty file). */
  data: unknown;
  /** sha256 of the text, for manifests and cache keys. */
  sha256: string;
}

/** The text of an editor file; a missing, unreadable, non-regular or oversized file is a ConfigError. */
export function readEditorText(file: string, spec: EditorYamlSpec): string {
  const shown = spec.shownAs ?? file;
  const maxBytes = spec.maxBytes ?? MAX_EDITOR_FILE_BYTES;
  const read = readBounded(file, maxBytes);
  if ('bytes' in read) return read.bytes.toString('utf8');
  if ('tooLarge' in read) {
    throw new ConfigError([`${shown}:1:1 ${spec.key}: the ${spec.role} is over the limit of ${maxBytes} bytes (${read.tooLarge} or more read). Fix: point ${spec.key} at the intended file.`]);
  }
  if (read.unreadable.startsWith('not a regular file')) {
    throw new ConfigError([`${shown}:1:1 ${spec.key}: the ${spec.role} is ${read.unreadable}; only regular files are read. Fix: point ${spec.key} at a YAML file.`]);
  }
  throw new ConfigError([
    `${shown}:1:1 ${spec.key}: cannot read the ${spec.role} (${read.unreadable}). Fix: ${spec.missingFix ?? `create it, or set ${spec.key} to an existing file`}.`,
  ]);
}

/** Parses editor YAML text; a syntax error or an alias bomb is a ConfigError. */
export function parseEditorYaml(text: string, file: string, spec: Pick<EditorYamlSpec, 'key'>): EditorYaml {
  const yaml = parseYamlText(text, file, { prettyErrors: false });
  const syntax = firstSyntaxProblem(yaml);
  if (syntax) throw new ConfigError([syntax]);
  let data: unknown;
  try {
    data = yaml.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const why = (err as Error).message.split('\n')[0].replace(/\.$/, '');
    throw new ConfigError([`${file}:1:1 ${spec.key}: ${why} (YAML aliases are limited to ${MAX_ALIAS_COUNT}). Fix: write the values out instead of using so many YAML aliases.`]);
  }
  return { yaml, data: data ?? {}, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Reads and parses an editor YAML file (readEditorText, then parseEditorYaml). */
export function readEditorYaml(file: string, spec: EditorYamlSpec): EditorYaml {
  return parseEditorYaml(readEditorText(file, spec), spec.shownAs ?? file, spec);
}

/** parseEditorYaml for the `check*` functions that return problems instead of throwing. */
export function tryParseEditorYaml(text: string, file: string, spec: Pick<EditorYamlSpec, 'key'>): EditorYaml | { problems: string[] } {
  try {
    return parseEditorYaml(text, file, spec);
  } catch (err) {
    if (err instanceof ConfigError) return { problems: err.problems };
    throw err;
  }
}
