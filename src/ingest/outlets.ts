/**
 * The outlet directory (`config/outlets.yaml`): canonical names, aliases, web domains, byline and
 * house-style patterns, boilerplate lines, country and ownership type. Validated with zod; every
 * problem is reported as `file:line:col path: message` like the pipeline config.
 */
import { z } from 'zod';
import { ConfigError } from '../runtime/errors.js';
import { positionOf } from '../config/yamlFile.js';
import { displayPath, schemaProblems } from '../config/problems.js';
import { compileUserPattern, userPatternProblem, type UserPattern } from '../config/userPattern.js';
import { parseEditorYaml, readEditorText } from '../config/editorYaml.js';

export const OWNERSHIP_TYPES = [
  'state-affiliated',
  'state-funded',
  'public-broadcaster',
  'public-agency',
  'private',
  'trust-owned',
  'non-profit',
  'cooperative',
  'unknown',
] as const;

const regex = z.string().min(1).superRefine((source, ctx) => {
  const problem = userPatternProblem(source);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

const outletSchema = z
  .object({
    name: z.string().trim().min(1).describe('Canonical name used in every report.'),
    aliases: z.array(z.string().trim().min(1)).default([]).describe('Other names (in records, manifests, bylines).'),
    domains: z
      .array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a lower-case host name such as bbc.co.uk (no scheme, no path)'))
      .default([])
      .describe('Web domains; sub-domains match too.'),
    bylines: z.array(regex).default([]).describe('Regular expressions for credit/byline/masthead lines.'),
    style: z.array(regex).default([]).describe('House-style markers (e.g. Axios "Why it matters:").'),
    minStyleMatches: z.number().int().min(1).default(2).describe('Distinct style markers needed to decide.'),
    boilerplate: z.array(regex).default([]).describe("Lines of this outlet's page chrome to drop."),
    country: z
      .string()
      .regex(/^([A-Z]{2})?$/, 'an ISO 3166-1 alpha-2 code such as GB, or empty')
      .default('')
      .describe('Country of the newsroom (ISO 3166-1 alpha-2).'),
    ownership: z.enum(OWNERSHIP_TYPES).default('unknown').describe('Ownership type.'),
  })
  .strict();

const fileSchema = z.object({ outlets: z.array(outletSchema).default([]) }).strict();

export type OutletEntry = z.infer<typeof outletSchema>;

export interface Outlet {
  name: string;
  aliases: string[];
  domains: string[];
  bylines: UserPattern[];
  style: UserPattern[];
  minStyleMatches: number;
  boilerplate: UserPattern[];
  country: string;
  ownership: string;
}

export interface OutletDirectory {
  outlets: Outlet[];
  /** The outlet a name or alias refers to (case, punctuation and a leading "The" ignored). */
  byName(name: string): Outlet | undefined;
  /** The outlet owning a host name, with the configured domain that matched. */
  byHost(host: string): { outlet: Outlet; domain: string } | undefined;
}

/** Case-, accent- and punctuation-insensitive key for outlet names. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

const compile = (sources: string[]) => sources.map((s) => compileUserPattern(s));

export function buildDirectory(entries: OutletEntry[]): OutletDirectory {
  const outlets: Outlet[] = entries.map((e) => ({
    ...e,
    bylines: compile(e.bylines),
    style: compile(e.style),
    boilerplate: compile(e.boilerplate),
  }));
  const names = new Map<string, Outlet>();
  const hosts = new Map<string, Outlet>();
  for (const o of outlets) {
    for (const n of [o.name, ...o.aliases]) names.set(nameKey(n), o);
    for (const d of o.domains) hosts.set(d, o);
  }
  return {
    outlets,
    byName(name) {
      const key = nameKey(name);
      if (!key) return undefined;
      // "CNN (Web News)", "Newsmax - Opinion": a qualifier after the outlet's name.
      const bare = nameKey(name.replace(/\s*\([^()]*\)\s*$/, '').replace(/\s+[-–—|]\s+[^-–—|]+$/, ''));
      return names.get(key) ?? (bare ? names.get(bare) : undefined);
    },
    byHost(host) {
      const labels = host.toLowerCase().replace(/\.$/, '').split('.');
      for (let i = 0; i < labels.length - 1; i++) {
        const domain = labels.slice(i).join('.');
        const outlet = hosts.get(domain);
        if (outlet) return { outlet, domain };
      }
      return undefined;
    },
  };
}

/** Parses and validates outlets YAML text; throws ConfigError listing every problem. */
export function parseOutlets(text: string, file: string): OutletDirectory {
  const { yaml, data } = parseEditorYaml(text, file, { key: 'input.outletsFile' });
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const found = schemaProblems(yaml, parsed.error.issues, fileSchema, 'see the comment at the top of config/outlets.yaml for the layout');
    throw new ConfigError([...found.unknownKeys.map((u) => u.problem), ...found.problems]);
  }
  // One name or domain pointing at two outlets would make grouping depend on file order.
  const problems: string[] = [];
  const seenNames = new Map<string, number>();
  const seenDomains = new Map<string, number>();
  parsed.data.outlets.forEach((o, i) => {
    [o.name, ...o.aliases].forEach((n, k) => {
      const key = nameKey(n);
      const prev = seenNames.get(key);
      if (prev !== undefined && prev !== i) {
        const at = k === 0 ? ['outlets', i, 'name'] : ['outlets', i, 'aliases', k - 1];
        problems.push(`${positionOf(yaml, at)} ${displayPath(at)}: "${n}" is already a name of ${parsed.data.outlets[prev].name} (outlets #${prev + 1}). Fix: keep it on one outlet.`);
      }
      seenNames.set(key, i);
    });
    o.domains.forEach((d, k) => {
      const prev = seenDomains.get(d);
      if (prev !== undefined && prev !== i) {
        const at = ['outlets', i, 'domains', k];
        problems.push(`${positionOf(yaml, at)} ${displayPath(at)}: domain ${d} already belongs to ${parsed.data.outlets[prev].name} (outlets #${prev + 1}). Fix: keep it on one outlet.`);
      }
      seenDomains.set(d, i);
    });
  });
  if (problems.length) throw new ConfigError(problems);
  return buildDirectory(parsed.data.outlets);
}

/** Loads the outlet directory file named by `input.outletsFile`. */
export function loadOutlets(file: string, shownAs: string = file): OutletDirectory {
  const text = readEditorText(file, {
    role: 'outlet directory',
    key: 'input.outletsFile',
    shownAs,
    missingFix: 'set input.outletsFile to an existing file, or run from the project folder',
  });
  return parseOutlets(text, shownAs);
}
