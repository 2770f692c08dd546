import { evaluateClustering, labelsFromClusters, ClusteringInputError } from '../../src/measure/evaluateClustering.js';

const labels = (pairs: Record<string, string>) => new Map(Object.entries(pairs));

describe('evaluateClustering', () => {
  const gold = labels({ a: 'x', b: 'x', c: 'x', d: 'y', e: 'y' });

  test('identical partitions score 1 everywhere', () => {
    const s = evaluateClustering(labels({ a: '1', b: '1', c: '1', d: '2', e: '2' }), gold);
    expect(s).toMatchObject({ bcubedPrecision: 1, bcubedRecall: 1, bcubedF1: 1, ari: 1, predictedClusters: 2, goldClusters: 2, items: 5 });
  });

  test('one big cluster: recall 1, precision is the item-averaged purity', () => {
    const s = evaluateClustering(labels({ a: '1', b: '1', c: '1', d: '1', e: '1' }), gold);
    // a,b,c: 3/5 each; d,e: 2/5 each -> (9 + 4) / 25
    expect(s.bcubedPrecision).toBeCloseTo(13 / 25, 10);
    expect(s.bcubedRecall).toBe(1);
    expect(s.ari).toBeCloseTo(0, 10);
  });

  test('all singletons: precision 1, recall the mean of 1/|gold cluster|', () => {
    const s = evaluateClustering(labels({ a: '1', b: '2', c: '3', d: '4', e: '5' }), gold);
    expect(s.bcubedPrecision).toBe(1);
    expect(s.bcubedRecall).toBeCloseTo((3 * (1 / 3) + 2 * (1 / 2)) / 5, 10);
    expect(s.predictedClusters).toBe(5);
  });

  test('a false merge costs precision, a false split costs recall (hand-computed ARI)', () => {
    // predicted {a,b} {c,d} {e}
    const s = evaluateClustering(labels({ a: '1', b: '1', c: '2', d: '2', e: '3' }), gold);
    expect(s.bcubedPrecision).toBeCloseTo((1 + 1 + 0.5 + 0.5 + 1) / 5, 10);
    expect(s.bcubedRecall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2) / 5, 10);
    // contingency: index = C(2,2) = 1; sumPred = 1 + 1 = 2; sumGold = 3 + 1 = 4; total pairs 10
    const expected = (2 * 4) / 10;
    expect(s.ari).toBeCloseTo((1 - expected) / ((2 + 4) / 2 - expected), 10);
  });

  test('items missing on one side are an error that says how to fix it', () => {
    expect(() => evaluateClustering(labels({ a: '1' }), gold)).toThrow(ClusteringInputError);
    expect(() => evaluateClustering(labels({ a: '1' }), gold)).toThrow(/Fix: score the same article ids/);
  });

  test('labelsFromClusters maps every article to its cluster id', () => {
    const m = labelsFromClusters([{ id: 'e1', articleIds: ['a', 'b'] }, { id: 'e2', articleIds: ['c'] }]);
    expect([...m.entries()]).toEqual([['a', 'e1'], ['b', 'e1'], ['c', 'e2']]);
  });
});
