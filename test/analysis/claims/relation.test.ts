import { labelRelation } from '../../../src/analysis/claims/relation.js';
import type { ClaimCandidate } from '../../../src/analysis/claims/candidates.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';

const unit = (id: string, outlet: string): ClaimUnit => ({
  sentence: { id, articleId: id.split('#')[0], outlet, index: 0, paragraph: 0, text: id, quotes: [], numbers: [], entities: [], dates: [] },
  outletKey: outlet,
  terms: new Map(),
  entities: new Map(),
  numbers: new Set(),
  figureCategories: new Set(),
  vector: null,
});
const candidate = (score: number, lexical: number, mutualBest = false): ClaimCandidate => ({
  a: unit('a#0', 'A'),
  b: unit('b#0', 'B'),
  mutualBest,
  similarity: { score, cosine: 0.5, embedding: 0.2, lexical, entities: 0.3, numbers: 0 },
});
const nli = (e: number, c: number) => ({ ab: { entailment: e, neutral: 1 - e - c, contradiction: c }, ba: { entailment: e, neutral: 1 - e - c, contradiction: c } });
const options = { agreeThreshold: 0.45, contradictionThreshold: 0.6, contradictionOverlap: 0.4, negationOverlap: 0.6 };
const stance = {
  a: { polarity: -1 as const, verb: 'rejected', actors: new Set(['X']), act: new Set(['paus']) },
  b: { polarity: 1 as const, verb: 'agreed', actors: new Set(['X']), act: new Set(['paus']) },
  actors: ['X'],
  act: ['paus'],
};

describe('labelRelation', () => {
  test('sentences whose figures count different things are never "agree"', () => {
    const c = candidate(0.8, 0.5, true);
    c.a.figureCategories!.add('deaths');
    c.b.figureCategories!.add('months');
    expect(labelRelation(c, nli(0.9, 0.05), null, null, options)).toMatchObject({ relation: 'related', reason: expect.stringMatching(/deaths vs months/) });
    c.b.figureCategories!.add('deaths');
    expect(labelRelation(c, nli(0.9, 0.05), null, null, options).relation).toBe('agree');
  });

  test('stance rule wins over everything', () => {
    expect(labelRelation(candidate(0.9, 0.9), nli(0.9, 0.05), stance, null, options)).toMatchObject({ relation: 'contradict', reason: expect.stringMatching(/^stance: rejected vs agreed/) });
  });

  test('negation mismatch needs near-identical wording', () => {
    expect(labelRelation(candidate(0.7, 0.8), nli(0.1, 0.1), null, 'no', options).relation).toBe('contradict');
    expect(labelRelation(candidate(0.7, 0.4), nli(0.1, 0.1), null, 'no', options).relation).toBe('agree');
  });

  test('NLI contradiction counts only with topical overlap', () => {
    expect(labelRelation(candidate(0.3, 0.45), nli(0.1, 0.8), null, null, options)).toMatchObject({ relation: 'contradict', contradiction: 0.8 });
    expect(labelRelation(candidate(0.3, 0.1), nli(0.1, 0.8), null, null, options).relation).toBe('related');
  });

  test('agree by similarity, by mutual best match, or by entailment both ways; else related', () => {
    expect(labelRelation(candidate(0.5, 0.2), nli(0.1, 0.1), null, null, options).relation).toBe('agree');
    expect(labelRelation(candidate(0.25, 0.2, true), nli(0.1, 0.1), null, null, options)).toMatchObject({ relation: 'agree', reason: expect.stringMatching(/^mutual best/) });
    expect(labelRelation(candidate(0.25, 0.2), nli(0.7, 0.1), null, null, options)).toMatchObject({ relation: 'agree', reason: expect.stringMatching(/^nli-entailment/) });
    expect(labelRelation(candidate(0.25, 0.2), nli(0.3, 0.1), null, null, options)).toMatchObject({ relation: 'related', reason: expect.stringMatching(/below agree/) });
  });
});
