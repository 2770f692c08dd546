/**
 * Comparing two figures for the same quantity with their qualifiers.
 *
 * Each figure becomes the range of values its wording allows:
 * - exact "9,488" -> [9488, 9488]; a range "24 to 72" -> [24, 72]
 * - "about 100" -> 100 +- aboutSlack (10% by default)
 * - "at least 9,488", "over nine thousand" -> from the number up to the next value the writer would
 *   have written at the same precision: "over nine thousand" is below ten thousand (else the writer
 *   says "over ten thousand"), "at least 1,900" is below 2,000, "at least 9,488" below 9,489.
 * - "nearly 10,000", "up to 100" -> from the next lower value at the same precision (9,000; 90)
 *   up to the number.
 * The relative gap is the distance between the closest values the two ranges allow, divided by
 * the larger of those two values: 0 when the ranges overlap. Above the tolerance it is a
 * discrepancy. "over nine thousand" vs "at least 9,488": [9000, 10000] and [9488, 9489] overlap,
 * consistent. 1,240 vs "at least 1,900": gap (1900 - 1240) / 1900 = 0.35, discrepancy.
 */
import type { NumericVerdict, Quantity } from '../../records.js';

export interface ImpliedRange {
  low: number;
  high: number;
}

/** One unit of the last significant digit written: 9000 -> 1000, 1900 -> 100, 9488 -> 1, 2.5 -> 0.1. */
export function roundingStep(value: number): number {
  const abs = Math.abs(value);
  if (abs === 0 || !Number.isFinite(abs)) return 1;
  if (!Number.isInteger(abs)) {
    const decimals = (String(abs).split('.')[1] ?? '').length;
    return 10 ** -decimals;
  }
  let step = 1;
  while (abs % (step * 10) === 0) step *= 10;
  return step;
}

/** The step down to the next lower value at the same precision: 10,000 -> 9,000 is 1,000. */
function stepBelow(value: number): number {
  const step = roundingStep(value);
  return step === Math.abs(value) && step >= 10 ? step / 10 : step;
}

const clean = (x: number) => Number(x.toPrecision(12));

/** The values a figure's wording allows (see the module comment). */
export function impliedRange(q: Pick<Quantity, 'value' | 'min' | 'max' | 'qualifier'>, aboutSlack: number): ImpliedRange {
  const finite = (x: number) => Number.isFinite(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER;
  switch (q.qualifier) {
    case 'range':
      return { low: Math.min(q.min, q.max), high: Math.max(q.min, q.max) };
    case 'about':
      return { low: clean(q.value * (1 - aboutSlack)), high: clean(q.value * (1 + aboutSlack)) };
    case 'at-least': {
      const low = finite(q.min) ? q.min : q.value;
      return { low, high: low + roundingStep(low) };
    }
    case 'at-most': {
      const high = finite(q.max) ? q.max : q.value;
      return { low: Math.max(0, clean(high - stepBelow(high))), high };
    }
    default:
      return { low: q.value, high: q.value };
  }
}

/** Gap between the closest values two ranges allow, over the larger of them (0 when they overlap). */
export function relativeGap(a: ImpliedRange, b: ImpliedRange): number {
  if (a.high >= b.low && b.high >= a.low) return 0;
  const [lowerHigh, upperLow] = a.high < b.low ? [a.high, b.low] : [b.high, a.low];
  const larger = Math.max(Math.abs(lowerHigh), Math.abs(upperLow));
  return larger === 0 ? 0 : (upperLow - lowerHigh) / larger;
}

export interface QuantityComparison {
  rangeA: ImpliedRange;
  rangeB: ImpliedRange;
  relativeGap: number;
  verdict: NumericVerdict;
}

/**
 * The values a figure's wording allows, read as the labelling guide reads it (the "rounding" rule):
 * - a figure written rounded, with a scale word or in words ("$43 million", "nine thousand"), or
 *   stated as a maximum ("up to / as many as 1.6 million": the figure reported is 1.6 million), is
 *   every value it rounds or truncates at its own precision: "$43 million" is 42.5-44 million
 *   ($43,885,310 is consistent), "$139 million" 138.5-140 million ($140,937,785 is not); never
 *   vaguer than "about" (at most ± aboutSlack), so "30 percent" never covers 35.7;
 * - "about / roughly / around X" is X rounded at its own precision, at most ± aboutSlack: "roughly
 *   $141 million" is 140.5-141.5 million (not $139 million), "about $400,000" 360,000-440,000;
 * - "nearly / almost / close to X" runs from the next lower value at the same precision up to X,
 *   at most aboutSlack below X unless that is finer than a whole number ("almost two weeks" is
 *   1-2 weeks; "nearly two-dozen" 23-24; "nearly $20 million" 18-20 million);
 * - "at least / more than / over X" runs from X up to the next value at the same precision ("over
 *   nine thousand" is 9,000-10,000); "fewer than / under X" from the next lower value up to X;
 * - ranges are their bounds; exact figures in digits are themselves.
 * `plain` marks a figure whose wording states one rounded value (exact or a stated maximum): two
 * plain figures at the same precision that differ are a discrepancy ("$5.6 billion" vs "$5.7
 * billion", "23" vs "19"), however their rounding intervals touch.
 */
export interface WrittenRange extends ImpliedRange {
  /** One unit of the last significant digit written, in the figure's own unit. */
  step: number;
  plain: boolean;
}

/** "up to / as many as / a maximum of / at most X": the figure reported is X (a stated maximum), not a bound below it. */
const STATED_MAXIMUM = /^(?:up to|as many as|a maximum of|at most)\b/i;
const NEARLY = /^(?:nearly|almost|close to|just under)\b/i;

export function writtenRange(q: Pick<Quantity, 'value' | 'min' | 'max' | 'qualifier' | 'approx'> & { text?: string }, aboutSlack: number, roundedByScale = false): WrittenRange {
  const text = q.text ?? '';
  const step = roundingStep(q.value);
  const cap = Math.abs(q.value) * aboutSlack;
  const rounded = q.approx || roundedByScale;
  if (q.qualifier === 'about' && NEARLY.test(text)) {
    // No vaguer than "about" (at most aboutSlack below), and no finer than the next whole number
    // below a whole figure: "nearly $20 million" is 18-20 million, not 10-20 (a writer with $14.96
    // million says "nearly $15 million"); "almost two weeks" is 1-2 weeks, "nearly two-dozen" 23-24.
    const below = Math.max(Math.min(stepBelow(q.value), cap), Number.isInteger(q.value) ? 1 : 0);
    return { low: Math.max(0, clean(q.value - below)), high: q.value, step, plain: false };
  }
  if (q.qualifier === 'about') {
    const half = Math.min(step / 2, cap);
    return { low: clean(q.value - half), high: clean(q.value + half), step, plain: false };
  }
  const statedMaximum = q.qualifier === 'at-most' && STATED_MAXIMUM.test(text);
  if (q.qualifier === 'exact' || statedMaximum) {
    if (!rounded) return { low: q.value, high: q.value, step, plain: true };
    // Rounded (half a step below) or truncated (a whole step above) at the written precision.
    return { low: clean(q.value - Math.min(step / 2, cap)), high: clean(q.value + Math.min(step, cap)), step, plain: true };
  }
  return { ...impliedRange(q, aboutSlack), step, plain: false };
}

/** Whether two ranges share a value; a range's upper end is excluded unless it is a single value. */
function rangesMeet(a: ImpliedRange, b: ImpliedRange): boolean {
  const contains = (r: ImpliedRange, x: number) => x >= r.low && (x < r.high || (r.low === r.high && x === r.high));
  if (a.low === a.high) return contains(b, a.low);
  if (b.low === b.high) return contains(a, b.low);
  return a.low < b.high && b.low < a.high;
}

/**
 * Compares two figures. `rounding` reads them by writtenRange (the guide's reading); without it
 * (the earlier rule) a rounded figure is its written value and "about" is ± aboutSlack.
 * `scaleA` / `scaleB` bring each figure to a common unit (durations in days; a scale word the
 * segmenter left out, "$5.6” billion").
 */
export function compareQuantities(a: Quantity, b: Quantity, tolerance: number, aboutSlack: number, rounding = false, scaleA = 1, scaleB = 1): QuantityComparison {
  const scale = (r: ImpliedRange, s: number): ImpliedRange => (s === 1 ? r : { low: r.low * s, high: r.high * s });
  if (!rounding) {
    const rangeA = scale(impliedRange(a, aboutSlack), scaleA);
    const rangeB = scale(impliedRange(b, aboutSlack), scaleB);
    const gap = relativeGap(rangeA, rangeB);
    return { rangeA, rangeB, relativeGap: gap, verdict: gap > tolerance ? 'discrepancy' : 'consistent' };
  }
  // Ranges are read in the units written (rounding steps are the writer's), then brought to a common unit.
  const wa = writtenRange(a, aboutSlack, scaleA >= 1e6);
  const wb = writtenRange(b, aboutSlack, scaleB >= 1e6);
  const rangeA = scale(wa, scaleA);
  const rangeB = scale(wb, scaleB);
  const samePrecision = wa.plain && wb.plain && Math.abs(wa.step * scaleA - wb.step * scaleB) <= 1e-9 * Math.max(wa.step * scaleA, wb.step * scaleB);
  const valueA = a.value * scaleA;
  const valueB = b.value * scaleB;
  let gap: number;
  if (samePrecision) gap = valueA === valueB ? 0 : Math.abs(valueA - valueB) / Math.max(Math.abs(valueA), Math.abs(valueB));
  else gap = rangesMeet(rangeA, rangeB) ? 0 : Math.max(relativeGap(rangeA, rangeB), Number.EPSILON);
  return { rangeA, rangeB, relativeGap: gap, verdict: gap > tolerance ? 'discrepancy' : 'consistent' };
}
