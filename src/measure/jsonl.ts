/**
 * Reading the evaluation sets (JSON Lines). Every problem names the file, the line and the fix,
 * because these files live outside the repo and a user may point the harness at another copy.
 */
import fs from 'node:fs';
import { CrossframeError } from '../runtime/errors.js';

/** A missing or malformed evaluation file: the message names file, line and fix (exit 1). */
export class EvalDataError extends CrossframeError {}

/** A field check: returns the value or throws with the field name (the caller adds file and line). */
export type RecordCheck<T> = (record: Record<string, unknown>) => T;

/**
 * Parses every non-empty line of `file` as a JSON object and maps it with `check`.
 * `option` is the command-line option that sets this file, so the error can say how to fix it.
 */
export function readJsonl<T>(file: string, check: RecordCheck<T>, option: string): T[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new EvalDataError(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)}). Fix: pass the file with ${option}, or --eval-dir DIR for a copy of ../shared/eval.`,
    );
  }
  const out: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      throw new EvalDataError(`${file}:${i + 1}: not valid JSON (${(err as Error).message}). Fix: the file must hold one JSON object per line.`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new EvalDataError(`${file}:${i + 1}: expected a JSON object per line.`);
    }
    try {
      out.push(check(parsed as Record<string, unknown>));
    } catch (err) {
      throw new EvalDataError(`${file}:${i + 1}: ${(err as Error).message}. Fix: ${option} must name a file in this set's format (see ../shared/eval/README.md).`);
    }
  }
  return out;
}

export function str(record: Record<string, unknown>, key: string): string {
  const v = record[key];
  if (typeof v !== 'string') throw new Error(`field "${key}" must be a string, found ${JSON.stringify(v)?.slice(0, 40)}`);
  return v;
}

export function num(record: Record<string, unknown>, key: string): number {
  const v = record[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`field "${key}" must be a number, found ${JSON.stringify(v)?.slice(0, 40)}`);
  return v;
}

export function arr(record: Record<string, unknown>, key: string): unknown[] {
  const v = record[key];
  if (!Array.isArray(v)) throw new Error(`field "${key}" must be a list`);
  return v;
}
