import { memoProbability, neighbourFeatures, neighbourGraph, seededRandom, subsampleArticles, subsampleGraph } from '../../../src/analysis/events/neighbours.js';

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

describe('second-stage training subsamples', () => {
  const gold = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c', 'c'];

  test('each event is kept whole, cut to one or two articles, or dropped; the same seed gives the same subsample', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const kept = subsampleArticles(gold, seededRandom(seed));
      for (const event of ['a', 'b', 'c']) {
        const size = gold.filter((g) => g === event).length;
        const n = gold.filter((g, k) => g === event && kept[k]).length;
        expect([0, 1, 2, size]).toContain(n);
      }
      expect(subsampleArticles(gold, seededRandom(seed))).toEqual(kept);
    }
  });

  test('lone and two-article stories do occur, so the second stage sees them', () => {
    const sizes = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const kept = subsampleArticles(gold, seededRandom(seed));
      for (const event of ['a', 'c']) sizes.add(gold.filter((g, k) => g === event && kept[k]).length);
    }
    expect(sizes).toEqual(new Set([0, 1, 2, 4, 5]));
  });

  test('a subsample graph keeps only links between kept articles', () => {
    const graph = neighbourGraph(6, candidates, first);
    const sub = subsampleGraph(graph, [true, true, false, true, false, false]);
    expect([...sub[0].keys()].sort()).toEqual([1, 3]);
    expect(sub[2].size).toBe(0);
    const [, twoHop] = neighbourFeatures(sub, 0, 1, first(0, 1));
    expect(twoHop).toBeCloseTo(0.8); // via 3 still; 2 is gone
  });
});
