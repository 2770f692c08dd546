import { compileLexicon, countWords, findTerms, inflections, tokenize } from '../../../src/analysis/framing/lexicon.js';
import { loadFramingResources, loadLexiconFile, FramingConfigError } from '../../../src/analysis/framing/resources.js';
import { configSchema } from '../../../src/config/schema.js';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../tempDir.js';

const terms = (entries: string[], text: string) => findTerms(compileLexicon('t', entries), tokenize(text)).map((h) => h.term);

describe('lexicon matching', () => {
  it('matches whole words only, case-insensitively', () => {
    expect(terms(['ram'], 'The RAM was rampant; a ram.')).toEqual(['ram', 'ram']);
    expect(terms(['fiasco'], 'A FIASCO.')).toEqual(['fiasco']);
    expect(terms(['fiasco'], 'fiascoes? no: fiascosity')).toEqual([]);
  });

  it('inflects single words, including doubled consonants and British spellings', () => {
    expect(inflections('pummel')).toEqual(expect.arrayContaining(['pummels', 'pummeled', 'pummelled', 'pummeling', 'pummelling']));
    expect(inflections('slaughter')).toEqual(expect.arrayContaining(['slaughtered', 'slaughtering', 'slaughters']));
    expect(inflections('snub')).toEqual(expect.arrayContaining(['snubbed', 'snubbing']));
    expect(inflections('deny')).toEqual(expect.arrayContaining(['denies', 'denied', 'denying']));
    expect(inflections('horrific')).toContain('horrifically');
    expect(terms(['pummel'], 'IDF have been pummeling the Gaza Strip')).toEqual(['pummel']);
  });

  it('takes a|b|c alternatives literally, with no inflections added', () => {
    expect(terms(['say|says|said'], 'he said, she says, they sayed')).toEqual(['say', 'say']);
  });

  it('matches phrases across spaces and hyphens but not across punctuation', () => {
    expect(terms(['deaf ears'], 'the words fell on deaf  ears as')).toEqual(['deaf ears']);
    expect(terms(['so-called'], 'the so called plan and the So-Called deal')).toEqual(['so-called', 'so-called']);
    expect(terms(['deaf ears'], 'he was deaf. Ears were ringing')).toEqual([]);
  });

  it('prefers the longest phrase and never double-counts overlapping words', () => {
    expect(terms(['spiral', 'spiral out of control'], 'it may spiral out of control')).toEqual(['spiral out of control']);
  });

  it('ignores possessives and curly apostrophes', () => {
    expect(terms(['regime'], 'the regime’s forces')).toEqual(['regime']);
    expect(tokenize('Israel’s war')[0].norm).toBe('israel');
  });

  it('counts words as the rate denominator', () => {
    expect(countWords('US-led talks, at 9,488 deaths — “purportedly”.')).toBe(7);
  });
});

describe('lexicon files', () => {
  it('loads the shipped lexicons and speaker groups', () => {
    const r = loadFramingResources(configSchema.parse({}).framing);
    expect(r.loaded.terms.length).toBeGreaterThan(150);
    expect(r.loaded.terms.length).toBeLessThan(500);
    for (const t of ['fiasco', 'slaughter', 'pummel', 'deaf ears', 'atrocious']) expect(r.loaded.terms).toContain(t);
    for (const t of ['reports claim', 'purportedly', 'allegedly', 'it is believed']) expect(r.hedges.terms).toContain(t);
    for (const t of ['say', 'claim that', 'insist', 'admit']) expect(r.attribution.terms).toContain(t);
    expect(r.files.map((f) => f.sha256)).toEqual(r.files.map(() => expect.stringMatching(/^[0-9a-f]{64}$/)));
  });

  it('does not flag neutral news words (state, May, military might) as attribution or hedges', () => {
    const r = loadFramingResources(configSchema.parse({}).framing);
    const text = 'On May 17 the Secretary of State met state officials and Russia showed its military might.';
    expect(findTerms(r.attribution, tokenize(text))).toEqual([]);
    expect(findTerms(r.hedges, tokenize(text))).toEqual([]);
  });

  it('reports a malformed lexicon with file, line and a fix', () => {
    const dir = tempDir('cf-lex-');
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'terms:\n  - fine\n  - 3\n  - ""\n');
    expect(() => loadLexiconFile(file, 'loaded')).toThrow(FramingConfigError);
    try {
      loadLexiconFile(file, 'loaded');
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain(`${file}:3:5`);
      expect(msg).toContain(`${file}:4:5`);
      expect(msg).toContain('Fix:');
    }
    fs.writeFileSync(file, 'terms: [a\n');
    expect(() => loadLexiconFile(file, 'loaded')).toThrow(/bad\.yaml:\d+:\d+ YAML syntax/);
    expect(() => loadLexiconFile(path.join(dir, 'missing.yaml'), 'loaded')).toThrow(/missing\.yaml:1:1 framing\.loadedLexicon: cannot read the loaded lexicon \(ENOENT\)\. Fix: /);
  });
});
