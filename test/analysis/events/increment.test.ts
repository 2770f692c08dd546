/**
 * The incremental rule of events (src/analysis/events/increment.ts) with a stand-in clustering
 * (articles with the same title are one event; a pair of them scores 1, any other pair 0), so each
 * case is exact: which old events re-open, what is clustered, what is kept verbatim, and when the
 * whole corpus is clustered again.
 */
import type { Article, Event, Sentence } from '../../../src/records.js';
import { latestMentionedDay } from '../../../src/analysis/events/dates.js';
import { updateEvents, type Clustering } from '../../../src/analysis/events/increment.js';
import { eventId } from '../../../src/analysis/events/build.js';

const article = (id: string, published: string, title: string, text = title): Article => ({
  id, contentHash: `${id}:${text}`, sourceFile: 'x.jsonl', format: 'jsonl', outlet: `o-${id}`, outletSource: 'record', outletEvidence: '', outletCountry: '', outletOwnership: '',
  url: '', published, publishedSource: published ? 'record' : 'unknown', publishedEvidence: '', title, text, words: 50, language: 'en', analysable: true, duplicateOf: '',
}) as Article;

/** Same title, same event; records how many articles each clustering call clustered and each night's corpus held. */
const calls: number[] = [];
const weighed: number[] = [];
function byTitle(articles: readonly Article[]): Event[] {
  calls.push(articles.length);
  const groups = new Map<string, Article[]>();
  for (const a of articles) if (!a.duplicateOf) (groups.get(a.title) ?? groups.set(a.title, []).get(a.title)!).push(a);
  return [...groups.values()].map((members) => {
    const ids = [...members.map((a) => a.id), ...articles.filter((a) => members.some((m) => m.id === a.duplicateOf)).map((a) => a.id)].sort();
    const dates = members.map((a) => a.published).filter(Boolean).sort();
    return { id: eventId(ids), label: members[0].title, dateFrom: dates[0] ?? '', dateTo: dates[dates.length - 1] ?? '', articleIds: ids, outlets: [], cohesion: 1 };
  });
}
/** Every other article of the night's corpus is a candidate partner; titles with the same first word link (score 1). */
const clustering: Clustering = {
  all: (input) => byTitle(input.articles),
  within(input) {
    weighed.push(input.articles.length);
    const byId = new Map(input.articles.map((a) => [a.id, a]));
    return {
      threshold: 0.5,
      links: (ids) => ids.flatMap((id) => input.articles.filter((b) => b.id !== id && !b.duplicateOf).map((b) => ({ from: id, to: b.id, score: b.title.split(' ')[0] === byId.get(id)!.title.split(' ')[0] ? 1 : 0 }))),
      cluster: (ids) => byTitle(input.articles.filter((a) => ids.has(a.id) || ids.has(a.duplicateOf))),
      counters: () => ({ articles: input.articles.length, candidatePairs: 0, pairsScored: 0, clustered: 0 }),
    };
  },
};

const digestsOf = (articles: Article[]) => new Map(articles.map((a) => [a.id, a.contentHash]));
const run = (articles: Article[], previous: ReturnType<typeof updateEvents> | null, basis = 'b1', fullRunArticles?: number | null) =>
  updateEvents(
    { articles, sentences: [], enrichment: null },
    { basis, windowDays: 10, useMentionedDates: false, digests: digestsOf(articles), ...(fullRunArticles === undefined ? {} : { fullRunArticles }) },
    previous && { events: previous.events, index: previous.index },
    clustering,
  );

// Three stories months apart.
const corpus = [
  article('a1', '2024-01-01', 'storm'),
  article('a2', '2024-01-03', 'storm'),
  article('b1', '2024-03-01', 'vote'),
  article('b2', '2024-03-02', 'vote'),
  article('c1', '2024-06-01', 'match'),
];

beforeEach(() => {
  calls.length = 0;
  weighed.length = 0;
});

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
  expect(weighed).toEqual([2]);
  expect(next.counters).toMatchObject({ added: 2, eventsKept: 3, eventsBuilt: 1, reclustered: 2, reopened: 0 });
  for (const old of first.events) expect(next.events).toContain(old);
  // The new event has its own range; the old ones keep theirs.
  const quake = next.events.find((e) => e.label === 'quake')!;
  expect(next.index.rangeOfEvent[quake.id]).not.toBe(first.index.ranges[0].id);
  expect(next.index.ranges).toHaveLength(2);
});

test('a new article that links to an old event re-opens it: it joins, the other events are kept', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('b3', '2024-03-05', 'vote')], first);
  // The night's corpus is the vote's days (b1, b2, b3); the vote event re-opens and is clustered with b3.
  expect(weighed).toEqual([3]);
  expect(calls).toEqual([5, 3]);
  expect(next.counters).toMatchObject({ reopened: 1, eventsKept: 2, eventsBuilt: 1, reclustered: 3 });
  expect(next.events.find((e) => e.label === 'vote')!.articleIds).toEqual(['b1', 'b2', 'b3']);
  expect(next.events.filter((e) => first.events.includes(e)).map((e) => e.label).sort()).toEqual(['match', 'storm']);
});

test('a new article inside an old event\'s days that links to none of it leaves the event kept verbatim', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('x1', '2024-03-03', 'rally')], first);
  // Weighed with the vote's articles, but only the new article is clustered.
  expect(weighed).toEqual([3]);
  expect(calls).toEqual([5, 1]);
  expect(next.counters).toMatchObject({ reopened: 0, eventsUnchanged: 0, eventsKept: 3, eventsBuilt: 1, reclustered: 1 });
  const vote = first.events.find((e) => e.label === 'vote')!;
  expect(next.events).toContain(vote);
  expect(next.index.rangeOfEvent[vote.id]).toBe(first.index.rangeOfEvent[vote.id]);
  expect(next.events.find((e) => e.label === 'rally')!.articleIds).toEqual(['x1']);
});

test('a re-opened event that comes out with the same articles is kept as it was', () => {
  const first = run(corpus, null);
  // "vote recount" links to the vote's articles (so the event re-opens) but is clustered apart.
  const next = run([...corpus, article('r1', '2024-03-03', 'vote recount')], first);
  expect(calls).toEqual([5, 3]);
  expect(next.counters).toMatchObject({ reopened: 1, eventsUnchanged: 1, eventsKept: 3, eventsBuilt: 1 });
  const vote = first.events.find((e) => e.label === 'vote')!;
  expect(next.events).toContain(vote);
  expect(next.index.rangeOfEvent[vote.id]).toBe(first.index.rangeOfEvent[vote.id]);
});

test('a changed article re-opens its event; a removed one too; an unchanged corpus changes nothing', () => {
  const first = run(corpus, null);
  const edited = corpus.map((a) => (a.id === 'a2' ? article('a2', '2024-01-03', 'storm', 'storm, updated') : a));
  expect(run(edited, first).counters).toMatchObject({ changed: 1, reopened: 1, eventsKept: 2, eventsBuilt: 1 });
  // Changed to another story: the event re-opens and splits.
  calls.length = 0;
  const moved = run(corpus.map((a) => (a.id === 'a2' ? article('a2', '2024-01-03', 'flood') : a)), first);
  expect(calls).toEqual([2]);
  expect(moved.events.filter((e) => ['storm', 'flood'].includes(e.label)).map((e) => e.articleIds)).toEqual([['a1'], ['a2']]);
  expect(moved.counters).toMatchObject({ reopened: 1, eventsKept: 2, eventsBuilt: 2 });
  const removed = run(corpus.filter((a) => a.id !== 'c1'), first);
  expect(removed.counters).toMatchObject({ removed: 1, eventsKept: 2, eventsBuilt: 0 });
  expect(removed.events.map((e) => e.label).sort()).toEqual(['storm', 'vote']);
  calls.length = 0;
  const same = run(corpus, first);
  expect(calls).toEqual([]);
  expect(same.events).toBe(first.events);
});

test('an undated new article is compared with the latest window', () => {
  const first = run(corpus, null);
  const next = run([...corpus, article('u1', '', 'match')], first);
  // The latest window is June: c1 and the undated article are clustered together; the rest is kept.
  expect(weighed).toEqual([2]);
  expect(calls).toEqual([5, 2]);
  expect(next.events.find((e) => e.label === 'match')!.articleIds).toEqual(['c1', 'u1']);
  expect(next.counters.eventsKept).toBe(2);
});

test('a new duplicate follows its original into a kept event without clustering anything', () => {
  const first = run(corpus, null);
  const copy = { ...article('a9', '2024-01-02', 'storm'), duplicateOf: 'a1' } as Article;
  const next = run([...corpus, copy], first);
  expect(calls).toEqual([5]);
  expect(weighed).toEqual([]);
  const storm = next.events.find((e) => e.label === 'storm')!;
  expect(storm.articleIds).toEqual(['a1', 'a2', 'a9']);
  expect(storm.id).toBe(eventId(['a1', 'a2', 'a9']));
  const old = first.events.find((e) => e.label === 'storm')!;
  // The grown event keeps its range; the others are the same objects.
  expect(next.index.rangeOfEvent[storm.id]).toBe(first.index.rangeOfEvent[old.id]);
  expect(next.counters).toMatchObject({ eventsKept: 2, eventsExtended: 1, reopened: 0 });
});

describe('sentences read when the clustering needs them (the events stage streams them)', () => {
  const sentenceOf = (a: Article, dates: string[] = []): Sentence => ({ id: `${a.id}#0`, articleId: a.id, outlet: a.outlet, index: 0, paragraph: 0, text: a.title, quotes: [], numbers: [], entities: [], dates });
  // u1 has no publication date; its sentence mentions a day of the vote's window.
  const night = [...corpus, article('b3', '2024-03-05', 'vote'), article('u1', '', 'vote')];
  const sentences = night.map((a) => sentenceOf(a, a.id === 'u1' ? ['2024-03-04'] : []));
  const asked: string[][] = [];
  const reader = (ids: ReadonlySet<string>) => (asked.push([...ids].sort()), sentences.filter((s) => ids.has(s.articleId)));
  const seen: string[][] = [];
  const withSentences: Clustering = {
    all: (input) => (seen.push(input.sentences.map((s) => s.articleId).sort()), clustering.all(input)),
    within: (input) => (seen.push(input.sentences.map((s) => s.articleId).sort()), clustering.within(input)),
  };
  const options = (articles: Article[], mentioned?: Map<string, number | null>) => ({ basis: 'b1', windowDays: 10, useMentionedDates: true, digests: digestsOf(articles), ...(mentioned ? { mentioned } : {}) });
  const mentionedOf = (articles: Article[]) => new Map(articles.map((a) => [a.id, latestMentionedDay(sentences.filter((s) => s.articleId === a.id))]));

  beforeEach(() => {
    asked.length = 0;
    seen.length = 0;
  });

  test("a full run reads every article's sentences; a night only its corpus's, and places an undated article by the days its sentences mention", () => {
    const first = updateEvents({ articles: corpus, sentences: reader, enrichment: null }, options(corpus, mentionedOf(corpus)), null, withSentences);
    expect(asked).toEqual([corpus.map((a) => a.id).sort()]);
    const next = updateEvents({ articles: night, sentences: reader, enrichment: null }, options(night, mentionedOf(night)), { events: first.events, index: first.index }, withSentences);
    // The vote's window: b1, b2 and the two new articles (u1 by its mentioned day); storm and match are not read.
    expect(asked[1]).toEqual(['b1', 'b2', 'b3', 'u1']);
    expect(seen[1]).toEqual(['b1', 'b2', 'b3', 'u1']);
    expect(next.events.find((e) => e.label === 'vote')!.articleIds).toEqual(['b1', 'b2', 'b3', 'u1']);
    expect(next.index.articles.u1[1]).toBe(next.index.articles.b3[1]! - 1);
    // The same as the sentences given whole (the mentioned days then read from them).
    const firstWhole = updateEvents({ articles: corpus, sentences, enrichment: null }, options(corpus), null, withSentences);
    const nextWhole = updateEvents({ articles: night, sentences, enrichment: null }, options(night), { events: firstWhole.events, index: firstWhole.index }, withSentences);
    expect(nextWhole).toEqual(next);
  });

  test('a reader without the mentioned days, when they count: an error that says what to pass', () => {
    expect(() => updateEvents({ articles: corpus, sentences: reader, enrichment: null }, options(corpus), null, withSentences)).toThrow(/options\.mentioned is missing.*Fix:/);
    expect(asked).toEqual([]);
  });
});

describe('a full run over more than events.fullRunArticles articles is built in steps', () => {
  const stepped = (articles: Article[], limit: number | null) => run(articles, null, 'b1', limit);
  // A story that straddles a step boundary, a day larger than the limit, an undated article, a
  // duplicate, and articles given out of date order.
  const big = [
    article('c1', '2024-06-01', 'match'),
    article('a1', '2024-01-01', 'storm'),
    article('a2', '2024-01-03', 'storm'),
    article('b1', '2024-03-01', 'vote'),
    article('b2', '2024-03-02', 'vote'),
    article('b3', '2024-03-02', 'vote'),
    article('b4', '2024-03-02', 'vote'),
    { ...article('b5', '2024-03-02', 'vote'), duplicateOf: 'b4' } as Article,
    article('e1', '2024-03-05', 'vote'),
    article('u1', '', 'match'),
  ];

  test('at or under the limit, or with null, one range over every article as before', () => {
    for (const limit of [null, big.length]) {
      calls.length = 0;
      const full = stepped(big, limit);
      expect(full.mode).toBe('full');
      expect(full.index.ranges).toHaveLength(1);
      expect(calls).toEqual([big.length]);
    }
  });

  test('over it: whole days oldest first, the undated last, each step the night an empty store would have run', () => {
    const full = stepped(big, 3);
    // Steps: [a1 a2 b1]; 2024-03-02's four alone (a day is never split, even over the limit); [e1 c1 u1]. The
    // vote story spans all three: the second step re-opens it (b2-b4 link to b1; the duplicate b5 follows b4),
    // the third again (e1), which also clusters c1 and the undated u1 with it.
    expect(full.mode).toBe('full');
    expect(calls).toEqual([3, 5, 8]);
    // The same as those nights run one after the other, each over the articles so far.
    const order = ['a1', 'a2', 'b1', '|', 'b2', 'b3', 'b4', 'b5', '|', 'e1', 'c1', 'u1'];
    let nights: ReturnType<typeof updateEvents> | null = null;
    const seen = new Set<string>();
    calls.length = 0;
    for (const id of [...order, '|']) {
      if (id !== '|') {
        seen.add(id);
        continue;
      }
      nights = run(big.filter((a) => seen.has(a.id)), nights);
    }
    expect(calls).toEqual([3, 5, 8]);
    expect(full.events).toEqual(nights!.events);
    expect(full.index).toEqual(nights!.index);
    expect(full.events.map((e) => e.articleIds)).toEqual([['a1', 'a2'], ['b1', 'b2', 'b3', 'b4', 'b5', 'e1'], ['c1', 'u1']]);
    expect(full.index.ranges.length).toBeGreaterThan(1);
    expect(full.counters).toMatchObject({ reclustered: big.length, eventsBuilt: 3, eventsKept: 0 });
  });
});
