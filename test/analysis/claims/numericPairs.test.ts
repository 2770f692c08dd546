/**
 * Numeric comparison without models: quantity identity (role, thing, modifiers, owners, moments),
 * update verdicts, and figures whose outlets or words contain characters an implementation could
 * trip on (outlet names with ">" in them; words that name Object.prototype members).
 */
import { compareEventFigures } from '../../../src/analysis/claims/numericPairs.js';
import { describeIdentity, identityConflict, isComparableFigure, quantityIdentity, quantityName } from '../../../src/analysis/claims/quantityIdentity.js';
import { termsOf } from '../../../src/analysis/corpus/terms.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import type { ClaimSimilarityContext } from '../../../src/analysis/corpus/claimSimilarity.js';
import { extractQuantities } from '../../../src/text/extractQuantities.js';
import type { Sentence } from '../../../src/records.js';

function unit(id: string, outlet: string, text: string): ClaimUnit {
  const sentence: Sentence = {
    id: `${id}#0`, articleId: id, outlet, index: 0, paragraph: 0, text, quotes: [],
    numbers: extractQuantities(text), entities: [], dates: [],
  };
  const terms = new Map(termsOf(text).map((t) => [t, 1] as const));
  return { sentence, outletKey: outlet, terms, entities: new Map(), numbers: new Set(), vector: null };
}

const ctx: ClaimSimilarityContext = { weights: { embedding: 0, lexical: 1, entities: 0, numbers: 0 }, embeddingBaseline: 0, entityPrior: 1 };
const options = { tolerance: 0, aboutSlack: 0.1, context: 0.15 };
const identityOf = (text: string, i = 0) => quantityIdentity(text, extractQuantities(text)[i]);

describe('quantity identity', () => {
  test('roles: magnitude, age, tally, money, percent, duration in days', () => {
    expect(identityOf('The 7.2-magnitude earthquake struck at dawn.').role).toBe('magnitude');
    expect(identityOf('Mr. Mattis, 68, will leave in February.').role).toBe('age');
    expect(identityOf('The House voted 230 to 197 for the bill.').role).toBe('tally');
    expect(identityOf('Trump demanded $5.7 billion for the wall.').role).toBe('money');
    expect(identityOf('Turnout was 61 percent of voters.').role).toBe('percent');
    expect(identityOf('Mr. Mattis, a retired four-star Marine general, was rebuffed.').role).toBe('rank');
    const twoMonth = identityOf('The two-month truce ended.');
    expect([twoMonth.role, twoMonth.value]).toEqual(['duration', 60]);
  });

  test('a duration is named duration in the reports, not the days it is compared in', () => {
    const years = identityOf('Cohen was sentenced to three years in prison.');
    expect([years.thing, years.value]).toEqual(['days', 1095]);
    expect([quantityName(years), describeIdentity(years)]).toEqual(['duration', 'duration']);
    const deaths = identityOf('At least 9,488 people have died.');
    expect([quantityName(deaths), describeIdentity(deaths)]).toEqual(['deaths', 'count of deaths']);
    const share = identityOf('Turnout was 61 percent of voters.');
    expect([quantityName(share), describeIdentity(share)]).toEqual(['percent', 'percent; share']);
  });

  test('"21,570 murders" and "an additional 4,901 murders" are two quantities', () => {
    const total = identityOf('There were 21,570 murders in the country that year.');
    const extra = identityOf('Police recorded an additional 4,901 murders.');
    expect(total.thing).toBe(extra.thing);
    expect(identityConflict(total, extra)).toBe('increment');
  });

  test('a monthly rate never meets a total; vague amounts and a bare "one" are not figures', () => {
    expect(identityConflict(identityOf('The program costs $2 billion a month.'), identityOf('The program costs $20 billion.'))).toBe('rate');
    const vague = extractQuantities('It will cost billions of dollars.')[0];
    expect(isComparableFigure(vague, quantityIdentity('It will cost billions of dollars.', vague))).toBe(false);
  });

  test('"two-dozen executive actions" counts 24 actions', () => {
    const [q] = extractQuantities('He signed nearly two-dozen executive actions on Wednesday.');
    expect([q.value, q.unit]).toEqual([24, 'actions']);
  });
});

describe('numeric comparison (hand rules, no model)', () => {
  test('same indictment, 48 pages vs 47 pages: a discrepancy with both quantities and dates', () => {
    const a = unit('a', 'Fox News', 'Prosecutors released the 48-page indictment of the congressman on Tuesday.');
    const b = unit('b', 'NYT', 'Prosecutors released the 47-page indictment of the congressman on Tuesday.');
    const [c] = compareEventFigures('e1', [a, b], ctx, { ...options, publishedOf: () => '2018-08-21' });
    expect(c.verdict).toBe('discrepancy');
    expect([c.quantityA, c.quantityB]).toEqual(['count of pages', 'count of pages']);
    expect([c.publishedA, c.publishedB]).toEqual(['2018-08-21', '2018-08-21']);
  });

  test('a running toll in a later article is an update, not a dispute', () => {
    const a = unit('a', 'Fox News', 'The storm has killed 14 people so far, officials said.');
    const b = unit('b', 'NYT', 'The storm has killed 22 people so far, officials said.');
    const dates = new Map([['a', '2019-01-02'], ['b', '2019-01-04']]);
    const [c] = compareEventFigures('e1', [a, b], ctx, { ...options, publishedOf: (id) => dates.get(id) ?? '' });
    expect(c.verdict).toBe('update');
    expect(c.reason).toContain('so-far');
  });

  test('outlet names containing ">" and "|" pair correctly (no delimiter-joined keys)', () => {
    const units = [
      unit('a', 'Daily News > World', 'Rescuers said 14 people died in the flood.'),
      unit('b', 'Daily News > World > Europe', 'Rescuers said 14 people died in the flood.'),
      unit('c', 'Wire | Europe', 'Rescuers said 15 people died in the flood.'),
    ];
    const found = compareEventFigures('e1', units, ctx, options);
    const outlets = found.map((c) => [c.a.outlet, c.b.outlet].sort().join(' ~ ')).sort();
    expect(outlets).toEqual(['Daily News > World > Europe ~ Daily News > World', 'Daily News > World > Europe ~ Wire | Europe', 'Daily News > World ~ Wire | Europe'].map((x) => x.split(' ~ ').sort().join(' ~ ')).sort());
    for (const c of found) expect(c.a.number.value === 15 || c.b.number.value === 15 ? c.verdict : 'consistent').toBe(c.a.number.value === c.b.number.value ? 'consistent' : 'discrepancy');
  });
});

describe('number-word tables have no prototype', () => {
  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('"%s" is not a number', (word) => {
    expect(() => extractQuantities(`The ${word} of ${word} was ${word} hundreds.`)).not.toThrow();
    expect(extractQuantities(`The ${word} was here.`)).toEqual([]);
  });
});

describe('written ranges', () => {
  test('"almost two weeks" allows 12 days; "$5.6 billion" and "$5.7 billion" do not meet', async () => {
    const { compareQuantities } = await import('../../../src/analysis/claims/numericCompare.js');
    const [almost] = extractQuantities('The shutdown lasted almost two weeks.');
    const [twelve] = extractQuantities('The shutdown lasted 12 days.');
    expect(compareQuantities(almost, twelve, 0, 0.1, true, 7, 1).verdict).toBe('consistent');
    const [a] = extractQuantities('He wants $5.6 billion for the wall.');
    const [b] = extractQuantities('He wants $5.7 billion for the wall.');
    expect(compareQuantities(a, b, 0, 0.1, true).verdict).toBe('discrepancy');
    expect(compareQuantities(a, b, 0.05, 0.1).verdict).toBe('consistent');
  });
});

describe('quantity identity: a scale word past a closing quote', () => {
  test('"$5.6” billion" is read in billions and disagrees with "$5.7 billion"', async () => {
    const { compareQuantities } = await import('../../../src/analysis/claims/numericCompare.js');
    const sentence = '“No, not $2.5 billion, we’re asking for $5.6” billion, Mr. Trump said.';
    const figures = extractQuantities(sentence);
    const five6 = figures.find((f) => f.text === '$5.6')!;
    const id = quantityIdentity(sentence, five6);
    expect(id.scale).toBe(1e9);
    const [b] = extractQuantities('He wants $5.7 billion for the wall.');
    expect(compareQuantities(five6, b, 0, 0.1, true, id.scale, 1).verdict).toBe('discrepancy');
  });

  test('a tally side meets only the same side: "134 to 63"', () => {
    const sentence = 'Pelosi won the caucus vote 134 to 63 on Wednesday.';
    const [first, second] = extractQuantities(sentence);
    const a = quantityIdentity(sentence, first);
    const b = quantityIdentity(sentence, second);
    expect(a.modifiers).toContain('tally:first');
    expect(b.modifiers).toContain('tally:second');
    expect(identityConflict(a, b)).toBe('tally-side');
  });
});

describe('whose figure it is', () => {
  test('the people named in the clause before the figure, and the name a bracketed figure follows', () => {
    const person = (name: string) => ({ text: name, name, type: 'person' as const });
    const poll = 'Trump finishes first among Tea Party supporters (at 20 percent), followed by Romney (17 percent).';
    const numbers = extractQuantities(poll);
    expect(quantityIdentity(poll, numbers[1], 0, [person('Trump'), person('Romney')]).owners).toEqual(['Romney']);
    const rate = 'Bush paid an effective federal tax rate of roughly 36 percent over those three decades.';
    expect(quantityIdentity(rate, extractQuantities(rate)[0], 0, [person('Bush')]).owners).toEqual(['Bush']);
  });
});

describe('whose figure it is: names another figure owns, dashes and colons, places', () => {
  const entity = (text: string, type: 'person' | 'organization' | 'place' = 'person', name = text) => ({ text, name, type });
  const ownersOf = (sentence: string, i: number, names: ReturnType<typeof entity>[]) => quantityIdentity(sentence, extractQuantities(sentence)[i], 0, names).owners;

  test('a name before another figure of the clause belongs to that figure', () => {
    const poll = 'In the survey Smith leads with 30 percent of likely voters followed by Jones and Brown at 12 percent each.';
    const names = [entity('Smith'), entity('Jones'), entity('Brown')];
    // Before: Smith named the whole clause's owners of the 12 percent too.
    expect(ownersOf(poll, 1, names)).toEqual(['Brown', 'Jones']);
  });

  test('a clause after a dash or a colon that names nobody takes its owner from the clause before', () => {
    const dash = "Critics note that Mr. Lee's tax plan includes similar cuts — about $300 billion over a decade.";
    expect(ownersOf(dash, 0, [entity('Lee')])).toEqual(['Lee']);
    const colon = 'He contrasted that with what he said was Garcia’s 2015 tax rate: 28 percent.';
    expect(ownersOf(colon, 1, [entity('Garcia')])).toEqual(['Garcia']);
  });

  test('places say where, not whose', () => {
    expect(ownersOf('The storm killed 12 people in Ohio on Sunday.', 0, [entity('Ohio', 'place')])).toEqual([]);
  });

  test('figures of different named people are never compared; a surname or its one-letter variant is one person', async () => {
    const { figuresOfDifferentPeople, neverSameQuantity, ownersDiffer, sameSurname } = await import('../../../src/analysis/claims/quantityIdentity.js');
    const lee = quantityIdentity("Mr. Lee's plan saves about $300 billion.", extractQuantities("Mr. Lee's plan saves about $300 billion.")[0], 0, [entity('Lee')]);
    const obama = quantityIdentity('Obama has cut $300 billion from the program.', extractQuantities('Obama has cut $300 billion from the program.')[0], 0, [entity('Obama', 'person', 'Barack Obama')]);
    expect(figuresOfDifferentPeople(lee, obama)).toBe(true);
    expect(neverSameQuantity(lee, obama)).toBe(true);
    const cowan = quantityIdentity('Cowan, 43, was sworn in.', extractQuantities('Cowan, 43, was sworn in.')[0], 0, [entity('Cowan')]);
    const william = quantityIdentity('Mr. William Cowan, 43, spoke.', extractQuantities('Mr. William Cowan, 43, spoke.')[0], 0, [entity('William Cowan')]);
    expect(figuresOfDifferentPeople(cowan, william)).toBe(false);
    expect(ownersDiffer(cowan, william)).toBe(false);
    expect(sameSurname('stacy', 'stacey')).toBe(true);
    expect(sameSurname('bush', 'rush')).toBe(false);
  });
});

/** Whether the sentence's duration may be compared at all. */
const comparable = (sentence: string) => {
  const q = extractQuantities(sentence).find((x) => x.kind === 'duration')!;
  return isComparableFigure(q, quantityIdentity(sentence, q));
};

describe("a projection's window is a period, not a figure", () => {
  test('"for the next 75 years", "over a 75-year period" are never compared; "for 75 years", "suspended for 60 days" are', () => {
    expect(comparable('The trust fund would stay solvent for the next 75 years, the study found.')).toBe(false);
    expect(comparable('Another $2 trillion is needed over a 75-year period.')).toBe(false);
    expect(comparable('The deficit shrinks over a ten-year window.')).toBe(false);
    expect(comparable('The plan would keep the fund solvent for 75 years.')).toBe(true);
    expect(comparable('The agent should be suspended for 60 days.')).toBe(true);
  });
});

describe('a moment counted from another is not a length of time', () => {
  test('"three years ago", "two years later", "Fifteen years after the invasion, ..." are never compared; "for three years", "two days later than planned" are', () => {
    expect(comparable('ABC spiked a report on Epstein three years ago.')).toBe(false);
    expect(comparable('Two years later, the Pharaoh dreams two visions.')).toBe(false);
    expect(comparable('Fifteen years after the 2003 invasion, the U.S. still has troops in Iraq.')).toBe(false);
    expect(comparable('I tried for three years to get it on.')).toBe(true);
    expect(comparable('The talks ended two days later than planned.')).toBe(true);
    expect(comparable('He was released three weeks after his arrest.')).toBe(true);
  });
});

describe('an interval is a rate', () => {
  test('"one day every two weeks" never meets "14 days of salary"', async () => {
    const { neverSameQuantity } = await import('../../../src/analysis/claims/quantityIdentity.js');
    const every = 'Employees will lose one day of work every two weeks until October.';
    const interval = quantityIdentity(every, extractQuantities(every).find((q) => q.unit === 'weeks')!);
    const salary = identityOf('She will give back 14 days of salary to the Treasury.');
    expect(interval.modifiers).toContain('rate:interval');
    expect(neverSameQuantity(interval, salary)).toBe(true);
  });
});

describe('where a figure sits in its sentence', () => {
  test('a figure in digits is found as a whole number, not inside another ("1" of "97-1" after "2018")', async () => {
    const { locateFigure } = await import('../../../src/analysis/claims/quantityIdentity.js');
    const sentence = 'In 2018 the Senate voted 97-1, and 10 of 100 senators spoke.';
    expect(locateFigure(sentence, '1', 0)).toBe(sentence.indexOf('-1') + 1);
    expect(locateFigure(sentence, '10', 0)).toBe(sentence.indexOf(' 10 ') + 1);
    expect(locateFigure(sentence, '100', 0)).toBe(sentence.indexOf('100'));
    expect(locateFigure(sentence, 'senators', 0)).toBe(sentence.indexOf('senators'));
  });
});

describe("the guide's 'ages of different people'", () => {
  test('two ages beside different people are never the same quantity; surname variants are one person', async () => {
    const { agesOfDifferentPeople } = await import('../../../src/analysis/claims/quantityIdentity.js');
    const person = (text: string) => ({ text, name: text, type: 'person' as const });
    const age = (sentence: string, people: string[]) => quantityIdentity(sentence, extractQuantities(sentence)[0], 0, people.map(person));
    const pelosi = age('The 76-year-old Pelosi won the vote.', ['Pelosi']);
    const clyburn = age('Leaders re-elected James Clyburn, 76, as whip.', ['James Clyburn']);
    expect(pelosi.role).toBe('age');
    expect(clyburn.role).toBe('age');
    expect(agesOfDifferentPeople(pelosi, clyburn)).toBe(true);
    const mattis = age('Defense Secretary Jim Mattis, 68, will leave.', ['Jim Mattis']);
    const mattis2 = age('The 68-year-old James Mattis will leave.', ['James Mattis']);
    expect(agesOfDifferentPeople(mattis, mattis2)).toBe(false);
  });
});

describe('numeric judge file: the disagreeing threshold', () => {
  test('null means no disagreeing figures are compared; absent falls back to the single threshold', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { loadNumericJudge } = await import('../../../src/analysis/claims/numericFeatures.js');
    const { REPO_ROOT } = await import('../pipelineHarness.js');
    const shipped = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'config/models/numeric-pairs.json'), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numeric-judge-'));
    const write = (thresholds: Record<string, number | null>) => {
      const file = path.join(dir, `${Object.keys(thresholds).join('-')}-${String(Object.values(thresholds).join('-'))}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...shipped, thresholds }));
      return loadNumericJudge(file);
    };
    try {
      expect(write({ same: 0.9, sameDisagreeing: null }).disagreeingThreshold).toBe(Infinity);
      expect(write({ same: 0.9 }).disagreeingThreshold).toBe(0.9);
      expect(write({ same: 0.9, sameDisagreeing: 0.95 }).disagreeingThreshold).toBe(0.95);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
