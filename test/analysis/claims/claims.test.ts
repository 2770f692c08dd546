/**
 * Claim matching, numeric comparison and omissions on one invented three-outlet event
 * (test/fixtures/analysis/claims.json), through the real segmenter, embedding and NLI models.
 */
import type { ClaimMatch } from '../../../src/records.js';
import type { ClaimsResult } from '../../../src/analysis/claims/analyse.js';
import { claimsOnFixture } from './claimsHarness.js';
import { loadRelationsJudge } from '../../../src/analysis/claims/judge.js';
import { offlineConfig } from '../pipelineHarness.js';
import { refersToItself } from '../../../src/analysis/claims/selfReference.js';

let result: ClaimsResult;
beforeAll(async () => {
  result = await claimsOnFixture('claims.json');
});

function matchBetween(a: string, b: string): ClaimMatch | undefined {
  return result.analysis.claimMatches.find(
    (m) => (m.a.text.startsWith(a) && m.b.text.startsWith(b)) || (m.a.text.startsWith(b) && m.b.text.startsWith(a)),
  );
}

describe('claims on a three-outlet fixture event', () => {
  test('the same fact in other words is "agree"', () => {
    const m = matchBetween('The Riverton Bridge will stay closed', 'Engineers will inspect the damaged piers');
    expect(m?.relation).toBe('agree');
  });

  test('refused vs accepted by the same actor about the same act is "contradict" (stance rule)', () => {
    const m = matchBetween('The Port Authority rejected any pause', 'The Port Authority agreed in principle');
    expect(m?.relation).toBe('contradict');
    expect(m?.reason).toMatch(/^stance: (rejected vs agreed|agreed vs rejected) \(actor Port Authority; act .*paus/);
  });

  test('the same words with a negation on one side is "contradict"', () => {
    const m = matchBetween('Inspectors found cracks', 'Inspectors found no cracks');
    expect(m?.relation).toBe('contradict');
    expect(m?.reason).toMatch(/negation: "no"/);
  });

  test('matches are only across outlets and carry ids, outlets and exact sentences', () => {
    const { claimMatches } = result.analysis;
    expect(claimMatches.length).toBeGreaterThan(0);
    for (const m of claimMatches) {
      expect(m.a.outlet).not.toBe(m.b.outlet);
      expect(m.a.sentenceId.startsWith(`${m.a.articleId}#`)).toBe(true);
      expect(m.b.sentenceId.startsWith(`${m.b.articleId}#`)).toBe(true);
      expect(m.a.text.length).toBeGreaterThan(20);
    }
  });

  test('death tolls: 14 vs "Fourteen" consistent, 14 vs "at least 12" a discrepancy', () => {
    const deaths = result.analysis.numericComparisons.filter((n) => n.quantity === 'deaths');
    const pair = (x: string, y: string) => deaths.find((n) => [n.a.number.text, n.b.number.text].sort().join('|') === [x, y].sort().join('|'));
    expect(pair('14', 'Fourteen')?.verdict).toBe('consistent');
    const gap = pair('14', 'At least 12');
    expect(gap?.verdict).toBe('discrepancy');
    expect(gap?.relativeGap).toBeCloseTo(1 / 14, 3);
  });

  test('"More than 200 trucks" and "About 210 trucks" are consistent', () => {
    const trucks = result.analysis.numericComparisons.find((n) => [n.a.number.text, n.b.number.text].includes('About 210'));
    expect(trucks?.verdict).toBe('consistent');
    expect(trucks?.relativeGap).toBe(0);
  });

  test('facts two outlets report are omissions for the third; a disputed toll is not an omission', () => {
    const { omissions } = result.analysis;
    expect(omissions.length).toBeGreaterThan(0);
    for (const o of omissions) {
      expect(o.outlet).toBe('Saltmere Bulletin');
      expect(o.articleIds).toEqual(['claims-bulletin']);
      expect(o.reportedBy).toEqual(['Eastbank Courier', 'Riverton Gazette']);
    }
    // Omissions come from solid facts only and only when the outlet's closest sentence stays below the
    // judge's covered point. (The closure fact is not raised: the judge scores Saltmere's death-toll
    // sentence against the Courier's closure sentence at 0.78, so Saltmere counts as covering it.)
    expect(omissions.some((o) => /trucks a day/.test(o.evidence.text))).toBe(true);
    const judge = loadRelationsJudge(offlineConfig().claims.judge);
    for (const o of omissions) {
      expect(o.closestMatch).toBeLessThan(judge.thresholds.covered);
      expect(o.confidence).toBeGreaterThanOrEqual(judge.thresholds.fact);
    }
    // The Courier gives a different death toll: it reports the toll, it does not omit it.
    expect(omissions.some((o) => o.outlet === 'Eastbank Courier')).toBe(false);
  });

  test('requiring three reporting outlets removes every omission in a three-outlet event', async () => {
    const strict = await claimsOnFixture('claims.json', { omissionMinOutlets: 3 });
    expect(strict.analysis.omissions).toEqual([]);
  });
});

describe('sentences about the article itself (test/fixtures/analysis/selfReference.json)', () => {
  test('two footers naming other podcast episodes are neither a dispute nor the same claim; the facts still match', async () => {
    const own = await claimsOnFixture('selfReference.json');
    const footer = (m: ClaimMatch) => m.a.text.startsWith('This report was featured') || m.b.text.startsWith('This report was featured');
    expect(own.analysis.claimMatches.filter(footer)).toEqual([]);
    expect(own.analysis.claimMatches.filter((m) => !footer(m)).length).toBeGreaterThan(0);
    expect(refersToItself('This story has been updated with comment from the mayor.')).toBe(true);
    expect(refersToItself('This article originally appeared on ProPublica.')).toBe(true);
    expect(refersToItself('This report by the inspectors found cracks in two piers.')).toBe(false);
    expect(refersToItself('This report, released by the UN on Monday, found 3 million people displaced.')).toBe(false);
  });
});
