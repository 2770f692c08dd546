/**
 * Sentence boundaries with character offsets into the article text.
 *
 * wink-nlp (pinned, with its pinned English model) does the splitting: it knows abbreviations
 * ("U.S.", "Gen.", "Jan."), initials, decimals and keeps a closing quote with the sentence it ends.
 * Three small repairs cover what it gets wrong on news text (title abbreviations such as "Sgt. Maj."
 * followed by a name, a lower-case word such as "no." read as the abbreviation "No.", and a stop inside
 * brackets or quotes read as the sentence's end: "(he is not smart!), will go down").
 *
 * Layout rules: paragraphs are separated by blank lines; inside a paragraph a line break ends a
 * sentence (headings, datelines and captions have no final stop), except where a line is merely
 * wrapped (it ends without punctuation and the next line starts in lower case). A quote that
 * runs over several sentences is split like any other text; extractQuotes joins it back.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface SentenceSpan {
  /** Offsets into the article text; `text` is that slice with line breaks read as spaces. */
  start: number;
  end: number;
  text: string;
  /** 0-based index of the blank-line-separated paragraph. */
  paragraph: number;
}

let wink: ReturnType<typeof winkNLP> | undefined;
function winkInstance(): ReturnType<typeof winkNLP> {
  // Only the sentence boundary detector is needed here; the default pipe also tags and finds
  // entities, which costs time.
  wink ??= winkNLP(model, ['sbd']);
  return wink;
}

/** Abbreviations that precede a name or number and so never end a sentence. */
const NEVER_FINAL = new Set(
  [
    'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'maj', 'capt', 'cmdr', 'adm', 'brig', 'cpl', 'pvt',
    'mr', 'mrs', 'ms', 'dr', 'prof', 'rev', 'hon', 'pres', 'supt', 'insp', 'det', 'st', 'mt', 'ft',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'nos',
    'fig', 'vol', 'art', 'sec', 'para',
  ].map((w) => w.toLowerCase()),
);

/** Lower-case abbreviations that may be followed by a capital without ending the sentence. */
const LOWER_ABBREVIATIONS = new Set(['vs', 'approx', 'est', 'ca', 'cf', 'al', 'etc', 'incl', 'esp', 'viz', 'ie', 'eg']);

// A bullet is a marker followed by a space: "- 2 degrees" loses its dash, "-2 degrees" keeps its
// sign (and "—2" its dash), so a figure never changes sign on the way into a report.
const BULLET = /^\s*(?:[•·▪●◦‣*\-–—>]\s+)*/u;
const ENDS_CLAUSE = /[.!?:;"”’')\]]\s*$/u;
const HAS_WORD = /\p{L}/u;

/** Splits article text into sentences; offsets are into `text` itself. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const block of textBlocks(text)) {
    // Line breaks inside a block are wrapped lines: read them as spaces (same length, so offsets hold).
    const flat = text.slice(block.start, block.end).replace(/[\r\n]/g, ' ');
    for (const piece of repairBoundaries(winkSentences(flat))) {
      const bullet = BULLET.exec(piece.text);
      const lead = bullet ? bullet[0].length : 0;
      const body = piece.text.slice(lead).trimEnd();
      if (!HAS_WORD.test(body)) continue;
      const start = block.start + piece.start + lead;
      spans.push({ start, end: start + body.length, text: body, paragraph: block.paragraph });
    }
  }
  return spans;
}

interface Block {
  start: number;
  end: number;
  paragraph: number;
}

/** Lines grouped into blocks that may share a sentence (wrapped lines), with their paragraph. */
function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph = -1;
  let blankBefore = true;
  let current: Block | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() === '') {
      blankBefore = true;
      current = undefined;
    } else {
      if (blankBefore) paragraph++;
      const previous = current ? text.slice(current.start, current.end) : '';
      const wrapped = current && !ENDS_CLAUSE.test(previous) && /^\s*\p{Ll}/u.test(line);
      if (current && wrapped) {
        current.end = lineEnd;
      } else {
        current = { start: lineStart, end: lineEnd, paragraph };
        blocks.push(current);
      }
      blankBefore = false;
    }
    lineStart = lineEnd + 1;
  }
  return blocks;
}

interface Piece {
  start: number;
  text: string;
}

function winkSentences(flat: string): Piece[] {
  const pieces: Piece[] = [];
  let cursor = 0;
  const sentences = winkInstance().readDoc(flat).sentences().out() as string[];
  for (const sentence of sentences) {
    const at = flat.indexOf(sentence, cursor);
    if (at < 0) continue; // never seen: wink returns the text as given; skipping beats wrong offsets
    // Anything wink skipped between sentences (it should only be whitespace) stays attached.
    pieces.push({ start: at, text: sentence });
    cursor = at + sentence.length;
  }
  if (pieces.length === 0 && flat.trim()) pieces.push({ start: 0, text: flat });
  return pieces;
}

/** Re-joins splits after title abbreviations and initials; splits after "no." and the like. */
function repairBoundaries(pieces: Piece[]): Piece[] {
  const split: Piece[] = [];
  for (const piece of pieces) {
    let from = 0;
    const boundary = /(\b\p{Ll}{2,})[.!?]["”’]?(\s+)(?=["“]?\p{Lu}\p{Ll})/gu;
    for (let m = boundary.exec(piece.text); m; m = boundary.exec(piece.text)) {
      if (LOWER_ABBREVIATIONS.has(m[1])) continue;
      const cut = m.index + m[0].length - m[2].length;
      split.push({ start: piece.start + from, text: piece.text.slice(from, cut) });
      from = cut + m[2].length;
    }
    split.push({ start: piece.start + from, text: piece.text.slice(from) });
  }
  const merged: Piece[] = [];
  for (const piece of split) {
    const last = merged[merged.length - 1];
    if (last && ((endsWithNonFinal(last.text) && /^\s*["“]?[\p{Lu}\p{N}]/u.test(piece.text)) || continuesSentence(last, piece))) {
      last.text = last.text + ' '.repeat(piece.start - last.start - last.text.length) + piece.text;
    } else {
      merged.push({ ...piece });
    }
  }
  return merged;
}

/**
 * No sentence starts with a comma or a semicolon: wink-nlp ends one after "!" or "?" inside brackets or
 * quotes ("out of whack (he is not smart!), will go down as the WORST FBI Director"), and the rest became
 * a sentence of its own, which an omission then quoted. A colon continues such a stop ("Just Ask!: Be
 * Different") or a piece it is glued to ("Jim Gerlach, R-Penn.: A spokesman told CNN"); after a space it
 * may begin a list item.
 */
function continuesSentence(last: Piece, next: Piece): boolean {
  if (/^\s*[,;]/.test(next.text)) return true;
  if (!/^\s*:/.test(next.text)) return false;
  return next.start === last.start + last.text.length || /[!?]["”’')\]]*\s*$/u.test(last.text);
}

function endsWithNonFinal(sentence: string): boolean {
  const m = /(?:^|[\s(])([\p{L}]+)\.\s*$/u.exec(sentence);
  if (!m) return false;
  const word = m[1];
  return NEVER_FINAL.has(word.toLowerCase()) && /^\p{Lu}/u.test(word);
}
