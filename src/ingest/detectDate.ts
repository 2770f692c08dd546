/**
 * The publication date, only from places that state it: the manifest, the record's own date
 * field or page metadata, a dateline at the top of the article ("May 19, 2021 - World"), the
 * outlet's own stamp ("- Sputnik International, 1920, 06.11.2023"), or a "Published ..." line.
 * Dates in the body ("on October 7") and in photo captions ("in Baghdad on November 5, 2023")
 * are about events, not publication, and are never used; without evidence the date stays empty.
 *
 * Sputnik prints its publication stamp right after the lead photo's caption; the stamp (outlet
 * name, then the date) is the evidence, not the caption text, and only the first stamp counts:
 * later ones belong to teasers for other stories.
 */
import { chrono } from '../text/chrono.js';
import type { DateSource } from '../records.js';
import { excerpt, isProse, letterWordCount, wordCount } from './textShape.js';

export type SlashDateOrder = 'day-first' | 'month-first' | 'ignore';

export interface DateDecision {
  published: string;
  source: DateSource;
  evidence: string;
}

export interface FoundDate {
  iso: string;
  /** The date as written. */
  text: string;
  index: number;
}

const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b/i;
const YEAR = /\b(1[89]\d\d|20\d\d|2100)\b/;

function iso(y: number, m: number, d: number): string {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return '';
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return '';
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Every complete (day, month and year written) date in `line`, left to right. */
export function findDates(line: string, slash: SlashDateOrder = 'ignore'): FoundDate[] {
  const found: FoundDate[] = [];
  const add = (value: string, text: string, index: number) => {
    if (value && !found.some((f) => index < f.index + f.text.length && f.index < index + text.length)) found.push({ iso: value, text, index });
  };
  for (const m of line.matchAll(/\b(\d{4})-(\d{2})-(\d{2})(?!\d)/g)) add(iso(+m[1], +m[2], +m[3]), m[0], m.index!);
  // Dotted dates are day-first wherever they are written (06.11.2023 is 6 November).
  for (const m of line.matchAll(/(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])/g)) add(iso(+m[3], +m[2], +m[1]), m[0], m.index!);
  for (const m of line.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/g)) {
    const [a, b, y] = [+m[1], +m[2], +m[3]];
    // 5/6/2021 is 5 June in Europe and May 6 in the US: decided only when unambiguous or configured.
    const order = a > 12 ? 'day-first' : b > 12 ? 'month-first' : slash;
    if (order === 'day-first') add(iso(y, b, a), m[0], m.index!);
    else if (order === 'month-first') add(iso(y, a, b), m[0], m.index!);
  }
  if (MONTH.test(line) && YEAR.test(line)) {
    for (const r of chrono().en.strict.parse(line)) {
      const s = r.start;
      if (!MONTH.test(r.text) || !YEAR.test(r.text) || !s.isCertain('day') || !s.isCertain('month') || !s.isCertain('year')) continue;
      add(iso(s.get('year') ?? 0, s.get('month') ?? 0, s.get('day') ?? 0), r.text, r.index);
    }
  }
  return found.sort((x, y) => x.index - y.index);
}

/** A date field value (manifest, record, page meta): ISO dates keep the writer's own calendar day. */
export function parseDateValue(value: string, slash: SlashDateOrder = 'ignore'): string {
  const v = value.trim();
  const isoPrefix = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(v);
  if (isoPrefix) return iso(+isoPrefix[1], +isoPrefix[2], +isoPrefix[3]);
  if (/^\d{4}$/.test(v)) return '';
  return findDates(v, slash)[0]?.iso ?? '';
}

const DATELINE_WORDS = new Set([
  'published', 'posted', 'on', 'at', 'am', 'pm', 'gmt', 'utc', 'bst', 'est', 'edt', 'cet', 'cest', 'pst', 'pdt',
  'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);

/** The line quoted for the evidence column, trimmed around the date that was used. */
function quote(text: string, date?: FoundDate): string {
  return `"${date ? excerpt(text, date.index, date.index + date.text.length, 120) : excerpt(text, 0, 0, 120)}"`;
}

export interface DateInput {
  manifest?: { value: string; where: string };
  meta?: { value: string; field: string };
  lines: string[];
  /** Names and aliases of the outlet already decided, for its date stamps. */
  outletNames: string[];
  slashDates?: SlashDateOrder;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function detectDate(input: DateInput): DateDecision {
  const slash = input.slashDates ?? 'ignore';
  if (input.manifest) return { published: input.manifest.value, source: 'manifest', evidence: `${input.manifest.where} published: ${input.manifest.value}` };
  if (input.meta) {
    const value = parseDateValue(input.meta.value, slash);
    if (value) return { published: value, source: 'record', evidence: `${input.meta.field}: ${input.meta.value}` };
  }
  const lines = input.lines.map((text, i) => ({ text: text.trim(), line: i + 1 })).filter((l) => l.text);

  // A dateline near the top (above the first sentence of the story): a short line that is
  // mostly a date ("May 19, 2021 - World").
  const firstProse = lines.findIndex((l) => isProse(l.text));
  for (const l of lines.slice(0, Math.min(6, firstProse < 0 ? lines.length : firstProse))) {
    if (wordCount(l.text) > 14 || /\b(updated|modified|photo|image)\b/i.test(l.text)) continue;
    const [d] = findDates(l.text, slash);
    if (!d) continue;
    const rest = (l.text.slice(0, d.index) + ' ' + l.text.slice(d.index + d.text.length)).toLowerCase();
    const words = (rest.match(/\p{L}+/gu) ?? []).filter((w) => !DATELINE_WORDS.has(w));
    if (words.length <= 3) return { published: d.iso, source: 'dateline', evidence: `line ${l.line}: ${quote(l.text, d)}` };
  }

  // The outlet's own stamp: its name, then (numbers and punctuation only) a date ending the line.
  const names = input.outletNames.filter((n) => n.length >= 2).map(escapeRegExp);
  if (names.length) {
    const mentions = new RegExp(names.join('|'), 'iu');
    const stamp = new RegExp(`(?:${names.join('|')})[^\\p{L}]{0,24}$`, 'iu');
    for (const l of lines) {
      if (!mentions.test(l.text)) continue;
      const dates = findDates(l.text, slash);
      const last = dates[dates.length - 1];
      if (!last || l.text.slice(last.index + last.text.length).trim()) continue;
      if (stamp.test(l.text.slice(0, last.index))) return { published: last.iso, source: 'dateline', evidence: `line ${l.line}: ${quote(l.text, last)}` };
    }
  }

  // "Published 19 March 2025", "Posted on May 19, 2021" anywhere, on a short line.
  for (const l of lines) {
    if (!/\b(published|posted)\b/i.test(l.text) || letterWordCount(l.text) > 25) continue;
    for (const d of findDates(l.text, slash)) {
      const before = l.text.slice(Math.max(0, d.index - 30), d.index);
      if (/\b(published|posted)\b/i.test(before)) return { published: d.iso, source: 'text', evidence: `line ${l.line}: ${quote(l.text, d)}` };
    }
  }
  return { published: '', source: 'unknown', evidence: '' };
}
