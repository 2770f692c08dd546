import { buildClaimClusters, findOmissions } from '../../../src/analysis/claims/omissions.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import type { ClaimMatch, Event, SentenceRef } from '../../../src/records.js';

const ctx = { weights: { embedding: 0, lexical: 1, entities: 0, numbers: 0 }, embeddingBaseline: 0, entityPrior: 0 };

function unit(id: string, outlet: string, terms: string[]): ClaimUnit {
  return {
    sentence: { id, articleId: id.split('#')[0], outlet, index: 0, paragraph: 0, text: terms.join(' '), quotes: [], numbers: [], entities: [], dates: [] },
    outletKey: outlet,
    terms: new Map(terms.map((t) => [t, 1])),
    entities: new Map(),
    numbers: new Set(),
    figureCategories: new Set(),
    vector: null,
  };
}
const ref = (u: ClaimUnit): SentenceRef => ({ sentenceId: u.sentence.id, articleId: u.sentence.articleId, outlet: u.outletKey, text: u.sentence.text });
const match = (a: ClaimUnit, b: ClaimUnit, relation: ClaimMatch['relation'], similarity = 0.8): ClaimMatch => ({
  id: `${a.sentence.id}~${b.sentence.id}`, eventId: 'ev', relation, similarity, cosine: 0, lexical: similarity, nliEntailment: 0, nliContradiction: 0, reason: '', confidence: similarity, a: ref(a), b: ref(b),
});
const event = (articleIds: string[], outlets: string[]): Event => ({ id: 'ev', label: '', dateFrom: '', dateTo: '', articleIds, outlets, cohesion: 1 });

const a1 = unit('a#1', 'A', ['bridge', 'closed', 'six', 'months']);
const b1 = unit('b#1', 'B', ['bridge', 'closed', 'six', 'months', 'engineers']);
const c1 = unit('c#1', 'C', ['vigil', 'families', 'choir']);
const outletOf = new Map([['a', 'A'], ['b', 'B'], ['c', 'C'], ['c2', 'C']]);

describe('claim clusters and omissions', () => {
  test('agree and contradict matches join sentences into one fact; related ones do not', () => {
    const a2 = unit('a#2', 'A', ['vigil']);
    const clusters = buildClaimClusters('ev', [match(a1, b1, 'agree'), match(b1, c1, 'related'), match(a2, c1, 'contradict')]);
    expect(clusters.map((c) => c.sentences.map((s) => s.sentenceId))).toEqual([['a#1', 'b#1'], ['a#2', 'c#1']]);
    expect(clusters[0].outlets).toEqual(['A', 'B']);
  });

  test('a fact two outlets report is an omission for the third outlet of the event', () => {
    const clusters = buildClaimClusters('ev', [match(a1, b1, 'agree')]);
    const omissions = findOmissions(event(['a', 'b', 'c', 'c2'], ['A', 'B', 'C']), clusters, [match(a1, b1, 'agree')], [], [a1, b1, c1], outletOf, ctx, { minOutlets: 2, coverage: 0.8 });
    expect(omissions).toHaveLength(1);
    expect(omissions[0]).toMatchObject({ outlet: 'C', articleIds: ['c', 'c2'], reportedBy: ['A', 'B'], claimClusterId: clusters[0].id });
    expect(omissions[0].evidence.text).toMatch(/bridge closed/);
  });

  test('an outlet with a close paraphrase is not omitting the fact', () => {
    const c2 = unit('c2#0', 'C', ['bridge', 'closed', 'months']);
    const clusters = buildClaimClusters('ev', [match(a1, b1, 'agree', 0.8)]);
    const omissions = findOmissions(event(['a', 'b', 'c', 'c2'], ['A', 'B', 'C']), clusters, [match(a1, b1, 'agree', 0.8)], [], [a1, b1, c1, c2], outletOf, ctx, { minOutlets: 2, coverage: 0.8 });
    expect(omissions).toEqual([]);
  });

  test('in a two-outlet event, and below minOutlets, nothing is an omission', () => {
    const clusters = buildClaimClusters('ev', [match(a1, b1, 'agree')]);
    expect(findOmissions(event(['a', 'b'], ['A', 'B']), clusters, [], [], [a1, b1], outletOf, ctx, { minOutlets: 2, coverage: 0.8 })).toEqual([]);
    expect(findOmissions(event(['a', 'b', 'c'], ['A', 'B', 'C']), clusters, [], [], [a1, b1, c1], outletOf, ctx, { minOutlets: 3, coverage: 0.8 })).toEqual([]);
  });
});
