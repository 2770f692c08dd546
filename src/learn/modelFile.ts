/**
 * A fitted judge as a versioned JSON file under config/ (e.g. config/models/relations.json): the
 * model, the decision thresholds chosen on cross-validated predictions, and the training report
 * (data hash, folds, cross-validated metrics) so anyone can see what it was fit on and how well it did.
 *
 * Example:
 *   writeJudgeFile('config/models/relations.json', { kind: 'claim-relations', version: 1, model, thresholds: { agree: 0.62 }, training });
 *   const judge = readJudgeFile('config/models/relations.json', 'claim-relations');
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import type { LogisticModel } from './logisticRegression.js';
import { writeAtomic } from '../report/atomicWrite.js';

export interface TrainingReport {
  /** sha256 of the labelled data file(s) the model was fit on. */
  dataSha256: string;
  dataFiles: string[];
  rows: number;
  groups: number;
  folds: number;
  /** When and with which code version it was fit. */
  trainedAt: string;
  codeVersion: string;
  /** Cross-validated (out-of-fold) figures; never the in-sample fit. */
  crossValidated: Record<string, number | Record<string, number>>;
  /** Anything else the trainer wants on record (class counts, feature weights). */
  notes?: Record<string, unknown>;
}

export interface JudgeFile<K extends string = string> {
  kind: K;
  /** Bumped when the feature list or its meaning changes: a stale file is refused, not misread. */
  version: number;
  model: LogisticModel;
  thresholds: Record<string, number>;
  training: TrainingReport;
}

export class JudgeFileError extends Error {
  readonly exitCode = 2;
  constructor(readonly file: string, message: string, readonly fix: string) {
    super(`${file}: ${message}. Fix: ${fix}`);
    this.name = 'JudgeFileError';
  }
}

export function readJudgeFile<K extends string>(file: string, kind: K, version: number): JudgeFile<K> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new JudgeFileError(file, `cannot read the fitted ${kind} model (${(err as NodeJS.ErrnoException).code ?? err})`, 'restore it from the repository or rebuild it with `crossframe train`');
  }
  let parsed: JudgeFile<K>;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new JudgeFileError(file, `not valid JSON (${(err as Error).message})`, 'restore it from the repository or rebuild it with `crossframe train`');
  }
  if (parsed?.kind !== kind) throw new JudgeFileError(file, `holds a "${parsed?.kind}" model, expected "${kind}"`, `point the config at a ${kind} model file`);
  if (parsed.version !== version) throw new JudgeFileError(file, `is version ${parsed.version}, this crossframe reads version ${version}`, 'rebuild it with `crossframe train`');
  const m = parsed.model;
  const d = m?.featureNames?.length;
  const ok = Array.isArray(m?.classes) && d > 0 && m.mean?.length === d && m.scale?.length === d && m.weights?.length === m.classes.length && m.weights.every((w) => w.length === d) && m.bias?.length === m.classes.length;
  if (!ok) throw new JudgeFileError(file, 'the model arrays do not fit together', 'rebuild it with `crossframe train`');
  return parsed;
}

export function writeJudgeFile(file: string, judge: JudgeFile): void {
  writeAtomic(file, JSON.stringify(judge, null, 1) + '\n');
}

export function sha256OfFiles(files: readonly string[]): string {
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(fs.readFileSync(f));
  return h.digest('hex');
}
