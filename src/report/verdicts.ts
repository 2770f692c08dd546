/**
 * The analyst's verdicts file (config `report.verdictsFile`): findings marked wrong or right by id,
 * read back by the next run. Validated like every editor file: each mistake is one
 * `file:line:col key: message. Fix: ...` line and stops the run with exit 2 (pipeline/preflight.ts).
 *
 *   verdicts:
 *     - id: cm-88ff20cf7842      # a match_id, comparison_id, omission_id or event_id
 *       verdict: wrong           # wrong | right
 *       note: same quote, not a contradiction
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { ManifestVerdicts } from './manifest.js';
import { z } from 'zod';
import type { Node } from 'yaml';
import type { Analysis } from '../records.js';
import { schemaProblems, type UnknownKey } from '../config/problems.js';
import { nodeLine } from '../config/yamlFile.js';
import { readEditorText, tryParseEditorYaml } from '../config/editorYaml.js';
import { ConfigError } from '../runtime/errors.js';
import { defineTable, type Table } from './csv.js';

export type VerdictValue = 'wrong' | 'right';
export type FindingKind = 'claim_match' | 'numeric_comparison' | 'omission' | 'event';

/** Id prefixes as the analysis stages write them (src/analysis/*: cm-, num-, om-, ev-). */
export const FINDING_PREFIXES: Record<string, FindingKind> = { cm: 'claim_match', num: 'numeric_comparison', om: 'omission', ev: 'event' };
const ID_PATTERN = /^(cm|num|om|ev)-[0-9a-f]{6,64}$/;

const verdictSchema = z
  .object({
    id: z
      .string({ required_error: 'id is missing' })
      .regex(ID_PATTERN, 'not a finding id. Fix: copy a match_id (cm-…), comparison_id (num-…), omission_id (om-…) or event_id (ev-…) from the CSVs or report.html'),
    verdict: z.enum(['wrong', 'right'], { errorMap: () => ({ message: 'must be wrong or right. Fix: write verdict: wrong or verdict: right' }) }),
    note: z.string().nullable().default(''),
    /** The right label of a finding marked wrong, for retraining (`crossframe verdicts pairs`). */
    label: z.string().optional(),
  });

/** Labels a verdict may give, per finding type: the label sets of the claim-relations and numeric-pairs data. */
export const LABELS: Partial<Record<FindingKind, readonly string[]>> = {
  claim_match: ['same', 'contradict', 'related', 'unrelated'],
  numeric_comparison: ['consistent', 'discrepancy', 'update', 'unrelated'],
};

/** Unknown keys are found with the strict form (warnings, errors under --strict); verdicts are read with the loose one. */
const looseFileSchema = z.object({ verdicts: z.array(verdictSchema).nullable().default([]) });
export const verdictsFileSchema = z.object({ verdicts: z.array(verdictSchema.strict()).nullable().default([]) }).strict();

export interface Verdict {
  id: string;
  kind: FindingKind;
  verdict: VerdictValue;
  note: string;
  /** The right label (claim matches: same | contradict | related | unrelated; numeric comparisons: consistent | discrepancy | update | unrelated). */
  label?: string;
  /** Line of the entry in the verdicts file, for warnings. */
  line: number;
}

export interface VerdictsCheck {
  verdicts?: Verdict[];
  problems: string[];
  unknownKeys: UnknownKey[];
}

/** The schema default, left unresolved by the config loader: a missing file there means no verdicts. */
export const VERDICTS_DEFAULT = 'config/verdicts.yaml';

const FIX = 'see "The verdicts file" in the README.';

export function kindOfId(id: string): FindingKind | undefined {
  return FINDING_PREFIXES[id.split('-')[0]];
}

/** Parses and validates verdicts text; never throws on bad input. */
export function checkVerdictsFile(text: string, file: string): VerdictsCheck {
  const read = tryParseEditorYaml(text, file, { key: 'report.verdictsFile' });
  if ('problems' in read) return { problems: read.problems, unknownKeys: [] };
  const { yaml, data } = read;
  const checked = verdictsFileSchema.safeParse(data);
  const found = checked.success ? { problems: [] as string[], unknownKeys: [] as UnknownKey[] } : schemaProblems(yaml, checked.error.issues, verdictsFileSchema, FIX);
  if (found.problems.length) return found;
  const entries = looseFileSchema.parse(data).verdicts ?? [];
  const seen = new Map<string, number>();
  const verdicts: Verdict[] = [];
  entries.forEach((e, i) => {
    const line = nodeLine(yaml, yaml.doc.getIn(['verdicts', i], true) as Node | undefined);
    const earlier = seen.get(e.id);
    if (earlier !== undefined) {
      found.problems.push(`${file}:${line}:1 verdicts #${i + 1}.id: ${e.id} was already given a verdict at line ${earlier}. Fix: keep one entry per finding.`);
      return;
    }
    seen.set(e.id, line);
    const kind = kindOfId(e.id)!;
    if (e.label !== undefined && !LABELS[kind]?.includes(e.label)) {
      const labelNode = yaml.doc.getIn(['verdicts', i, 'label'], true) as Node | undefined;
      const allowed = LABELS[kind] ? `one of ${LABELS[kind]!.join(', ')}` : 'not used for this finding type; remove it';
      found.problems.push(`${file}:${nodeLine(yaml, labelNode)}:1 verdicts #${i + 1}.label: "${e.label}" is not a label for ${e.id}. Fix: ${allowed}.`);
      return;
    }
    verdicts.push({ id: e.id, kind, verdict: e.verdict, note: e.note ?? '', ...(e.label !== undefined ? { label: e.label } : {}), line });
  });
  return found.problems.length ? found : { verdicts, ...found };
}

/** A broken verdicts file: a config mistake (exit 2), one located line per problem. */
export class VerdictsFileError extends ConfigError {}

/** Reads the verdicts file; a missing file is no verdicts only at the default path. */
export function loadVerdicts(file: string): Verdict[] {
  const missingIsEmpty = file === VERDICTS_DEFAULT;
  if (!file) return [];
  if (missingIsEmpty && !fs.existsSync(file)) return [];
  let text: string;
  try {
    text = readEditorText(file, {
      role: 'verdicts file',
      key: 'report.verdictsFile',
      missingFix: "create it, or set report.verdictsFile to an existing file or to '' for none",
    });
  } catch (err) {
    throw err instanceof ConfigError ? new VerdictsFileError(err.problems) : err;
  }
  const checked = checkVerdictsFile(text, file);
  if (!checked.verdicts) throw new VerdictsFileError(checked.problems);
  return checked.verdicts;
}

export interface VerdictCounts {
  right: number;
  wrong: number;
  /** Findings of this kind in this run (claim matches count agree and contradict rows only once each). */
  findings: number;
}

export interface AppliedVerdicts {
  file: string;
  /** Finding id -> its verdict, for findings that exist in this run. */
  byId: Map<string, Verdict>;
  counts: Record<FindingKind, VerdictCounts>;
  /** Verdicts whose finding is not in this run (its id changed or the finding went away). */
  orphans: Verdict[];
  wrongFindings: 'hide' | 'flag';
}

/** Matches verdicts against this run's findings. */
export function applyVerdicts(verdicts: Verdict[], analysis: Analysis, file: string, wrongFindings: 'hide' | 'flag'): AppliedVerdicts {
  const ids: Record<FindingKind, string[]> = {
    claim_match: analysis.claimMatches.map((m) => m.id),
    numeric_comparison: analysis.numericComparisons.map((n) => n.id),
    omission: analysis.omissions.map((o) => o.id),
    event: analysis.events.map((e) => e.id),
  };
  const existing = new Set(Object.values(ids).flat());
  const byId = new Map<string, Verdict>();
  const orphans: Verdict[] = [];
  for (const v of verdicts) (existing.has(v.id) ? byId.set(v.id, v) : orphans.push(v));
  const counts = Object.fromEntries(
    (Object.keys(ids) as FindingKind[]).map((kind) => {
      const mine = [...byId.values()].filter((v) => v.kind === kind);
      return [kind, { right: mine.filter((v) => v.verdict === 'right').length, wrong: mine.filter((v) => v.verdict === 'wrong').length, findings: ids[kind].length }];
    }),
  ) as Record<FindingKind, VerdictCounts>;
  return { file, byId, counts, orphans, wrongFindings };
}

/** One line per orphaned verdict, for the run's warnings. */
export function orphanWarnings(applied: AppliedVerdicts): string[] {
  return applied.orphans.map(
    (v) => `${applied.file}:${v.line}:1 verdicts: ${v.id} (${v.verdict}) matches no finding in this run. Fix: remove it if the finding is gone; ids change when an event gains or loses articles.`,
  );
}

/** "analysts confirmed 41 of 50 claim matches, marked 3 wrong" per kind with any verdict. */
export function verdictSentences(applied: AppliedVerdicts): string[] {
  const names: Record<FindingKind, string> = { claim_match: 'claim matches', numeric_comparison: 'numeric comparisons', omission: 'omissions', event: 'events' };
  return (Object.entries(applied.counts) as [FindingKind, VerdictCounts][])
    .filter(([, c]) => c.right + c.wrong > 0)
    .map(([k, c]) => `analysts confirmed ${c.right} and marked ${c.wrong} wrong of ${c.findings} ${names[k]}`);
}

/** The table with an `analyst_verdict` column after its id column (`verdict` is taken by numeric_comparisons). */
export function withVerdictColumn(table: Table, applied: AppliedVerdicts | undefined): Table {
  const idColumn = { events: 'event_id', claim_matches: 'match_id', numeric_comparisons: 'comparison_id', omissions: 'omission_id' }[table.name];
  if (!idColumn) return table;
  const at = table.columns.findIndex((c) => c.name === idColumn) + 1;
  const columns = [...table.columns.slice(0, at), { name: 'analyst_verdict', type: 'text' as const }, ...table.columns.slice(at)];
  const rows = table.rows.map((r) => {
    const v = applied?.byId.get(String(r[idColumn]));
    const out: typeof r = {};
    for (const c of columns) out[c.name] = c.name === 'analyst_verdict' ? (v ? v.verdict : '') : r[c.name];
    return out;
  });
  return defineTable(table.name, columns, rows);
}

/** The manifest's `verdicts` block. */
export function manifestVerdicts(applied: AppliedVerdicts): ManifestVerdicts {
  return {
    file: applied.file,
    sha256: createHash('sha256').update(fs.readFileSync(applied.file)).digest('hex'),
    counts: applied.counts,
    orphans: applied.orphans.map((v) => ({ id: v.id, verdict: v.verdict, line: v.line })),
  };
}
