/** The scoring functions of the eval harness, on cases small enough to check by hand. */
import { bestThreshold, prf, prfAtThreshold, spearman } from '../../src/eval/metrics.js';
import { quantityMatches, dateMatches, type GoldNumber } from '../../src/eval/numbersGold.js';
import { parseIntList, renderTable, UsageError } from '../../src/measure/harness.js';
import { selectTasks } from '../../src/eval/cliOptions.js';
import type { Quantity } from '../../src/records.js';

test('Spearman uses midranks for ties, so the row order does not matter', () => {
  // x ranks 1, 2.5, 2.5, 4; y ranks 1..4: Pearson of the ranks is 0.9487.
  expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(0.9487, 4);
  expect(spearman([2, 1, 3, 2], [30, 10, 40, 20])).toBeCloseTo(0.9487, 4);
  expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 10);
});

test('precision, recall and F1 from counts, never NaN', () => {
  expect(prf(3, 1, 2)).toMatchObject({ precision: 0.75, recall: 0.6 });
  expect(prf(3, 1, 2).f1).toBeCloseTo(2 / 3, 10);
  expect(prf(0, 0, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
});

test('the best threshold is the cut with the highest F1, the higher one on ties', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
  const gold = [true, true, false, true, false, false];
  // Cut at 0.6 keeps 4 (3 right): P 0.75 R 1 F1 0.857; cut at 0.8: P 1 R 0.667 F1 0.8.
  const best = bestThreshold(scores, gold);
  expect(best.threshold).toBe(0.6);
  expect(best.f1).toBeCloseTo(6 / 7, 10);
  expect(prfAtThreshold(scores, gold, 0.8)).toMatchObject({ tp: 2, fp: 0, fn: 1 });
  // Equal scores are one cut: both in or both out.
  const tied = bestThreshold([0.5, 0.5, 0.1], [true, false, false]);
  expect(tied).toMatchObject({ threshold: 0.5, tp: 1, fp: 1 });
});

const q = (value: number, min = value, max = value, kind: Quantity['kind'] = 'count'): Quantity => ({
  text: String(value), value, min, max, approx: false, qualifier: min === max ? 'exact' : 'range', unit: '', subject: '', kind,
});

test('an extracted number matches the gold by value or by the bounds of a range', () => {
  const range: GoldNumber = { text: 'eight to 10', value: 9, min: 8, max: 10, kind: 'count' };
  expect(quantityMatches(q(9, 8, 10), range)).toBe(true);
  expect(quantityMatches(q(9), range)).toBe(true);
  expect(quantityMatches(q(8), range)).toBe(false);
  const money: GoldNumber = { text: '$62 trillion', value: 62e12, kind: 'money' };
  expect(quantityMatches(q(62e12, 62e12, 62e12, 'money'), money)).toBe(true);
  expect(quantityMatches(q(62, 62, 62, 'money'), money)).toBe(false);
  const date: GoldNumber = { text: 'June 2023', value: 2023, kind: 'date', date: '2023-06' };
  expect(dateMatches('2023-06', date)).toBe(true);
  expect(dateMatches('2023-06-01', date)).toBe(false);
  expect(quantityMatches(q(2023, 2023, 2023, 'year'), date)).toBe(true);
});

test('--only accepts task and data-set names and refuses unknown ones', () => {
  expect(selectTasks(['basil', 'stsb'])).toEqual(['events', 'loaded', 'stsb']);
  expect(selectTasks(undefined)).toEqual(['events', 'loaded', 'stsb', 'claims', 'sst2', 'numbers', 'relations', 'retrieval', 'numeric-pairs', 'nli', 'tone', 'actor-tone']);
  expect(selectTasks(['snli'])).toEqual(['nli']);
  expect(selectTasks(['claimmatch'])).toEqual(['claims', 'retrieval']);
  expect(() => selectTasks(['mnli'])).toThrow(/unknown task "mnli"/);
  expect(() => parseIntList('1,x', '--sizes')).toThrow(UsageError);
  expect(parseIntList('1, 8,32', '--batch-sizes')).toEqual([1, 8, 32]);
});

test('tables right-align numeric columns', () => {
  const text = renderTable(['name', 'value'], [['a', 1.5], ['bb', 12.25]]);
  expect(text.split('\n')).toEqual(['name  value', '----  -----', 'a     1.500', 'bb     12.3']);
});
