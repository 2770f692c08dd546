/**
 * One located problem per real mistake in an editor-tuned YAML file, in the form
 * `file:line:col key: message. Fix: ...`: the first YAML syntax error only (later ones are its
 * echoes), unknown keys at the key itself with the closest known key, entries numbered from 1
 * (`outlets #3.aliases` is the third outlet), and one problem per key path.
 */
import { closest, distance } from 'fastest-levenshtein';
import { z, type ZodIssue } from 'zod';
import { keyPositionOf, positionOf, type ParsedYaml, type ParsedYamlText } from './yamlFile.js';

/** The type under defaults, optionals, nullables and effects. */
function unwrap(t: z.ZodTypeAny): z.ZodTypeAny {
  let cur = t;
  for (;;) {
    if (cur instanceof z.ZodDefault) cur = cur._def.innerType;
    else if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur._def.innerType;
    else if (cur instanceof z.ZodEffects) cur = cur._def.schema;
    else return cur;
  }
}

/** The object schema under a zod type, looking through defaults, optionals and effects. */
export function objectShape(t: z.ZodTypeAny): Record<string, z.ZodTypeAny> | null {
  const cur = unwrap(t);
  return cur instanceof z.ZodObject ? (cur.shape as Record<string, z.ZodTypeAny>) : null;
}

/** The schema at a key path (list indexes step into the element type), or null. */
export function schemaAt(schema: z.ZodTypeAny, keyPath: readonly (string | number)[]): z.ZodTypeAny | null {
  let cur: z.ZodTypeAny | null = schema;
  for (const step of keyPath) {
    if (!cur) return null;
    const t = unwrap(cur);
    if (typeof step === 'number') cur = t instanceof z.ZodArray ? t.element : null;
    else cur = objectShape(t)?.[step] ?? (t instanceof z.ZodRecord ? t.valueSchema : null);
  }
  return cur;
}

/** A key path as shown to people: list entries numbered from 1 (`outlets #3.aliases`). */
export function displayPath(keyPath: readonly (string | number)[]): string {
  return (
    keyPath.reduce<string>((out, step) => (typeof step === 'number' ? `${out} #${step + 1}` : out ? `${out}.${step}` : step), '') ||
    '(top level)'
  );
}

/** The closest of `known` to `key`, when it is close enough to be a misspelling. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (!known.length) return undefined;
  const guess = closest(key, known as string[]);
  return distance(key.toLowerCase(), guess.toLowerCase()) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}

/** `file:line:col YAML syntax: ...` for the first syntax error, or null. */
export function firstSyntaxProblem(parsed: ParsedYamlText, fix = 'check the indentation (spaces, never tabs) and the quoting on that line.'): string | null {
  const first = parsed.syntaxErrors[0];
  return first ? `${parsed.file}:${first.line}:${first.col} YAML syntax: ${first.summary}. Fix: ${fix}` : null;
}

export interface UnknownKey {
  /** Full key path of the unknown key. */
  keyPath: (string | number)[];
  problem: string;
}

/**
 * Located problems for zod issues against `schema`. Unknown keys (zod `unrecognized_keys`) come
 * back separately so the caller can make them warnings or, under --strict, errors.
 */
export function schemaProblems(
  parsed: ParsedYaml,
  issues: readonly ZodIssue[],
  schema: z.ZodTypeAny,
  fix?: string,
): { problems: string[]; unknownKeys: UnknownKey[] } {
  const problems: string[] = [];
  const unknownKeys: UnknownKey[] = [];
  const seen = new Set<string>();
  // A misspelt required key is one mistake: "term: unknown (did you mean terms?)", not also "terms: Required".
  const misspelt = new Set(
    issues.flatMap((i) =>
      i.code === z.ZodIssueCode.unrecognized_keys
        ? i.keys.map((k) => didYouMean(k, Object.keys(objectShape(schemaAt(schema, i.path) ?? z.never()) ?? {}))).filter(Boolean).map((g) => [...i.path, g].join('\u0000'))
        : [],
    ),
  );
  for (const issue of issues) {
    if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined' && misspelt.has(issue.path.join('\u0000'))) continue;
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      const known = Object.keys(objectShape(schemaAt(schema, issue.path) ?? z.never()) ?? {});
      for (const key of issue.keys) {
        const keyPath = [...issue.path, key];
        const guess = didYouMean(key, known);
        const where = keyPositionOf(parsed, keyPath);
        const hint = guess ? ` (did you mean "${guess}"?)` : '';
        const remedy = guess ? `rename it to ${guess}` : `remove it; the keys here are ${known.join(', ')}`;
        unknownKeys.push({ keyPath, problem: `${where} ${displayPath(keyPath)}: unknown key${hint}. Fix: ${remedy}.` });
      }
      continue;
    }
    // Unions and nested refinements can report one mistake several times: keep the first per key.
    const id = issue.path.join('\u0000');
    if (seen.has(id)) continue;
    seen.add(id);
    const message = issue.message.replace(/\.$/, '');
    problems.push(`${positionOf(parsed, issue.path)} ${displayPath(issue.path)}: ${message}${fix && !/Fix:/.test(message) ? `. Fix: ${fix}` : ''}`);
  }
  return { problems, unknownKeys };
}
