/**
 * Reads a YAML config (and the file it `extends`), reports every problem at once as
 * `file:line:col path: message`, and returns the validated config with defaults filled in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { didYouMean, displayPath, objectShape } from './problems.js';
import { ConfigError } from '../runtime/errors.js';
import { keyPositionOf, positionOf, type ParsedYaml } from './yamlFile.js';
import { parseEditorYaml, readEditorText } from './editorYaml.js';

const MAX_CONFIG_BYTES = 1024 * 1024;

/** The installed package (the repository in a checkout): home of the shipped profiles and lexicons. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Files that tune the analysis, and the model folder. Written in a config file, a relative path
 * resolves against that file's folder; left to the default, against the package (the shipped files).
 */
export const RESOURCE_PATH_KEYS = [
  'input.outletsFile',
  'events.judge',
  'segment.entityAliasesFile',
  'claims.stanceLexicon',
  'claims.judge',
  'claims.numericJudge',
  'framing.loadedLexicon',
  'framing.hedgesLexicon',
  'framing.attributionLexicon',
  'framing.speakersFile',
  'framing.toneModel',
  'models.dir',
] as const;

/**
 * Where data is read and written. Written in a config file, a relative path resolves against that
 * file's folder; left to the default (seeds, output, output/.cache), against the working directory,
 * like --input and --output.
 */
export const DATA_PATH_KEYS = ['input.paths', 'models.cacheDir', 'models.downloadDir', 'report.dir', 'report.verdictsFile'] as const;

export interface LoadOptions {
  /** Unknown keys are errors, not warnings (`--strict`). */
  strict?: boolean;
}

// Defined with the rest of the error family; re-exported where callers have always found it.
export { ConfigError } from '../runtime/errors.js';

export interface LoadedConfig {
  config: Config;
  /** Files read, child first. */
  files: string[];
  warnings: string[];
  /** sha256 of the resolved config, for cache keys and the manifest. */
  hash: string;
}

interface ParsedFile extends ParsedYaml {
  data: Record<string, unknown>;
}

function parseFile(file: string, key = '--config'): ParsedFile {
  const text = readEditorText(file, { role: 'config file', key, maxBytes: MAX_CONFIG_BYTES, missingFix: `pass an existing file with ${key}` });
  const { yaml: parsed, data: read } = parseEditorYaml(text, file, { key });
  let data: unknown = read;
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([`${file}:1:1 ${key}: the config must be a mapping of sections (input, models, events, ...). Fix: see \`crossframe config\` for every key.`]);
  }
  return { file, doc: parsed.doc, lines: parsed.lines, data: data as Record<string, unknown> };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Child values win; nested mappings merge, lists replace. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** Removes keys the schema does not know, returning a warning (an error when strict) with a suggestion for each. */
function dropUnknownKeys(parsed: ParsedFile, strict = false): string[] {
  const warnings: string[] = [];
  const walk = (value: unknown, schema: z.ZodTypeAny, at: string[]) => {
    const shape = objectShape(schema);
    if (!shape || !isPlainObject(value)) return;
    const known = Object.keys(shape);
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(shape, key)) {
        walk(value[key], shape[key], [...at, key]);
        continue;
      }
      const where = keyPositionOf(parsed, [...at, key]);
      const guess = didYouMean(key, known);
      const name = [...at, key].join('.');
      const hint = guess ? ` (did you mean "${[...at, guess].join('.')}"?)` : '';
      warnings.push(strict ? `${where} ${name}: unknown key${hint}. Fix: correct or remove it (--strict refuses unknown keys).` : `${where} ${name}: unknown key, ignored${hint}`);
      delete value[key];
    }
  };
  walk(parsed.data, configSchema, []);
  return warnings;
}

const getAt = (data: Record<string, unknown>, [section, key]: string[]): unknown =>
  isPlainObject(data[section]) ? (data[section] as Record<string, unknown>)[key] : undefined;

/** Makes every relative path a file writes absolute, against `dir` (the file's folder). */
function resolvePathsIn(data: Record<string, unknown>, dir: string): void {
  for (const dotted of [...RESOURCE_PATH_KEYS, ...DATA_PATH_KEYS]) {
    const [section, key] = dotted.split('.');
    const value = getAt(data, [section, key]);
    const resolve = (v: unknown) => (typeof v === 'string' && v.length ? path.resolve(dir, v) : v);
    if (value === undefined || value === null) continue;
    (data[section] as Record<string, unknown>)[key] = Array.isArray(value) ? value.map(resolve) : resolve(value);
  }
}

/** Resource paths no file set: the package's shipped files, wherever crossframe is started. */
function resolveDefaultResources(merged: Record<string, unknown>, config: Config): void {
  for (const dotted of RESOURCE_PATH_KEYS) {
    const [section, key] = dotted.split('.') as [keyof Config, string];
    const holder = config[section] as unknown as Record<string, unknown>;
    const value = holder[key];
    if (getAt(merged, [section, key]) === undefined && typeof value === 'string') holder[key] = path.resolve(PACKAGE_ROOT, value);
  }
}

function readChain(file: string, seen: Set<string>, key = '--config'): ParsedFile[] {
  const abs = path.resolve(file);
  if (seen.has(abs)) throw new ConfigError([`${file}:1:1 extends: circular chain of config files. Fix: remove the extends that leads back to this file.`]);
  seen.add(abs);
  const parsed = parseFile(file, key);
  resolvePathsIn(parsed.data, path.dirname(path.resolve(file)));
  const parent = parsed.data.extends;
  if (typeof parent === 'string' && parent.length) {
    // Relative to the extending file; an absolute path stays as written.
    const parentFile = path.resolve(path.dirname(path.resolve(file)), parent);
    if (!fs.existsSync(parentFile)) {
      throw new ConfigError([`${positionOf(parsed, ['extends'])} extends: no such file ${parentFile}. Fix: give a path relative to this file's folder.`]);
    }
    return [parsed, ...readChain(parentFile, seen, 'extends')];
  }
  return [parsed];
}

export function hashConfig(config: unknown): string {
  return createHash('sha256').update(stableStringify(config)).digest('hex');
}

export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/**
 * Loads `file` (or only defaults when `file` is null). Throws ConfigError listing every
 * problem; the caller exits 2.
 */
export function loadConfig(file: string | null, opts: LoadOptions = {}): LoadedConfig {
  const chain = file ? readChain(file, new Set()) : [];
  const warnings = chain.flatMap((p) => dropUnknownKeys(p, opts.strict));
  if (opts.strict && warnings.length) throw new ConfigError(warnings);
  const merged = chain.reduceRight<Record<string, unknown>>((acc, p) => deepMerge(acc, p.data), {});
  delete merged.extends;
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      // Report the issue in the most specific file that sets the value.
      const owner = chain.find((p) => p.doc.hasIn(issue.path)) ?? chain[0];
      const where = owner ? positionOf(owner, issue.path) : '<defaults>:1:1';
      return `${where} ${displayPath(issue.path)}: ${issue.message}. Fix: see \`crossframe config\` for every key, its default and meaning.`;
    });
    throw new ConfigError(problems);
  }
  resolveDefaultResources(merged, result.data);
  return { config: result.data, files: chain.map((p) => p.file), warnings, hash: hashConfig(result.data) };
}

/** Every leaf key of the schema with its description and default, for docs and tests. */
export function describeConfig(): { key: string; description: string; default: unknown }[] {
  const out: { key: string; description: string; default: unknown }[] = [];
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const walk = (schema: z.ZodTypeAny, at: string[]) => {
    const shape = objectShape(schema);
    if (!shape) return;
    for (const [key, child] of Object.entries(shape)) {
      const keyPath = [...at, key];
      if (objectShape(child) && !(child instanceof z.ZodRecord)) {
        walk(child, keyPath);
        continue;
      }
      const def = keyPath.reduce<unknown>((v, k) => (isPlainObject(v) ? v[k] : undefined), defaults);
      out.push({ key: keyPath.join('.'), description: child.description ?? '', default: def });
    }
  };
  walk(configSchema, []);
  return out;
}

