/**
 * Framing on the real seed articles (ingest, segment and enrich with the compact models).
 * The two November 2023 articles (Sputnik, seed 002, and seed 001 on the same Blinken visit)
 * form the event; the test fixes the event so that it checks framing, not event clustering.
 */
import { computeFraming } from '../../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../../src/analysis/framing/resources.js';
import { configSchema } from '../../../src/config/schema.js';
import type { Analysis, Framing } from '../../../src/records.js';
import { seedRecords, type SeedRecords } from './seedRecords.js';

const config = configSchema.parse({}).framing;
let seeds: SeedRecords;
let framing: Framing;
let sputnikId: string;
let otherId: string;

beforeAll(async () => {
  seeds = await seedRecords();
  const sputnik = seeds.articles.find((a) => a.outlet === 'Sputnik' && a.published.startsWith('2023-11'));
  const other = seeds.articles.find((a) => a.sourceFile.includes('001_'));
  if (!sputnik || !other) throw new Error('seeds: expected the Sputnik November 2023 article and seed 001');
  sputnikId = sputnik.id;
  otherId = other.id;
  // Give the other article an outlet of its own so the comparison is article against article.
  seeds.articles = seeds.articles.map((a) => (a.id === otherId ? { ...a, outlet: 'Other outlet', outletSource: 'manifest' as const } : a));
  seeds.sentences = seeds.sentences.map((s) => (s.articleId === otherId ? { ...s, outlet: 'Other outlet' } : s));
  const analysis: Analysis = {
    events: [{ id: 'nov-2023', label: 'Blinken visit', dateFrom: '2023-11-03', dateTo: '2023-11-06', articleIds: [sputnikId, otherId], outlets: ['Other outlet', 'Sputnik'], cohesion: 1 }],
    claimMatches: [],
    numericComparisons: [],
    claimClusters: [],
    omissions: [],
  };
  framing = computeFraming(
    { articles: seeds.articles, sentences: seeds.sentences, sentiment: seeds.enrichment.sentiment, analysis },
    loadFramingResources(config),
    config,
  );
});

const row = (outlet: string) => framing.outletFraming.find((f) => f.outlet === outlet && f.eventId === 'nov-2023')!;

describe('framing on the seeds, November 2023 event', () => {
  it('gives Sputnik a far higher loaded-language rate, with the terms listed', () => {
    const sputnik = row('Sputnik');
    const other = row('Other outlet');
    expect(sputnik.loadedPer1000Words).toBeGreaterThan(2 * other.loadedPer1000Words);
    expect(sputnik.loadedPer1000Words).toBeGreaterThan(5);
    expect(sputnik.loadedTerms).toEqual(expect.arrayContaining(['fiasco', 'deaf ears', 'pummel', 'atrocious', 'murderous', 'madness', 'tepid']));
    // Quoted loaded words ("atrocious, murderous", "madness") are counted and marked as quoted.
    expect(sputnik.loadedInQuotes).toBeGreaterThanOrEqual(3);
    expect(sputnik.loadedInQuotes).toBeLessThan(sputnik.loadedCount);
  });

  it('finds Sputnik hedging with reports it does not name', () => {
    expect(row('Sputnik').hedgeTerms).toEqual(expect.arrayContaining(['purportedly', 'reports claim']));
  });

  it('counts who is quoted by speaker group', () => {
    const groups = row('Sputnik').speakerGroups;
    expect(groups['Palestinian/Arab officials']).toBeGreaterThanOrEqual(2);
    expect(groups['US officials']).toBeGreaterThanOrEqual(1);
    expect(row('Other outlet').speakerGroups['US officials']).toBeGreaterThanOrEqual(2);
  });

  it('measures tone from every sentence and towards the actors both name', () => {
    for (const outlet of ['Sputnik', 'Other outlet']) {
      const r = row(outlet);
      expect(r.sentences).toBe(seeds.sentences.filter((s) => s.outlet === outlet).length);
      expect(r.toneNegativeShare + r.tonePositiveShare).toBeLessThanOrEqual(1);
      const blinken = framing.entityTone.find((e) => e.outlet === outlet && e.eventId === 'nov-2023' && e.entity === 'Antony Blinken');
      expect(blinken?.mentions).toBeGreaterThanOrEqual(3);
    }
  });
});
