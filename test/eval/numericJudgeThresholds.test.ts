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

describe('numeric-pairs judge: the values-meet threshold counts sentence pairs', () => {
  /**
   * 10 events; per event 9 gold sentence pairs of 4 meeting figure pairs each and 4 false sentence
   * pairs of one figure pair, all with the signal on, and 20 false ones with it off. By figure pair
   * the signal's rows are 36 right of 40 (0.9, the target); by sentence pair 9 of 13 (0.69).
   */
  function meetingData() {
    const rows: JudgeRow[] = [];
    const candidates = new Map<string, { group: string; pair: FigurePair }>();
    const add = (group: string, sentencePair: string, signal: number, same: boolean) => {
      const features = FEATURE_NAMES.map(() => 0);
      features[VALUES_MEET] = 1;
      features[SIGNAL] = signal;
      const key = `${group}:${rows.length}`;
      rows.push({ group, key, features, label: same ? 'same' : 'other', sentencePair: `${group}:${sentencePair}`, goldSentences: same });
      candidates.set(key, { group, pair: { key, features } as unknown as FigurePair });
    };
    for (let e = 0; e < 10; e++) {
      const group = `event-${e}`;
      for (let s = 0; s < 9; s++) for (let f = 0; f < 4; f++) add(group, `gold-${s}`, 1, true);
      for (let s = 0; s < 4; s++) add(group, `false-${s}`, 1, false);
      for (let s = 0; s < 20; s++) add(group, `off-${s}`, 0, false);
    }
    return { rows, candidates };
  }

  test('a false sentence pair weighs as much as a gold one, however many figures the gold one holds', () => {
    const { rows, candidates } = meetingData();
    const cv = crossValidateJudge(rows, candidates, 5);
    expect(cv.operatingPoint.metTarget).toBe(false);
    expect(cv.operatingPoint.precision).toBeCloseTo(9 / 13, 5);
    const byFigure = crossValidateJudge(rows.map(({ sentencePair: _s, ...r }) => r), candidates, 5);
    expect(byFigure.operatingPoint.metTarget).toBe(true);
    expect(byFigure.operatingPoint.precision).toBeCloseTo(0.9, 5);
  });
});
