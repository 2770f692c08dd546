import { memoProbability, neighbourFeatures, neighbourGraph } from '../../../src/analysis/events/neighbours.js';

// 0 and 1 share little directly (0.2) but both link strongly to 2 and 3; 4 links to 0 only.
const first = (i: number, j: number): number => {
  const key = `${i}:${j}`;
  return ({ '0:1': 0.2, '0:2': 0.9, '0:3': 0.8, '1:2': 0.7, '1:3': 0.95, '0:4': 0.6 } as Record<string, number>)[key] ?? 0;
};
const candidates: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [0, 4]];

describe('neighbour features', () => {
  const graph = neighbourGraph(6, candidates, first); // 5 has no candidate at all

  test('two pieces of one story: strong shared neighbours and a strong two-hop path', () => {
    const [p, twoHop, share, shared] = neighbourFeatures(graph, 0, 1, first(0, 1));
    expect(p).toBe(0.2);
    expect(twoHop).toBeCloseTo(0.8); // via 3: min(0.8, 0.95)
    expect(share).toBe(1); // both strong neighbours of 1 are strong neighbours of 0
    expect(shared).toBeCloseTo(Math.log1p(2));
  });

  test('a pair with no common neighbour has no path; the pair itself is never its own neighbour', () => {
    const [, twoHop, share, shared] = neighbourFeatures(graph, 1, 5, 0);
    expect([twoHop, share, shared]).toEqual([0, 0, 0]);
    const [, hop01] = neighbourFeatures(graph, 0, 2, first(0, 2));
    expect(hop01).toBeCloseTo(0.2); // via 1 only: min(0.2, 0.7); the direct 0.9 is not a path
  });

  test('memoProbability scores each pair once', () => {
    let calls = 0;
    const p = memoProbability(() => ++calls);
    p(0, 1);
    p(0, 1);
    expect(calls).toBe(1);
  });
});
