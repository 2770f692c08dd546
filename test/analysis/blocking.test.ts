/** Candidate generation is blocked: only across outlets, and through an index in large events. */
import { claimCandidates } from '../../src/analysis/claims/candidates.js';
import type { ClaimUnit } from '../../src/analysis/corpus/claimUnits.js';
import { candidatePairs } from '../../src/analysis/events/candidates.js';
import type { ArticleProfile } from '../../src/analysis/corpus/profiles.js';
import { TermVocabulary } from '../../src/analysis/corpus/terms.js';

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

const ctx = { weights: { embedding: 0, lexical: 1, entities: 0, numbers: 0 }, embeddingBaseline: 0, entityPrior: 0 };

/** `outlets` outlets x `perOutlet` sentences; sentence k of every outlet states fact k. */
function event(outlets: number, perOutlet: number): ClaimUnit[] {
  const units: ClaimUnit[] = [];
  for (let o = 0; o < outlets; o++) {
    for (let k = 0; k < perOutlet; k++) units.push(unit(`o${o}-art#${k}`, `outlet-${o}`, [`fact${k}`, `detail${k}`, `filler${o}`, 'common']));
  }
  return units;
}

describe('claim candidates', () => {
  test('never within one outlet', () => {
    const { candidates } = claimCandidates(event(2, 3).concat(unit('o0-art#9', 'outlet-0', ['fact0', 'detail0'])), ctx, { threshold: 0.1, perSentence: 3, indexAbove: 1000, maxPostings: 100 });
    for (const c of candidates) expect(c.a.outletKey).not.toBe(c.b.outletKey);
    expect(candidates.some((c) => c.a.sentence.id === 'o0-art#0' && c.b.sentence.id === 'o1-art#0' && c.mutualBest)).toBe(true);
  });

  test('a large event uses the index: the same matches for a fraction of the scored pairs', () => {
    const units = event(10, 40); // 400 sentences, 72,000 cross-outlet pairs
    const options = { threshold: 0.4, perSentence: 2, maxPostings: 50 };
    const exact = claimCandidates(units, ctx, { ...options, indexAbove: 10_000 });
    const indexed = claimCandidates(units, ctx, { ...options, indexAbove: 100 });
    const ids = (r: typeof exact) => r.candidates.map((c) => `${c.a.sentence.id}~${c.b.sentence.id}`).sort();
    expect(ids(indexed)).toEqual(ids(exact));
    expect(exact.scoredPairs).toBe(72_000);
    // "common" is held by all 400 sentences: too common to propose pairs.
    expect(indexed.scoredPairs).toBeLessThan(exact.scoredPairs / 20);
  });
});

describe('article candidate pairs', () => {
  const vocabulary = new TermVocabulary();
  const profile = (id: string, terms: string[]): ArticleProfile => ({
    id,
    outletKey: id,
    title: '',
    published: '',
    day: null,
    terms: { vocabulary, ids: Int32Array.from(terms, (t) => vocabulary.intern(t)), weights: Float64Array.from(terms, () => 1 / Math.sqrt(terms.length)) },
    entities: new Map(),
    numbers: new Map(),
    vector: null,
    ordinals: new Map(),
  });

  test('grows with the shared keys, not with the square of the corpus', () => {
    // 200 articles in 100 stories of two; every article also has the word "news".
    const profiles = Array.from({ length: 200 }, (_, i) => profile(`a${i}`, [`story${Math.floor(i / 2)}`, 'news']));
    const pairs = candidatePairs(profiles, { keysPerArticle: 10, maxPostings: 20, neighbours: 5 });
    expect(pairs).toHaveLength(100);
    expect(pairs.every(([i, j]) => Math.floor(i / 2) === Math.floor(j / 2))).toBe(true);
  });

  test('pairs the caller rules out are never proposed', () => {
    const profiles = [profile('a', ['x', 'y']), profile('b', ['x', 'y']), profile('c', ['x', 'y'])];
    expect(candidatePairs(profiles, { keysPerArticle: 10, maxPostings: 20, neighbours: 5, allowed: (i, j) => !(i === 0 && j === 1) })).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});

describe('claim candidates: embedding neighbours', () => {
  const withVector = (u: ClaimUnit, v: number[]): ClaimUnit => ({ ...u, vector: Float32Array.from(v) });
  // A paraphrase sharing no word with its counterpart, but close in embedding space.
  const a = withVector(unit('a#0', 'A', ['justices', 'sided', 'officers']), [1, 0, 0]);
  const b = withVector(unit('b#0', 'B', ['court', 'ruled', 'police']), [0.96, 0.28, 0]);
  const c = withVector(unit('b#1', 'B', ['weather', 'cold']), [0, 0, 1]);
  const options = { threshold: 0.1, perSentence: 2, indexAbove: 1000, maxPostings: 100 };

  test('a paraphrase with no shared word reaches the judge only through embedding neighbours', () => {
    const pairs = (k: number) => claimCandidates([a, b, c], ctx, { ...options, embeddingNeighbours: k }).candidates.map((x) => `${x.a.sentence.id}~${x.b.sentence.id}`);
    expect(pairs(0)).toEqual([]);
    // Every sentence keeps its nearest per other outlet: b#1's nearest in A is a#0 too.
    expect(pairs(1)).toEqual(['a#0~b#0', 'a#0~b#1']);
  });
});
