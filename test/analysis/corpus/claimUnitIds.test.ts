/**
 * The claim units' term and name ids (src/analysis/corpus/claimUnits.ts) come from tables the events
 * and claims stages let go of when they are done (releaseClaimUnitIds): a unit indexed before a
 * release is indexed again when compared after it, so a comparison never mixes ids of two tables.
 */
import { claimSimilarity } from '../../../src/analysis/corpus/claimSimilarity.js';
import { indexClaimUnit, releaseClaimUnitIds, type ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import type { Sentence } from '../../../src/records.js';

const ctx = { weights: { embedding: 0, lexical: 0.6, entities: 0.3, numbers: 0.1 }, embeddingBaseline: 0, entityPrior: 0.1 };

function unit(id: string, terms: Record<string, number>, entities: Record<string, number>): ClaimUnit {
  const sentence = { id, articleId: id, outlet: 'o', index: 0, paragraph: 0, text: id, quotes: [], numbers: [], entities: [], dates: [] } as unknown as Sentence;
  return { sentence, outletKey: 'o', terms: new Map(Object.entries(terms)), entities: new Map(Object.entries(entities)), numbers: new Set(), vector: null };
}

test('units indexed before a release compare with units indexed after it as if both came from one table', () => {
  const a = () => unit('a', { ceasefire: 2, gaza: 1.5, talks: 1 }, { Hamas: 1, Qatar: 0.5 });
  const b = () => unit('b', { talks: 1, ceasefire: 1, hostages: 2 }, { Qatar: 1 });
  const c = () => unit('c', { hostages: 1, release: 1, gaza: 0.5 }, { Hamas: 2 });
  // Reference: fresh units, one table.
  releaseClaimUnitIds();
  const [ra, rb, rc] = [a(), b(), c()];
  const expected = [claimSimilarity(ra, rb, ctx), claimSimilarity(ra, rc, ctx), claimSimilarity(rb, rc, ctx)];
  expect(expected.map((s) => s.lexical).every((x) => x > 0)).toBe(true);

  // `old` indexed, then the tables let go of; the comparisons after the release take fresh ids.
  const old = indexClaimUnit(a());
  const oldIds = old.termIds;
  releaseClaimUnitIds();
  // Terms interned after the release in another order: ids of the old table would now name other terms.
  const [nb, nc] = [indexClaimUnit(c()), indexClaimUnit(b())].reverse();
  const got = [claimSimilarity(old, nb, ctx), claimSimilarity(old, nc, ctx), claimSimilarity(nb, nc, ctx)];
  got.forEach((s, i) => {
    expect(s.lexical).toBeCloseTo(expected[i].lexical, 12);
    expect(s.entities).toBeCloseTo(expected[i].entities, 12);
    expect(s.score).toBeCloseTo(expected[i].score, 12);
  });
  // The old unit was indexed again, from the new table.
  expect(old.termIds).not.toBe(oldIds);
});
