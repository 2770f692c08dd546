/**
 * Where an article sits in time, for the event date window.
 *
 * The publication date is the anchor. An article without one is placed, when `useUrl` is on, in
 * the span its address states: many outlets file a story under its date
 * (".../2013/03/01/slug", ".../2016/oct/31/slug", ".../blogs/politics/2013/03/slug"), a statement by
 * the publisher, so a year-and-month path places the article somewhere in that month and a
 * year-month-day path on that day. Failing that, when `useMentioned` is on, it is placed at the
 * latest full date (day, month and year) its text mentions: a report is written on or after the
 * dates it reports, and usually close to the latest. Articles with none of these are free.
 * Anchors only ever keep articles apart (an event spans at most `windowDays` of anchors); they
 * never merge anything (a same-week bonus merged distinct same-week stories on basil-dev).
 *
 * An address date is a span, not a day: it keeps an article apart from articles dated more than
 * the window beyond its month, and `day` stays null, so the judge's date features and the
 * nightly range cutting (increment.ts) treat it as undated.
 */
import type { Article, Sentence } from '../../records.js';
import { dayNumber } from '../corpus/profiles.js';

export interface DateAnchor {
  /** Days since 1970-01-01, or null when nothing places the article on one day. */
  day: number | null;
  source: 'published' | 'url' | 'mentioned' | 'none';
  /** First and last day the article may have been published on (an address month); else `day`. */
  from?: number;
  to?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(segment: string): number | null {
  if (/^\d{1,2}$/.test(segment)) {
    const m = Number(segment);
    return m >= 1 && m <= 12 ? m : null;
  }
  const word = segment.toLowerCase();
  if (!/^[a-z]{3,9}$/.test(word)) return null;
  const k = MONTHS.indexOf(word.slice(0, 3));
  // "mar" or "march", "sept": a month name or its usual abbreviation, not any word starting so.
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][k];
  return k >= 0 && (word === full || word === MONTHS[k] || word === 'sept') ? k + 1 : null;
}

const utcDay = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;

/**
 * The publication span an article's address states: a path segment holding a year (1990-2099)
 * directly followed by a month segment (01-12 or its English name), and a day segment (01-31)
 * when there is one. Query strings, fragments and the host are not read. Null otherwise.
 */
export function urlDateSpan(url: string): { from: number; to: number } | null {
  if (!url) return null;
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const segments = pathname.split('/').filter(Boolean);
  for (let k = 0; k + 1 < segments.length; k++) {
    if (!/^(199\d|20\d\d)$/.test(segments[k])) continue;
    const year = Number(segments[k]);
    const month = monthOf(segments[k + 1]);
    if (month === null) continue;
    const next = segments[k + 2] ?? '';
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (/^\d{1,2}$/.test(next) && Number(next) >= 1 && Number(next) <= last) {
      const day = utcDay(year, month, Number(next));
      return { from: day, to: day };
    }
    return { from: utcDay(year, month, 1), to: utcDay(year, month, last) };
  }
  return null;
}

export function articleAnchor(article: Pick<Article, 'published'> & { url?: string }, sentences: readonly Sentence[], useMentioned: boolean, useUrl = false): DateAnchor {
  return anchorFrom(article, useMentioned, useUrl, () => latestMentionedDay(sentences));
}

/**
 * articleAnchor with the latest day its sentences mention asked for only when the anchor needs it
 * (no publication date): the events stage reads it from a pass over the streamed sentences.
 */
export function anchorFrom(article: Pick<Article, 'published'> & { url?: string }, useMentioned: boolean, useUrl: boolean, mentioned: () => number | null): DateAnchor {
  const published = dayNumber(article.published);
  if (published !== null) return { day: published, source: 'published' };
  if (useUrl) {
    const span = urlDateSpan(article.url ?? '');
    if (span) return { day: null, source: 'url', from: span.from, to: span.to };
  }
  if (!useMentioned) return { day: null, source: 'none' };
  const latest = mentioned();
  return latest === null ? { day: null, source: 'none' } : { day: latest, source: 'mentioned' };
}

/** The latest day the sentences mention, or null. */
export function latestMentionedDay(sentences: Iterable<Pick<Sentence, 'dates'>>): number | null {
  let latest: number | null = null;
  for (const sentence of sentences) {
    for (const date of sentence.dates) {
      const day = dayNumber(date);
      if (day !== null && (latest === null || day > latest)) latest = day;
    }
  }
  return latest;
}

/** First and last possible day of an anchor, or null when it places nothing. */
function spanOf(anchor: DateAnchor): [number, number] | null {
  if (anchor.day !== null) return [anchor.day, anchor.day];
  if (anchor.from !== undefined && anchor.to !== undefined) return [anchor.from, anchor.to];
  return null;
}

/** Both anchored and further apart than the window (however their spans are read): never the same event. */
export function timeConflict(a: DateAnchor, b: DateAnchor, windowDays: number): boolean {
  const x = spanOf(a);
  const y = spanOf(b);
  return x !== null && y !== null && Math.max(x[0] - y[1], y[0] - x[1]) > windowDays;
}

/** Whether a set of anchors fits one window (anchor-less members do not count; a span may sit anywhere in it). */
export function fitsWindow(anchors: readonly DateAnchor[], windowDays: number): boolean {
  let latestStart = -Infinity;
  let earliestEnd = Infinity;
  for (const anchor of anchors) {
    const span = spanOf(anchor);
    if (!span) continue;
    if (span[0] > latestStart) latestStart = span[0];
    if (span[1] < earliestEnd) earliestEnd = span[1];
  }
  return latestStart - earliestEnd <= windowDays || earliestEnd === Infinity;
}
