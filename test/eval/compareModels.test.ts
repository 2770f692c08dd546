/** The int8-vs-fp32 table: every model figure paired by task and metric, and "within 0.01" that can fail. */
import { COMPARE_TOLERANCE, compareFigures, headlineFigures } from '../../src/eval/compareModels.js';
import type { EvalResult } from '../../src/eval/runEval.js';

const tasks = (spearman: number, accuracy: number, nli = true): EvalResult['tasks'] => ({
  stsb: { file: 'f', pairs: 10, model: 'm', spearman, pearson: 0.5, baseline: { method: 'tfidf', spearman: 0.4, pearson: 0.4 } },
  sst2: { file: 'f', sentences: 10, model: 'm', accuracy, macroF1: accuracy, neutralShare: 0 },
  ...(nli ? { nli: { file: 'f', pairs: 10, model: 'm', accuracy: 0.5, macroF1: 0.5, contradictionRecall: 0.5, majorityBaseline: { label: 'entailment' as const, accuracy: 0.34 } } } : {}),
});

test('figures are paired by task and metric with their difference', () => {
  const { figures, allWithin } = compareFigures(tasks(0.7037, 0.8073), tasks(0.7039, 0.8073));
  expect(figures.map((f) => [f.task, f.metric, f.diff, f.withinTolerance])).toEqual([
    ['stsb', 'Spearman', -0.0002, true],
    ['stsb', 'Pearson', 0, true],
    ['sst2', 'accuracy', 0, true],
    ['sst2', 'macro-F1', 0, true],
    ['nli', 'accuracy', 0, true],
    ['nli', 'macro-F1', 0, true],
    ['nli', 'contradiction recall', 0, true],
  ]);
  expect(allWithin).toBe(true);
});

test('one figure beyond the tolerance, or one missing on either side, fails the comparison', () => {
  expect(COMPARE_TOLERANCE).toBe(0.01);
  const off = compareFigures(tasks(0.70, 0.8073), tasks(0.70, 0.7950));
  expect(off.allWithin).toBe(false);
  expect(off.figures.find((f) => f.metric === 'accuracy' && f.task === 'sst2')).toMatchObject({ diff: 0.0123, withinTolerance: false });
  expect(compareFigures(tasks(0.7, 0.8), tasks(0.7, 0.8, false)).allWithin).toBe(false);
  expect(compareFigures(tasks(0.7, 0.8, false), tasks(0.7, 0.8)).allWithin).toBe(false);
  expect(headlineFigures({}).length).toBe(0);
});
