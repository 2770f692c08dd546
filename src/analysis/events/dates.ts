/**
 * Where an article sits in time, for the event date window.
 *
 * The publication date is the anchor. An article without one is placed at the latest full date
 * (day, month and year) its text mentions, when `useMentioned` is on: a report is written on or
 * after the dates it reports, and usually close to the latest. Articles with neither are free.
 * Anchors only ever keep articles apart (an event spans at most `windowDays` of anchors); they
 * never merge anything (a same-week bonus merged distinct same-week stories on basil-dev).
 */
import type { Article, Sentence } from '../../records.js';
import { dayNumber } from '../corpus/profiles.js';

export interface DateAnchor {
  /** Days since 1970-01-01, or null when nothing places the article in time. */
  day: number | null;
  source: 'published' | 'mentioned' | 'none';
}

export function articleAnchor(article: Pick<Article, 'published'>, sentences: readonly Sentence[], useMentioned: boolean): DateAnchor {
  const published = dayNumber(article.published);
  if (published !== null) return { day: published, source: 'published' };
  if (!useMentioned) return { day: null, source: 'none' };
  let latest: number | null = null;
  for (const sentence of sentences) {
    for (const date of sentence.dates) {
      const day = dayNumber(date);
      if (day !== null && (latest === null || day > latest)) latest = day;
    }
  }
  return latest === null ? { day: null, source: 'none' } : { day: latest, source: 'mentioned' };
}

/** Both anchored and further apart than the window: never the same event. */
export function timeConflict(a: DateAnchor, b: DateAnchor, windowDays: number): boolean {
  return a.day !== null && b.day !== null && Math.abs(a.day - b.day) > windowDays;
}

/** Whether a set of anchors fits one window (anchor-less members do not count). */
export function fitsWindow(anchors: readonly DateAnchor[], windowDays: number): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const { day } of anchors) {
    if (day === null) continue;
    if (day < min) min = day;
    if (day > max) max = day;
  }
  return max - min <= windowDays || min === Infinity;
}
