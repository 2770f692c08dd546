/**
 * The headline: the title given by the manifest or the record, else the first line of the
 * cleaned article when it reads like a headline (a few words, no closing full stop), found
 * after at most a little page chrome (section label, dateline). Captions are gone by now, so a
 * photo caption cannot become the title. A text that opens with its lead paragraph has no
 * headline, and its title stays empty rather than being made up.
 */
import type { Paragraph } from './cleanText.js';
import { findDates } from './detectDate.js';
import { endsSentence, letterWordCount, tokens, wordCount } from './textShape.js';

export interface TitleDecision {
  title: string;
  /** Index of the first body paragraph: the headline and the chrome above it are not body text. */
  bodyStart: number;
}

/** How far into the text a headline may start. */
const HEADER_PARAGRAPHS = 5;

function key(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function isDateline(text: string): boolean {
  const [d] = findDates(text);
  if (!d) return false;
  return letterWordCount(text.slice(0, d.index) + ' ' + text.slice(d.index + d.text.length)) <= 3;
}

/** Section labels, mastheads and datelines that sit above a headline. */
function isChrome(text: string): boolean {
  if (endsSentence(text)) return false;
  return letterWordCount(text) <= 3 || (wordCount(text) <= 14 && isDateline(text));
}

function isHeadline(text: string): boolean {
  const words = wordCount(text);
  return letterWordCount(text) >= 3 && words <= 30 && !/[.:;,]$/.test(text) && !isDateline(text);
}

export function detectTitle(paragraphs: Paragraph[], given?: string): TitleDecision {
  const head = paragraphs.slice(0, HEADER_PARAGRAPHS);
  if (given) {
    // The body often repeats the given headline; drop the repeat (and the chrome above it).
    // A reworded version of the same headline (most of its words in the given title) is a
    // headline too, not body text.
    const wanted = key(given);
    const titleWords = new Set(tokens(given));
    const sameHeadline = (text: string) => {
      const words = tokens(text);
      return isHeadline(text) && words.filter((w) => titleWords.has(w)).length >= 0.6 * words.length;
    };
    for (let i = 0; i < head.length; i++) {
      if (key(head[i].text) === wanted || sameHeadline(head[i].text)) return { title: given, bodyStart: i + 1 };
      if (!isChrome(head[i].text)) break;
    }
    return { title: given, bodyStart: 0 };
  }
  for (let i = 0; i < head.length; i++) {
    const text = head[i].text;
    if (isHeadline(text)) return { title: text, bodyStart: i + 1 };
    if (!isChrome(text)) break;
  }
  return { title: '', bodyStart: 0 };
}
