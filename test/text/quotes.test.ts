import { segmentArticle } from '../../src/text/segmentArticle.js';
import { findQuoteSpans } from '../../src/text/findQuoteSpans.js';
import type { Article, Sentence } from '../../src/records.js';
import { aliases, articleFromFile, seed } from './seedArticle.js';

const segment = (article: Article) => segmentArticle(article, { aliases: aliases(), minQuoteWords: 3 });
const quotesOf = (sentences: Sentence[]) => sentences.flatMap((s) => s.quotes.map((q) => ({ sentence: s.index, ...q })));
const quoteStarting = (sentences: Sentence[], start: string) => quotesOf(sentences).find((q) => q.text.startsWith(start));

describe('findQuoteSpans', () => {
  it('pairs straight, curly and mixed marks and continues a quote closed without an opening', () => {
    const text = 'He said "one two three" and “four five”.\nA "good, productive, candid” one.\nStop this madness,” he said.';
    const quoted = findQuoteSpans(text).map((q) => text.slice(q.start, q.end));
    expect(quoted).toEqual(['one two three', 'four five', 'good, productive, candid', 'Stop this madness,']);
  });

  it('runs an unclosed quote to the end of its line only', () => {
    const text = 'She said: "We will return\nNext line.';
    expect(findQuoteSpans(text).map((q) => text.slice(q.start, q.end))).toEqual(['We will return']);
  });
});

describe('quote attribution on the fixture', () => {
  const sentences = segment(articleFromFile('test/fixtures/text/attribution.txt'));

  it('"X said" after a quote that spans two sentences', () => {
    expect(quoteStarting(sentences, 'We will not accept')).toMatchObject({ speaker: 'Ayman Safadi' });
    expect(quoteStarting(sentences, 'The siege must end now')).toMatchObject({ speaker: 'Ayman Safadi', text: 'The siege must end now' });
  });

  it('"said X" with an appositive', () => {
    expect(quoteStarting(sentences, 'There is nothing to negotiate')).toMatchObject({ speaker: 'Maria Lopez' });
  });

  it('"X, in a ..., stated," before the quote, with the title stripped', () => {
    expect(quoteStarting(sentences, 'Our patience has limits')).toMatchObject({ speaker: 'Helena Brandt' });
  });

  it('"according to X" names a non-person source without its article', () => {
    expect(quoteStarting(sentences, 'is holding for now')).toMatchObject({ speaker: 'senior diplomatic source' });
  });

  it('"X told Y that" and "She added:" resolve to the full name seen earlier', () => {
    expect(quoteStarting(sentences, 'every option remains')).toMatchObject({ speaker: 'Helena Brandt' });
    expect(quoteStarting(sentences, 'We have asked our partners')).toMatchObject({ speaker: 'Helena Brandt' });
  });

  it('"he said" resolves to the person named just before, and the next quote continues it', () => {
    expect(quoteStarting(sentences, 'The corridor will open')).toMatchObject({ speaker: 'Tomas Reyes' });
    expect(quoteStarting(sentences, 'Trucks will move')).toMatchObject({ speaker: 'Tomas Reyes' });
  });

  it('"said <place>-based Dr. X" reads past the title abbreviation', () => {
    expect(quoteStarting(sentences, 'Hospitals are full')).toMatchObject({ speaker: 'Ana Ruiz' });
  });

  it('leaves short unattributed scare quotes out', () => {
    expect(quoteStarting(sentences, 'phased plan')).toBeUndefined();
  });
});

describe('quote attribution on the seeds', () => {
  it("001: Netanyahu's televised statement is his quote", () => {
    const q = quoteStarting(segment(seed('001')), 'I made it clear');
    expect(q?.speaker).toMatch(/Netanyahu$/);
  });

  it('001: "Blinken remarked" and the following "He added" quote', () => {
    const sentences = segment(seed('001'));
    expect(quoteStarting(sentences, 'Several legitimate questions')?.speaker).toMatch(/Blinken$/);
    expect(quoteStarting(sentences, 'we believe they can be solved')?.speaker).toMatch(/Blinken$/);
  });

  it('000: "he said" after Blinken\'s quotes is Antony Blinken, across a three-sentence quote', () => {
    const sentences = segment(seed('000'));
    for (const start of ['Any diplomatic initiative', 'And we are again willing', 'But ultimately it is up to the parties']) {
      expect(quoteStarting(sentences, start)?.speaker).toBe('Antony Blinken');
    }
  });

  it('002: a question quote attributed afterwards ("Safadi queried") and "he said" in the next paragraph', () => {
    const sentences = segment(seed('002'));
    expect(quoteStarting(sentences, 'How can we even entertain')?.speaker).toBe('Ayman Safadi');
    expect(quoteStarting(sentences, 'Are we going to be talking about a wasteland')?.speaker).toBe('Ayman Safadi');
    expect(quoteStarting(sentences, 'Stop this madness')?.speaker).toBe('Ayman Safadi');
  });

  it('002: "as per a Turkish diplomatic source" and "Zomlot said"', () => {
    const sentences = segment(seed('002'));
    expect(quoteStarting(sentences, 'unacceptable')?.speaker).toBe('Turkish diplomatic source');
    expect(quoteStarting(sentences, 'Our president demanded')?.speaker).toBe('Husam Zomlot');
  });

  it('004: "Herzog told Blinken" gives Isaac Herzog', () => {
    expect(quoteStarting(segment(seed('004')), 'There is no greater humanitarian objective')?.speaker).toBe('Isaac Herzog');
  });
});
