import { extractQuantities, OPEN_MAX } from '../../src/text/extractQuantities.js';
import { extractDates } from '../../src/text/extractDates.js';
import { segmentArticle } from '../../src/text/segmentArticle.js';
import { possessivesApartMapped } from '../../src/text/possessivesApart.js';
import type { Quantity } from '../../src/records.js';
import { aliases, seed } from './seedArticle.js';

/** Quantities as the segment stage reads them (numbers inside dates masked). */
const read = (sentence: string) => extractQuantities(sentence, extractDates(sentence).spans);
const only = (sentence: string): Quantity => {
  const found = read(sentence).filter((q) => q.kind !== 'ordinal' && q.kind !== 'year');
  expect(found).toHaveLength(1);
  return found[0];
};

describe('extractQuantities', () => {
  it('reads "at least" with digits as an open lower bound (seed 002)', () => {
    const sentence = segmentArticle(seed('002'), { aliases: aliases(), minQuoteWords: 3 }).find((s) => s.text.startsWith('At least 9,488'))!;
    expect(sentence.numbers).toEqual([
      { text: 'At least 9,488', min: 9488, max: OPEN_MAX, value: 9488, approx: false, qualifier: 'at-least', unit: 'palestinians', kind: 'count', subject: 'deaths' },
    ]);
  });

  it('reads "over nine thousand" as at least 9000, approximate, deaths (seed 001)', () => {
    const sentence = segmentArticle(seed('001'), { aliases: aliases(), minQuoteWords: 3 }).find((s) => s.text.includes('nine thousand'))!;
    expect(sentence.numbers).toHaveLength(1);
    expect(sentence.numbers[0]).toMatchObject({ text: 'over nine thousand', min: 9000, max: OPEN_MAX, approx: true, qualifier: 'at-least', unit: 'people', kind: 'count', subject: 'deaths' });
  });

  it.each<[string, Partial<Quantity>]>([
    ['The group holds more than 240 hostages.', { min: 240, max: OPEN_MAX, qualifier: 'at-least', unit: 'hostages', subject: 'hostages' }],
    ['Israel claims the attack killed 1,400 individuals.', { min: 1400, max: 1400, qualifier: 'exact', unit: 'individuals', subject: 'deaths' }],
    ['He said 100 trucks loaded with humanitarian aid enter daily.', { value: 100, unit: 'trucks', subject: 'aid' }],
    ['A deal could take between 24 and 72 hours, officials say.', { min: 24, max: 72, value: 48, qualifier: 'range', unit: 'hours', kind: 'duration' }],
    ['At least 400 people in the camp were killed and injured.', { min: 400, qualifier: 'at-least', unit: 'people', subject: 'casualties' }],
    ['Some 30 soldiers were wounded.', { value: 30, qualifier: 'about', approx: true, subject: 'injuries' }],
    ['Up to 500 residents were displaced.', { min: 0, max: 500, qualifier: 'at-most', subject: 'displaced' }],
    ['Police arrested nearly 60 protesters.', { value: 60, approx: true, qualifier: 'about', unit: 'protesters', subject: 'arrests' }],
    ['They retaliated for the killings of two militant leaders.', { value: 2, unit: 'leaders', subject: 'deaths' }],
    ['He spent three days in the region.', { value: 3, unit: 'days', kind: 'duration' }],
    ['A dozen people gathered.', { value: 12, unit: 'people' }],
    ['The indictment named 12 Russian intelligence officers.', { value: 12, unit: 'officers' }],
    ['The retreat by 33 Senate Democrats was humiliating.', { value: 33, unit: 'democrats' }],
    // A word that only starts like a month is not one: these were read as dates and dropped.
    ['The president signed 19 separate actions.', { value: 19, unit: 'actions' }],
    ['Officials counted 12 married couples.', { value: 12, unit: 'couples' }],
    ['Hundreds of protesters marched.', { min: 200, max: 999, qualifier: 'range', approx: true, unit: 'protesters' }],
    ['Tens of thousands of people fled.', { min: 20000, max: 99000, unit: 'people', subject: 'displaced' }],
    ['The fund holds $3.5 million.', { value: 3_500_000, kind: 'money', unit: 'dollars', approx: true }],
    ['Turnout fell by 12 percent.', { value: 12, kind: 'percent', unit: 'percent' }],
    ['Unemployment reached 4.5%.', { value: 4.5, kind: 'percent' }],
    ['Officials counted 2,000-3,000 troops.', { min: 2000, max: 3000, qualifier: 'range', unit: 'troops' }],
    ['1.5m people lack water.', { value: 1_500_000, approx: true, unit: 'people' }],
    ['Between 1.5 and 2 million people lack water.', { min: 1_500_000, max: 2_000_000, qualifier: 'range' }],
    ['The camp holds 240+ detainees.', { min: 240, max: OPEN_MAX, qualifier: 'at-least', subject: 'arrests' }],
    ['One hostage was freed.', { value: 1, unit: 'hostages', subject: 'hostages' }],
    ['Twenty-five people died.', { value: 25, subject: 'deaths' }],
    ['A 72-year-old man was hurt.', { value: 72, unit: 'years-old' }],
  ])('%s', (sentence, expected) => {
    expect(only(sentence)).toMatchObject(expected);
  });

  it('reads a figure the same whatever the process read before (wink-nlp learns unknown words)', () => {
    const sentence = 'Brad Parscale, the digital director of Donald Trump’s 2016 campaign, will lead his 2020 campaign.';
    const before = extractQuantities(sentence);
    // wink-nlp takes "Trump’s" before a comma for one word, learns it for as long as the process lives,
    // and would keep it whole in every later sentence.
    extractQuantities('A further resurgence among Trump’s, may cause concern in 2 camps.');
    const after = extractQuantities(sentence);
    expect(after).toEqual(before);
    expect(after.map((q) => [q.text, q.kind])).toEqual([['2016', 'year'], ['2020', 'year']]);
    // The possessives are put apart for wink-nlp only: positions come back in the sentence as given.
    const mapped = possessivesApartMapped('Trump’s 2016 and Obama’s 2008');
    expect(mapped.text).toBe('Trump ’s 2016 and Obama ’s 2008');
    expect([mapped.original(5), mapped.original(6), mapped.original(9), mapped.original(mapped.text.length)]).toEqual([5, 5, 8, 29]);
  });

  it('gives years and ordinals their own kind, never count', () => {
    const found = read('During his ninth visit in 2021, he warned of a second or third front since the 1990s.');
    expect(found.map((q) => [q.text, q.kind, q.value, q.unit])).toEqual([
      ['ninth', 'ordinal', 9, 'visit'],
      ['2021', 'year', 2021, ''],
      ['second', 'ordinal', 2, 'front'],
      ['third', 'ordinal', 3, 'front'],
      ['1990s', 'year', 1990, ''],
    ]);
  });

  it('leaves out numbers inside dates, clock times and identifiers', () => {
    expect(read('On May 17, 2021 at 5 p.m., after the October 7 attack and Oct. 9, the Section 230 debate and COVID-19 returned.')).toEqual([]);
  });

  it('reads a figure a tokenized corpus wrote with a space after its thousands comma ("5, 000") as one figure', () => {
    const figures = (text: string) => read(text).map((q) => [q.text, q.min, q.max, q.unit]);
    // Read apart, the figure was "000 gallons": 0 gallons against another outlet's 5,000.
    expect(figures('The spill released 5, 000 gallons of oil.')).toEqual([['5, 000', 5000, 5000, 'gallons']]);
    expect(figures('About 2, 500, 000 people were displaced.')).toEqual([['About 2, 500, 000', 2500000, 2500000, 'people']]);
    expect(figures('More than 1, 300 federal scientists signed.')).toEqual([['More than 1, 300', 1300, OPEN_MAX, 'scientists']]);
    expect(figures('Between 1, 300 and 2, 000 people marched.')).toEqual([['Between 1, 300 and 2, 000', 1300, 2000, 'people']]);
    // A list of figures and the day of a date stay apart.
    expect(figures('Rooms 5, 100 and 200 were empty.').map(([text]) => text)).toEqual(['5', '100', '200']);
    expect(figures('On March 5, 200 people marched.')).toEqual([['200', 200, 200, 'people']]);
  });

  it('does not make a range of a year and a sum', () => {
    const found = read('The deficit grew from 2018 to $984.4 billion.');
    expect(found.map((q) => [q.kind, q.qualifier])).toEqual([
      ['year', 'exact'],
      ['money', 'exact'],
    ]);
  });

  it('does not count "one" as a number outside a count ("no one", "one of")', () => {
    expect(read('No one knows, and one of them left.')).toEqual([]);
  });

  it.each([
    'Call the hotline on 0800 123 4567 or +44 20 7946 0958 for help.',
    'Call (202) 555-0143 today.',
    'India revoked Article 370 of the constitution.',
    'Section 8 of the act was cited by the court.',
    'Boeing 737 Max jets were grounded.',
    'Unit 8200 intercepted the calls.',
    'Flight MH17 was shot down over Ukraine.',
    'Call 555-0143 after the vote.',
  ])('finds no amount in phone numbers and names with numbers: %s', (sentence) => {
    expect(read(sentence)).toEqual([]);
  });

  it.each<[string, Partial<Quantity>]>([
    ['The budget of R1.3 trillion was approved.', { text: 'R1.3 trillion', value: 1.3e12, unit: 'rand', kind: 'money' }],
    ['The company lost Rs 5 crore.', { text: 'Rs 5 crore', value: 5e7, unit: 'rupees', kind: 'money' }],
    ['It was fined Rs. 40 lakh.', { text: 'Rs. 40 lakh', value: 4e6, unit: 'rupees', kind: 'money' }],
    ['Kenya borrowed KSh2bn.', { text: 'KSh2bn', value: 2e9, unit: 'shillings', kind: 'money' }],
    ['The fund holds N5 billion.', { text: 'N5 billion', value: 5e9, unit: 'naira', kind: 'money' }],
  ])('reads currencies written as letters and South Asian scales: %s', (sentence, expected) => {
    expect(only(sentence)).toMatchObject(expected);
  });

  const tallies = (sentence: string) => read(sentence).map((q) => [q.kind, q.value, q.tallySide ?? '']);

  it.each<[string, number, number]>([
    ['The measure passed 52-48 in the Senate.', 52, 48],
    ['The final tally was 97-1.', 97, 1],
    ['The House approved the plan 234–193.', 234, 193],
    ['United won 3-0 at home.', 3, 0],
    ['She won by a 134-to-63 vote.', 134, 63],
    ['Pelosi defeated Ryan by a vote of 134 to 63.', 134, 63],
    ['The bill passed 52 to 48 in the Senate.', 52, 48],
    ['The court split 6-3 on the question.', 6, 3],
  ])('reads a vote or score as its two tally sides: %s', (sentence, first, second) => {
    expect(tallies(sentence)).toEqual([
      ['tally', first, 'first'],
      ['tally', second, 'second'],
    ]);
    expect(read(sentence).every((q) => q.qualifier === 'exact' && q.unit === '' && q.subject === '')).toBe(true);
  });

  it.each<[string, Partial<Quantity>]>([
    ['Between 5-10 people were hurt in the vote.', { kind: 'count', min: 5, max: 10, qualifier: 'range', unit: 'people' }],
    ['Support rose from 52 to 58 percent after the vote.', { kind: 'percent', min: 52, max: 58, qualifier: 'range' }],
  ])('keeps ranges and year spans out of tallies: %s', (sentence, expected) => {
    expect(only(sentence)).toMatchObject(expected);
  });

  it('reads "52 to 48" outside a vote or score, or after "from", as two figures, not a tally', () => {
    expect(tallies('The index fell from 52 to 48 points.').map(([kind]) => kind)).not.toContain('tally');
    expect(tallies('Temperatures of 52 to 48 degrees were forecast.').map(([kind]) => kind)).not.toContain('tally');
  });

  it('keeps a date written with hyphens and a span of years out of tallies', () => {
    expect(tallies('The vote was held on 2023-10-07.')).toEqual([]);
    expect(read('The deal ran from 2013-2019, before the vote.')).toMatchObject([{ kind: 'year', min: 2013, max: 2019, qualifier: 'range' }]);
  });

  it('reads a year-like figure after "some" or "about" as the year unless it is round (a count)', () => {
    expect(read('The co-sponsors include some 2020 presidential prospects.').map((q) => [q.kind, q.value])).toEqual([['year', 2020]]);
    expect(read('The nadir ran from about 1890 to about 1930.').map((q) => q.kind)).toEqual(['year', 'year']);
    expect(read('About 2000 Syrian refugees arrived.')).toMatchObject([{ kind: 'count', value: 2000, unit: 'refugees' }]);
    expect(read('Nearly 2016 voters were surveyed.')).toMatchObject([{ kind: 'count', value: 2016, unit: 'voters' }]);
  });

  it('reads nothing in the pair of a "2-to-10 scale" as a counted noun', () => {
    expect(read('Rate it on a 2-to-10 scale.').map((q) => q.unit)).not.toContain('to-10s');
  });

  it('reads no figure in a name or code with letters glued after its digits, and keeps glued units', () => {
    expect(read('The 76ers beat the 49ers on Sunday.')).toEqual([]);
    expect(read('A 5G network and a 3D film.')).toEqual([]);
    expect(read('He ran 10km and lifted 5kg.').map((q) => q.value)).toEqual([10, 5]);
    expect(read('Sales rose 20pc and the firm raised 3bn.').map((q) => q.value)).toEqual([20, 3e9]);
  });

  it('reads a one-letter scale before a full stop as the scale ("$5m." is $5 million, not $5)', () => {
    expect(read('The fund raised $5m.').map((q) => [q.text, q.value, q.unit])).toEqual([['$5m', 5e6, 'dollars']]);
    expect(read('He paid £2.5m. Then he left.').map((q) => [q.text, q.value])).toEqual([['£2.5m', 2.5e6]]);
    expect(read('Attendance reached 3k.').map((q) => q.value)).toEqual([3000]);
    // The same figures mid-sentence, as before.
    expect(read('The fund raised $5m on Monday.').map((q) => q.value)).toEqual([5e6]);
  });
});
