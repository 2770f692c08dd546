import { agglomerate, meanPairScore, mergeNeighbourClusters, type ScoredPair } from '../../../src/analysis/events/cluster.js';

// A chain: 0~1 strong, 1~2 strong, 0~2 unrelated. Single link merges all three; average and
// complete linkage keep 2 out because it is unlike 0.
const chain: ScoredPair[] = [
  { a: 0, b: 1, score: 0.9 },
  { a: 1, b: 2, score: 0.8 },
  { a: 0, b: 2, score: 0.05 },
];

describe('agglomerate', () => {
  test('single link chains, average and complete do not', () => {
    expect(agglomerate({ size: 3, pairs: chain, threshold: 0.5, linkage: 'single' })).toEqual([[0, 1, 2]]);
    expect(agglomerate({ size: 3, pairs: chain, threshold: 0.5, linkage: 'average' })).toEqual([[0, 1], [2]]);
    expect(agglomerate({ size: 3, pairs: chain, threshold: 0.5, linkage: 'complete' })).toEqual([[0, 1], [2]]);
  });

  test('unscored pairs count as 0: complete linkage needs every pair scored', () => {
    const pairs = [
      { a: 0, b: 1, score: 0.9 },
      { a: 1, b: 2, score: 0.9 },
    ];
    expect(agglomerate({ size: 3, pairs, threshold: 0.5, linkage: 'complete' })).toEqual([[0, 1], [2]]);
    expect(agglomerate({ size: 3, pairs: [...pairs, { a: 0, b: 2, score: 0.6 }], threshold: 0.5, linkage: 'complete' })).toEqual([[0, 1, 2]]);
  });

  test('canMerge vetoes a merge without blocking the next best one', () => {
    const pairs = [
      { a: 0, b: 1, score: 0.9 },
      { a: 0, b: 2, score: 0.8 },
    ];
    const clusters = agglomerate({
      size: 3,
      pairs,
      threshold: 0.5,
      linkage: 'average',
      canMerge: (a, b) => !(a.includes(1) || b.includes(1)),
    });
    expect(clusters).toEqual([[0, 2], [1]]);
  });

  test('below the threshold nothing merges; output order is stable', () => {
    expect(agglomerate({ size: 4, pairs: [{ a: 3, b: 2, score: 0.2 }], threshold: 0.5, linkage: 'average' })).toEqual([[0], [1], [2], [3]]);
  });
});

describe('mergeNeighbourClusters', () => {
  // Two pieces of one story, {0,1} and {2,3}, joined by one scored pair; every member pair is
  // likely the same story, but average linkage over the scored pairs alone sees 0.9 / 4.
  const story = (x: number, y: number) => (x < 4 && y < 4 ? 0.9 : 0.05);
  const firstPass = [[0, 1], [2, 3], [4]];
  const scored = [{ a: 0, b: 1 }, { a: 2, b: 3 }, { a: 1, b: 2 }, { a: 3, b: 4 }];

  test('pieces joined by a scored pair merge when the mean over all member pairs reaches the threshold', () => {
    expect(mergeNeighbourClusters({ clusters: firstPass, pairs: scored, score: story, threshold: 0.5 })).toEqual([[0, 1, 2, 3], [4]]);
  });

  test('no scored pair between two clusters: never compared; below the threshold: kept apart', () => {
    expect(mergeNeighbourClusters({ clusters: firstPass, pairs: [{ a: 0, b: 1 }], score: story, threshold: 0.5 })).toEqual(firstPass);
    expect(mergeNeighbourClusters({ clusters: firstPass, pairs: scored, score: story, threshold: 0.95 })).toEqual(firstPass);
  });

  test('canMerge vetoes a merge', () => {
    expect(mergeNeighbourClusters({ clusters: firstPass, pairs: scored, score: story, threshold: 0.5, canMerge: () => false })).toEqual(firstPass);
  });

  test('meanPairScore reads every pair up to maxPairs, a strided sample beyond', () => {
    const score = (x: number, y: number) => (x === 0 && y === 10 ? 1 : 0);
    expect(meanPairScore([0, 1], [10, 11], score)).toBeCloseTo(0.25);
    expect(meanPairScore([0, 1], [10, 11], score, 2)).toBeCloseTo(0.5);
  });
});
