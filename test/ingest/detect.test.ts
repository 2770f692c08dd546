/** Outlet, date and title detection and boilerplate removal, on fixtures and small cases. */
import path from 'node:path';
import { FIXTURES, byFile, ingest } from './ingestHelpers.js';
import type { IngestResult } from '../../src/ingest/ingestInputs.js';
import { detectDate, findDates, parseDateValue } from '../../src/ingest/detectDate.js';
import { detectOutlet } from '../../src/ingest/detectOutlet.js';
import { detectTitle } from '../../src/ingest/detectTitle.js';
import { cleanLines } from '../../src/ingest/cleanText.js';
import { loadOutlets } from '../../src/ingest/outlets.js';

const directory = loadOutlets('config/outlets.yaml');
let result: IngestResult;

beforeAll(async () => {
  result = await ingest([path.join(FIXTURES, 'detect')]);
});

describe('dates', () => {
  test('formats: month names, day-first dotted, ISO; partial dates are not dates', () => {
    expect(findDates('May 19, 2021 - World').map((d) => d.iso)).toEqual(['2021-05-19']);
    expect(findDates('19 March 2025').map((d) => d.iso)).toEqual(['2025-03-19']);
    expect(findDates('Wednesday, 19 March 2025, 10:31 GMT').map((d) => d.iso)).toEqual(['2025-03-19']);
    expect(findDates('- Sputnik International, 1920, 06.11.2023').map((d) => d.iso)).toEqual(['2023-11-06']);
    expect(findDates('2021-05-19T10:00:00Z').map((d) => d.iso)).toEqual(['2021-05-19']);
    expect(findDates('on October 7, the attack began')).toEqual([]);
    expect(findDates('31.02.2023 and 2023-13-01 are not dates')).toEqual([]);
  });

  test('ambiguous slash dates are used only when unambiguous or configured', () => {
    expect(findDates('05/06/2021')).toEqual([]);
    expect(findDates('05/06/2021', 'day-first').map((d) => d.iso)).toEqual(['2021-06-05']);
    expect(findDates('05/06/2021', 'month-first').map((d) => d.iso)).toEqual(['2021-05-06']);
    expect(findDates('25/06/2021').map((d) => d.iso)).toEqual(['2021-06-25']);
    expect(findDates('06/25/2021').map((d) => d.iso)).toEqual(['2021-06-25']);
  });

  test('date fields keep the writer’s calendar day and refuse what is not a date', () => {
    expect(parseDateValue('2024-02-14T22:30:00-05:00')).toBe('2024-02-14');
    expect(parseDateValue('Wed, 19 May 2021 10:00:00 GMT')).toBe('2021-05-19');
    expect(parseDateValue('2020')).toBe('');
    expect(parseDateValue('yesterday')).toBe('');
    expect(parseDateValue('')).toBe('');
  });

  test('on fixtures: dotted dateline (not the "Updated" one), "Posted on" line, nothing from captions or ambiguous dates', () => {
    expect(byFile(result.articles, 'dotted-dateline.txt')).toMatchObject({ published: '2023-11-06', publishedSource: 'dateline' });
    expect(byFile(result.articles, 'published-at-end.txt')).toMatchObject({ published: '2021-05-19', publishedSource: 'text' });
    expect(byFile(result.articles, 'caption-date-only.txt')).toMatchObject({ published: '', publishedSource: 'unknown' });
    expect(byFile(result.articles, 'ambiguous-slash.txt')).toMatchObject({ published: '' });
  });

  test('order of evidence: manifest, then record, then the text', () => {
    const lines = ['May 19, 2021 - World', '', 'Headline here', '', 'Body text.'];
    const base = { lines, outletNames: [] };
    expect(detectDate({ ...base, manifest: { value: '2020-01-02', where: 'm.yaml:3' } })).toMatchObject({ published: '2020-01-02', source: 'manifest', evidence: 'm.yaml:3 published: 2020-01-02' });
    expect(detectDate({ ...base, meta: { value: '2020-03-04', field: '"date" field' } })).toMatchObject({ published: '2020-03-04', source: 'record' });
    // An unusable record date falls through to the text.
    expect(detectDate({ ...base, meta: { value: 'n/a', field: '"date" field' } })).toMatchObject({ published: '2021-05-19', source: 'dateline' });
  });

  test('an outlet stamp counts only for the outlet decided, and only the first one', () => {
    const lines = [
      'Story',
      'The minister arrives at the airport before the talks - Example Daily, 1920, 03.02.2024',
      'Protesters gather outside the embassy in the capital - Example Daily, 1920, 01.02.2024',
      'Body.',
    ];
    expect(detectDate({ lines, outletNames: ['Example Daily'] })).toMatchObject({ published: '2024-02-03' });
    expect(detectDate({ lines, outletNames: ['Other Paper'] })).toMatchObject({ published: '' });
  });
});

describe('outlets', () => {
  test('on fixtures: two outlets’ bylines equally strong, or a single house-style marker, decide nothing', () => {
    const two = byFile(result.articles, 'two-bylines.txt');
    expect(two).toMatchObject({ outlet: 'unknown', outletSource: 'unknown' });
    expect(two.outletEvidence).toMatch(/Times of Israel, Sputnik|Sputnik, Times of Israel/);
    expect(byFile(result.articles, 'one-style-marker.txt')).toMatchObject({ outlet: 'unknown' });
  });

  test('order of evidence: manifest, record field, url, byline, style', () => {
    const lines = ['Headline', 'Body text.', 'AP, ToI staff'];
    const where = { outlet: 'manifest.yaml:2', url: 'manifest.yaml:3' };
    expect(detectOutlet({ manifest: { outlet: 'bbc', where }, meta: { outlet: 'CNN' }, lines }, directory)).toMatchObject({ outlet: 'BBC News', source: 'manifest', country: 'GB' });
    expect(detectOutlet({ meta: { outlet: 'Newsmax - Opinion', outletField: '"outlet" field', url: 'https://www.bbc.co.uk/news/x' }, lines }, directory)).toMatchObject({ outlet: 'Newsmax', source: 'record' });
    expect(detectOutlet({ manifest: { url: 'https://edition.cnn.com/2024/x', where }, lines }, directory)).toMatchObject({ outlet: 'CNN', source: 'url', evidence: expect.stringContaining('cnn.com') });
    expect(detectOutlet({ meta: { url: 'not a url at all' }, lines }, directory)).toMatchObject({ outlet: 'Times of Israel', source: 'byline' });
    expect(detectOutlet({ lines: ['Headline', 'Body text.'] }, directory)).toMatchObject({ outlet: 'unknown', source: 'unknown', evidence: '' });
  });

  test('an outlet that is not in the directory keeps its own name without country or ownership', () => {
    expect(detectOutlet({ meta: { outlet: '  The  Valley   Gazette ' }, lines: [] }, directory)).toMatchObject({ outlet: 'The Valley Gazette', country: '', ownership: '' });
  });

  test('a byline phrase inside the body text is not a byline', () => {
    const body = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of ordinary reporting about the talks.`);
    body[20] = 'AP, ToI staff';
    expect(detectOutlet({ lines: ['Headline', ...body] }, directory)).toMatchObject({ outlet: 'unknown' });
  });
});

describe('titles', () => {
  const p = (texts: string[]) => texts.map((text, i) => ({ text, line: i + 1, block: i }));

  test('the first headline-like line after chrome; none when the text opens with its lead', () => {
    expect(detectTitle(p(['World', 'May 19, 2021 - World', 'Talks resume in Cairo', 'Body.']))).toEqual({ title: 'Talks resume in Cairo', bodyStart: 3 });
    expect(detectTitle(p(['The talks resumed in Cairo on Monday after a pause of almost a year, officials said, and both sides described the first session as constructive.', 'More.']))).toEqual({ title: '', bodyStart: 0 });
    // A short first sentence is body text, not chrome to skip over.
    expect(detectTitle(p(['Talks resumed.', 'Why it matters now', 'Body.']))).toEqual({ title: '', bodyStart: 0 });
  });

  test('a given title wins; its repeat (or a reworded version) at the top is dropped from the body', () => {
    expect(detectTitle(p(['Talks resume in Cairo', 'Body.']), 'Talks Resume in Cairo')).toEqual({ title: 'Talks Resume in Cairo', bodyStart: 1 });
    expect(detectTitle(p(['Ministers meet in Cairo', 'Body.']), 'Ministers meet in Cairo to discuss aid')).toEqual({ title: 'Ministers meet in Cairo to discuss aid', bodyStart: 1 });
    expect(detectTitle(p(['Has the media gotten worse? Or am I just grouchier?', 'Body.']), 'Ignorant media')).toEqual({ title: 'Ignorant media', bodyStart: 0 });
  });
});

describe('boilerplate', () => {
  const kept = (lines: string[], patterns: RegExp[] = []) => cleanLines(lines, patterns).paragraphs.map((x) => x.text);

  test('captions with credits, alt text before a caption, and repeated captions go; the story stays', () => {
    const lines = [
      'Talks resume',
      '',
      'Minister Jane Roe',
      '',
      'Minister Jane Roe arrives for talks. Photo: Example Agency/Getty Images',
      'Minister Jane Roe arrives for talks. Photo: Example Agency/Getty Images',
      '',
      'The minister arrived in the capital on Monday for a new round of talks, officials said.',
      '(AP Photo/John Doe)',
      'FILE - In this May 3, 2018, file photo, the minister speaks to reporters in the capital.',
    ];
    expect(kept(lines)).toEqual(['Talks resume', 'The minister arrived in the capital on Monday for a new round of talks, officials said.']);
  });

  test('UI strings, prompts, teasers, counters and a trailing credit go', () => {
    const lines = [
      'Headline of the story',
      'Subscribe',
      'The council voted on Tuesday to approve the budget after a long debate.',
      'Sign up for our newsletter to get the latest updates',
      'Read more: Another story about something else',
      'ADVERTISEMENT',
      'Log in or register',
      '42',
      'Officials said the new budget would take effect next month.',
      'Jane Doe contributed reporting',
      'Most Popular',
    ];
    expect(kept(lines)).toEqual([
      'Headline of the story',
      'The council voted on Tuesday to approve the budget after a long debate.',
      'Officials said the new budget would take effect next month.',
    ]);
  });

  test('short lines in another script are stray UI in an English article; a long one is kept', () => {
    const english = Array.from({ length: 6 }, (_, i) => `The council voted on day ${i + 1} to approve part of the budget after a long debate in the chamber.`);
    expect(kept([...english, 'Заголовок открываемого материала'])).toEqual(english);
    const longRussian = 'Это длинная цитата на русском языке, которую автор статьи оставил без перевода для читателей, знающих язык, и она продолжается дальше.';
    expect(kept([...english, longRussian, 'Final sentence here.'])).toContain(longRussian);
  });

  test('teasers after a caption in the same block go, the next section heading stays', () => {
    const lines = [
      'Officials met in the capital on Monday, the ministry said in a statement released in the evening.',
      'Minister at the airport - Example Daily, 1920, 03.11.2023',
      'World',
      'Minister Holds Press Conference After Talks',
      '',
      'Jordan',
      '',
      'The next day the minister travelled on to the neighbouring country for more talks.',
    ];
    expect(kept(lines, [/\s-\sExample Daily, \d{4}, \d{2}\.\d{2}\.\d{4}$/i])).toEqual([
      'Officials met in the capital on Monday, the ministry said in a statement released in the evening.',
      'Jordan',
      'The next day the minister travelled on to the neighbouring country for more talks.',
    ]);
  });

  test('configured patterns (input.boilerplate) drop matching lines', async () => {
    const r = await ingest(['seeds/004_66d432745632dec3.txt'], { boilerplate: ['^Later on Monday, Blinken is scheduled'] });
    expect(r.articles[0].text).not.toContain('Later on Monday');
    expect(r.articles[0].text).toContain('In his meeting with Herzog');
  });

  test('hard-wrapped plain text is joined back into paragraphs; separate short lines are not', () => {
    const wrapped = [
      'Authorities evacuated two villages on Tuesday after the river burst its',
      'banks following three days of heavy rain, the regional government said in',
      'a statement.',
    ];
    expect(kept(wrapped)).toEqual([wrapped.join(' ')]);
    expect(kept(['First point of the story.', 'Second point of the story.'])).toHaveLength(2);
  });
});
