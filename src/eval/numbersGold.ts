/**
 * The hand-made number gold for QuanTemp claims (test/fixtures/eval/quantemp_numbers_gold.json)
 * and how an extracted number is matched against it. How the gold was made is in
 * test/fixtures/eval/README.md.
 */
import fs from 'node:fs';
import type { Quantity } from '../records.js';
import { EvalDataError } from '../measure/jsonl.js';

export type GoldKind = Quantity['kind'] | 'date';

export interface GoldNumber {
  text: string;
  /** The headline value; for a range its midpoint, for a date its year. */
  value: number;
  min?: number;
  max?: number;
  kind: GoldKind;
  /** ISO date (YYYY-MM or YYYY-MM-DD) for kind "date". */
  date?: string;
  unit?: string;
  qualifier?: Quantity['qualifier'];
  /** Readings a reasonable extractor may or may not make: never a miss, never a false alarm. */
  optional?: boolean;
}

export interface GoldClaim {
  id: string;
  excerpt: string;
  numbers: GoldNumber[];
}

const KINDS: GoldKind[] = ['count', 'percent', 'money', 'duration', 'year', 'ordinal', 'date'];

export function readNumbersGold(file: string): GoldClaim[] {
  let parsed: { claims?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { claims?: unknown };
  } catch (err) {
    throw new EvalDataError(`${file}: cannot read the number gold (${(err as Error).message}). Fix: pass --numbers-gold FILE.`);
  }
  if (!Array.isArray(parsed.claims)) throw new EvalDataError(`${file}: expected {"claims": [...]}.`);
  return parsed.claims.map((c: GoldClaim, i: number) => {
    if (typeof c.id !== 'string' || !Array.isArray(c.numbers)) throw new EvalDataError(`${file}: claims[${i}] needs "id" and "numbers".`);
    for (const [j, n] of c.numbers.entries()) {
      if (!Number.isFinite(n.value) || !KINDS.includes(n.kind)) {
        throw new EvalDataError(`${file}: claims[${i}].numbers[${j}] needs a numeric "value" and a "kind" among ${KINDS.join(', ')}.`);
      }
    }
    return c;
  });
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** An extracted quantity has the gold's value: the same headline value, or the same bounds of a range. */
export function quantityMatches(q: Quantity, g: GoldNumber): boolean {
  if (same(q.value, g.value)) return true;
  return g.min !== undefined && g.max !== undefined && same(q.min, g.min) && same(q.max, g.max);
}

/** A gold date is found as an extracted ISO date at the stated precision, or as its year read as a number. */
export function dateMatches(iso: string, g: GoldNumber): boolean {
  return g.kind === 'date' && g.date !== undefined && iso === g.date;
}
