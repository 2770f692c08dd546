/**
 * Event clustering on invented fixture articles run through the real segmenter and the real
 * compact embedding model (test/fixtures/analysis/events.json).
 */
import { clusterEvents, eventId } from '../../../src/analysis/events/build.js';
import type { Article, Event } from '../../../src/records.js';
import { fixtureArticles, offlineConfig, prepareArticles, stageContext, type Prepared } from '../pipelineHarness.js';

const config = offlineConfig();
let base: Prepared;

beforeAll(async () => {
  base = await prepareArticles(stageContext(config), fixtureArticles('events.json'));
});

async function clusterWith(articles: Article[], events = config.events): Promise<Event[]> {
  const prepared = await prepareArticles(stageContext(config), articles);
  return clusterEvents(prepared, events, config.claims).events;
}

const groupOf = (events: Event[], id: string) => events.find((e) => e.articleIds.includes(id))!;

describe('clusterEvents', () => {
  test('one event per story; one outlet with two articles counts once', () => {
    const { events } = clusterEvents(base, config.events, config.claims);
    const bridge = groupOf(events, 'bridge-gazette-1');
    expect(bridge.articleIds).toEqual(['bridge-courier-1', 'bridge-courier-2', 'bridge-gazette-1']);
    expect(bridge.outlets).toEqual(['Eastbank Courier', 'Riverton Gazette']);
    expect(bridge.dateFrom).toBe('2024-03-05');
    expect(bridge.dateTo).toBe('2024-03-07');
    expect(bridge.id).toBe(eventId(bridge.articleIds));
    expect(['Riverton Bridge collapses into the Saltmere River', 'Ship strike brings down Riverton Bridge', 'Divers recover bodies as Riverton Bridge inquiry opens']).toContain(bridge.label);
    expect(groupOf(events, 'football-gazette').articleIds).toEqual(['football-gazette']);
  });

  test('the same mayor and bridge five years earlier is a different event', () => {
    const { events } = clusterEvents(base, config.events, config.claims);
    expect(groupOf(events, 'bridge-vote-2019').articleIds).toEqual(['bridge-vote-2019']);
  });

  test('identical reports dated further apart than the window are never merged', async () => {
    const redated = fixtureArticles('events.json').map((a) => (a.id === 'bridge-courier-1' ? { ...a, published: '2025-03-06' } : a));
    const events = await clusterWith(redated);
    expect(groupOf(events, 'bridge-courier-1').articleIds).toEqual(['bridge-courier-1']);
    expect(groupOf(events, 'bridge-gazette-1').articleIds).toEqual(['bridge-courier-2', 'bridge-gazette-1']);
  });

  test('undated reports of different rounds of the same talks stay apart (ordinal conflict)', async () => {
    const { events } = clusterEvents(base, config.events, config.claims);
    expect(groupOf(events, 'talks-round-2').articleIds).toEqual(['talks-round-2']);
    // The rule is what keeps them apart: their wording is nearly identical.
    const without = clusterEvents(base, { ...config.events, ordinalConflict: false }, config.claims).events;
    expect(groupOf(without, 'talks-round-2').articleIds).toEqual(['talks-round-2', 'talks-round-5']);
  });

  test('an undated, unknown-outlet copy joins the story and is its own outlet', async () => {
    const articles = fixtureArticles('events.json');
    const courier = articles.find((a) => a.id === 'bridge-courier-1')!;
    const wire: Article = { ...courier, id: 'bridge-wire', outlet: 'unknown', outletSource: 'unknown', published: '', publishedSource: 'unknown', title: '' };
    const events = await clusterWith([...articles, wire]);
    const bridge = groupOf(events, 'bridge-wire');
    expect(bridge.articleIds).toContain('bridge-gazette-1');
    expect(bridge.outlets).toContain('unknown:bridge-wire');
  });

  test('a long text in another language is not clustered; a duplicate joins its original; output is deterministic', () => {
    const hidden = base.articles.map((a) => (a.id === 'football-gazette' ? { ...a, analysable: false } : a.id === 'bridge-courier-2' ? { ...a, duplicateOf: 'bridge-courier-1' } : a));
    const { events } = clusterEvents({ ...base, articles: hidden }, config.events, config.claims);
    const all = events.flatMap((e) => e.articleIds);
    expect(all).not.toContain('football-gazette');
    // A duplicate is not clustered on its own: it joins the event of the article it duplicates.
    expect(all.filter((id) => id === 'bridge-courier-2')).toHaveLength(1);
    expect(events.find((e) => e.articleIds.includes('bridge-courier-1'))!.articleIds).toContain('bridge-courier-2');
    expect(clusterEvents(base, config.events, config.claims)).toEqual(clusterEvents(base, config.events, config.claims));
  });
});
