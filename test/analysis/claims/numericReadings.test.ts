/**
 * The verdict rules' readings of a figure (issue 13, labelling guide: rounding, qualifiers,
 * ranges, units, different moments), without models: hedges the segmenter leaves out, a bare
 * figure its own article states with a qualifier, a percentage cut against the share that
 * remains, tallies read by the number reader, and running tallies in undated articles.
 */
import { compareEventFigures } from '../../../src/analysis/claims/numericPairs.js';
import { quantityIdentity } from '../../../src/analysis/claims/quantityIdentity.js';
import { termsOf } from '../../../src/analysis/corpus/terms.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import type { ClaimSimilarityContext } from '../../../src/analysis/corpus/claimSimilarity.js';
import { extractQuantities } from '../../../src/text/extractQuantities.js';
import type { Sentence } from '../../../src/records.js';

function unit(articleId: string, index: number, outlet: string, text: string): ClaimUnit {
  const sentence: Sentence = {
    id: `${articleId}#${index}`, articleId, outlet, index, paragraph: 0, text, quotes: [],
    numbers: extractQuantities(text), entities: [], dates: [],
  };
  const terms = new Map(termsOf(text).map((t) => [t, 1] as const));
  return { sentence, outletKey: outlet, terms, entities: new Map(), numbers: new Set(), vector: null };
}

const ctx: ClaimSimilarityContext = { weights: { embedding: 0, lexical: 1, entities: 0, numbers: 0 }, embeddingBaseline: 0, entityPrior: 1 };
const options = { tolerance: 0, aboutSlack: 0.1, context: 0.15 };
const compare = (units: ClaimUnit[], dates: Record<string, string> = {}) => compareEventFigures('e1', units, ctx, { ...options, publishedOf: (id) => dates[id] ?? '2019-01-02' });

describe('hedges the segmenter leaves out (guide: qualifiers)', () => {
  test('"closed in on the two-week mark" is nearly two weeks: the 12th day meets it', () => {
    const a = unit('a', 0, 'HuffPost', 'The partial government shutdown closed in on the two-week mark with no end in sight.');
    const b = unit('b', 0, 'NYT', 'The partial government shutdown dragged into its 12th day with no end in sight.');
    const [c] = compare([a, b]);
    expect(c.verdict).toBe('consistent');
    expect(c.reason).toContain('read as "nearly two"');
  });

  test('the 14th day in a later article against "closed in on the two-week mark" is an update', () => {
    const a = unit('a', 0, 'HuffPost', 'The partial government shutdown closed in on the two-week mark with no end in sight.');
    const b = unit('b', 0, 'Fox News', 'The meeting came on the 14th day of the partial government shutdown.');
    const [c] = compare([a, b], { a: '2019-01-02', b: '2019-01-04' });
    expect(c.verdict).toBe('update');
  });

  test('"approached a 14-year-old" is a person, not a hedge; "topped 1,000" is at least 1,000', () => {
    const s = 'He approached a 14-year-old girl in 1979.';
    expect(quantityIdentity(s, extractQuantities(s)[0]).hedge).toBeUndefined();
    const t = 'The death toll topped 1,000 on Monday.';
    expect(quantityIdentity(t, extractQuantities(t)[0]).hedge).toBe('at-least');
  });
});

describe("a bare figure its own article qualifies elsewhere (guide: qualifiers)", () => {
  const bare = 'Trump has said that $5 billion in funding for the wall is non-negotiable.';
  const other = unit('b', 0, 'HuffPost', 'Trump is insisting that Congress appropriate $5.7 billion in funding for the wall.');
  test('"$5 billion" beside "more than $5 billion" in the same article meets "$5.7 billion"', () => {
    const a0 = unit('a', 0, 'Fox News', bare);
    const a1 = unit('a', 1, 'Fox News', 'He did not shift on his demand for more than $5 billion in funding for a wall.');
    const found = compare([a0, a1, other]);
    const c = found.find((x) => x.a.sentenceId === 'a#0' || x.b.sentenceId === 'a#0')!;
    expect(c.verdict).toBe('consistent');
    expect(c.reason).toContain('(same article)');
  });

  test('without that restatement "$5 billion" and "$5.7 billion" disagree', () => {
    const [c] = compare([unit('a', 0, 'Fox News', bare), other]);
    expect(c.verdict).toBe('discrepancy');
  });
});

describe('a percentage cut and the share that remains (guide: units)', () => {
  test('"a 23 percent cut in benefits" meets "pay 77 percent of promised benefits", not 70 percent', () => {
    const a = unit('a', 0, 'Fox News', 'After 2036 seniors would face a 23 percent across-the-board cut in promised benefits.');
    const b = unit('b', 0, 'NYT', 'After 2036 the program will only be able to pay 77 percent of promised benefits.');
    const c = unit('c', 0, 'AP', 'After 2036 the program will only be able to pay 70 percent of promised benefits.');
    const found = compare([a, b, c]);
    const verdictWith = (outlet: string) => found.find((x) => [x.a.outlet, x.b.outlet].sort().join() === ['Fox News', outlet].sort().join())?.verdict;
    expect(verdictWith('NYT')).toBe('consistent');
    expect(verdictWith('AP')).toBe('discrepancy');
  });

  test('"fell to 23 percent" is a level, not a cut: it never meets 77 percent', () => {
    const level = 'Support for the plan fell to 23 percent of voters.';
    expect(quantityIdentity(level, extractQuantities(level)[0]).reduction).toBeUndefined();
    const cut = 'Benefits would be cut by 23 percent after 2036.';
    expect(quantityIdentity(cut, extractQuantities(cut)[0]).reduction).toBe(true);
  });
});

describe('tallies', () => {
  test('"a 134-to-63 vote" is a tally of two sides that meets "a vote of 134 to 63"', () => {
    const a = unit('a', 0, 'Fox News', 'Pelosi won the leadership vote by a 134-to-63 vote.');
    const b = unit('b', 0, 'HuffPost', 'Pelosi won the leadership vote by a vote of 134 to 63.');
    const found = compare([a, b]);
    expect(found.map((c) => [c.a.number.value, c.b.number.value, c.verdict])).toEqual(expect.arrayContaining([[134, 134, 'consistent'], [63, 63, 'consistent']]));
    expect(found.every((c) => c.verdict === 'consistent')).toBe(true);
  });

  test('"97-1" (a tally the number reader reads itself) meets the same tally side by side', () => {
    const a = unit('a', 0, 'Fox News', 'In 2018 the Senate voted 97-1 to override the veto.');
    const b = unit('b', 0, 'HuffPost', 'The Senate vote to override the veto was 97-1.');
    const found = compare([a, b]);
    expect(found.map((c) => [c.a.number.value, c.b.number.value, c.quantityA, c.verdict]).sort()).toEqual([
      [1, 1, 'tally; tally:second', 'consistent'],
      [97, 97, 'tally; tally:first', 'consistent'],
    ]);
  });
});

describe('updates (guide: a figure at a different moment)', () => {
  test('a running toll from an undated article is an update, never a discrepancy', () => {
    const a = unit('a', 0, 'Fox News', 'The storm has killed 14 people so far, officials said.');
    const b = unit('b', 0, 'NYT', 'The storm has killed 22 people so far, officials said.');
    const [c] = compare([a, b], { a: '2019-01-02', b: '' });
    expect(c.verdict).toBe('update');
    expect(c.reason).toContain('undated');
  });

  test('"on Friday" vs "by Saturday" on the same publication day, and "as of" in a later article, are updates', () => {
    const friday = unit('a', 0, 'Fox News', 'The attack killed 85 people on Friday, officials said.');
    const saturday = unit('b', 0, 'NYT', 'The attack had killed 90 people by Saturday, officials said.');
    const [c] = compare([friday, saturday], { a: '2019-03-16', b: '2019-03-16' });
    expect([c.verdict, c.reason]).toEqual(['update', 'update: by:saturday; friday vs saturday']);
    const asOf = unit('c', 0, 'AP', 'The attack had killed 92 people as of Monday, officials said.');
    const [d] = compare([friday, asOf], { a: '2019-03-16', c: '2019-03-18' });
    expect(d.verdict).toBe('update');
  });

  test('different figures at the same moment, both dated the same day, stay a discrepancy', () => {
    const a = unit('a', 0, 'Fox News', 'The plan includes 23 executive actions on guns.');
    const b = unit('b', 0, 'NYT', 'The plan includes 19 executive actions on guns.');
    const [c] = compare([a, b], { a: '2013-01-16', b: '2013-01-16' });
    expect(c.verdict).toBe('discrepancy');
  });
});
