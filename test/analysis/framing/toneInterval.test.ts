import { bootstrapInterval, clusterBootstrapInterval } from '../../../src/analysis/framing/toneInterval.js';

describe('tone intervals resample articles, not sentences', () => {
  // Two articles of one outlet: one wholly negative, one wholly positive, 50 sentences each.
  const negative = Array.from({ length: 50 }, () => -0.6);
  const positive = Array.from({ length: 50 }, () => 0.6);

  test('sentences of one article are not independent: the cluster interval is much wider', () => {
    const [sLow, sHigh] = bootstrapInterval([...negative, ...positive], 1000, 'o\u0000*');
    const [cLow, cHigh] = clusterBootstrapInterval([negative, positive], 1000, 'o\u0000*');
    expect(sHigh - sLow).toBeLessThan(0.5);
    expect(cHigh - cLow).toBeGreaterThan(1);
    expect(cLow).toBeLessThanOrEqual(0);
    expect(cHigh).toBeGreaterThanOrEqual(0);
  });

  test('the same groups and seed give the same interval; no values give no interval', () => {
    const groups = [[-0.2, 0.1], [0.3], [-0.5, -0.1, 0]];
    expect(clusterBootstrapInterval(groups, 500, 'x')).toEqual(clusterBootstrapInterval(groups, 500, 'x'));
    expect(clusterBootstrapInterval([], 500, 'x').every(Number.isNaN)).toBe(true);
  });

  test('a single article falls back to its sentences', () => {
    expect(clusterBootstrapInterval([negative.map((v, i) => v + i / 100)], 300, 'y')).toEqual(bootstrapInterval(negative.map((v, i) => v + i / 100), 300, 'y'));
  });
});
