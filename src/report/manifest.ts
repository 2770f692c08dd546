/**
 * manifest.json: what a run read, with what, and what it wrote — enough to reproduce or audit it.
 * Written last, after every other file of the run, with row counts and hashes of those files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { RunNotes } from '../runtime/runNotes.js';
import type { SkippedInput } from '../records.js';
import { summariseModelsRun, type ModelsRunSummary } from '../models/profile.js';
import { MAX_EDITOR_FILE_BYTES, readBounded } from '../config/editorFile.js';

export interface OutputFile {
  file: string;
  /** Data rows (header excluded) for CSVs; omitted for other files. */
  rows?: number;
  /** CSVs only: the columns in order with their type (text cells may carry the formula guard). */
  columns?: { name: string; type: string }[];
  bytes: number;
  sha256: string;
}

export interface Manifest {
  tool: 'crossframe';
  version: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  config: Config;
  configHash: string;
  configFiles: { file: string; sha256: string }[];
  configWarnings: string[];
  /** Files the config points at (lexicons, speaker groups, outlet directory, entity aliases). */
  resources: { key: string; file: string; sha256: string }[];
  inputs: RunNotes['inputs'];
  skipped: SkippedInput[];
  /** The skipped entries whose queue job failed on every attempt (run --queue): the run's dead-letter list. */
  deadLetters: SkippedInput[];
  models: RunNotes['models'];
  /** The models above in one word and one sentence: bundled, hub, local folder or mixed. */
  modelsRun: ModelsRunSummary;
  packages: Record<string, string>;
  outputs: OutputFile[];
  rowCounts: Record<string, number>;
  /** The analyst's verdicts read by this run, counted per finding type (issue 21); absent without a verdicts file. */
  verdicts?: ManifestVerdicts;
  stages: RunNotes['stages'];
  /** Facts about the data per stage: a reused stage's are replayed, so they match a fresh run's. */
  counters: Record<string, number>;
  /** The stages' warnings (replayed like the counters), in stage order. */
  warnings: string[];
  /** What this run computed rather than reused: stages reused, model calls, cache hits, items rebuilt. */
  cache: { stagesReused: string[]; modelCacheHits: number; modelCalls: number; work: Record<string, number> };
}

export function sha256File(file: string): string {
  try {
    const read = readBounded(file, MAX_EDITOR_FILE_BYTES);
    return 'bytes' in read ? createHash('sha256').update(read.bytes).digest('hex') : '';
  } catch {
    return '';
  }
}

/** The files named in config (one level of `...File`/`...Lexicon` keys), with hashes; '' when missing. */
export function configResources(config: Config, baseDir = process.cwd()): Manifest['resources'] {
  const out: Manifest['resources'] = [];
  const sections = config as unknown as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(sections)) {
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string' || !/(File|Lexicon)$/.test(key)) continue;
      out.push({ key: `${section}.${key}`, file: value, sha256: sha256File(path.resolve(baseDir, value)) });
    }
  }
  return out;
}

export function describeOutput(runDir: string, name: string, table?: { rows: unknown[]; columns: { name: string; type: string }[] }): OutputFile {
  const data = fs.readFileSync(path.join(runDir, name));
  return {
    file: name,
    ...(table ? { rows: table.rows.length, columns: table.columns.map((c) => ({ name: c.name, type: c.type })) } : {}),
    bytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

export interface ManifestInput {
  version: string;
  runId: string;
  startedAt: string;
  finishedAt: Date;
  config: Config;
  configHash: string;
  notes: RunNotes;
  skipped: SkippedInput[];
  packages: Record<string, string>;
  outputs: OutputFile[];
  verdicts?: ManifestVerdicts;
}

export interface ManifestVerdicts {
  file: string;
  sha256: string;
  counts: Record<string, { right: number; wrong: number; findings: number }>;
  /** Verdicts whose finding is not in this run. */
  orphans: { id: string; verdict: string; line: number }[];
}

export function buildManifest(input: ManifestInput): Manifest {
  const { notes } = input;
  const stages = notes.stages;
  const sorted = (counters: Record<string, number>) => Object.fromEntries(Object.entries(counters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const rowCounts: Record<string, number> = {};
  for (const o of input.outputs) if (o.rows !== undefined) rowCounts[o.file] = o.rows;
  return {
    tool: 'crossframe',
    version: input.version,
    runId: input.runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt.toISOString(),
    durationMs: Math.max(0, input.finishedAt.getTime() - Date.parse(input.startedAt)),
    config: input.config,
    configHash: input.configHash,
    configFiles: notes.configFiles.map((file) => ({ file, sha256: sha256File(file) })),
    configWarnings: notes.configWarnings,
    resources: configResources(input.config),
    inputs: notes.inputs,
    skipped: input.skipped,
    deadLetters: input.skipped.filter((s) => s.reason === 'dead-letter'),
    models: notes.models,
    modelsRun: summariseModelsRun(notes.models),
    packages: input.packages,
    outputs: input.outputs,
    rowCounts,
    ...(input.verdicts ? { verdicts: input.verdicts } : {}),
    stages,
    counters: sorted(notes.counters),
    warnings: notes.warnings,
    cache: {
      stagesReused: stages.filter((s) => s.cached).map((s) => s.name),
      modelCacheHits: sumCounters(notes.work, '.cacheHits'),
      modelCalls: sumCounters(notes.work, '.modelCalls'),
      work: sorted(notes.work),
    },
  };
}

/** Sum of the stage totals such as `enrich.cacheHits` (not the per-role `enrich.cacheHits.embedding`). */
function sumCounters(counters: Record<string, number>, suffix: string): number {
  return Object.entries(counters)
    .filter(([k]) => k.endsWith(suffix) && k.split('.').length === 2)
    .reduce((t, [, v]) => t + v, 0);
}

export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
