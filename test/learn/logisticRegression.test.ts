import { fitLogistic, predictProba, probabilityOf } from '../../src/learn/logisticRegression.js';
import { crossValidate, groupedFolds } from '../../src/learn/groupedFolds.js';
import { thresholdForPrecision } from '../../src/learn/thresholds.js';

/** A separable-with-noise two-feature problem: label yes when x0 - x1 > 0, x2 is pure noise. */
function synthetic(n: number): { features: number[][]; labels: string[]; groups: string[] } {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const features: number[][] = [];
  const labels: string[] = [];
  const groups: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = [rand() * 4 - 2, rand() * 4 - 2, rand() * 100];
    features.push(row);
    labels.push(row[0] - row[1] + (rand() - 0.5) * 0.5 > 0 ? 'yes' : 'no');
    groups.push(`e${i % 10}`);
  }
  return { features, labels, groups };
}

describe('fitLogistic', () => {
  const data = synthetic(400);
  const opts = { classes: ['no', 'yes'], featureNames: ['a', 'b', 'noise'] };

  test('learns the sign of each signal and ignores noise', () => {
    const model = fitLogistic(data.features, data.labels, opts);
    expect(model.weights[1][0]).toBeGreaterThan(1);
    expect(model.weights[1][1]).toBeLessThan(-1);
    expect(Math.abs(model.weights[1][2])).toBeLessThan(0.5);
    expect(probabilityOf(model, [1.5, -1.5, 50], 'yes')).toBeGreaterThan(0.95);
    expect(probabilityOf(model, [-1.5, 1.5, 50], 'yes')).toBeLessThan(0.05);
  });

  test('is deterministic and its probabilities sum to one', () => {
    const a = fitLogistic(data.features, data.labels, opts);
    const b = fitLogistic(data.features, data.labels, opts);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const p = predictProba(a, [0.2, 0.1, 3]);
    expect(p[0] + p[1]).toBeCloseTo(1, 10);
  });

  test('three classes', () => {
    const features = data.features;
    const labels = features.map((r) => (r[0] > 0.7 ? 'pos' : r[0] < -0.7 ? 'neg' : 'neu'));
    const model = fitLogistic(features, labels, { classes: ['neg', 'neu', 'pos'], featureNames: ['a', 'b', 'noise'], iterations: 3000, learningRate: 0.1 });
    const correct = features.filter((r, i) => {
      const p = predictProba(model, r);
      return model.classes[p.indexOf(Math.max(...p))] === labels[i];
    }).length;
    expect(correct / features.length).toBeGreaterThan(0.9);
  });

  test('refuses labels outside the classes and rows of the wrong width', () => {
    expect(() => fitLogistic([[1, 2, 3]], ['maybe'], opts)).toThrow(/maybe/);
    expect(() => fitLogistic([[1, 2]], ['yes'], opts)).toThrow(/expected 3/);
  });
});

describe('grouped cross-validation', () => {
  test('a group never straddles two folds, folds are balanced', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ group: `g${i % 13}` }));
    const fold = groupedFolds(rows, 5);
    const foldOfGroup = new Map<string, number>();
    rows.forEach((r, i) => {
      expect(foldOfGroup.get(r.group) ?? fold[i]).toBe(fold[i]);
      foldOfGroup.set(r.group, fold[i]);
    });
    const groupsPerFold = [0, 1, 2, 3, 4].map((f) => [...foldOfGroup.values()].filter((x) => x === f).length);
    expect(Math.max(...groupsPerFold) - Math.min(...groupsPerFold)).toBeLessThanOrEqual(1);
  });

  test("a group's fold does not move when another group gains or loses rows", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ group: `event-${i % 13}` }));
    const before = groupedFolds(rows, 5);
    const grown = [...rows, ...Array.from({ length: 40 }, () => ({ group: 'event-4' }))];
    const shrunk = rows.filter((r, i) => r.group !== 'event-7' || i < 10);
    const foldMap = (rs: { group: string }[], fold: number[]) => new Map(rs.map((r, i) => [r.group, fold[i]]));
    expect(foldMap(grown, groupedFolds(grown, 5))).toEqual(foldMap(rows, before));
    expect(foldMap(shrunk, groupedFolds(shrunk, 5))).toEqual(foldMap(rows, before));
  });

  test('a salt deals the groups anew, still whole and balanced; no salt keeps the usual folds', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ group: `event-${i % 40}` }));
    const foldMap = (fold: number[]) => new Map(rows.map((r, i) => [r.group, fold[i]]));
    const plain = foldMap(groupedFolds(rows, 5));
    expect(foldMap(groupedFolds(rows, 5, ''))).toEqual(plain);
    const salted = foldMap(groupedFolds(rows, 5, 'repeat-1'));
    expect(salted).toEqual(foldMap(groupedFolds(rows, 5, 'repeat-1')));
    // Another assignment: some events change fold (the chance that none of 40 does is nil).
    expect([...salted].filter(([g, f]) => plain.get(g) !== f).length).toBeGreaterThan(10);
    const perFold = [0, 1, 2, 3, 4].map((f) => [...salted.values()].filter((x) => x === f).length);
    expect(perFold).toEqual([8, 8, 8, 8, 8]);
  });

  test('out-of-fold predictions never come from a model that saw the row', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ group: `g${i % 6}`, id: i }));
    const { predictions } = crossValidate(rows, 3, (train) => new Set(train.map((r) => r.id)), (seen, row) => seen.has(row.id));
    expect(predictions.every((p) => p === false)).toBe(true);
  });
});

describe('thresholdForPrecision', () => {
  test('takes the most recall at the target precision', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const gold = [true, true, true, false, true, false, false, true];
    const point = thresholdForPrecision(scores, gold, 0.75, 1);
    expect(point.threshold).toBe(0.5);
    expect(point.precision).toBeCloseTo(0.8);
    expect(point.metTarget).toBe(true);
  });
  test('falls back to the best F1 when the target cannot be met', () => {
    const point = thresholdForPrecision([0.9, 0.1], [false, true], 0.99, 1);
    expect(point.metTarget).toBe(false);
  });
});
