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

describe("the guide's reading of rounded and hedged figures (compareQuantities with rounding)", () => {
  const money = (text: string, value: number, qualifier: Quantity['qualifier'] = 'exact', approx = true): Quantity =>
    ({ ...q(text, value, qualifier), approx, unit: 'dollars', kind: 'money', subject: '', ...(qualifier === 'at-most' ? { min: 0, max: value } : {}) });
  const verdict = (a: Quantity, b: Quantity, scaleA = 1, scaleB = 1) => compareQuantities(a, b, 0, 0.1, true, scaleA, scaleB).verdict;

  test('a rounded figure covers what it rounds or truncates at its own precision, and no more', () => {
    expect(verdict(money('$43 million', 43e6), money('$43,885,310', 43885310, 'exact', false))).toBe('consistent');
    expect(verdict(money('$15 million', 15e6), money('$14,959,450', 14959450, 'exact', false))).toBe('consistent');
    expect(verdict(money('$700 billion', 700e9), money('$716 billion', 716e9))).toBe('consistent');
    expect(verdict(money('$139 million', 139e6), money('$140,937,785', 140937785, 'exact', false))).toBe('discrepancy');
  });

  test('two plain figures at the same precision that differ are a discrepancy', () => {
    expect(verdict(money('$5.6 billion', 5.6e9), money('$5.7 billion', 5.7e9))).toBe('discrepancy');
    expect(verdict(money('$5 billion', 5e9), money('$5.3 billion', 5.3e9))).toBe('consistent');
  });

  test('"about X" is X rounded at its own precision (at most ± aboutSlack)', () => {
    expect(verdict(money('roughly $141 million', 141e6, 'about'), money('$139 million', 139e6))).toBe('discrepancy');
    expect(verdict(money('about $400,000', 4e5, 'about'), money('$500,000', 5e5, 'exact', false))).toBe('discrepancy');
    expect(verdict(money('about $60,000', 6e4, 'about'), money('more than $60,000', 6e4, 'at-least'))).toBe('consistent');
    expect(verdict(q('about 2,000', 2000, 'about'), q('at least 1,900', 1900, 'at-least'))).toBe('consistent');
  });

  test('"up to / as many as X" reports X; "nearly X" runs up to X from the next lower value', () => {
    const women = (text: string, value: number, qualifier: Quantity['qualifier']) => ({ ...q(text, value, qualifier), approx: true, unit: 'women', subject: '' });
    expect(verdict(women('1.5 million', 1.5e6, 'exact'), women('up to 1.6 million', 1.6e6, 'at-most'))).toBe('discrepancy');
    expect(verdict(women('1.5 million', 1.5e6, 'exact'), women('as many as 1.5 million', 1.5e6, 'at-most'))).toBe('consistent');
    expect(verdict(money('nearly $44 million', 44e6, 'about'), money('$43,885,310', 43885310, 'exact', false))).toBe('consistent');
    expect(verdict(q('nearly two-dozen', 24, 'about'), q('19', 19, 'exact', { approx: false }))).toBe('discrepancy');
  });

  test('"nearly X" is no vaguer than "about": "nearly $20 million" is just under 20 million, "almost two weeks" 1-2 weeks', () => {
    expect(verdict(money('nearly $20 million', 2e7, 'about'), money('$15 million', 1.5e7, 'exact'))).toBe('discrepancy');
    expect(verdict(money('nearly $20 million', 2e7, 'about'), money('$19.2 million', 1.92e7, 'exact'))).toBe('consistent');
    const weeks = (text: string, value: number, qualifier: Quantity['qualifier']) => ({ ...q(text, value, qualifier), unit: 'weeks', subject: '' });
    expect(verdict(weeks('almost two', 2, 'about'), weeks('1.5', 1.5, 'exact'))).toBe('consistent');
  });

  test('a figure in digits is itself: "30 percent" does not cover 35.7 percent', () => {
    const pct = (text: string, value: number) => ({ ...q(text, value, 'exact'), approx: false, unit: 'percent', kind: 'percent' as const, subject: '' });
    expect(verdict(pct('30 percent', 30), pct('35.7 percent', 35.7))).toBe('discrepancy');
    expect(verdict(pct('35.7 percent', 35.7), pct('35.7 percent', 35.7))).toBe('consistent');
  });

  test('"over nine thousand" and "at least 9,488" stay consistent', () => {
    expect(verdict(q('over nine thousand', 9000, 'at-least'), q('at least 9,488', 9488, 'at-least', { approx: false }))).toBe('consistent');
  });
});
