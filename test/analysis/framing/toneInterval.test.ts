import { createHash } from 'node:crypto';
import { bootstrapInterval, carriedIntervals, clusterBootstrapInterval, intervalKey, intervalsOf, INTERVAL_VERSION, type IntervalRequest } from '../../../src/analysis/framing/toneInterval.js';

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

test('an interval\'s key is the digest its inputs had when keyed part by part (so intervals stored before are found)', () => {
  // The key as it was made before one buffer was hashed: the kind's JSON, then the numbers' float64 bytes, update by update.
  const chained = (request: IntervalRequest) => {
    const h = createHash('sha256').update(JSON.stringify(['values' in request ? 'values' : 'groups', INTERVAL_VERSION, request.resamples, request.seedKey]));
    if ('values' in request) h.update(new Uint8Array(Float64Array.of(request.values.length).buffer)).update(new Uint8Array(Float64Array.from(request.values).buffer));
    else {
      h.update(new Uint8Array(Float64Array.from([request.groups.length, ...request.groups.map((g) => g.length)]).buffer));
      for (const g of request.groups) h.update(new Uint8Array(Float64Array.from(g).buffer));
    }
    return h.digest('hex');
  };
  const requests: IntervalRequest[] = [
    { values: [0.25, -0, 1 / 3, -0.75], resamples: 1000, seedKey: 'Outlet “A”\u0000ev-1' },
    { values: new Float64Array([NaN, 0.5]), resamples: 200, seedKey: 'x' },
    { values: [], resamples: 1000, seedKey: '' },
    { groups: [[-0.2, 0.1], [], [0.3, -0, 0.7]], resamples: 1000, seedKey: 'o\u0000*\u0000Hamas' },
  ];
  for (const request of requests) expect(intervalKey(request)).toBe(chained(request));
  expect(new Set(requests.map(intervalKey)).size).toBe(requests.length);
});

describe('intervals carried from the previous run (carriedIntervals)', () => {
  // A memo that counts what it is asked for: the model cache's interval memo in a run.
  const countingMemo = () => {
    const stored = new Map<string, [number, number]>();
    const asked: string[] = [];
    return {
      asked,
      stored,
      getMany(keys: string[]) {
        asked.push(...keys);
        return new Map(keys.filter((k) => stored.has(k)).map((k) => [k, stored.get(k)!]));
      },
      putMany(entries: Iterable<readonly [string, [number, number]]>) {
        for (const [k, v] of entries) stored.set(k, v);
      },
    };
  };
  const requests = (n: number, shift = 0): IntervalRequest[] => Array.from({ length: n }, (_, i) => ({ values: [i / 10, (i + shift) / 7, -i / 13], resamples: 200, seedKey: `scope ${i}` }));

  test('gives the intervals the bootstrap gives, carries them on, and the next run finds them without the memo', () => {
    const first = carriedIntervals(undefined, countingMemo());
    const asked = requests(300);
    const computed = intervalsOf(asked, first);
    expect(computed).toEqual(asked.map((r) => intervalsOf([r])[0]));
    const carried = first.carried();
    expect(carried.keys.length).toBe(300 * 32);
    expect(carried.bounds.length).toBe(600);

    // The next run: 250 scopes unchanged, 50 with other values, 20 new; the memo is asked only for the 70.
    const memo = countingMemo();
    const next = carriedIntervals(carried, memo);
    const nextAsked = [...requests(250), ...requests(300, 1).slice(250), ...requests(320).slice(300)];
    expect(intervalsOf(nextAsked, next)).toEqual(nextAsked.map((r) => intervalsOf([r])[0]));
    expect(memo.asked).toHaveLength(70);
    expect(memo.stored.size).toBe(70);
    // What it carries on is the same whichever way each interval came (from before, the memo, the bootstrap).
    const fresh = carriedIntervals(undefined, countingMemo());
    intervalsOf(nextAsked, fresh);
    const again = next.carried();
    expect(Buffer.from(again.keys).equals(Buffer.from(fresh.carried().keys))).toBe(true);
    expect(again.bounds).toEqual(fresh.carried().bounds);
  });

  test('carries each interval once, and ignores a carried value whose parts do not match', () => {
    const memo = carriedIntervals(undefined, countingMemo());
    intervalsOf(requests(10), memo);
    intervalsOf(requests(10), memo);
    expect(memo.carried().bounds.length).toBe(20);
    const broken = { keys: memo.carried().keys.subarray(0, 40), bounds: memo.carried().bounds };
    const inner = countingMemo();
    intervalsOf(requests(10), carriedIntervals(broken, inner));
    expect(inner.asked).toHaveLength(10);
  });
});
