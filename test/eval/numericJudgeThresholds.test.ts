/**
 * The disagreeing threshold of the numeric-pairs judge: figures whose values disagree are shown as
 * discrepancies, so they are compared only when the out-of-fold precision reaches the discrepancy
 * target (0.7); below it the judge abstains (threshold Infinity, `null` in the judge file), with no
 * fallback to a lower precision.
 */
import { crossValidateJudge, DISAGREEING_TARGET_PRECISION, type JudgeRow } from '../../src/eval/numericJudge.js';
import { FEATURE_NAMES, type FigurePair } from '../../src/analysis/claims/numericFeatures.js';

const VALUES_MEET = FEATURE_NAMES.indexOf('valuesMeet');
const SIGNAL = FEATURE_NAMES.indexOf('clauseOverlap');

/**
 * 10 events; in each, meeting figures where the signal tells same from other, and disagreeing
 * figures: `flagged` with the signal on, `sameAmongFlagged` of them the same quantity, plus 10
 * others with the signal off.
 */
function judgeData(flagged: number, sameAmongFlagged: number) {
  const rows: JudgeRow[] = [];
  const candidates = new Map<string, { group: string; pair: FigurePair }>();
  const add = (group: string, meets: boolean, signal: number, same: boolean) => {
    const features = FEATURE_NAMES.map(() => 0);
    features[VALUES_MEET] = meets ? 1 : 0;
    features[SIGNAL] = signal;
    const key = `${group}:${rows.length}`;
    rows.push({ group, key, features, label: same ? 'same' : 'other' });
    candidates.set(key, { group, pair: { key, features } as unknown as FigurePair });
  };
  for (let e = 0; e < 10; e++) {
    const group = `event-${e}`;
    for (let i = 0; i < 4; i++) add(group, true, 1, true);
    for (let i = 0; i < 4; i++) add(group, true, 0, false);
    for (let i = 0; i < flagged; i++) add(group, false, 1, i < sameAmongFlagged);
    for (let i = 0; i < 10; i++) add(group, false, 0, false);
  }
  return { rows, candidates };
}

describe('numeric-pairs judge: disagreeing threshold', () => {
  test('compares disagreeing figures when out-of-fold precision reaches the target', () => {
    const { rows, candidates } = judgeData(5, 4);
    const cv = crossValidateJudge(rows, candidates, 5);
    expect(cv.disagreeing.metTarget).toBe(true);
    expect(cv.disagreeing.precision).toBeGreaterThanOrEqual(DISAGREEING_TARGET_PRECISION);
    expect(Number.isFinite(cv.disagreeing.threshold)).toBe(true);
  });

  test('abstains below the target, even when a lower precision (0.5) is reachable', () => {
    const { rows, candidates } = judgeData(4, 2);
    const cv = crossValidateJudge(rows, candidates, 5);
    expect(cv.disagreeing.metTarget).toBe(false);
    expect(cv.disagreeing.threshold).toBe(Infinity);
  });
});
