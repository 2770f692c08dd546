/**
 * The resource files stages read (lexicons, alias tables, outlet directory, speaker groups,
 * verdicts, fitted judges), one validator per kind. Each validator reads the file with the very
 * loader its stage calls, so a file `crossframe check` passes is a file the run can read, and a
 * broken one fails both the same way: `file:line:col key: message. Fix: ...` (exit 2).
 *
 * Stages declare their files (pipeline/stage.ts `resources`); the pre-flight walks those
 * declarations (src/check/preflight.ts) and the catalog hashes the same list into the cache keys.
 */
import fs from 'node:fs';
import { loadOutlets } from '../ingest/outlets.js';
import { checkAliasFile, loadAliasTable } from '../text/entityAliases.js';
import { checkStanceLexicon, loadStanceLexicon } from '../analysis/claims/stance.js';
import { loadLexiconFile, loadSpeakersFile } from '../analysis/framing/resources.js';
import { readEventsJudge } from '../analysis/events/judge.js';
import { loadRelationsJudge } from '../analysis/claims/judge.js';
import { loadNumericJudge } from '../analysis/claims/numericFeatures.js';
import { loadToneJudge } from '../analysis/framing/toneModel.js';
import { checkVerdictsFile, loadVerdicts } from '../report/verdicts.js';
import type { UnknownKey } from '../config/problems.js';
import { readEditorText } from '../config/editorYaml.js';

export type ResourceKind =
  | 'outlets'
  | 'entities'
  | 'stance'
  | 'lexicon'
  | 'speakers'
  | 'verdicts'
  | 'events-judge'
  | 'relations-judge'
  | 'numeric-judge'
  | 'tone-judge';

/** A file besides the config that a stage reads, as the stage declares it. */
export interface ResourceFile {
  /** The config key that names it, e.g. `claims.stanceLexicon`. */
  key: string;
  /** Absolute path. */
  file: string;
  kind: ResourceKind;
  /** A missing file is fine (the default verdicts file before the first verdict). */
  optional?: boolean;
}

export interface ResourceCheck {
  /** `file:line:col key: message. Fix: ...`, one per mistake. */
  problems: string[];
  /** Unknown keys: warnings, problems under --strict. */
  unknownKeys: string[];
  /** What was read, for the `check` table. */
  detail: string;
}

/** The row of the `check` table each kind is shown in. */
export const CHECK_ROW: Record<ResourceKind, string> = {
  outlets: 'outlets',
  entities: 'entities',
  stance: 'stance',
  lexicon: 'lexicons',
  speakers: 'speakers',
  verdicts: 'verdicts',
  'events-judge': 'events judge',
  'relations-judge': 'relations judge',
  'numeric-judge': 'numeric judge',
  'tone-judge': 'tone model',
};

const FIX: Record<ResourceKind, string> = {
  outlets: 'correct the outlet directory (see config/outlets.yaml in the package)',
  entities: 'correct the alias table (see config/entities.yaml in the package)',
  stance: 'correct the stance lexicon (see config/lexicons/stance.yaml in the package)',
  lexicon: 'correct the lexicon (a mapping with one key, terms, holding a list of strings)',
  speakers: 'correct the speaker groups (see config/speakers.yaml in the package)',
  verdicts: 'correct the verdicts file (see "The verdicts file" in the README)',
  'events-judge': 'refit it with `crossframe train events`, or point events.judge at a judge file',
  'relations-judge': 'refit it with `crossframe train relations`, or point claims.judge at a judge file',
  'numeric-judge': 'refit it with `crossframe train numeric-pairs`, or point claims.numericJudge at a judge file',
  'tone-judge': 'refit it with `crossframe train tone`, or point framing.toneModel at a judge file',
};

const LOCATED = /^\S.*:\d+:\d+ /;

/** Line and column of a character offset. */
function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}

/**
 * An error from a loader as located lines. Loaders of YAML files already say `file:line:col`;
 * a JSON judge that does not parse is located from the parser's offset; anything else is put at
 * 1:1 with the key and the fix.
 */
export function locate(err: unknown, res: ResourceFile): string[] {
  const problems = (err as { problems?: unknown }).problems;
  if (Array.isArray(problems) && problems.every((p) => typeof p === 'string')) return problems as string[];
  const message = err instanceof Error ? err.message : String(err);
  if (message.split('\n').every((l) => LOCATED.test(l))) return message.split('\n');
  let at = { line: 1, col: 1 };
  const offset = /at position (\d+)/.exec(message);
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineCol) at = { line: Number(lineCol[1]), col: Number(lineCol[2]) };
  else if (offset) {
    try {
      at = position(fs.readFileSync(res.file, 'utf8'), Number(offset[1]));
    } catch {
      // Unreadable now: keep 1:1.
    }
  }
  // One line per problem: the parser's excerpt may hold a newline of the file.
  const text = message.split(res.file).join('').replace(/^:?\s*/, '').replace(/\s*\n\s*/g, ' ');
  const what = text.replace(/\s*Fix:.*$/s, '').replace(/\.+$/, '');
  const fix = /Fix:/.test(text) ? text.replace(/^.*Fix:\s*/s, '') : `${FIX[res.kind]}.`;
  return [`${res.file}:${at.line}:${at.col} ${res.key}: ${what}. Fix: ${fix}`];
}

const unknownOf = (keys: UnknownKey[]) => keys.map((u) => u.problem);

/** Bounded, regular files only (editorYaml.ts): a device or FIFO named as a file cannot hang the check. */
function readText(res: ResourceFile): string {
  return readEditorText(res.file, { role: `${res.kind} file`, key: res.key });
}

/** Reads and validates one resource file with its stage's loader. */
export function checkResource(res: ResourceFile): ResourceCheck {
  if (!fs.existsSync(res.file)) {
    if (res.optional) return { problems: [], unknownKeys: [], detail: `none (no ${res.file})` };
    return { problems: [`${res.file}:1:1 ${res.key}: file not found. Fix: create it or set ${res.key} to an existing file.`], unknownKeys: [], detail: '' };
  }
  try {
    switch (res.kind) {
      case 'outlets':
        return { problems: [], unknownKeys: [], detail: `${loadOutlets(res.file).outlets.length} outlets in ${res.file}` };
      case 'entities': {
        const checked = checkAliasFile(readText(res), res.file);
        if (!checked.problems.length) loadAliasTable(res.file);
        return { problems: checked.problems, unknownKeys: unknownOf(checked.unknownKeys), detail: `${checked.entries.length} entities in ${res.file}` };
      }
      case 'stance': {
        const checked = checkStanceLexicon(readText(res), res.file);
        if (!checked.problems.length) loadStanceLexicon(res.file);
        return { problems: checked.problems, unknownKeys: unknownOf(checked.unknownKeys), detail: res.file };
      }
      case 'lexicon':
        loadLexiconFile(res.file, res.key);
        return { problems: [], unknownKeys: [], detail: res.file };
      case 'speakers':
        return { problems: [], unknownKeys: [], detail: `${loadSpeakersFile(res.file).speakers.order.length} groups in ${res.file}` };
      case 'verdicts': {
        const checked = checkVerdictsFile(readText(res), res.file);
        if (!checked.problems.length) loadVerdicts(res.file);
        return { problems: checked.problems, unknownKeys: unknownOf(checked.unknownKeys), detail: `${checked.verdicts?.length ?? 0} verdicts in ${res.file}` };
      }
      case 'events-judge':
        readEventsJudge(res.file);
        return { problems: [], unknownKeys: [], detail: res.file };
      case 'relations-judge':
        loadRelationsJudge(res.file);
        return { problems: [], unknownKeys: [], detail: res.file };
      case 'numeric-judge':
        loadNumericJudge(res.file);
        return { problems: [], unknownKeys: [], detail: res.file };
      case 'tone-judge': {
        const judge = loadToneJudge(res.file);
        return { problems: [], unknownKeys: [], detail: `${res.file} (fit ${judge.training.trainedAt.slice(0, 10)} on ${judge.training.rows} sentences)` };
      }
    }
  } catch (err) {
    return { problems: locate(err, res), unknownKeys: [], detail: '' };
  }
}
