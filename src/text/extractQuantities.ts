/**
 * Numbers in a sentence with their qualifier, range, counted noun and subject.
 *
 * "At least 9,488 Palestinians have died" -> min 9488, open max, at-least, unit "palestinians",
 * subject deaths; "over nine thousand people" -> min 9000, approx; "between 24 and 72 hours" ->
 * range 24..72 hours. Tokens and parts of speech come from wink-nlp (pinned); the number
 * grammar is in numberWords.ts.
 *
 * Bounds: an open upper bound is OPEN_MAX (JSON has no Infinity); "up to"/"fewer than" give min 0.
 * "about"/"nearly" keep min = max = value with approx = true: how much slack that allows is the
 * comparison's call (claims.numericTolerance). approx is also true for round figures written
 * with a scale word ("nine thousand", "1.5 million") and for vague plurals ("hundreds").
 * Not counts: numbers inside dates and clock times (left out), years (kind 'year', e.g. "in 2021",
 * "the 1990s"), ordinals before a noun (kind 'ordinal', e.g. "ninth visit"), identifiers such as
 * "Section 230", "No. 2" or "COVID-19" (left out), and the sides of a vote or score (kind 'tally',
 * one quantity per side with `tallySide`: "passed 52-48", "a 134-to-63 vote", "voted 52 to 48").
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Quantity } from '../records.js';
import { parseNumberAt, parseOrdinal, SCALES, wordTable, type ParsedNumber } from './numberWords.js';
import { quantitySubject } from './quantitySubjects.js';
import { ownValue } from '../runtime/safeKeys.js';
import { possessivesApartMapped } from './possessivesApart.js';

/** Upper bound of "at least", "more than" and the like. */
export const OPEN_MAX = Number.MAX_SAFE_INTEGER;

let wink: ReturnType<typeof winkNLP> | undefined;
const winkInstance = () => (wink ??= winkNLP(model, ['pos']));

interface Tok {
  text: string;
  lower: string;
  pos: string;
  start: number;
  end: number;
}

type Qualifier = Quantity['qualifier'];
/** Phrases before a number, longest first within each length. */
const BEFORE: [string, Qualifier, boolean][] = [
  ['no fewer than', 'at-least', false], ['no less than', 'at-least', false], ['in excess of', 'at-least', false],
  ['more than', 'at-least', false], ['greater than', 'at-least', false], ['at least', 'at-least', false],
  ['upwards of', 'at-least', false], ['a minimum of', 'at-least', false], ['just over', 'at-least', true],
  ['north of', 'at-least', true], ['over', 'at-least', false], ['above', 'at-least', false],
  ['exceeding', 'at-least', false], ['no more than', 'at-most', false], ['not more than', 'at-most', false],
  ['fewer than', 'at-most', false], ['less than', 'at-most', false], ['as many as', 'at-most', false],
  ['a maximum of', 'at-most', false], ['at most', 'at-most', false], ['up to', 'at-most', false],
  ['just under', 'at-most', true], ['under', 'at-most', false], ['below', 'at-most', false],
  ['close to', 'about', true], ['an estimated', 'about', true], ['estimated', 'about', true],
  ['approximately', 'about', true], ['roughly', 'about', true], ['around', 'about', true],
  ['about', 'about', true], ['nearly', 'about', true], ['almost', 'about', true], ['some', 'about', true],
  ['circa', 'about', true], ['approx.', 'about', true],
];
const CURRENCY_BEFORE = new Set([
  '$', 'us$', '£', '€', '¥', '₪', '₹', '₦', '₽', 'usd', 'eur', 'gbp', 'nis', 'inr', 'rs', 'rs.', 'kes', 'ksh', 'ngn', 'zar',
  'rub', 'cny', 'rmb', 'chf', 'cad', 'aud', 'c$', 'a$', 'hk$',
]);
const CURRENCY_AFTER = new Set(['dollars', 'dollar', 'euros', 'euro', 'pounds', 'shekels', 'yuan', 'rupees', 'roubles', 'rubles', 'yen', 'rand', 'naira', 'shillings']);
/**
 * Currency symbols written glued to the figure that are also letters ("R1.3 trillion" rand,
 * "Rs5 crore", "KSh2bn", "N5 billion" naira), with the code their token is read as.
 */
const GLUED_CURRENCY: Record<string, string> = wordTable({ r: 'zar', rs: 'inr', 'rs.': 'inr', ksh: 'kes', n: 'ngn', '₹': 'inr', '₦': 'ngn' });
/**
 * Capitalised words that make the number after them a name, not an amount: "Article 370",
 * "Section 8", "Resolution 2334", "Unit 8200", "Boeing 737", "Category 5".
 */
const IDENTIFIER_HEADS = new Set([
  'article', 'section', 'resolution', 'chapter', 'clause', 'paragraph', 'amendment', 'rule', 'title', 'bill', 'act',
  'regulation', 'directive', 'decree', 'order', 'protocol', 'annex', 'appendix', 'exhibit', 'form', 'schedule',
  'flight', 'route', 'highway', 'road', 'gate', 'platform', 'terminal', 'room', 'building', 'block', 'sector', 'ward',
  'district', 'precinct', 'unit', 'brigade', 'division', 'battalion', 'squadron', 'phase', 'level', 'stage',
  'category', 'grade', 'model', 'version', 'boeing', 'airbus', 'apollo', 'iphone', 'windows', 'page', 'line',
]);
/**
 * Telephone numbers ("0800 123 4567", "+44 20 7946 0958", "(202) 555-0143"): groups of digits with
 * separators, marked by a leading "+" or "0", an area code in brackets, or a group that is not a
 * thousands group. "1 000 000" written with spaces stays a number.
 */
const PHONE = /(?<![\p{L}\p{N}])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\p{L}\p{N}])/gu;

function phoneSpans(sentence: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of sentence.matchAll(PHONE)) {
    const text = m[0];
    const digits = text.replace(/\D/g, '');
    const groups = text.replace(/^\+\d{1,3}[ .-]?/, '').split(/[ .()-]+/).filter(Boolean);
    const marked = text.startsWith('+') || text.startsWith('(') || /^0\d/.test(text) || groups.slice(1).some((g) => g.length !== 3);
    // "1.5" and "2,000-3,000" are numbers: a phone number has seven or more digits and one real separator.
    if (digits.length >= 7 && marked && /[ (+]|\d-\d{3,}-/.test(text)) spans.push([m.index!, m.index! + text.length]);
  }
  return spans;
}
const TIME_UNITS: Record<string, string> = wordTable({
  second: 'seconds', seconds: 'seconds', minute: 'minutes', minutes: 'minutes', hour: 'hours', hours: 'hours',
  day: 'days', days: 'days', week: 'weeks', weeks: 'weeks', month: 'months', months: 'months',
  year: 'years', years: 'years', decade: 'decades', decades: 'decades',
});
// Whole month names or their abbreviations only: a prefix match read "19 separate actions", "12 married
// couples" and "3 decades" as dates and dropped the figure.
const MONTHS = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/;
/** Scales written glued to a figure ("1.5m", "3bn"): mergeGlued joins them to it. */
const GLUED_SCALE = /^(?:k|m|mn|bn|b|tn)$/i;
/** Units written glued to their figure ("10km", "5kg", "20pc", "2x"), besides the scales. */
const GLUED_UNITS = new Set([
  'km', 'kms', 'cm', 'mm', 'kg', 'kgs', 'mg', 'lb', 'lbs', 'oz', 'ft', 'in', 'mi', 'mph', 'kph', 'kmh',
  'sq', 'ha', 'l', 'ml', 'kw', 'mw', 'gw', 'kwh', 'mwh', 'gwh', 'twh', 'kb', 'gb', 'mb', 'tb', 'hz', 'khz', 'mhz', 'ghz', 'pc', 'bp', 'bps',
  'x', 'yr', 'yrs', 'hr', 'hrs', 'h', 'min', 'mins', 'sec', 'secs', 's', 'st', 'nd', 'rd', 'th', 'am', 'pm',
]);
const CLOCK_AFTER = new Set(['a.m.', 'p.m.', 'am', 'pm', 'gmt', 'et', 'edt', 'est', 'pt', 'utc', "o'clock"]);
const NOT_BEFORE_ONE = new Set(['no', 'any', 'every', 'some', 'the', 'this', 'that', 'each', 'which', 'someone']);

function tokenize(given: string): Tok[] {
  // Possessives apart: wink-nlp keeps "Trump’s" whole once the process has read "Trump’s," and then
  // missed the year in "Trump’s 2016 campaign"; the tokens are placed in the new text, then mapped back.
  const { text: sentence, original } = possessivesApartMapped(given);
  const doc = winkInstance().readDoc(sentence);
  const its = winkInstance().its;
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const toks: Tok[] = [];
  let at = 0;
  values.forEach((value, i) => {
    at += spaces[i].length;
    const found = sentence.indexOf(value, at);
    const start = found >= 0 && found - at < 3 ? found : at;
    toks.push({ text: value, lower: value.toLowerCase(), pos: pos[i], start, end: start + value.length });
    at = start + value.length;
  });
  // Glued in the text wink-nlp read ("1990 ’s" stays two tokens), then placed in the sentence as given.
  return joinSpacedThousands(sentence, mergeGlued(sentence, toks)).map((t) => ({ ...t, start: original(t.start), end: original(t.end) }));
}

/** A thousands group after a comma and one space, as tokenized corpora write "5,000" ("5, 000"). */
const SPACED_GROUP = /^\d{3}$/;
const LIST_JOINERS = new Set([',', 'and', 'or', '&']);

/** Token i is followed by a comma glued to it, one space and a thousands group: ", 000". */
function spacedGroupAfter(toks: Tok[], i: number): boolean {
  const [comma, group] = [toks[i + 1], toks[i + 2]];
  return comma?.text === ',' && comma.start === toks[i].end && group?.start === comma.end + 1 && SPACED_GROUP.test(group.text);
}

/**
 * Re-joins "5" "," "000" into one figure, 5,000, where a corpus was tokenized before it was published
 * (ECB+ writes "$30, 000" and "1, 300 biologists"): read apart, the figure was "000 gallons", 0, and the
 * comparison then disputed 0 against 5,000. A group beginning with 0 is never a figure of its own, so it
 * always joins; another group joins unless the first figure ends a date ("March 5, 200 people": the date
 * is masked, the 200 stays) or the group is an item of a list of figures ("rooms 5, 100 and 200").
 */
function joinSpacedThousands(sentence: string, toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    let last = i;
    if (/^\d{1,3}$/.test(t.text) && !(out.length && MONTHS.test(out[out.length - 1].lower))) {
      // The longest run "d, ddd, ddd": each comma glued to the figure before it, one space after it.
      while (spacedGroupAfter(toks, last)) last += 2;
      if (last > i) {
        const after = toks[last + 1];
        // "1, 300 and 2, 000" is a pair of tokenized thousands; "5, 100 and 200" a list.
        let at = last + 2;
        if (after?.text === ',' && LIST_JOINERS.has(toks[at]?.lower ?? '')) at++;
        const listed = after !== undefined && LIST_JOINERS.has(after.lower) && /^\d/.test(toks[at]?.text ?? '') && !spacedGroupAfter(toks, at);
        if (!toks[last].text.startsWith('0') && listed) last = i;
      }
    }
    if (last === i) {
      out.push(t);
      continue;
    }
    const text = sentence.slice(t.start, toks[last].end);
    out.push({ ...t, text, lower: text.replace(/, /g, ','), end: toks[last].end, pos: 'NUM' });
    i = last;
  }
  return out;
}

/** Re-joins "1.5" "m" into "1.5m" and "twenty" "-" "five" into "twenty-five". */
function mergeGlued(sentence: string, tokens: Tok[]): Tok[] {
  // "R1.3" arrives as "R1" "." "3": one token again, split below into currency and figure.
  const input: Tok[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [t, dot, tail] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (/^\p{L}+\d+$/u.test(t.text) && dot?.text === '.' && dot.start === t.end && tail && tail.start === dot.end && /^\d+$/.test(tail.text)) {
      const text = sentence.slice(t.start, tail.end);
      input.push({ ...t, text, lower: text.toLowerCase(), end: tail.end });
      i += 2;
    } else {
      input.push(t);
    }
  }
  // "2,000-3,000" arrives as one token: read it as "2,000" "-" "3,000".
  const toks = input.flatMap((t) => {
    const money = /^(R|Rs\.?|KSh|Ksh|N|₹|₦)(\d[\d,]*(?:\.\d+)?(?:bn|mn|m|k|tn)?)$/u.exec(t.text);
    if (money) {
      const a = money[1].length;
      return [
        { ...t, text: money[1], lower: GLUED_CURRENCY[money[1].toLowerCase()], end: t.start + a, pos: 'SYM' },
        { ...t, text: money[2], lower: money[2].toLowerCase(), start: t.start + a, pos: 'NUM' },
      ];
    }
    const m = /^(\d[\d,.]*)([-–])(\d[\d,.]*)$/.exec(t.text);
    if (!m) return [t];
    const a = m[1].length;
    return [
      { ...t, text: m[1], lower: m[1], end: t.start + a, pos: 'NUM' },
      { ...t, text: m[2], lower: m[2], start: t.start + a, end: t.start + a + 1, pos: 'PUNCT' },
      { ...t, text: m[3], lower: m[3], start: t.start + a + 1, pos: 'NUM' },
    ];
  });
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const next = toks[i + 1];
    const glued = (a: Tok, b: Tok | undefined) => b !== undefined && a.end === b.start;
    // The tokenizer reads a one-letter scale before a full stop as an abbreviation ("$5m." is "$" "5"
    // "m."): the figure was then $5, not $5 million.
    const stop = next !== undefined && /^\p{L}\.$/u.test(next.text) && GLUED_SCALE.test(next.text.slice(0, -1)) ? 1 : 0;
    if (glued(t, next) && /^\d+(?:\.\d+)?$/.test(t.text) && (GLUED_SCALE.test(next.text) || stop)) {
      const end = next.end - stop;
      out.push({ ...t, text: sentence.slice(t.start, end), lower: sentence.slice(t.start, end).toLowerCase(), end, pos: 'NUM' });
      if (stop) out.push({ text: '.', lower: '.', pos: 'PUNCT', start: end, end: next.end });
      i++;
    } else if (glued(t, next) && next.text === '-' && glued(next, toks[i + 2]) && /^[a-z]+ty$/i.test(t.text) && toks[i + 2].pos === 'NUM') {
      const end = toks[i + 2].end;
      out.push({ ...t, text: sentence.slice(t.start, end), lower: sentence.slice(t.start, end).toLowerCase(), end, pos: 'NUM' });
      i += 2;
    } else {
      out.push(t);
    }
  }
  return out;
}

/** Quantities in `sentence`; `masked` spans (dates, times) are skipped. */
export function extractQuantities(sentence: string, masked: [number, number][] = []): Quantity[] {
  const toks = tokenize(sentence);
  const words = toks.map((t) => t.lower);
  const skip = [...masked, ...phoneSpans(sentence)];
  const inMask = (t: Tok) => skip.some(([s, e]) => t.start < e && s < t.end);
  const aboutVote = VOTE_CONTEXT.test(sentence);
  const found: Quantity[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (inMask(toks[i])) continue;
    const ordinal = readOrdinal(toks, i, sentence) ?? readDecade(toks[i]);
    if (ordinal) {
      found.push(ordinal);
      continue;
    }
    const parsed = parseNumberAt(words, i);
    if (!parsed || isIdentifier(toks, i, parsed)) continue;
    const tally = readTally(toks, i, aboutVote);
    if (tally && !toks.slice(i, tally.next).some(inMask)) {
      found.push(...tally.sides);
      i = tally.next - 1;
      continue;
    }
    const quantity = readQuantity(sentence, toks, words, i, parsed);
    if (quantity.q) found.push(quantity.q);
    i = quantity.next - 1;
  }
  return found;
}

/** Words that make two figures joined by "to" a vote or a score ("passed 52 to 48", "won, 134 to 63"). */
const VOTE_CONTEXT = /\b(?:vot(?:e|es|ed|ing)|ballots?|margin|tall(?:y|ies)|score[sd]?|won|beat|defeated|lost|majority|split|passed|approved|rejected|confirmed|adopted)\b/i;
/**
 * A side of a tally: "0" or a figure in digits without a leading zero, at most three digits unless
 * written with thousands commas ("1,204"); "0143" (a telephone number's group) is not one.
 */
const TALLY_SIDE = /^(?:0|[1-9]\d{0,2}(?:,\d{3})*)$/;
const YEAR = /^(?:1[89]\d\d|20\d\d)$/;

/**
 * A vote or score at token i, as two quantities of kind 'tally' (the sides, first as written first):
 * - "52-48", "97-1", "3-1" (a hyphen or dash glued to both figures, the second not above the first):
 *   a tally in any context ("5-10 people", ascending, is a range; "2013-2019" a year span);
 * - "134-to-63" (hyphenated, read by the tokenizer as "134" "-" "to-63"), second not above the first;
 * - "52 to 48" only in a sentence about a vote or score (VOTE_CONTEXT) and not after "from" or
 *   "between" ("rose from 52 to 48" is a change, "between 24 and 72" a range).
 */
function readTally(toks: Tok[], i: number, aboutVote: boolean): { sides: Quantity[]; next: number } | undefined {
  const first = toks[i];
  if (!TALLY_SIDE.test(first.text) || YEAR.test(first.text)) return undefined;
  const glued = (a: Tok | undefined, b: Tok | undefined) => a !== undefined && b !== undefined && a.end === b.start;
  let second: { text: string; start: number; end: number } | undefined;
  let next = i;
  const [t1, t2] = [toks[i + 1], toks[i + 2]];
  const hyphenTo = t2 ? /^to[-–](\d[\d,]*)$/.exec(t2.text) : null;
  if ((t1?.text === '-' || t1?.text === '–') && glued(first, t1) && glued(t1, t2)) {
    if (hyphenTo) {
      second = { text: hyphenTo[1], start: t2.end - hyphenTo[1].length, end: t2.end };
      next = i + 3;
    } else if (t2.text === 'to' && (toks[i + 3]?.text === '-' || toks[i + 3]?.text === '–') && glued(t2, toks[i + 3]) && glued(toks[i + 3], toks[i + 4])) {
      second = toks[i + 4];
      next = i + 5;
    } else {
      second = t2;
      next = i + 3;
    }
  } else if (t1?.lower === 'to' && t2 && aboutVote && !['from', 'between'].includes(toks[i - 1]?.lower ?? '')) {
    second = t2;
    next = i + 3;
  }
  if (!second || !TALLY_SIDE.test(second.text)) return undefined;
  const value = (text: string) => Number(text.replace(/,/g, ''));
  const [a, b] = [value(first.text), value(second.text)];
  if (b > a) return undefined;
  const side = (text: string, v: number, tallySide: 'first' | 'second'): Quantity => ({
    text, min: v, max: v, value: v, approx: false, qualifier: 'exact', unit: '', kind: 'tally', subject: '', tallySide,
  });
  return { sides: [side(first.text, a, 'first'), side(second.text, b, 'second')], next };
}

function isIdentifier(toks: Tok[], i: number, parsed: ParsedNumber): boolean {
  const prev = toks[i - 1];
  const next = toks[parsed.next];
  if (toks[i].lower === 'one' && (!next || next.pos !== 'NOUN' || (prev && NOT_BEFORE_ONE.has(prev.lower)))) return true;
  if (toks[i].lower === 'a' && !parsed.rounded) return true;
  if (next && (CLOCK_AFTER.has(next.lower) || MONTHS.test(next.lower) || next.text === ':')) return true;
  // Digits with letters glued after them that are no unit are a name or a code ("76ers", "49ers",
  // "5G", "3D"): read as a figure, "76ers" was 76 of a unit "ers" and compared across outlets.
  const last = toks[parsed.next - 1];
  const glued = next?.lower.replace(/\.$/, '') ?? '';
  if (next && last.end === next.start && /^\d[\d,.]*$/.test(last.text) && /^\p{L}/u.test(next.text) && !GLUED_SCALE.test(glued) && !GLUED_UNITS.has(glued)) return true;
  if (!prev) return false;
  if (CURRENCY_BEFORE.has(prev.lower)) return false;
  if (MONTHS.test(prev.lower) || prev.lower === 'no.' || prev.lower === 'no' && /^No/.test(prev.text)) return true;
  if (/^\d/.test(toks[i].text) && /^\p{Lu}/u.test(prev.text) && IDENTIFIER_HEADS.has(prev.lower)) return true;
  // Digits glued to the letters or digits before them are the tail of a code the tokenizer split.
  if (prev.end === toks[i].start && /[\p{L}\p{N}]$/u.test(prev.text) && !CURRENCY_BEFORE.has(prev.lower)) return true;
  // "Section 230", "Flight 370", "COVID-19": a capitalised word or a glued hyphen before the number.
  if (prev.end === toks[i].start && /^[-/]$/.test(prev.text)) return true;
  if (/^\p{Lu}/u.test(prev.text) && i > 1 && !BEFORE.some(([p]) => p.endsWith(prev.lower)) && prev.pos !== 'ADP' && prev.pos !== 'DET') {
    return /^\d/.test(toks[i].text) && prev.pos === 'PROPN';
  }
  return false;
}

function readQualifier(words: string[], i: number): { qualifier: Qualifier; approx: boolean; start: number } | undefined {
  for (const [phrase, qualifier, approx] of BEFORE) {
    const parts = phrase.split(' ');
    const start = i - parts.length;
    if (start < 0) continue;
    if (parts.every((p, k) => words[start + k] === p)) return { qualifier, approx, start };
  }
  return undefined;
}

function readQuantity(sentence: string, toks: Tok[], words: string[], i: number, first: ParsedNumber): { q?: Quantity; next: number } {
  let start = i;
  let next = first.next;
  let min = first.range ? first.range[0] : first.value;
  let max = first.range ? first.range[1] : first.value;
  let value = first.value;
  let qualifier: Qualifier = first.range ? 'range' : 'exact';
  let approx = first.rounded;
  let kind: Quantity['kind'] = 'count';
  let unit = '';

  const currencyBefore = i > 0 && CURRENCY_BEFORE.has(words[i - 1]) ? 1 : 0;
  const qual = readQualifier(words, i - currencyBefore);
  const between = qual === undefined && ((words[i - 1] === 'between' && i > 0) || words[i - 1] === 'from');
  if (currencyBefore) {
    kind = 'money';
    unit = currencyUnit(words[i - 1]);
    start = i - 1;
  }
  // Ranges: "between 24 and 72", "from 10 to 20", "2,000-3,000", "24 or 48".
  const joiner = words[next];
  const secondAt = next + 1 + (CURRENCY_BEFORE.has(words[next + 1] ?? '') ? 1 : 0);
  const rangeJoiner = (between && (joiner === 'and' || joiner === 'to')) || joiner === '-' || joiner === '–' || joiner === 'to' || (joiner === 'or' && !first.range);
  // A range joins like with like: not "from 2018 to $984.4 billion", not a year and a count.
  const yearLike = (w: string | undefined) => w !== undefined && /^(1[89]\d\d|20\d\d)$/.test(w);
  const currencyMismatch = !currencyBefore && secondAt > next + 1;
  const second =
    rangeJoiner && !currencyMismatch && yearLike(words[i]) === yearLike(words[secondAt]) ? parseNumberAt(words, secondAt) : undefined;
  const scale = second ? SCALE_OF(words[second.next - 1]) : 1;
  // "1.5 to 2 million": the scale written once applies to both ends.
  const firstValue = second && scale > 1 && !first.rounded && first.value * scale <= second.value ? first.value * scale : first.value;
  // Two figures joined by a hyphen, the second not above the first, that readTally did not take as
  // a tally ("555-0143", a telephone number without its area code): not an amount.
  if (second && joiner === '-' && /^\d+$/.test(words[i]) && /^\d+$/.test(words[secondAt]) && second.value <= first.value) {
    return { q: undefined, next: second.next };
  }
  if (second && !second.range && second.value > firstValue) {
    min = firstValue;
    max = second.value;
    value = (min + max) / 2;
    qualifier = 'range';
    approx = approx || second.rounded;
    if (between) start = i - 1;
    next = second.next;
  } else if (qual) {
    start = Math.min(start, qual.start);
    qualifier = qual.qualifier;
    approx = approx || qual.approx;
    if (qualifier === 'at-least') max = OPEN_MAX;
    if (qualifier === 'at-most') min = 0;
  }
  // Suffixes: "240+", "or more", "or so", "-odd", "percent".
  if (words[next] === '+') {
    qualifier = 'at-least';
    max = OPEN_MAX;
    next++;
  } else if (words[next] === 'or' && (words[next + 1] === 'more' || words[next + 1] === 'so')) {
    if (words[next + 1] === 'more') {
      qualifier = 'at-least';
      max = OPEN_MAX;
    } else {
      qualifier = 'about';
      approx = true;
    }
    next += 2;
  }
  if (words[next] === '%' || words[next] === 'percent' || (words[next] === 'per' && words[next + 1] === 'cent')) {
    kind = 'percent';
    unit = 'percent';
    next += words[next] === 'per' ? 2 : 1;
  } else if (CURRENCY_AFTER.has(words[next] ?? '')) {
    kind = 'money';
    unit = currencyUnit(words[next]);
    next++;
  }
  // "some 2020 presidential prospects": an approximate count is round, so a year-like figure after "some" or
  // "about" that is not a multiple of 50 is the year; "some 2000 Syrian refugees" stays a count.
  const approxYear = qualifier === 'about' && yearLike(words[i]) && value % 50 !== 0;
  const yearSpan = qualifier === 'exact' || approxYear || (qualifier === 'range' && yearLike(words[i]));
  const year = !first.words && !first.rounded && yearSpan && kind === 'count' && isYear(toks[i].text, toks[next]);
  if (year) {
    kind = 'year';
  } else if (!unit || kind === 'count') {
    let noun = countedNoun(toks, next);
    // "two-dozen executive actions": a dozen is a scale, the noun after it is counted.
    if (noun?.unit === 'dozens' && toks[next]?.text === '-') {
      [value, min, max] = [value * 12, min * 12, max >= OPEN_MAX ? max : max * 12];
      approx = true;
      next += 2;
      noun = countedNoun(toks, next);
    }
    if (noun) {
      unit = noun.unit;
      if (TIME_UNITS[noun.unit]) {
        unit = TIME_UNITS[noun.unit];
        if (kind === 'count') kind = 'duration';
      }
    }
  }
  const before = words.slice(Math.max(0, start - 6), start).filter((w) => /\p{L}/u.test(w));
  const after = clauseAfter(words, next);
  const subject = kind === 'count' ? quantitySubject(unit, after, before) : '';
  const end = toks[next - 1].end;
  const text = sentence.slice(toks[start].start, end);
  return {
    q: { text, min, max, value, approx, qualifier, unit, kind, subject } satisfies Quantity,
    next,
  };
}

const SCALE_OF = (w: string | undefined) => (w ? ownValue(SCALES, w) ?? 1 : 1);

function currencyUnit(word: string): string {
  if (['$', 'us$', 'usd', 'dollar', 'dollars'].includes(word)) return 'dollars';
  if (['€', 'eur', 'euro', 'euros'].includes(word)) return 'euros';
  if (['£', 'gbp', 'pounds'].includes(word)) return 'pounds';
  if (['₪', 'nis', 'shekels'].includes(word)) return 'shekels';
  if (['¥', 'yen'].includes(word)) return 'yen';
  if (['₹', 'inr', 'rs', 'rs.', 'rupees'].includes(word)) return 'rupees';
  if (['kes', 'ksh', 'shillings'].includes(word)) return 'shillings';
  if (['₦', 'ngn', 'naira'].includes(word)) return 'naira';
  if (['zar', 'rand'].includes(word)) return 'rand';
  if (['₽', 'rub', 'roubles', 'rubles'].includes(word)) return 'roubles';
  return word;
}

function isYear(text: string, next: Tok | undefined): boolean {
  if (/^(1[89]\d\d|20\d\d)s$/.test(text)) return true;
  if (!/^(1[89]\d\d|20\d\d)$/.test(text)) return false;
  // "2000 people" is a count; "in 2021" and "2021 election" are years.
  return !(next && next.pos === 'NOUN' && /s$/.test(next.lower) && !TIME_UNITS[next.lower]);
}

/** The noun a number counts: "two militant leaders" -> leaders, "18-month" -> months, "hundreds of protesters". */
function countedNoun(toks: Tok[], from: number): { unit: string } | undefined {
  let k = from;
  if (toks[k]?.text === '-' && toks[k + 1] && /^\p{L}/u.test(toks[k + 1].text)) {
    // "72-year-old", "18-month war"
    const w = toks[k + 1].lower;
    if (toks[k + 2]?.text === '-' && toks[k + 3]?.lower === 'old') return { unit: 'years-old' };
    // "a 2-to-10 scale": the tail of a pair of figures, not a counted noun.
    if (/^to[-–]\d/.test(w)) return undefined;
    return { unit: TIME_UNITS[w] ? w : pluralOf(w) };
  }
  if (toks[k]?.lower === 'of' && toks[k + 1]?.lower === 'the') k += 2;
  else if (toks[k]?.lower === 'of') k += 1;
  for (let n = 0; n < 3 && k < toks.length; n++, k++) {
    const t = toks[k];
    if (t.pos === 'NOUN' || t.pos === 'PROPN') {
      if (!/^\p{L}[\p{L}'-]*$/u.test(t.text)) return undefined;
      // "eight fraud charges", "12 Russian intelligence officers", "33 Senate Democrats": the last noun
      // of a compound is what is counted. A plural ("people lack water") is already the head.
      let head = k;
      for (let more = 0; more < 2; more++) {
        const [word, next] = [toks[head], toks[head + 1]];
        // A name runs on into the name or noun it qualifies: "33 Senate Democrats", "four Fox News anchors".
        const nameRun = word.pos === 'PROPN' && next?.pos === 'PROPN' && /^\p{Lu}[\p{L}'-]*$/u.test(next.text);
        const compound = !/s$/.test(word.lower) && word.lower !== 'people' && !TIME_UNITS[next?.lower ?? ''] && ((next?.pos === 'NOUN' && /^\p{Ll}[\p{L}'-]*$/u.test(next.text)) || nameRun);
        if (!compound) break;
        head++;
      }
      return { unit: pluralOf(toks[head].lower) };
    }
    if (t.pos !== 'ADJ' && t.pos !== 'ADV' && t.pos !== 'VERB') return undefined;
    if (t.pos === 'VERB' && !/(?:ed|ing)$/.test(t.lower)) return undefined;
  }
  return undefined;
}

/** Counted nouns are compared in the plural: "one hostage" and "240 hostages" count the same thing. */
function pluralOf(word: string): string {
  const irregular: Record<string, string> = wordTable({ person: 'people', child: 'children', man: 'men', woman: 'women', people: 'people' });
  if (irregular[word]) return irregular[word];
  if (Object.values(irregular).includes(word)) return word;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return word;
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  return word + 's';
}

/** Words after the number up to the end of its clause (at most 10). */
function clauseAfter(words: string[], from: number): string[] {
  const out: string[] = [];
  for (let k = from; k < words.length && out.length < 10; k++) {
    if ([',', ';', ':', '.', '—', '–', '(', ')'].includes(words[k]) || /^\d/.test(words[k])) break;
    out.push(words[k]);
  }
  return out;
}

/** "the 1990s": a decade, kind year. */
function readDecade(t: Tok): Quantity | undefined {
  const m = /^(1[89]\d0|20\d0)s$/.exec(t.text);
  if (!m) return undefined;
  const value = Number(m[1]);
  return { text: t.text, min: value, max: value + 9, value, approx: false, qualifier: 'range', unit: '', kind: 'year', subject: '' };
}

/** "ninth visit", "second or third front": an ordinal before a noun. */
function readOrdinal(toks: Tok[], i: number, sentence: string): Quantity | undefined {
  const value = parseOrdinal(toks[i].lower);
  if (value === undefined) return undefined;
  let k = i + 1;
  if (toks[k]?.lower === 'or' && toks[k + 1] && parseOrdinal(toks[k + 1].lower) !== undefined) k += 2;
  const noun = toks[k];
  if (!noun || noun.pos !== 'NOUN' || !/^\p{Ll}+$/u.test(noun.text) || TIME_UNITS[noun.lower] && toks[i].lower === 'second') return undefined;
  return {
    text: sentence.slice(toks[i].start, toks[i].end),
    min: value,
    max: value,
    value,
    approx: false,
    qualifier: 'exact',
    unit: noun.lower,
    kind: 'ordinal',
    subject: '',
  };
}
