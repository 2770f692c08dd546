import { computeFraming, framedArticles } from '../../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../../src/analysis/framing/resources.js';
import { speakerName } from '../../../src/analysis/framing/tally.js';
import { quotedRanges } from '../../../src/analysis/framing/quotes.js';
import { configSchema } from '../../../src/config/schema.js';
import type { Sentence } from '../../../src/records.js';
import * as fx from '../../report/fixtureRecords.js';

const config = configSchema.parse({}).framing;
const resources = loadFramingResources(config);
const SCRIPT = '<script>alert("outlet")</script>';

describe('computeFraming on fixture records', () => {
  const framing = computeFraming(
    { articles: fx.articles, sentences: fx.sentences, sentiment: fx.sentiment, analysis: fx.analysis },
    resources,
    config,
  );
  const row = (outlet: string, eventId: string) => framing.outletFraming.find((f) => f.outlet === outlet && f.eventId === eventId)!;

  it('has one row per outlet and event plus one per outlet across all events, in a stable order', () => {
    expect(framing.outletFraming.map((f) => `${f.outlet}|${f.eventId}`)).toEqual([
      `${SCRIPT}|*`,
      `${SCRIPT}|ev1`,
      'Wire One|*',
      'Wire One|ev2',
      'Wire One|ev1',
    ]);
  });

  it('sums articles, sentences and words into the all-events row', () => {
    const all = row('Wire One', '*');
    expect(all.articles).toBe(2);
    expect(all.sentences).toBe(3);
    expect(all.words).toBe(row('Wire One', 'ev1').words + row('Wire One', 'ev2').words);
  });

  it('computes tone from sentence sentiment', () => {
    const r = row(SCRIPT, 'ev1');
    // fixture scores for a2#0..2: 0.1 (neutral), -0.75 (negative), 0.1 (neutral) by global index parity
    const scores = fx.sentences.map((s, i) => ({ s, sc: fx.sentiment[i] })).filter((x) => x.s.articleId === 'a2');
    const mean = scores.reduce((t, x) => t + x.sc.score, 0) / scores.length;
    expect(r.toneMean).toBeCloseTo(mean, 10);
    expect(r.toneNegativeShare).toBeCloseTo(scores.filter((x) => x.sc.label === 'negative').length / scores.length, 10);
  });

  it('counts loaded terms in titles and text, per 1,000 words, with the terms listed', () => {
    const r = row(SCRIPT, 'ev1');
    expect(r.loadedTermCounts).toEqual({ fiasco: 2 });
    expect(r.loadedTerms).toEqual(['fiasco']);
    expect(r.loadedPer1000Words).toBeCloseTo((2 * 1000) / r.words, 10);
    expect(row('Wire One', 'ev1').loadedCount).toBe(0);
  });

  it('counts quotes by speaker group and attribution verbs', () => {
    const r = row('Wire One', 'ev1');
    expect(r.quotes).toBe(1);
    expect(r.speakerGroups).toEqual({ Other: 1 });
    expect(r.attributionTermCounts).toEqual({ say: 1 });
  });

  it('takes coverage from the analysis records', () => {
    expect(row('Wire One', '*')).toMatchObject({ eventsCovered: 2, claimsShared: 1, contradictions: 1, numericDiscrepancies: 1, omissions: 1 });
    expect(row('Wire One', 'ev2')).toMatchObject({ eventsCovered: 1, claimsShared: 0, contradictions: 0, omissions: 0 });
    expect(row(SCRIPT, 'ev1')).toMatchObject({ eventsCovered: 1, claimsShared: 1, omissions: 0 });
  });

  it('reports tone towards actors only above the minimum mention count', () => {
    expect(framing.entityTone.map((e) => `${e.outlet}|${e.eventId}|${e.entity}|${e.mentions}`)).toEqual(['Wire One|*|Antony Blinken|2']);
    const e = framing.entityTone[0];
    expect(e.sentenceIds).toEqual(['a1#0', 'a3#0']);
    expect(e.entityType).toBe('person');
    expect(e.strongest.text).toBeTruthy();
  });

  it('leaves out duplicates and other-language articles', () => {
    const dup = { ...fx.articles[0], id: 'dup', duplicateOf: 'a1' };
    const other = { ...fx.articles[0], id: 'fr', analysable: false };
    expect(framedArticles([...fx.articles, dup, other]).map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('gives empty coverage and tone without analysis or sentiment', () => {
    const f = computeFraming(
      { articles: fx.articles, sentences: fx.sentences, sentiment: [], analysis: { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] } },
      resources,
      config,
    );
    expect(f.outletFraming.map((r) => r.eventId)).toEqual(['*', '*']);
    expect(f.outletFraming[0]).toMatchObject({ toneMean: 0, eventsCovered: 0, claimsShared: 0 });
    expect(f.entityTone).toEqual([]);
  });
});

describe('quotes and speakers', () => {
  it('finds quoted ranges, including quotes that open or close in another sentence', () => {
    const t = 'Stop this madness,” he said, calling it “atrocious” and "vile".';
    const ranges = quotedRanges(t);
    const quoted = (word: string) => ranges.some(([a, b]) => t.indexOf(word) >= a && t.indexOf(word) + word.length <= b);
    expect(quoted('madness')).toBe(true);
    expect(quoted('atrocious')).toBe(true);
    expect(quoted('vile')).toBe(true);
    expect(quoted('calling')).toBe(false);
  });

  it('counts loaded terms inside quotation marks separately', () => {
    const s: Sentence = { ...fx.sentences[0], id: 'q#0', articleId: 'q', text: '“Stop this madness,” he said of the fiasco.', quotes: [] };
    const a = { ...fx.articles[0], id: 'q', title: '' };
    const f = computeFraming({ articles: [a], sentences: [s], sentiment: [], analysis: fx.analysis }, resources, config);
    expect(f.outletFraming[0]).toMatchObject({ loadedCount: 2, loadedInQuotes: 1 });
  });

  it('names a speaker by the canonical entity it contains', () => {
    const s = { ...fx.sentences[0], entities: [{ text: 'Antony Blinken', name: 'Antony Blinken', type: 'person' as const }, { text: 'Blinken', name: 'Antony Blinken', type: 'person' as const }] };
    expect(speakerName('US Secretary of State Antony Blinken', s).name).toBe('Antony Blinken');
    expect(speakerName('a senior official', s).name).toBe('a senior official');
  });
});
