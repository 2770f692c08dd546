/**
 * How a sentence's quotes, speakers, numbers, entities and dates read in one CSV cell each.
 * Items are joined with "; " so a spreadsheet cell stays readable and splittable.
 *
 *   quotes    "Stop this madness" — Ayman Safadi; "we are continuing full force" — Benjamin Netanyahu
 *   speakers  Ayman Safadi; Benjamin Netanyahu           (distinct, in order; unattributed quotes add none)
 *   numbers   At least 9,488 palestinians [≥9488, deaths]; between 24 and 72 hours [24–72]; over nine thousand people [≥9000, deaths, approx]
 *   entities  Antony Blinken (person); United States (place)
 *   dates     2021-05-17; 2023-11
 */
import type { Quantity, Sentence } from '../records.js';
import { OPEN_MAX } from './extractQuantities.js';

export interface SentenceCells {
  quotes: string;
  speakers: string;
  numbers: string;
  entities: string;
  dates: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4))));

/** "≥9488", "≤500", "24–72", "9000", "~400". */
export function formatBounds(q: Quantity): string {
  if (q.max >= OPEN_MAX) return `≥${fmt(q.min)}`;
  if (q.qualifier === 'at-most') return `≤${fmt(q.max)}`;
  if (q.min !== q.max) return `${fmt(q.min)}–${fmt(q.max)}`;
  return `${q.approx ? '~' : ''}${fmt(q.value)}`;
}

/** `At least 9,488 palestinians [≥9488, deaths]`; years, ordinals and tally sides say their kind: `2021 [year]`. */
export function formatQuantity(q: Quantity): string {
  const written = q.unit && !q.text.toLowerCase().includes(q.unit) && q.kind !== 'percent' && q.kind !== 'money' ? `${q.text} ${q.unit}` : q.text;
  if (q.kind === 'year' || q.kind === 'ordinal') return `${written} [${q.kind}]`;
  // "passed 52-48": `52 [tally, first side]; 48 [tally, second side]`.
  if (q.kind === 'tally') return `${q.text} [tally, ${q.tallySide ?? 'first'} side]`;
  const bounds = formatBounds(q);
  const notes = [bounds, q.subject, q.approx && !bounds.startsWith('~') ? 'approx' : ''].filter(Boolean);
  return `${written} [${notes.join(', ')}]`;
}

export function formatSentenceCells(sentence: Sentence): SentenceCells {
  const speakers = [...new Set(sentence.quotes.map((q) => q.speaker).filter(Boolean))];
  return {
    quotes: sentence.quotes.map((q) => `"${q.text}"${q.speaker ? ` — ${q.speaker}` : ''}`).join('; '),
    speakers: speakers.join('; '),
    numbers: sentence.numbers.map(formatQuantity).join('; '),
    entities: sentence.entities.map((e) => `${e.name} (${e.type})`).join('; '),
    dates: sentence.dates.join('; '),
  };
}
