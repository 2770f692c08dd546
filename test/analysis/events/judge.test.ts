/**
 * Event clustering with the shipped article-pair judge (config/models/events.json) on invented
 * articles, through the real segmenter and the compact embedding model.
 */
import { clusterEvents } from '../../../src/analysis/events/build.js';
import { judgeProbability, readEventsJudge } from '../../../src/analysis/events/judge.js';
import { prepareEventCorpus } from '../../../src/analysis/events/pairs.js';
import type { Article, Event } from '../../../src/records.js';
import { fixtureArticles, offlineConfig, prepareArticles, stageContext, type Prepared } from '../pipelineHarness.js';

const config = offlineConfig();
const judge = readEventsJudge(config.events.judge);
let stories: Prepared;
let leads: Prepared;

beforeAll(async () => {
  stories = await prepareArticles(stageContext(config), fixtureArticles('events.json'));
  leads = await prepareArticles(stageContext(config), fixtureArticles('shortLeads.json'));
}, 120_000);

const groupOf = (events: Event[], id: string) => events.find((e) => e.articleIds.includes(id))!;

describe('article-pair judge', () => {
  test('the audit pairs are built only when asked for, and the events are the same either way', () => {
    const plain = clusterEvents(stories, config.events, config.claims, judge);
    const audited = clusterEvents(stories, config.events, config.claims, judge, undefined, { auditPairs: true });
    expect(plain.pairs).toBeUndefined();
    expect(audited.pairs).toHaveLength(audited.counters.candidatePairs);
    expect(audited.counters.candidatePairs).toBeGreaterThan(0);
    expect(audited.events).toEqual(plain.events);
    for (const [weighted, audit] of [[clusterEvents(stories, config.events, config.claims), clusterEvents(stories, config.events, config.claims, null, undefined, { auditPairs: true })]]) {
      expect(weighted.pairs).toBeUndefined();
      expect(audit.pairs).toHaveLength(audit.counters.candidatePairs);
      expect(audit.events).toEqual(weighted.events);
    }
  });

  test('the shipped file is a cross-validated judge with a link threshold', () => {
    expect(judge.thresholds.link).toBeGreaterThan(0);
    expect(judge.thresholds.link).toBeLessThan(1);
    expect(judge.training.folds).toBeGreaterThanOrEqual(2);
    expect(Object.keys(judge.training.crossValidated)).toContain('ecbplus');
  });

  test('one shared common name does not link two short leads about different stories', () => {
    const { events } = clusterEvents(leads, config.events, config.claims, judge);
    expect(groupOf(events, 'maternal-1').articleIds).not.toContain('police-1');
    expect(groupOf(events, 'police-1').articleIds).not.toContain('maternal-1');
    // Every pair of the two stories together stays below the link threshold on average.
    const corpus = prepareEventCorpus(leads, config.events, config.claims);
    const at = (id: string) => corpus.articles.findIndex((a) => a.id === id);
    const cross = ['maternal-1', 'maternal-2'].flatMap((m) => ['police-1', 'police-2'].map((p) => [at(m), at(p)]));
    const probability = judgeProbability(judge, corpus);
    const mean = cross.reduce((sum, [i, j]) => sum + probability(Math.min(i, j), Math.max(i, j)), 0) / cross.length;
    expect(mean).toBeLessThan(judge.thresholds.link);
  });

  test('the bridge reports form one event, the football report stays alone', () => {
    const { events } = clusterEvents(stories, config.events, config.claims, judge);
    expect(groupOf(events, 'bridge-gazette-1').articleIds).toEqual(['bridge-courier-1', 'bridge-courier-2', 'bridge-gazette-1']);
    expect(groupOf(events, 'football-gazette').articleIds).toEqual(['football-gazette']);
  });

  test('cohesion is the weakest pair probability; mayMixStories follows the file threshold', () => {
    const { events } = clusterEvents(stories, config.events, config.claims, judge);
    for (const e of events) {
      expect(e.cohesion).toBeGreaterThanOrEqual(0);
      expect(e.cohesion).toBeLessThanOrEqual(1);
      if (e.articleIds.length === 1) expect(e.cohesion).toBe(1);
      expect(e.mayMixStories).toBe(e.cohesion < judge.thresholds.mixed);
    }
  });

  test('a duplicate joins the event of its original, with the judge and without', () => {
    const original = stories.articles.find((a) => a.id === 'bridge-gazette-1')!;
    const copy: Article = { ...original, id: 'bridge-gazette-1-copy', analysable: false, duplicateOf: original.id };
    const withCopy = { ...stories, articles: [...stories.articles, copy] };
    for (const events of [clusterEvents(withCopy, config.events, config.claims, judge).events, clusterEvents(withCopy, config.events, config.claims).events]) {
      expect(groupOf(events, 'bridge-gazette-1').articleIds).toContain('bridge-gazette-1-copy');
      expect(events.filter((e) => e.articleIds.includes('bridge-gazette-1-copy'))).toHaveLength(1);
    }
  });
});
