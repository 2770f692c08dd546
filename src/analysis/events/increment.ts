/**
 * Events by time window: a run that adds, changes or removes some articles re-clusters only the
 * date windows they touch and keeps every other event of the previous run verbatim (same record,
 * same bytes in events.csv). An event never spans more than `windowDays` of anchors, so articles
 * further than that from every changed one cannot share an event with them.
 *
 * The touched range: each changed article's anchor (old and new) +- windowDays, closed over every
 * previous event that overlaps it or holds a changed or removed article (the whole event is
 * re-clustered; one step, not transitively). Every article anchored in those days, and every
 * member of a touched event, is clustered again, as one corpus: its term weights (IDF) and
 * baselines are those of the range's articles, frozen with the events built from them, so an old
 * event never flickers when the corpus grows elsewhere. The index records each event's range for
 * the claims stage, which weighs an event's statements over the same articles.
 *
 * Undated articles (no publication date, no mentioned date when events.useMentionedDates; an
 * address month, events.useUrlDates, is a span, not a day, and counts as undated here) are placed
 * by the run that brings them: a new or changed undated article is clustered with that run's touched
 * range, or, when the run changes nothing dated, with the corpus's latest window (a report without
 * a date in a nightly feed is most likely recent). Undated articles of kept events stay where they were.
 */
import { createHash } from 'node:crypto';
import type { Article, Enrichment, Event, EventRange, EventsIndex, Sentence } from '../../records.js';
import { articleAnchor } from './dates.js';

export interface IncrementInput {
  articles: readonly Article[];
  sentences: readonly Sentence[];
  enrichment: Pick<Enrichment, 'articleVectors' | 'sentenceVectors'> | null;
}

export interface IncrementOptions {
  /** Hash of what the events depend on besides the articles; a previous index with another basis is ignored. */
  basis: string;
  windowDays: number;
  useMentionedDates: boolean;
  /** articleDigests() of the input. */
  digests: ReadonlyMap<string, string>;
}

export interface IncrementResult {
  events: Event[];
  index: EventsIndex;
  /** 'full' (no usable previous run) or 'incremental'. */
  mode: 'full' | 'incremental';
  /** eventsKept includes eventsUnchanged: touched events that came out with the same, unchanged articles. */
  counters: { reclustered: number; eventsKept: number; eventsUnchanged: number; eventsBuilt: number; added: number; changed: number; removed: number };
}

type Cluster = (input: IncrementInput) => Event[];

function rangeOf(ids: readonly string[], digests: ReadonlyMap<string, string>): EventRange {
  const articleIds = [...ids].sort();
  const h = createHash('sha256');
  for (const id of articleIds) h.update(id).update('\u0000').update(digests.get(id) ?? '').update('\u0000');
  const digest = h.digest('hex').slice(0, 32);
  return { id: `r-${digest.slice(0, 12)}`, digest, articleIds };
}

export function eventOrder(x: Event, y: Event): number {
  return (x.dateFrom || '9999').localeCompare(y.dateFrom || '9999') || x.articleIds[0].localeCompare(y.articleIds[0]);
}

/** Anchor days of the articles (a duplicate takes its original's). */
function anchorDays(input: IncrementInput, useMentioned: boolean): Map<string, number | null> {
  const byArticle = new Map<string, Sentence[]>();
  for (const s of input.sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const days = new Map<string, number | null>();
  for (const a of input.articles) days.set(a.id, articleAnchor(a, byArticle.get(a.id) ?? [], useMentioned).day);
  for (const a of input.articles) if (a.duplicateOf && days.has(a.duplicateOf)) days.set(a.id, days.get(a.duplicateOf)!);
  return days;
}

function subset(input: IncrementInput, ids: ReadonlySet<string>): IncrementInput {
  return { articles: input.articles.filter((a) => ids.has(a.id)), sentences: input.sentences.filter((s) => ids.has(s.articleId)), enrichment: input.enrichment };
}

/** The events of `input`, from the previous run's where it allows (see the file comment). */
export function updateEvents(input: IncrementInput, options: IncrementOptions, previous: { events: Event[]; index: EventsIndex } | null, cluster: Cluster): IncrementResult {
  const { digests, windowDays: w } = options;
  const days = anchorDays(input, options.useMentionedDates);
  const indexArticles: EventsIndex['articles'] = {};
  for (const a of input.articles) indexArticles[a.id] = [digests.get(a.id) ?? '', days.get(a.id) ?? null];
  const zero = { reclustered: 0, eventsKept: 0, eventsUnchanged: 0, eventsBuilt: 0, added: 0, changed: 0, removed: 0 };

  const full = (): IncrementResult => {
    const events = cluster(input);
    const range = rangeOf(input.articles.map((a) => a.id), digests);
    const index: EventsIndex = { basis: options.basis, articles: indexArticles, ranges: [range], rangeOfEvent: Object.fromEntries(events.map((e) => [e.id, range.id])) };
    return { events, index, mode: 'full', counters: { ...zero, reclustered: input.articles.length, eventsBuilt: events.length } };
  };
  if (!previous || previous.index.basis !== options.basis) return full();

  const before = previous.index.articles;
  const current = new Map(input.articles.map((a) => [a.id, a]));
  const dirty = new Set<string>();
  let added = 0;
  let changed = 0;
  for (const a of input.articles) {
    const old = before[a.id];
    if (old && old[0] === indexArticles[a.id][0]) continue;
    if (old) changed++;
    else added++;
    dirty.add(a.id);
    // A new or changed duplicate changes its original's event.
    if (a.duplicateOf) dirty.add(a.duplicateOf);
  }
  const removed = Object.keys(before).filter((id) => !current.has(id));
  for (const id of removed) dirty.add(id);
  if (dirty.size === 0) {
    return { events: previous.events, index: { ...previous.index, articles: indexArticles }, mode: 'incremental', counters: { ...zero, eventsKept: previous.events.length } };
  }

  // Touched day intervals: every dirty anchor (new and old) +- the window.
  const intervals: [number, number][] = [];
  const dirtyDays: number[] = [];
  for (const id of dirty) for (const d of [days.get(id), before[id]?.[1]]) if (d !== null && d !== undefined) dirtyDays.push(d);
  for (const d of dirtyDays) intervals.push([d - w, d + w]);
  if (intervals.length === 0) {
    // Only undated changes: they join the corpus's latest window.
    const dated = [...days.values()].filter((d): d is number => d !== null);
    if (dated.length === 0) return full();
    const latest = Math.max(...dated);
    intervals.push([latest - w, latest]);
  }
  const inside = (d: number | null | undefined) => d !== null && d !== undefined && intervals.some(([lo, hi]) => d >= lo && d <= hi);
  const extentOf = (e: Event): [number, number] | null => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const id of e.articleIds) {
      const d = before[id]?.[1];
      if (d === null || d === undefined) continue;
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    return lo === Infinity ? null : [lo, hi];
  };
  // One step, not a transitive closure: a touched event's members outside the days are clustered
  // again with the rest (so no article is left in two events), but the events they are near stay
  // kept. Interleaved stories overlap each other in time, and a transitive closure would reach back
  // through the whole corpus.
  const touched = new Set<number>();
  previous.events.forEach((e, k) => {
    const ext = extentOf(e);
    const overlaps = ext !== null && intervals.some(([lo, hi]) => ext[0] <= hi && ext[1] >= lo);
    if (overlaps || e.articleIds.some((id) => dirty.has(id))) touched.add(k);
  });

  // The range: articles anchored inside, members of touched events, new or changed undated articles.
  const ids = new Set<string>();
  for (const a of input.articles) if (!a.duplicateOf && (inside(days.get(a.id)) || (dirty.has(a.id) && days.get(a.id) === null))) ids.add(a.id);
  for (const k of touched) for (const id of previous.events[k].articleIds) if (current.has(id) && !current.get(id)!.duplicateOf) ids.add(id);
  // Duplicates follow their original.
  for (const a of input.articles) if (a.duplicateOf && ids.has(a.duplicateOf)) ids.add(a.id);

  const clustered = cluster(subset(input, ids));
  // A touched event that comes out with the same articles, none of them changed, stays as it was
  // (record and range): re-weighing its range must not make it flicker, and its claims are reused.
  const touchedById = new Map([...touched].map((k) => [previous.events[k].id, previous.events[k]]));
  const unchanged = clustered.filter((e) => touchedById.has(e.id) && !e.articleIds.some((id) => dirty.has(id)));
  const kept = [...previous.events.filter((_, k) => !touched.has(k)), ...unchanged.map((e) => touchedById.get(e.id)!)];
  const built = clustered.filter((e) => !unchanged.includes(e));
  const range = rangeOf([...ids], digests);
  const rangeOfEvent: Record<string, string> = {};
  for (const e of kept) rangeOfEvent[e.id] = previous.index.rangeOfEvent[e.id];
  for (const e of built) rangeOfEvent[e.id] = range.id;
  const used = new Set(Object.values(rangeOfEvent));
  const ranges = [...previous.index.ranges.filter((r) => used.has(r.id) && r.id !== range.id), ...(built.length ? [range] : [])];
  const events = [...kept, ...built].sort(eventOrder);
  return {
    events,
    index: { basis: options.basis, articles: indexArticles, ranges, rangeOfEvent },
    mode: 'incremental',
    counters: { reclustered: ids.size, eventsKept: kept.length, eventsUnchanged: unchanged.length, eventsBuilt: built.length, added, changed, removed: removed.length },
  };
}
