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
 * A figure written rounded with a scale word or in words ("$5.6 billion", "nine thousand"):
 * every value that rounds to it, half a step either side, the upper end excluded, so "$5.6
 * billion" [5.55, 5.65) and "$5.7 billion" [5.65, 5.75) do not meet while "$139 million" allows
 * 138.5-139.5 million; never wider than "about" (± aboutSlack), so "$1 million" is not 0.5-1.5 million. "nearly / almost X" runs from the next lower value at the same precision up
 * to X ("almost two weeks" is 1-2 weeks). Other figures keep impliedRange.
 */
export function writtenRange(q: Pick<Quantity, 'value' | 'min' | 'max' | 'qualifier' | 'approx'> & { text?: string }, aboutSlack: number): ImpliedRange {
  // "nearly / almost / close to X" is below X, down to the next lower value at the same precision (module comment).
  if (q.qualifier === 'about' && /^(?:nearly|almost|close to|just under)\b/i.test(q.text ?? '')) {
    return { low: Math.max(0, clean(q.value - stepBelow(q.value))), high: q.value };
  }
  if (q.qualifier !== 'exact' || !q.approx) return impliedRange(q, aboutSlack);
  // A figure written without "about" is never vaguer than "about": "$1 million" is not 0.5-1.5 million.
  const half = Math.min(roundingStep(q.value) / 2, Math.abs(q.value) * aboutSlack);
  return { low: clean(q.value - half), high: clean(q.value + half) - half * 1e-9 };
}

/**
 * Compares two figures. `rounding` reads rounded figures as the values they round (writtenRange);
 * without it (the earlier rule) a rounded figure is its written value.
 */
export function compareQuantities(a: Quantity, b: Quantity, tolerance: number, aboutSlack: number, rounding = false, scaleA = 1, scaleB = 1): QuantityComparison {
  const range = rounding ? writtenRange : impliedRange;
  // Ranges are read in the units written (rounding steps are the writer's), then brought to a common unit.
  const scale = (r: ImpliedRange, s: number): ImpliedRange => (s === 1 ? r : { low: r.low * s, high: r.high * s });
  const rangeA = scale(range(a, aboutSlack), scaleA);
  const rangeB = scale(range(b, aboutSlack), scaleB);
  const gap = relativeGap(rangeA, rangeB);
  return { rangeA, rangeB, relativeGap: gap, verdict: gap > tolerance ? 'discrepancy' : 'consistent' };
}
