/**
 * The window rule of incremental events (src/analysis/events/increment.ts) with a stand-in
 * clustering (articles with the same title are one event), so each case is exact: what is
 * re-clustered, what is kept verbatim, and when the whole corpus is clustered again.
 */
import type { Article, Event } from '../../../src/records.js';
import { updateEvents, type IncrementInput } from '../../../src/analysis/events/increment.js';
import { eventId } from '../../../src/analysis/events/build.js';

const article = (id: string, published: string, title: string, text = title): Article => ({
  id, contentHash: `${id}:${text}`, sourceFile: 'x.jsonl', format: 'jsonl', outlet: `o-${id}`, outletSource: 'record', outletEvidence: '', outletCountry: '', outletOwnership: '',
  url: '', published, publishedSource: published ? 'record' : 'unknown', publishedEvidence: '', title, text, words: 50, language: 'en', analysable: true, duplicateOf: '',
}) as Article;

/** Same title, same event; records how many articles each call clustered. */
const calls: number[] = [];
function byTitle(input: IncrementInput): Event[] {
  calls.push(input.articles.length);
  const groups = new Map<string, Article[]>();
  for (const a of input.articles) (groups.get(a.title) ?? groups.set(a.title, []).get(a.title)!).push(a);
  return [...groups.values()].map((members) => {
    const ids = members.map((a) => a.id).sort();
    const dates = members.map((a) => a.published).filter(Boolean).sort();
    return { id: eventId(ids), label: members[0].title, dateFrom: dates[0] ?? '', dateTo: dates[dates.length - 1] ?? '', articleIds: ids, outlets: [], cohesion: 1 };
  });
}

const digestsOf = (articles: Article[]) => new Map(articles.map((a) => [a.id, a.contentHash]));
const run = (articles: Article[], previous: ReturnType<typeof updateEvents> | null, basis = 'b1') =>
  updateEvents({ articles, sentences: [], enrichment: null }, { basis, windowDays: 10, useMentionedDates: false, digests: digestsOf(articles) }, previous && { events: previous.events, index: previous.index }, byTitle);

// Three stories months apart.
const corpus = [
  article('a1', '2024-01-01', 'storm'),
  article('a2', '2024-01-03', 'storm'),
  article('b1', '2024-03-01', 'vote'),
  article('b2', '2024-03-02', 'vote'),
  article('c1', '2024-06-01', 'match'),
];

beforeEach(() => (calls.length = 0));

test('a first run, or a previous index on another basis, clusters everything', () => {
  const first = run(corpus, null);
  expect(first.mode).toBe('full');
  expect(first.events.map((e) => e.label).sort()).toEqual(['match', 'storm', 'vote']);
  expect(first.index.ranges).toHaveLength(1);
  const rebased = run(corpus, first, 'b2');
  expect(rebased.mode).toBe('full');
  expect(calls).toEqual([5, 5]);
});

test('new articles in a new window: only they are clustered; the old events are the same objects', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('d1', '2024-09-01', 'quake'), article('d2', '2024-09-02', 'quake')], first);
  expect(next.mode).toBe('incremental');
  expect(calls).toEqual([5, 2]);
  expect(next.counters).toMatchObject({ added: 2, eventsKept: 3, eventsBuilt: 1, reclustered: 2 });
  for (const old of first.events) expect(next.events).toContain(old);
  // The new event has its own range; the old ones keep theirs.
  const quake = next.events.find((e) => e.label === 'quake')!;
  expect(next.index.rangeOfEvent[quake.id]).not.toBe(first.index.ranges[0].id);
  expect(next.index.ranges).toHaveLength(2);
});

test('an article joining an old story re-clusters that event only', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('b3', '2024-03-05', 'vote')], first);
  expect(calls).toEqual([5, 3]);
  expect(next.events.find((e) => e.label === 'vote')!.articleIds).toEqual(['b1', 'b2', 'b3']);
  expect(next.events.filter((e) => first.events.includes(e)).map((e) => e.label).sort()).toEqual(['match', 'storm']);
});

test('a touched event that comes out with the same articles is kept as it was', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('x1', '2024-03-03', 'rally')], first);
  expect(calls).toEqual([5, 3]);
  expect(next.counters).toMatchObject({ eventsUnchanged: 1, eventsKept: 3, eventsBuilt: 1 });
  const vote = first.events.find((e) => e.label === 'vote')!;
  expect(next.events).toContain(vote);
  expect(next.index.rangeOfEvent[vote.id]).toBe(first.index.rangeOfEvent[vote.id]);
});

test('a changed or removed article re-clusters its event; an unchanged corpus changes nothing', () => {
  const first = run(corpus, null);
  const edited = corpus.map((a) => (a.id === 'a2' ? article('a2', '2024-01-03', 'storm', 'storm, updated') : a));
  expect(run(edited, first).counters).toMatchObject({ changed: 1, eventsKept: 2, eventsBuilt: 1 });
  const removed = run(corpus.filter((a) => a.id !== 'c1'), first);
  expect(removed.counters).toMatchObject({ removed: 1, eventsKept: 2, eventsBuilt: 0 });
  expect(removed.events.map((e) => e.label).sort()).toEqual(['storm', 'vote']);
  calls.length = 0;
  const same = run(corpus, first);
  expect(calls).toEqual([]);
  expect(same.events).toBe(first.events);
});

test('an undated new article is clustered with the latest window', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('u1', '', 'match')], first);
  // The latest window is June: c1 and the undated article are clustered together; the rest is kept.
  expect(calls).toEqual([5, 2]);
  expect(next.events.find((e) => e.label === 'match')!.articleIds).toEqual(['c1', 'u1']);
  expect(next.counters.eventsKept).toBe(2);
});
