/**
 * Where direct quotes are in an article's text: spans between quotation marks, straight or curly,
 * across as many sentences as they run. Works line by line (a paragraph or a line never shares a
 * quote with the next one):
 * - “ opens, ” closes, a straight " closes an open quote or opens one, so mixed marks
 *   ("good, productive, candid”) still pair up;
 * - a closing mark with no opening before it on its line closes a quote that started at the line's
 *   beginning (news continues a quote from the previous paragraph that way);
 * - an opening mark never closed runs to the end of its line.
 * Single quotation marks are not used: in news text they are mostly apostrophes and headline quotes.
 */

export interface QuoteSpan {
  /** Offsets of the quoted words (marks excluded) in the article text. */
  start: number;
  end: number;
  /** Offsets including the quotation marks. */
  outerStart: number;
  outerEnd: number;
}

const OPEN = '“„«';
const CLOSE = '”»';
const STRAIGHT = '"';

export function findQuoteSpans(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    quotesInLine(text, lineStart, lineEnd, spans);
    lineStart = lineEnd + 1;
  }
  return spans;
}

function quotesInLine(text: string, from: number, to: number, out: QuoteSpan[]): void {
  let openAt = -1;
  let sawMark = false;
  const push = (outerStart: number, outerEnd: number) => {
    let start = outerStart;
    let end = outerEnd;
    if (start < end && (OPEN + STRAIGHT).includes(text[start])) start++;
    if (end > start && (CLOSE + STRAIGHT).includes(text[end - 1])) end--;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (/\p{L}/u.test(text.slice(start, end))) out.push({ start, end, outerStart, outerEnd });
  };
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (OPEN.includes(c)) {
      if (openAt < 0) openAt = i;
      sawMark = true;
    } else if (CLOSE.includes(c)) {
      if (openAt >= 0) push(openAt, i + 1);
      else if (!sawMark) push(firstNonSpace(text, from, i), i + 1);
      openAt = -1;
      sawMark = true;
    } else if (c === STRAIGHT) {
      if (openAt >= 0) {
        push(openAt, i + 1);
        openAt = -1;
      } else {
        openAt = i;
      }
      sawMark = true;
    }
  }
  // A mark left open runs to the end of the line when words follow it (an inch mark does not).
  if (openAt >= 0 && /^\s*["“„«]?\s*\p{L}/u.test(text.slice(openAt, openAt + 3))) push(openAt, trimEnd(text, openAt, to));
}

function firstNonSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && /\s/.test(text[i - 1])) i--;
  return i;
}
