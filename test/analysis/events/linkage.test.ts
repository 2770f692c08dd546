/**
 * How the judge's linkage reads pairs the corpus rules out: dates further apart than the window
 * veto a merge; a pair that numbers one series differently counts as probability 0 in the mean
 * (it no longer vetoes two large pieces of one story, and still keeps two lone articles apart).
 */
import { clusterByProbability, eventCohesion, linkProbability } from '../../../src/analysis/events/judge.js';
import type { DateAnchor } from '../../../src/analysis/events/dates.js';
import type { EventCorpus } from '../../../src/analysis/events/pairs.js';

const none: DateAnchor = { day: null, source: 'none' };

/** A corpus of `size` articles: every pair not ruled out is a candidate. */
function corpus(size: number, ruledOut: [number, number][], anchors: DateAnchor[] = []): EventCorpus {
  const out = new Set(ruledOut.map(([i, j]) => `${Math.min(i, j)}:${Math.max(i, j)}`));
  const apart = (i: number, j: number) => out.has(`${Math.min(i, j)}:${Math.max(i, j)}`);
  const candidates: [number, number][] = [];
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) if (!apart(i, j)) candidates.push([i, j]);
  return {
    articles: Array.from({ length: size }, (_, k) => ({ id: `a${k}` })),
    profiles: [],
    anchors: Array.from({ length: size }, (_, k) => anchors[k] ?? none),
    candidates,
    apart,
    features: () => [],
  } as unknown as EventCorpus;
}

const options = { threshold: 0.6, linkage: 'average' as const, windowDays: 10 };

describe('linkage over ruled-out pairs', () => {
  test('one differently numbered pair between two pieces of one story does not keep them apart', () => {
    const c = corpus(6, [[2, 3]]);
    expect(clusterByProbability(c, () => 0.95, options)).toEqual([[0, 1, 2, 3, 4, 5]]);
    // The event's weakest pair is the ruled-out one: cohesion says it may mix stories.
    expect(eventCohesion([0, 1, 2, 3, 4, 5], linkProbability(c, () => 0.95))).toBe(0);
  });

  test('an article that numbers the series differently from one of a pair stays alone ("second visit" vs "ninth visit")', () => {
    const c = corpus(3, [[0, 2]]);
    const p = (i: number, j: number) => (i === 0 && j === 1 ? 0.95 : 0.9);
    expect(clusterByProbability(c, p, options)).toEqual([[0, 1], [2]]);
  });

  test('single linkage still treats the pair as a veto; complete linkage never joins it', () => {
    const c = corpus(6, [[2, 3]]);
    expect(clusterByProbability(c, () => 0.95, { ...options, linkage: 'single' })).toHaveLength(2);
    expect(clusterByProbability(c, () => 0.95, { ...options, linkage: 'complete' })).toHaveLength(2);
  });

  test('dates further apart than the window always veto, however likely the pairs', () => {
    const day = (d: number): DateAnchor => ({ day: d, source: 'published' });
    const c = corpus(4, [], [day(0), day(1), day(30), day(31)]);
    expect(clusterByProbability(c, () => 0.99, options)).toEqual([[0, 1], [2, 3]]);
  });
});
