import { extractDates } from '../../src/text/extractDates.js';
import { segmentArticle } from '../../src/text/segmentArticle.js';
import { formatSentenceCells, formatQuantity } from '../../src/text/formatSentenceCells.js';
import { textHash, normalizeText } from '../../src/text/textHash.js';
import { extractQuantities, OPEN_MAX } from '../../src/text/extractQuantities.js';
import { aliases, articleFromFile, seed } from './seedArticle.js';

describe('extractDates', () => {
  it('resolves dates whose year the text gives, day-first for dotted dates', () => {
    expect(extractDates('On May 17, 2021, then in May 2022, and on 06.11.2023 and 2023-10-07.').dates).toEqual([
      '2021-05-17',
      '2022-05',
      '2023-11-06',
      '2023-10-07',
    ]);
  });

  it('reads an ambiguous slashed date only as input.slashDates says; an unambiguous one always', () => {
    const text = 'Filed 05/06/2021 and 25/12/2021.';
    expect(extractDates(text, 'ignore').dates).toEqual(['2021-12-25']);
    expect(extractDates(text, 'day-first').dates).toEqual(['2021-06-05', '2021-12-25']);
    expect(extractDates(text, 'month-first').dates).toEqual(['2021-05-06', '2021-12-25']);
    expect(extractDates(text).spans).toHaveLength(2);
  });

  it('omits dates without a year and relative dates', () => {
    expect(extractDates('On Sunday, last week, on October 7 and three days ago.').dates).toEqual([]);
  });

  it('does not glue a year to a later month ("since 2021, Oct. 7")', () => {
    expect(extractDates('Prices rose since 2021, Oct. 7 was different.').dates).toEqual([]);
  });
});

describe('segmentArticle', () => {
  const article = seed('000');
  const sentences = segmentArticle(article, { aliases: aliases(), minQuoteWords: 3 });

  it('numbers body sentences from 0 with ids and paragraphs (title excluded)', () => {
    expect(sentences[0].id).toBe('000#0');
    expect(sentences.every((s, i) => s.index === i && s.id === `000#${i}` && s.articleId === '000' && s.outlet === 'test-outlet')).toBe(true);
    expect(sentences.some((s) => s.text === article.title)).toBe(false);
    const paragraphs = sentences.map((s) => s.paragraph);
    expect(paragraphs).toEqual([...paragraphs].sort((a, b) => a - b));
    expect(paragraphs[0]).toBe(0);
    expect(sentences[0].dates).toEqual(['2021-05-17']);
  });

  it('is deterministic', () => {
    expect(segmentArticle(article, { aliases: aliases(), minQuoteWords: 3 })).toEqual(sentences);
  });

  it('hashes normalised text: NFC, collapsed whitespace, trimmed', () => {
    expect(normalizeText('  Cafe\u0301   au\nlait ')).toBe('Café au lait');
    expect(textHash('Café au lait')).toBe(textHash(' Cafe\u0301 au  lait'));
  });

  it('fills every field on the fixture', () => {
    const fixture = segmentArticle(articleFromFile('test/fixtures/text/attribution.txt', 'fx'), { aliases: aliases(), minQuoteWords: 3 });
    expect(fixture.length).toBeGreaterThan(8);
    for (const s of fixture) {
      expect(Object.keys(s).sort()).toEqual(['articleId', 'dates', 'entities', 'id', 'index', 'numbers', 'outlet', 'paragraph', 'quotes', 'text'].sort());
    }
  });
});

describe('formatSentenceCells', () => {
  it('serialises quotes, speakers, numbers, entities and dates into one cell each', () => {
    const sentences = segmentArticle(seed('002'), { aliases: aliases(), minQuoteWords: 3 });
    const deaths = formatSentenceCells(sentences.find((s) => s.text.startsWith('At least 9,488'))!);
    expect(deaths.numbers).toBe('At least 9,488 palestinians [≥9488, deaths]');
    expect(deaths.entities).toBe('Israel (place); Gaza (place)');
    const zomlot = formatSentenceCells(sentences.find((s) => s.text.includes('as per Husam Zomlot'))!);
    expect(zomlot.quotes).toBe('"because there are differences" — Husam Zomlot');
    expect(zomlot.speakers).toBe('Husam Zomlot');
    expect(formatSentenceCells(sentences.find((s) => s.text.includes('November 5, 2023'))!).dates).toBe('2023-11-05');
  });

  it('writes bounds, ranges, approximations and kinds', () => {
    const base = { value: 0, approx: false, unit: '', kind: 'count' as const, subject: '' };
    expect(formatQuantity({ ...base, text: 'over nine thousand', min: 9000, max: OPEN_MAX, value: 9000, approx: true, qualifier: 'at-least', unit: 'people', subject: 'deaths' })).toBe(
      'over nine thousand people [≥9000, deaths, approx]',
    );
    expect(formatQuantity({ ...base, text: 'between 24 and 72', min: 24, max: 72, value: 48, qualifier: 'range', unit: 'hours', kind: 'duration' })).toBe('between 24 and 72 hours [24–72]');
    expect(formatQuantity({ ...base, text: 'up to 500', min: 0, max: 500, value: 500, qualifier: 'at-most' })).toBe('up to 500 [≤500]');
    expect(formatQuantity({ ...base, text: 'about 400', min: 400, max: 400, value: 400, approx: true, qualifier: 'about', unit: 'people' })).toBe('about 400 people [~400]');
    expect(formatQuantity({ ...base, text: '2021', min: 2021, max: 2021, value: 2021, qualifier: 'exact', kind: 'year' })).toBe('2021 [year]');
    expect(formatQuantity({ ...base, text: '52', min: 52, max: 52, value: 52, qualifier: 'exact', kind: 'tally', tallySide: 'first' })).toBe('52 [tally, first side]');
  });

  it('writes a tally as its two sides in the numbers column ("passed 52-48")', () => {
    const sentence = { id: 's#0', articleId: 's', outlet: 'X', index: 0, paragraph: 0, text: 'The measure passed 52-48.', quotes: [], entities: [], dates: [], numbers: extractQuantities('The measure passed 52-48.') };
    expect(formatSentenceCells(sentence).numbers).toBe('52 [tally, first side]; 48 [tally, second side]');
  });
});
