/**
 * Where a sentence is quoting someone: the character ranges inside quotation marks. Shared by the
 * tally (who is quoted, loaded words outside quotes), tone features and tone towards actors.
 */
const OPENING = new Set(['“', '«', '„']);
const CLOSING = new Set(['”', '»']);

/**
 * Character ranges of `text` inside quotation marks: curly and guillemet pairs, straight-quote
 * pairs, a closing mark with no opening one (a quote that began in an earlier sentence), an opening
 * mark with no closing one (it continues), and the quote texts the segmenter found.
 */
export function quotedRanges(text: string, quoteTexts: string[] = []): [number, number][] {
  const ranges: [number, number][] = [];
  let open = -1;
  let straight = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (OPENING.has(ch)) {
      if (open < 0) open = i;
    } else if (CLOSING.has(ch)) {
      ranges.push([open < 0 ? 0 : open, i + 1]);
      open = -1;
    } else if (ch === '"') {
      if (straight < 0) straight = i;
      else {
        ranges.push([straight, i + 1]);
        straight = -1;
      }
    }
  }
  if (open >= 0) ranges.push([open, text.length]);
  for (const q of quoteTexts) {
    if (q.length < 3) continue;
    const at = text.indexOf(q);
    if (at >= 0) ranges.push([at, at + q.length]);
  }
  return ranges;
}
