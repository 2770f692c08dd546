/**
 * Events by time window: a run that adds, changes or removes some articles clusters only those and
 * the old events they join, and keeps every other event of the previous run verbatim (same record,
 * same bytes in events.csv), also inside the days they touch. An event never spans more than
 * `windowDays` of anchors, so articles further than that from every changed one cannot share an
 * event with them.
 *
 * The night's corpus (its weights): each changed article's anchor (old and new) +- windowDays, closed
 * over every previous event that overlaps those days or holds a changed or removed article (one
 * step, not transitively). Its term weights (IDF), baselines and candidate blocking are those a full
 * run over these articles would use: a rolling background, frozen with the events built from it, so
 * an old event never flickers when the corpus grows elsewhere. The index records it as the built
 * events' range, which the claims stage weighs their statements over.
 *
 * Which old events re-open: one holding a changed or removed article, and one with a member that a
 * new or changed article has a candidate pair with (the full run's blocking within the night's
 * corpus) scored at or above the linkage threshold (the judge's link probability). Only the new and
 * changed articles and the members of re-opened events are clustered, as one group scored within the
 * night's corpus; every other event is kept. Under average linkage an article can only join a group
 * with which it has a pair at or above the threshold, so a kept event is one no new article could
 * have joined through a candidate pair; what the rule can miss is a join through a pair the blocking
 * did not propose, or an event a full run would now split or merge on the corpus-wide weights (the
 * README gives the measured difference from a `--full` run).
 *
 * A new duplicate (ingest's dedupe) follows its original: added to its original's event, kept or
 * clustered, without clustering anything (duplicates take no part in clustering, so the event is
 * what a re-clustering would give); the event keeps its range.
 *
 * Undated articles (no publication date, no mentioned date when events.useMentionedDates; an
 * address month, events.useUrlDates, is a span, not a day, and counts as undated here) are placed
 * by the run that brings them: a new or changed undated article is compared with that run's corpus,
 * or, when the run changes nothing dated, with the corpus's latest window (a report without a date
 * in a nightly feed is most likely recent). Undated articles of kept events stay where they were.
 */
import { createHash } from 'node:crypto';
import type { AnalysisVectors, Article, Event, EventRange, EventsIndex, Sentence } from '../../records.js';
import { anchorFrom, latestMentionedDay } from './dates.js';
import { eventId, type EventScorer } from './build.js';
import type { SentenceReader } from '../corpus/sentenceReader.js';

/** What the clustering reads: the articles it weighs, with their sentences. */
export interface ClusteringInput {
  articles: readonly Article[];
  sentences: readonly Sentence[];
  enrichment: AnalysisVectors | null;
}

/**
 * The run's articles, and their sentences given whole or read when the clustering needs them (the
 * events stage's stream: a night reads only its corpus's, never the whole run's).
 */
export interface IncrementInput {
  articles: readonly Article[];
  sentences: readonly Sentence[] | SentenceReader;
  enrichment: AnalysisVectors | null;
}

export interface IncrementOptions {
  /** Hash of what the events depend on besides the articles; a previous index with another basis is ignored. */
  basis: string;
  windowDays: number;
  useMentionedDates: boolean;
  /** The articles' digests: articleDigestsOf (a run, from segment's sentence digests) or articleDigests of the input. */
  digests: ReadonlyMap<string, string>;
  /**
   * Article id -> the latest day its sentences mention (latestMentionedDay), read with the digests
   * when the sentences come from a reader; without it they are read from the given sentences.
   */
  mentioned?: ReadonlyMap<string, number | null>;
  /**
   * Which old events re-open: 'linked' (the rule: those a new or changed article links to, or that
   * hold a changed or removed one) or 'window' (the rule before it, kept to measure against: every
   * event in the touched days, so the whole night's corpus is clustered again). Default 'linked'.
   */
  reopen?: 'linked' | 'window';
  /**
   * A full run (no usable previous index) over more articles than this is built in steps, as the
   * nights an empty store would have run (fullInSteps); null or absent: one range over them all.
   */
  fullRunArticles?: number | null;
}

export interface IncrementResult {
  events: Event[];
  index: EventsIndex;
  /** 'full' (no usable previous run) or 'incremental'. */
  mode: 'full' | 'incremental';
  /** eventsKept includes eventsUnchanged: touched events that came out with the same, unchanged articles. */
  counters: {
    /** Articles clustered (new, changed, members of re-opened events, their duplicates). */
    reclustered: number;
    /** Articles of the night's corpus (whose weights and blocking the night used). */
    weighed: number;
    /** Old events re-opened (a changed or removed member, or a new article's link to a member). */
    reopened: number;
    eventsKept: number;
    eventsUnchanged: number;
    /** Kept events a new duplicate joined (a new record, the same range). */
    eventsExtended: number;
    eventsBuilt: number;
    added: number;
    changed: number;
    removed: number;
  };
}

/** The events clustering, as a full run and as an incremental night uses it (src/analysis/events/build.ts). */
export interface Clustering {
  /** The events of the whole input (a full run). */
  all(input: ClusteringInput): Event[];
  /** The night's corpus: its weights, blocking and pair scores, from which part of it is clustered. */
  within(input: ClusteringInput): EventScorer;
}

export type { EventScorer };

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
function anchorDays(input: IncrementInput, useMentioned: boolean, given: ReadonlyMap<string, number | null> | undefined): Map<string, number | null> {
  let mentioned = given;
  if (!mentioned && useMentioned) {
    if (!Array.isArray(input.sentences)) throw new Error('updateEvents (src/analysis/events/increment.ts): the sentences come from a reader and options.mentioned is missing. Fix: pass the latest mentioned day of each article (articleDigests with a visit that reads latestMentionedDay).');
    const byArticle = new Map<string, Sentence[]>();
    for (const s of input.sentences as readonly Sentence[]) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
    mentioned = new Map(input.articles.map((a) => [a.id, latestMentionedDay(byArticle.get(a.id) ?? [])]));
  }
  const days = new Map<string, number | null>();
  for (const a of input.articles) days.set(a.id, anchorFrom(a, useMentioned, false, () => mentioned?.get(a.id) ?? null).day);
  for (const a of input.articles) if (a.duplicateOf && days.has(a.duplicateOf)) days.set(a.id, days.get(a.duplicateOf)!);
  return days;
}

/** The articles of `ids` with their sentences (null: every article). */
function subset(input: IncrementInput, ids: ReadonlySet<string> | null): ClusteringInput {
  const articles = ids ? input.articles.filter((a) => ids.has(a.id)) : input.articles;
  const sentences = Array.isArray(input.sentences)
    ? ids
      ? (input.sentences as readonly Sentence[]).filter((s) => ids.has(s.articleId))
      : (input.sentences as readonly Sentence[])
    : (input.sentences as SentenceReader)(ids ?? new Set(input.articles.map((a) => a.id)));
  return { articles, sentences, enrichment: input.enrichment };
}

/** The article a duplicate finally points to (a chain of duplicates followed). */
function rootOf(id: string, byId: ReadonlyMap<string, Article>): string {
  let root = id;
  for (let hops = 0; hops < 10 && byId.get(root)?.duplicateOf; hops++) root = byId.get(root)!.duplicateOf;
  return root;
}

/** The events of `input`, from the previous run's where it allows (see the file comment). */
export function updateEvents(input: IncrementInput, options: IncrementOptions, previous: { events: Event[]; index: EventsIndex } | null, clustering: Clustering): IncrementResult {
  const { digests, windowDays: w } = options;
  const days = anchorDays(input, options.useMentionedDates, options.mentioned);
  const indexArticles: EventsIndex['articles'] = {};
  for (const a of input.articles) indexArticles[a.id] = [digests.get(a.id) ?? '', days.get(a.id) ?? null];
  const zero = { reclustered: 0, weighed: 0, reopened: 0, eventsKept: 0, eventsUnchanged: 0, eventsExtended: 0, eventsBuilt: 0, added: 0, changed: 0, removed: 0 };

  const full = (): IncrementResult => {
    const limit = options.fullRunArticles;
    if (limit && input.articles.length > limit) return fullInSteps(input, options, days, clustering, limit);
    const events = clustering.all(subset(input, null));
    const range = rangeOf(input.articles.map((a) => a.id), digests);
    const index: EventsIndex = { basis: options.basis, articles: indexArticles, ranges: [range], rangeOfEvent: Object.fromEntries(events.map((e) => [e.id, range.id])) };
    return { events, index, mode: 'full', counters: { ...zero, reclustered: input.articles.length, weighed: input.articles.length, eventsBuilt: events.length } };
  };
  if (!previous || previous.index.basis !== options.basis) return full();

  const before = previous.index.articles;
  const current = new Map(input.articles.map((a) => [a.id, a]));
  /** New or changed articles (duplicates included). */
  const dirty = new Set<string>();
  let added = 0;
  let changed = 0;
  for (const a of input.articles) {
    const old = before[a.id];
    if (old && old[0] === indexArticles[a.id][0]) continue;
    if (old) changed++;
    else added++;
    dirty.add(a.id);
  }
  const removed = Object.keys(before).filter((id) => !current.has(id));
  if (dirty.size === 0 && removed.length === 0) {
    return { events: previous.events, index: { ...previous.index, articles: indexArticles }, mode: 'incremental', counters: { ...zero, eventsKept: previous.events.length } };
  }
  const eventOf = new Map<string, number>();
  previous.events.forEach((e, k) => e.articleIds.forEach((id) => eventOf.set(id, k)));
  // A new duplicate only follows its original; everything else changed is compared and clustered.
  const newDuplicate = (id: string) => !before[id] && !!current.get(id)?.duplicateOf;
  const changedIds = [...[...dirty].filter((id) => !newDuplicate(id)), ...removed];

  // The night's corpus: touched days (every changed anchor, new and old, +- the window) ...
  const intervals: [number, number][] = [];
  for (const id of changedIds) for (const d of [days.get(id), before[id]?.[1]]) if (d !== null && d !== undefined) intervals.push([d - w, d + w]);
  const undatedChanges = changedIds.some((id) => current.has(id) && days.get(id) === null);
  if (intervals.length === 0 && undatedChanges) {
    // Only undated changes: they are compared with the corpus's latest window.
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
  // ... closed over the previous events that overlap them or hold a changed or removed article (one
  // step, not transitively: interleaved stories overlap each other in time, and a transitive closure
  // would reach back through the whole corpus).
  const changedSet = new Set(changedIds);
  const near = new Set<number>();
  previous.events.forEach((e, k) => {
    const ext = extentOf(e);
    const overlaps = ext !== null && intervals.some(([lo, hi]) => ext[0] <= hi && ext[1] >= lo);
    if (overlaps || e.articleIds.some((id) => changedSet.has(id))) near.add(k);
  });
  const corpusIds = new Set<string>();
  for (const a of input.articles) if (!a.duplicateOf && (inside(days.get(a.id)) || (dirty.has(a.id) && days.get(a.id) === null))) corpusIds.add(a.id);
  for (const k of near) for (const id of previous.events[k].articleIds) if (current.has(id) && !current.get(id)!.duplicateOf) corpusIds.add(id);
  // Duplicates follow their original.
  for (const a of input.articles) if (a.duplicateOf && corpusIds.has(rootOf(a.id, current))) corpusIds.add(a.id);

  // Re-opened: an event holding a changed or removed article, or linked to a new or changed one.
  const reopened = new Set<number>();
  for (const id of changedIds) if (eventOf.has(id)) reopened.add(eventOf.get(id)!);
  if (options.reopen === 'window') for (const k of near) reopened.add(k);
  const compared = changedIds.filter((id) => current.has(id) && !current.get(id)!.duplicateOf);
  const scorer = compared.length || reopened.size ? clustering.within(subset(input, corpusIds)) : null;
  if (scorer && options.reopen !== 'window') {
    for (const link of scorer.links(compared)) {
      if (link.score < scorer.threshold || dirty.has(link.to)) continue;
      const k = eventOf.get(link.to);
      if (k !== undefined) reopened.add(k);
    }
  }
  // Clustered: the new and changed articles and the members of re-opened events (their duplicates follow).
  const clusterIds = new Set(compared);
  for (const k of reopened) for (const id of previous.events[k].articleIds) if (current.has(id) && !current.get(id)!.duplicateOf) clusterIds.add(id);
  const clustered = scorer && clusterIds.size ? scorer.cluster(clusterIds) : [];

  // A re-opened event that comes out with the same articles, none of them changed, stays as it was
  // (record and range): re-weighing must not make it flicker, and its claims are reused.
  const reopenedById = new Map([...reopened].map((k) => [previous.events[k].id, previous.events[k]]));
  const unchanged = clustered.filter((e) => reopenedById.has(e.id) && !e.articleIds.some((id) => dirty.has(id)));
  const built = clustered.filter((e) => !unchanged.includes(e));

  // A new duplicate of a member of a kept event joins it (a new record, the same range).
  const joining = new Map<number, string[]>();
  for (const id of dirty) {
    if (!newDuplicate(id)) continue;
    const k = eventOf.get(rootOf(id, current));
    if (k !== undefined && !reopened.has(k)) (joining.get(k) ?? joining.set(k, []).get(k)!).push(id);
  }
  const rangeOfEvent: Record<string, string> = {};
  const kept: Event[] = [];
  const extended: Event[] = [];
  previous.events.forEach((e, k) => {
    if (reopened.has(k)) return;
    const more = joining.get(k);
    if (!more) {
      kept.push(e);
      rangeOfEvent[e.id] = previous.index.rangeOfEvent[e.id];
      return;
    }
    const articleIds = [...e.articleIds, ...more].sort();
    const grown = { ...e, id: eventId(articleIds), articleIds };
    extended.push(grown);
    rangeOfEvent[grown.id] = previous.index.rangeOfEvent[e.id];
  });
  for (const e of unchanged) {
    kept.push(reopenedById.get(e.id)!);
    rangeOfEvent[e.id] = previous.index.rangeOfEvent[e.id];
  }
  const range = rangeOf([...corpusIds], digests);
  for (const e of built) rangeOfEvent[e.id] = range.id;
  const used = new Set(Object.values(rangeOfEvent));
  const ranges = [...previous.index.ranges.filter((r) => used.has(r.id) && r.id !== range.id), ...(built.length ? [range] : [])];
  const events = [...kept, ...extended, ...built].sort(eventOrder);
  const reclustered = new Set(clusterIds);
  for (const e of clustered) for (const id of e.articleIds) reclustered.add(id);
  return {
    events,
    index: { basis: options.basis, articles: indexArticles, ranges, rangeOfEvent },
    mode: 'incremental',
    counters: {
      reclustered: reclustered.size,
      weighed: scorer ? corpusIds.size : 0,
      reopened: reopened.size,
      eventsKept: kept.length,
      eventsUnchanged: unchanged.length,
      eventsExtended: extended.length,
      eventsBuilt: built.length + extended.length,
      added,
      changed,
      removed: removed.length,
    },
  };
}

/**
 * A full run over more than `limit` articles, built as the nights an empty store would have run over
 * them: whole days of anchors, oldest first, each step at most `limit` articles (a day holding more is
 * one step; the undated join the last, as a night's undated articles are compared with its corpus),
 * each step an incremental update of the events of the steps before. One range over the whole corpus
 * (clustering.all) holds every article's profile, statements and candidate pairs at once: at 50,000
 * articles more than 4 GB of heap. A step's work and memory follow the step and its window instead;
 * its events are those the nights would have built (README "Incremental" gives the measured
 * difference from one range).
 */
function fullInSteps(input: IncrementInput, options: IncrementOptions, days: ReadonlyMap<string, number | null>, clustering: Clustering, limit: number): IncrementResult {
  const byDay = new Map<number, string[]>();
  const undated: string[] = [];
  for (const a of input.articles) {
    const d = days.get(a.id);
    if (d === null || d === undefined) undated.push(a.id);
    else (byDay.get(d) ?? byDay.set(d, []).get(d)!).push(a.id);
  }
  const steps: string[][] = [];
  let step: string[] = [];
  for (const d of [...byDay.keys()].sort((x, y) => x - y)) {
    const ids = byDay.get(d)!;
    if (step.length && step.length + ids.length > limit) {
      steps.push(step);
      step = [];
    }
    step.push(...ids);
  }
  step.push(...undated);
  steps.push(step);
  // The steps never split again (and a step of one day over the limit is clustered whole).
  const stepOptions: IncrementOptions = { ...options, fullRunArticles: null };
  const seen = new Set<string>();
  let result: IncrementResult | undefined;
  let weighed = 0;
  for (const ids of steps) {
    for (const id of ids) seen.add(id);
    // The articles so far, in the run's order (the clustering's tie-breaks follow it).
    const articles = input.articles.filter((a) => seen.has(a.id));
    result = updateEvents({ articles, sentences: input.sentences, enrichment: input.enrichment }, stepOptions, result ? { events: result.events, index: result.index } : null, clustering);
    weighed += result.counters.weighed;
  }
  const { events, index } = result!;
  const zero = { reopened: 0, eventsKept: 0, eventsUnchanged: 0, eventsExtended: 0, added: 0, changed: 0, removed: 0 };
  return { events, index, mode: 'full', counters: { ...zero, reclustered: input.articles.length, weighed, eventsBuilt: events.length } };
}
