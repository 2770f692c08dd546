import { compareQuantities, impliedRange, relativeGap, roundingStep } from '../../../src/analysis/claims/numericCompare.js';
import { quantityCategory } from '../../../src/analysis/corpus/claimUnits.js';
import type { Quantity } from '../../../src/records.js';

const OPEN = Number.MAX_SAFE_INTEGER;
function q(text: string, value: number, qualifier: Quantity['qualifier'], extra: Partial<Quantity> = {}): Quantity {
  const min = qualifier === 'at-most' ? 0 : value;
  const max = qualifier === 'at-least' ? OPEN : value;
  return { text, value, min, max, approx: qualifier !== 'exact', qualifier, unit: 'people', kind: 'count', subject: 'deaths', ...extra };
}

describe('numeric comparison', () => {
  test('rounding step is one unit of the last significant digit', () => {
    expect([roundingStep(9000), roundingStep(1900), roundingStep(9488), roundingStep(240), roundingStep(2.5)]).toEqual([1000, 100, 1, 10, 0.1]);
  });

  test('"over nine thousand" and "at least 9,488" are consistent', () => {
    const r = compareQuantities(q('over nine thousand', 9000, 'at-least'), q('at least 9,488', 9488, 'at-least'), 0.05, 0.1);
    expect(r.rangeA).toEqual({ low: 9000, high: 10000 });
    expect(r.relativeGap).toBe(0);
    expect(r.verdict).toBe('consistent');
  });

  test('1,240 vs "at least 1,900" is a discrepancy with the documented gap', () => {
    const r = compareQuantities(q('1,240', 1240, 'exact'), q('at least 1,900', 1900, 'at-least'), 0.05, 0.1);
    expect(r.relativeGap).toBeCloseTo((1900 - 1240) / 1900, 10);
    expect(r.verdict).toBe('discrepancy');
  });

  test('exact figures within the tolerance are consistent, beyond it a discrepancy', () => {
    expect(compareQuantities(q('100', 100, 'exact'), q('103', 103, 'exact'), 0.05, 0.1).verdict).toBe('consistent');
    expect(compareQuantities(q('100', 100, 'exact'), q('120', 120, 'exact'), 0.05, 0.1).verdict).toBe('discrepancy');
  });

  test('"about", "nearly" and ranges become intervals', () => {
    expect(impliedRange(q('about 100', 100, 'about'), 0.1)).toEqual({ low: 90, high: 110 });
    expect(impliedRange(q('nearly 10,000', 10000, 'at-most', { max: 10000 }), 0.1)).toEqual({ low: 9000, high: 10000 });
    expect(impliedRange(q('fewer than 1,900', 1900, 'at-most', { max: 1900 }), 0.1)).toEqual({ low: 1800, high: 1900 });
    expect(impliedRange({ value: 48, min: 24, max: 72, qualifier: 'range' }, 0.1)).toEqual({ low: 24, high: 72 });
    expect(compareQuantities(q('about 100', 100, 'about'), q('108', 108, 'exact'), 0.05, 0.1).verdict).toBe('consistent');
  });

  test('relative gap is symmetric and 0 for overlapping ranges', () => {
    const a = { low: 10, high: 20 };
    const b = { low: 30, high: 40 };
    expect(relativeGap(a, b)).toBeCloseTo(10 / 30, 10);
    expect(relativeGap(b, a)).toBeCloseTo(10 / 30, 10);
    expect(relativeGap(a, { low: 15, high: 16 })).toBe(0);
  });

  test('categories: subject first, then the counted noun; years and ordinals never compare', () => {
    expect(quantityCategory({ subject: 'hostages', unit: 'people', kind: 'count' })).toBe('hostages');
    expect(quantityCategory({ subject: '', unit: 'trucks', kind: 'count' })).toBe('trucks');
    expect(quantityCategory({ subject: '', unit: 'days', kind: 'duration' })).toBe('days');
    expect(quantityCategory({ subject: '', unit: 'visit', kind: 'ordinal' })).toBe('');
    expect(quantityCategory({ subject: '', unit: '', kind: 'year' })).toBe('');
  });
});
