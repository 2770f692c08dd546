/**
 * The increment bench's all-models-cached pairs read together: the median night over the median alone
 * run (wall and CPU time), beside the median of the pairs' own ratios, which can differ from it.
 */
import { cachedMedians, type IncrementRun } from '../../src/bench/increment.js';

const run = (seconds: number, cpuSeconds: number): IncrementRun => ({ articles: 1, seconds, eventsSeconds: 0, claimsSeconds: 0, stages: [], work: {}, peakRssMB: 1, cpuSeconds });
const pair = (night: [number, number], alone: [number, number]) => ({ increment: run(...night), alone: run(...alone), ratio: night[0] / alone[0] });

test('the ratio of the medians, not the median of the ratios', () => {
  // Ratios 1.2, 1.6 and 1.5: their median is 1.5; the median night (150) over the median alone run (100) is 1.5 too,
  // but with a slow alone run paired with a slow night the two readings part.
  const m = cachedMedians([pair([120, 300], [100, 200]), pair([160, 320], [100, 210]), pair([150, 310], [100, 190])]);
  expect(m).toMatchObject({ pairs: 3, nightSeconds: 150, aloneSeconds: 100, ratio: 1.5, nightCpuSeconds: 310, aloneCpuSeconds: 200, cpuRatio: 1.55 });
  expect(m.medianPairRatio).toBe(1.5);
  const parted = cachedMedians([pair([100, 1], [80, 1]), pair([200, 1], [100, 1]), pair([130, 1], [100, 1]), pair([150, 1], [120, 1])]);
  // Pair ratios 1.25, 2, 1.3, 1.25: median 1.275; medians 140 / 100.
  expect(parted.medianPairRatio).toBe(1.275);
  expect(parted.ratio).toBe(1.4);
});

test('a run without its CPU time read gives no CPU ratio', () => {
  const m = cachedMedians([pair([120, Number.NaN], [100, Number.NaN])]);
  expect(m.ratio).toBe(1.2);
  expect(Number.isNaN(m.cpuRatio)).toBe(true);
});
