/**
 * Small measures of a line's shape used by cleaning and title/date detection: how many words,
 * whether it reads as a finished sentence, and which writing system its letters belong to.
 */

export function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
  return m ? m.length : 0;
}

/** Words made of letters (not numbers), e.g. to tell "Sputnik International, 1920" from a headline. */
export function letterWordCount(text: string): number {
  const m = text.match(/\p{L}[\p{L}'’-]*/gu);
  return m ? m.length : 0;
}

/** Ends like a sentence (punctuation, maybe followed by closing quotes or brackets). */
export function endsSentence(text: string): boolean {
  return /[.!?…]["'”’»)\]]*$/.test(text.trim());
}

/** Reads as running text rather than a label, heading, teaser or button. */
export function isProse(text: string): boolean {
  return endsSentence(text) || wordCount(text) > 20;
}

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Han', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
];

/** Letter counts per writing system. */
export function scriptCounts(text: string, into: Map<string, number> = new Map()): Map<string, number> {
  let latin = 0;
  for (const ch of text.match(/\p{L}/gu) ?? []) {
    // Fast path: Basic Latin to Latin Extended-B covers most news text.
    if (ch.charCodeAt(0) < 0x250) {
      latin++;
      continue;
    }
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Other';
    into.set(script, (into.get(script) ?? 0) + 1);
  }
  if (latin) into.set('Latin', (into.get('Latin') ?? 0) + latin);
  return into;
}

/** The writing system of most letters and its share of them (0 when there are no letters). */
export function dominantScript(counts: Map<string, number>): { script: string; share: number } {
  let total = 0;
  let best = '';
  let bestCount = 0;
  for (const [script, n] of counts) {
    total += n;
    if (n > bestCount) [best, bestCount] = [script, n];
  }
  return { script: best, share: total ? bestCount / total : 0 };
}

/** Lower-cased word tokens, for comparing lines. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A quotable excerpt of `text` of at most `max` characters that keeps `text[start, end)` visible. */
export function excerpt(text: string, start = 0, end = start, max = 100): string {
  if (text.length <= max) return text;
  const span = Math.max(end - start, 0);
  const from = Math.max(0, Math.min(start - Math.floor((max - span) / 2), text.length - max));
  const to = Math.min(text.length, from + max);
  return `${from > 0 ? '...' : ''}${text.slice(from, to).trim()}${to < text.length ? '...' : ''}`;
}
