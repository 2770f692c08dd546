/**
 * Candidates dropped before NLI (src/analysis/claims/nliBound.ts): the bound must never call a pair
 * dropped that the judge, given some NLI answer, would keep; and the NLI features must depend on the
 * NLI results alone, or the ranges read at the simplex corners would not bound them.
 */
import path from 'node:path';
import type { NliResult } from '../../../src/models/hub.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import { pairFeatures } from '../../../src/analysis/claims/features.js';
import { judgeProbabilities, loadRelationsJudge } from '../../../src/analysis/claims/judge.js';
import { droppedWhateverNli, nliFeatureRanges, NO_NLI } from '../../../src/analysis/claims/nliBound.js';
import { termsOf } from '../../../src/analysis/corpus/terms.js';
import { REPO_ROOT } from '../pipelineHarness.js';

const judge = loadRelationsJudge(path.join(REPO_ROOT, 'config/models/relations.json'));
const ctx = { weights: { embedding: 0.2, lexical: 0.5, entities: 0.3, numbers: 0.05 }, embeddingBaseline: 0, entityPrior: 1 };

function unit(id: string, outlet: string, text: string, index = 0): ClaimUnit {
  return {
    sentence: { id, articleId: id.split('#')[0], outlet, index, paragraph: 0, text, quotes: [], numbers: [], entities: [], dates: [] },
    outletKey: outlet,
    terms: new Map(termsOf(text).map((t) => [t, 1])),
    entities: new Map(),
    numbers: new Set(),
    figureCategories: new Set(),
    vector: null,
  };
}

const PAIRS: [ClaimUnit, ClaimUnit][] = [
  [unit('a#0', 'A', 'The bridge will stay closed for six months, officials confirmed on Monday.'), unit('b#3', 'B', 'The bridge stays closed for six months, officials said.', 3)],
  [unit('a#4', 'A', 'The senate passed the bill on Tuesday by a wide margin.', 4), unit('b#9', 'B', 'Weather forecasters expect heavy rain over the weekend.', 9)],
  [unit('a#1', 'A', 'Prices rose five percent last month, the statistics office said.', 1), unit('b#1', 'B', 'Inflation reached five percent in March.', 1)],
];

/** A deterministic pseudo-random NLI result (no Math.random in tests). */
function nliAt(seed: number): NliResult {
  const x = Math.abs(Math.sin(seed * 12.9898) * 43758.5453) % 1;
  const y = Math.abs(Math.sin(seed * 78.233) * 12345.678) % 1;
  const [e, c] = [x * (1 - y), y * (1 - x)];
  return { entailment: e, contradiction: c, neutral: 1 - e - c };
}

describe('NLI bound of the relations judge', () => {
  test('the NLI features stay within the ranges read at the simplex corners, and nothing else moves with the NLI', () => {
    for (const [a, b] of PAIRS) {
      const ranges = nliFeatureRanges((r) => pairFeatures(a, b, r, ctx).values);
      expect(ranges.length).toBeGreaterThan(0);
      const fixed = pairFeatures(a, b, NO_NLI, ctx).values;
      for (let s = 1; s <= 200; s++) {
        const values = pairFeatures(a, b, { ab: nliAt(s), ba: nliAt(s + 1000) }, ctx).values;
        values.forEach((v, j) => {
          const range = ranges.find((r) => r.index === j);
          if (range) {
            expect(v).toBeGreaterThanOrEqual(range.lo - 1e-12);
            expect(v).toBeLessThanOrEqual(range.hi + 1e-12);
          } else expect(v).toBe(fixed[j]);
        });
      }
    }
  });

  test('a pair called dropped is dropped by the judge under every NLI answer tried', () => {
    let dropped = 0;
    for (const [a, b] of PAIRS) {
      const ranges = nliFeatureRanges((r) => pairFeatures(a, b, r, ctx).values);
      if (!droppedWhateverNli(judge.model, pairFeatures(a, b, NO_NLI, ctx).values, ranges, judge.thresholds)) continue;
      dropped++;
      for (let s = 1; s <= 200; s++) {
        const p = judgeProbabilities(judge.model, pairFeatures(a, b, { ab: nliAt(s), ba: nliAt(s + 7) }, ctx).values);
        expect(p.match < judge.thresholds.match && p.same < judge.thresholds.agree).toBe(true);
      }
    }
    // The unrelated pair at least is decided without NLI.
    expect(dropped).toBeGreaterThan(0);
  });

  test('a pair the judge keeps under some NLI answer is never called dropped', () => {
    const [a, b] = PAIRS[0];
    const ranges = nliFeatureRanges((r) => pairFeatures(a, b, r, ctx).values);
    const values = pairFeatures(a, b, NO_NLI, ctx).values;
    // Lower the drop points until some corner NLI answer keeps the pair: the bound must then say "not dropped".
    const best = Math.max(
      ...[0, 1, 2].flatMap((i) => [0, 1, 2].map((k) => judgeProbabilities(judge.model, pairFeatures(a, b, { ab: corner(i), ba: corner(k) }, ctx).values).match)),
    );
    expect(droppedWhateverNli(judge.model, values, ranges, { match: best, agree: 1 })).toBe(false);
  });
});

function corner(i: number): NliResult {
  return [
    { entailment: 1, neutral: 0, contradiction: 0 },
    { entailment: 0, neutral: 1, contradiction: 0 },
    { entailment: 0, neutral: 0, contradiction: 1 },
  ][i];
}
