/** config/outlets.yaml: shipped entries, lookups, and errors that point at file:line:col. */
import { loadOutlets, parseOutlets, nameKey, OWNERSHIP_TYPES } from '../../src/ingest/outlets.js';
import { ConfigError } from '../../src/config/load.js';

const directory = loadOutlets('config/outlets.yaml');

function problems(yaml: string): string[] {
  try {
    parseOutlets(yaml, 'my-outlets.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('ships the seed outlets and a few dozen international ones, each with country and ownership type', () => {
  const names = directory.outlets.map((o) => o.name);
  expect(names).toEqual(expect.arrayContaining(['Times of Israel', 'Sputnik', 'Axios', 'Reuters', 'Associated Press', 'BBC News', 'Al Jazeera', 'Xinhua']));
  expect(directory.outlets.length).toBeGreaterThanOrEqual(40);
  for (const o of directory.outlets) {
    expect({ name: o.name, country: o.country }).toEqual({ name: o.name, country: expect.stringMatching(/^[A-Z]{2}$/) });
    expect(OWNERSHIP_TYPES).toContain(o.ownership);
    expect(o.ownership).not.toBe('unknown');
    expect(o.domains.length).toBeGreaterThan(0);
  }
  expect(directory.byName('Sputnik International')).toMatchObject({ name: 'Sputnik', country: 'RU', ownership: 'state-affiliated' });
  expect(directory.byName('BBC')).toMatchObject({ name: 'BBC News', ownership: 'public-broadcaster' });
});

test('names match regardless of case, punctuation, accents and a leading "The"; qualifiers are dropped', () => {
  expect(nameKey('The  Guardian!')).toBe('guardian');
  expect(directory.byName('the guardian')?.name).toBe('The Guardian');
  expect(directory.byName('CNN (Web News)')?.name).toBe('CNN');
  expect(directory.byName('Newsmax - Opinion')?.name).toBe('Newsmax');
  expect(directory.byName('ABC News (Australia)')?.name).toBe('ABC News (Australia)');
  expect(directory.byName('El Pais')?.name).toBe('El País');
  expect(directory.byName('Guest Writer - Right')).toBeUndefined();
  expect(directory.byName('')).toBeUndefined();
});

test('hosts match their domain and its sub-domains, not look-alikes', () => {
  expect(directory.byHost('edition.cnn.com')).toMatchObject({ domain: 'cnn.com', outlet: expect.objectContaining({ name: 'CNN' }) });
  expect(directory.byHost('www.bbc.co.uk')?.outlet.name).toBe('BBC News');
  expect(directory.byHost('notcnn.com')).toBeUndefined();
  expect(directory.byHost('co.uk')).toBeUndefined();
});

test('errors name file:line:col, the key and the fix, all at once', () => {
  const found = problems(
    [
      'outlets:',
      '  - name: Daily Example',
      '    bylines: ["(unclosed"]',
      '    ownership: goverment',
      '    country: gbr',
      '  - name: Other',
      '    domains: [https://other.example/]',
      '    colour: red',
    ].join('\n'),
  );
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^my-outlets\.yaml:3:\d+ outlets #1\.bylines #1: not a valid regular expression/),
      expect.stringMatching(/^my-outlets\.yaml:4:\d+ outlets #1\.ownership: .*state-affiliated/),
      expect.stringMatching(/^my-outlets\.yaml:5:\d+ outlets #1\.country: /),
      expect.stringMatching(/^my-outlets\.yaml:7:\d+ outlets #2\.domains #1: /),
      expect.stringMatching(/^my-outlets\.yaml:8:5 outlets #2\.colour: unknown key/),
    ]),
  );
});

test('a misspelt key gets the closest known key, at its own line; one YAML mistake gives one message', () => {
  expect(problems(['outlets:', '  - name: Alpha News', '  - name: Beta', '    aliasses: [B]'].join('\n'))).toEqual([
    'my-outlets.yaml:4:5 outlets #2.aliasses: unknown key (did you mean "aliases"?). Fix: rename it to aliases.',
  ]);
  expect(problems(['outlets:', '  - name: Alpha News', '    aliases: [A]', '     stray: line', '  - name: Beta'].join('\n'))).toHaveLength(1);
});

test('a name or domain on two outlets is refused with both places named', () => {
  const found = problems(['outlets:', '  - name: Alpha News', '    domains: [alpha.example]', '  - name: Beta', '    aliases: [alpha news]', '    domains: [alpha.example]'].join('\n'));
  expect(found).toEqual([
    expect.stringMatching(/^my-outlets\.yaml:5:\d+ outlets #2\.aliases #1: "alpha news" is already a name of Alpha News \(outlets #1\)/),
    expect.stringMatching(/^my-outlets\.yaml:6:\d+ outlets #2\.domains #1: domain alpha\.example already belongs to Alpha News \(outlets #1\)/),
  ]);
});

test('YAML syntax errors and a missing file are reported with a position', () => {
  expect(problems('outlets:\n  - name: [unclosed\n')[0]).toMatch(/^my-outlets\.yaml:\d+:\d+ YAML syntax/);
  expect(() => loadOutlets('config/no-such-outlets.yaml')).toThrow(/config\/no-such-outlets\.yaml:1:1 input\.outletsFile: cannot read the outlet directory \(ENOENT\)\. Fix: set input\.outletsFile/);
});
