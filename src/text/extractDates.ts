/**
 * Calendar dates in a sentence, via chrono-node (pinned).
 *
 * Only dates whose year the text itself gives become ISO strings ("May 17, 2021" -> 2021-05-17,
 * "May 2021" -> 2021-05, "06.11.2023" -> 2023-11-06, dotted dates read day-first as in European
 * house styles; an ambiguous slashed date such as 05/06/2021 follows input.slashDates). "On Sunday", "last week" or "October 7" without a year are not resolved: guessing
 * a year from the publication date would invent facts the event stage then trusts.
 * The spans of every date-like mention (with or without a year, and clock times) are returned too,
 * so that the numbers inside them are not read as counts.
 */
import { chrono } from './chrono.js';

export interface DateMentions {
  /** ISO dates (YYYY-MM-DD or YYYY-MM), in order of appearance, without duplicates. */
  dates: string[];
  /** [start, end) offsets of date and time expressions in the sentence. */
  spans: [number, number][];
}

const MONTH = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?/i;
const NUMERIC_DATE = /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b/;
const CLOCK = /\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d{2}\b/i;
const YEAR = /\b(1[89]\d\d|20\d\d|2100)\b/;
// A fixed reference keeps the output independent of the day the pipeline runs; only parts the
// text states are used.
const REFERENCE = new Date(Date.UTC(2000, 0, 1, 12));

const pad = (n: number) => String(n).padStart(2, '0');

/** How to read 05/06/2021 (the ingest setting input.slashDates); dotted dates are always day-first. */
export type SlashDates = 'ignore' | 'day-first' | 'month-first';

export function extractDates(sentence: string, slashDates: SlashDates = 'ignore'): DateMentions {
  const dates: string[] = [];
  const spans: [number, number][] = [];
  for (const result of chrono().parse(sentence, REFERENCE)) {
    const text = result.text;
    const dotted = /^\d{1,2}\.\d{1,2}\.\d{4}$/.test(text.trim());
    const slash = /^(\d{1,2})\/(\d{1,2})\/\d{2,4}$/.exec(text.trim());
    const ambiguous = slash !== null && Number(slash[1]) <= 12 && Number(slash[2]) <= 12;
    const dayFirst = dotted || (slash !== null && (ambiguous ? slashDates === 'day-first' : Number(slash[1]) > 12));
    const parsed = dayFirst ? chrono().en.GB.parse(text, REFERENCE)[0] ?? result : result;
    const monthAt = text.search(MONTH);
    const numeric = NUMERIC_DATE.test(text);
    if (monthAt >= 0 || numeric || CLOCK.test(text)) spans.push([result.index, result.index + text.length]);
    const year = YEAR.exec(text);
    if (!year || !parsed.start.isCertain('month') || (ambiguous && slashDates === 'ignore')) continue;
    // "since 2021, Oct. 7" is two things chrono reads as one; a year must follow its month.
    if (!numeric && (monthAt < 0 || monthAt > year.index)) continue;
    if (Number(year[1]) !== parsed.start.get('year')) continue;
    const y = parsed.start.get('year');
    const m = parsed.start.get('month');
    const iso = parsed.start.isCertain('day') ? `${y}-${pad(m ?? 1)}-${pad(parsed.start.get('day') ?? 1)}` : `${y}-${pad(m ?? 1)}`;
    if (!dates.includes(iso)) dates.push(iso);
  }
  return { dates, spans };
}
