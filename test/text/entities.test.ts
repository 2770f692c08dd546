import fs from 'node:fs';
import path from 'node:path';
import { extractEntities } from '../../src/text/extractEntities.js';
import { buildAliasTable, loadAliasTable, checkAliasFile } from '../../src/text/entityAliases.js';
import { segmentArticle } from '../../src/text/segmentArticle.js';
import { aliases, seed } from './seedArticle.js';
import { tempDir } from '../tempDir.js';

const names = (sentence: string) => extractEntities(sentence, aliases()).map((e) => `${e.type}:${e.name}`);

describe('extractEntities', () => {
  it('finds people after titles and strips the title', () => {
    expect(names("Jordan's Foreign Minister Ayman Safadi met US Secretary of State Antony Blinken on Monday.")).toEqual([
      'place:Jordan',
      'person:Ayman Safadi',
      'place:United States',
      'person:Antony Blinken',
    ]);
  });

  it('keeps only the name after a title or possessive inside a person match', () => {
    expect(names('Embattled Virginia Governor Ralph Northam refused to resign.')).toEqual(['place:Virginia', 'person:Ralph Northam']);
  });

  it('maps aliases to canonical names and types ("U.S.", "the United States", "Washington", "IDF")', () => {
    const found = names('The U.S. and the United States, Washington and America told the IDF and the UN.');
    expect(found).toEqual(['place:United States', 'organization:Israel Defense Forces', 'organization:United Nations']);
  });

  it('prefers the longer alias ("Washington Post" is not the United States)', () => {
    expect(names('The Washington Post reported it.')).toEqual(['organization:The Washington Post']);
  });

  it('does not read acronyms from lower-case words ("us" is not the US)', () => {
    expect(names('Join us in the fight, he said to them.')).toEqual([]);
  });

  it('finds an unknown name right before a speech verb', () => {
    expect(names('"We demand a ceasefire," Zomlot said.')).toContain('person:Zomlot');
  });

  it('drops pronouns, weekdays and lone titles', () => {
    const found = names('On Monday, He and the President said They would meet in October.');
    expect(found).toEqual([]);
  });
});

describe('article-level names', () => {
  it('002: every "Blinken" is Antony Blinken and "Netanyahu" is Benjamin Netanyahu', () => {
    const sentences = segmentArticle(seed('002'), { aliases: aliases(), minQuoteWords: 3 });
    const people = sentences.flatMap((s) => s.entities.filter((e) => e.type === 'person'));
    const blinken = people.filter((e) => e.text.startsWith('Blinken'));
    expect(blinken.length).toBeGreaterThan(5);
    expect(new Set(blinken.map((e) => e.name))).toEqual(new Set(['Antony Blinken']));
    expect(people.filter((e) => e.text === 'Netanyahu').map((e) => e.name)).toEqual(['Benjamin Netanyahu']);
  });

  it('003: "Ben Shabbat" is the Meir Ben Shabbat named before', () => {
    const sentences = segmentArticle(seed('003'), { aliases: aliases(), minQuoteWords: 3 });
    const later = sentences.find((s) => s.text.startsWith('Ben Shabbat listened'))!;
    expect(later.entities).toContainEqual({ text: 'Ben Shabbat', name: 'Meir Ben Shabbat', type: 'person' });
  });
});

describe('alias table file', () => {
  const write = (body: string) => {
    const file = path.join(tempDir('aliases-'), 'entities.yaml');
    fs.writeFileSync(file, body);
    return file;
  };

  it('loads the repository table', () => {
    expect(aliases().lookup('U.S.')?.name).toBe('United States');
    expect(aliases().lookup('us')).toBeUndefined();
    expect(aliases().lookup('hizbollah')?.name).toBe('Hezbollah');
  });

  it('reports a bad type with the file, line and what is allowed', () => {
    const file = write('entities:\n  - name: Acme\n    type: company\n    aliases: []\n');
    expect(() => loadAliasTable(file)).toThrow(`${file}:3:11 entities #1.type: must be one of person, organization, place, got "company". Fix: `);
  });

  it('names a misspelt key with the closest one, and reads the file without it', () => {
    const checked = checkAliasFile('entities:\n  - name: Acme\n    type: organization\n    alaises: [ACME]\n', 'entities.yaml');
    expect(checked.problems).toEqual([]);
    expect(checked.unknownKeys.map((u) => u.problem)).toEqual(['entities.yaml:4:5 entities #1.alaises: unknown key (did you mean "aliases"?). Fix: rename it to aliases.']);
    expect(checked.entries).toEqual([{ name: 'Acme', type: 'organization', aliases: [] }]);
  });

  it('reports a missing file with the fix', () => {
    expect(() => loadAliasTable('/nonexistent/entities.yaml')).toThrow(/segment\.entityAliasesFile/);
  });

  it('skips a person alias that follows another name ("Hunter Biden")', () => {
    const table = buildAliasTable([{ name: 'Joe Biden', type: 'person', aliases: ['Biden'] }]);
    expect(table.find('Biden spoke, and Hunter Biden listened.').map((m) => m.start)).toEqual([0]);
  });
});
