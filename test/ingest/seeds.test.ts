/** The acceptance checks on the five sample articles. */
import { ingest, byFile } from './ingestHelpers.js';
import type { IngestResult } from '../../src/ingest/ingestInputs.js';

let result: IngestResult;

beforeAll(async () => {
  result = await ingest(['seeds']);
});

test('every seed becomes one analysable English article, nothing skipped', () => {
  expect(result.articles.map((a) => a.id)).toEqual([
    '000_1152c55187613227',
    '001_c2427a90a8722413',
    '002_06ce43f5d71124c8',
    '003_284e0f62eabba5b5',
    '004_66d432745632dec3',
  ]);
  expect(result.skipped).toEqual([]);
  for (const a of result.articles) {
    expect(a).toMatchObject({ language: 'en', analysable: true, duplicateOf: '', format: 'txt' });
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  }
  expect(result.inputs.map((i) => i.file)).toEqual(result.articles.map((a) => a.sourceFile));
  for (const i of result.inputs) {
    expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(i.bytes).toBeGreaterThan(1000);
  }
});

test('outlets: 000 Times of Israel, 002 Sputnik, 003 Axios, 001 and 004 unknown', () => {
  const outlet = (name: string) => byFile(result.articles, name);
  expect(outlet('000_1152c55187613227.txt')).toMatchObject({ outlet: 'Times of Israel', outletSource: 'byline', outletCountry: 'IL' });
  expect(outlet('000_1152c55187613227.txt').outletEvidence).toContain('ToI staff');
  expect(outlet('002_06ce43f5d71124c8.txt')).toMatchObject({ outlet: 'Sputnik', outletSource: 'byline', outletOwnership: 'state-affiliated' });
  expect(outlet('003_284e0f62eabba5b5.txt')).toMatchObject({ outlet: 'Axios', outletSource: 'style' });
  expect(outlet('003_284e0f62eabba5b5.txt').outletEvidence).toContain('Why it matters:');
  for (const name of ['001_c2427a90a8722413.txt', '004_66d432745632dec3.txt']) {
    expect(outlet(name)).toMatchObject({ outlet: 'unknown', outletSource: 'unknown', outletCountry: '', outletOwnership: '' });
  }
});

test('dates: 002 is 2023-11-06 and 003 is 2021-05-19; the others stay empty', () => {
  const a002 = byFile(result.articles, '002_06ce43f5d71124c8.txt');
  expect(a002).toMatchObject({ published: '2023-11-06', publishedSource: 'dateline' });
  expect(a002.publishedEvidence).toContain('06.11.2023');
  const a003 = byFile(result.articles, '003_284e0f62eabba5b5.txt');
  expect(a003).toMatchObject({ published: '2021-05-19', publishedSource: 'dateline' });
  expect(a003.publishedEvidence).toContain('May 19, 2021');
  // 000 only has a date in its photo caption (May 17, 2021): not a publication date.
  for (const name of ['000_1152c55187613227.txt', '001_c2427a90a8722413.txt', '004_66d432745632dec3.txt']) {
    expect(byFile(result.articles, name)).toMatchObject({ published: '', publishedSource: 'unknown', publishedEvidence: '' });
  }
});

test('titles are the headlines, never a caption; 001 opens with its lead and has none', () => {
  const title = (name: string) => byFile(result.articles, name).title;
  expect(title('000_1152c55187613227.txt')).toBe(
    'Blinken signals US not insisting on ceasefire right away, day after calling for immediate end to violence',
  );
  expect(title('001_c2427a90a8722413.txt')).toBe('');
  expect(title('002_06ce43f5d71124c8.txt')).toBe("Blinken's Diplomatic Push Earns Tepid Response Amid Palestine-Israel Conflict");
  expect(title('003_284e0f62eabba5b5.txt')).toBe("U.S. backing on Gaza won't last much longer, Blinken tells Israeli counterpart");
  expect(title('004_66d432745632dec3.txt')).toBe(
    'US Secretary of State Antony Blinken Pushes for Gaza Truce During High-Stakes Israel Visit',
  );
  // The title is not repeated as the first paragraph.
  for (const a of result.articles) if (a.title) expect(a.text.startsWith(a.title)).toBe(false);
});

test('boilerplate is removed and paragraphs are kept', () => {
  const text = (name: string) => byFile(result.articles, name).text;
  const t000 = text('000_1152c55187613227.txt');
  expect(t000).not.toMatch(/Most Popular|ToI staff|Saul Loeb|Copenhagen, Denmark, on May 17/);
  expect(t000.startsWith('US Secretary of State Antony Blinken signals the US')).toBe(true);
  expect(t000.endsWith('the violence must end immediately.”')).toBe(true);

  const t002 = text('002_06ce43f5d71124c8.txt');
  for (const chrome of [
    'Заголовок открываемого материала',
    'Subscribe',
    'Sputnik International',
    'log in or register',
    'To participate in the discussion',
    'Newsfeed',
    'Chats',
    'loader',
    'Get the latest news',
    'JONATHAN ERNSTUS',
    // Teasers for other Sputnik stories between the sections.
    'Blinken Holds Press Conference in Tel Aviv',
    'Amman Will Never Allow Mass Displacement',
    'Abbas Rejects Attempts to Relocate',
    'Militants Ignore Biden’s Warning',
    "Blinken's Wishful Thinking",
  ]) {
    expect(t002).not.toContain(chrome);
  }
  expect(t002.startsWith('Under the cover of darkness')).toBe(true);
  expect(t002).toContain('\n\nJordan\n\nThe next day after visiting Israel');
  expect(t002).toContain('An unannounced visit to Cyprus');
  expect(t002.endsWith('the defeat of Hamas."')).toBe(true);

  const t003 = text('003_284e0f62eabba5b5.txt');
  expect(t003).not.toMatch(/Go deeper|Photo: Russian Foreign Ministry|May 19, 2021 - World|^Secretary of State Antony Blinken$/m);
  expect(t003).toContain('\n\nAshkenazi told Blinken that Israel still has several military goals');
  expect(t003).not.toContain('•');

  expect(text('004_66d432745632dec3.txt')).not.toMatch(/Comments$/);
  expect(text('001_c2427a90a8722413.txt').split('\n\n')).toHaveLength(8);
});

test('two runs give identical output', async () => {
  const again = await ingest(['seeds']);
  expect(JSON.stringify(again.articles)).toBe(JSON.stringify(result.articles));
  expect(again.inputs).toEqual(result.inputs);
});
