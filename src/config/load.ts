/**
 * Reads a YAML config (and the file it `extends`), reports every problem at once as
 * `file:line:col path: message`, and returns the validated config with defaults filled in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { closest } from 'fastest-levenshtein';
import { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { MAX_ALIAS_COUNT, issueProblem, keyPositionOf, parseYamlText, positionOf, readYamlSource, type ParsedYaml } from './yamlFile.js';

const MAX_CONFIG_BYTES = 1024 * 1024;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

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

function parseFile(file: string): ParsedFile {
  const source = readYamlSource(file, MAX_CONFIG_BYTES);
  if ('tooLarge' in source) throw new ConfigError([`${file}:1:1 config file is ${source.tooLarge} bytes; the limit is ${MAX_CONFIG_BYTES}.`]);
  if ('unreadable' in source) throw new ConfigError([`${file}:1:1 cannot read config file (${source.unreadable}). Fix: pass an existing file with --config.`]);
  const parsed = parseYamlText(source.text, file, { prettyErrors: false });
  if (parsed.syntaxProblems.length) throw new ConfigError(parsed.syntaxProblems);
  let data: unknown;
  try {
    data = parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new ConfigError([`${file}:1:1 ${(err as Error).message}. Fix: write the values out instead of using so many YAML aliases.`]);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([`${file}:1:1 the config must be a mapping of sections (input, models, events, ...).`]);
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

/** The object schema under a zod type, looking through defaults, optionals and effects. */
function objectShape(t: z.ZodTypeAny): Record<string, z.ZodTypeAny> | null {
  let cur: z.ZodTypeAny = t;
  for (;;) {
    if (cur instanceof z.ZodDefault) cur = cur._def.innerType;
    else if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur._def.innerType;
    else if (cur instanceof z.ZodEffects) cur = cur._def.schema;
    else break;
  }
  return cur instanceof z.ZodObject ? (cur.shape as Record<string, z.ZodTypeAny>) : null;
}

/** Removes keys the schema does not know, returning a warning with a suggestion for each. */
function dropUnknownKeys(parsed: ParsedFile): string[] {
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
      const guess = known.length ? closest(key, known) : '';
      const name = [...at, key].join('.');
      warnings.push(`${where} ${name}: unknown key, ignored${guess ? ` (did you mean "${[...at, guess].join('.')}"?)` : ''}`);
      delete value[key];
    }
  };
  walk(parsed.data, configSchema, []);
  return warnings;
}

function readChain(file: string, seen: Set<string>): ParsedFile[] {
  const abs = path.resolve(file);
  if (seen.has(abs)) throw new ConfigError([`${file}:1:1 extends: circular chain of config files.`]);
  seen.add(abs);
  const parsed = parseFile(file);
  const parent = parsed.data.extends;
  if (typeof parent === 'string' && parent.length) {
    // Relative to the extending file; an absolute path stays as written.
    const parentFile = path.resolve(path.dirname(file), parent);
    if (!fs.existsSync(parentFile)) {
      throw new ConfigError([`${positionOf(parsed, ['extends'])} extends: no such file ${parentFile}.`]);
    }
    return [parsed, ...readChain(parentFile, seen)];
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
export function loadConfig(file: string | null): LoadedConfig {
  const chain = file ? readChain(file, new Set()) : [];
  const warnings = chain.flatMap(dropUnknownKeys);
  const merged = chain.reduceRight<Record<string, unknown>>((acc, p) => deepMerge(acc, p.data), {});
  delete merged.extends;
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      // Report the issue in the most specific file that sets the value.
      const owner = chain.find((p) => p.doc.hasIn(issue.path)) ?? chain[0];
      return issueProblem(owner ? positionOf(owner, issue.path) : '<defaults>:1:1', issue);
    });
    throw new ConfigError(problems);
  }
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

