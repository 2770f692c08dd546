/**
 * What quantity a figure states, read from the words around it, so that numeric comparison sets a
 * figure only against the same quantity (the labelling guide's test: "the same count, amount,
 * share, age, duration, score... of the same thing"):
 *
 * - role: count | money | percent | magnitude | tally (the number reader's kind 'tally': "voted 230
 *   to 197", "passed 52-48") | age | duration | rank | year. Years and ranks are never compared;
 *   the others only with the same role.
 * - thing: what is counted: the segmenter's subject (deaths, hostages...), else the counted noun
 *   ("troops", "pages"), the currency for money, the time unit for durations.
 * - modifiers: "additional / more / new / another" (an increment), "total / overall / in all"
 *   (a total), a rate ("per month", "a year", "daily"), "share of". An increment never meets a
 *   figure without one ("21,570 murders" vs "additional 4,901 murders"), a rate never meets a
 *   figure without the same rate; a tally's side ("134 to 63": first, second) meets only that side.
 * - context: stemmed content words of the figure's own clause (what it is of, whose it is);
 *   the owner is in there ("Obama's 23 actions", "the Clintons' tax rate").
 * - moments: words that place the figure in time ("so far", "by Saturday", "on Friday", "the
 *   14th day"), used to tell an update from a dispute.
 *
 * Duration values are brought to days ("two-month" = 60 days, "two weeks" = 14 days) so that
 * figures in different units compare.
 */
import type { Entity, Quantity } from '../../records.js';
import { contentWords } from '../corpus/terms.js';
import { wordTable } from '../../text/numberWords.js';
import { distance } from 'fastest-levenshtein';

export type QuantityRole = 'count' | 'money' | 'percent' | 'magnitude' | 'tally' | 'age' | 'duration' | 'rank' | 'year';

export interface QuantityIdentity {
  role: QuantityRole;
  thing: string;
  /** Sorted: 'increment', 'total', 'rate:<period>', 'share'. */
  modifiers: string[];
  /** Stemmed content words of the figure's clause, without the thing itself. */
  context: string[];
  /** The two content words either side next to the figure (stemmed): what it is a figure of ("page indictment", "tax rate"). */
  head: string[];
  /** People and organisations named in the figure's window: whose figure it is. */
  owners: string[];
  /** Surnames of the people named in the figure's window, lower case ("Jim Mattis" and "James Mattis" are one). */
  people: string[];
  /** Time markers of the sentence: 'so-far', 'by:saturday', 'on:friday', 'elapsed'... */
  moments: string[];
  /** Years the sentence names ("from 2007 to 2014", "for 2014"): the period a figure covers. */
  years: number[];
  /** The figure's value in the role's common unit (durations in days). */
  value: number;
  /** Scale applied to min/max/value to reach that unit (durations in days; a money figure whose scale word sits past a closing quote). */
  scale: number;
  /**
   * A hedge in the words just before a figure the segmenter read as exact: "closed in on the
   * two-week mark", "approaching 1,000" (nearly); "topped 1,000", "surpassed $5 billion" (at least).
   */
  hedge?: 'nearly' | 'at-least';
  /**
   * A duration that is the window of a projection or plan, not a figure an outlet reports: "for the
   * next 75 years", "over the coming decade", "over a 75-year period" (like the years a sentence
   * names, the period another claim covers). Never compared.
   */
  horizon?: boolean;
  /**
   * A duration that places something in time rather than measuring it: "three years ago", "two years
   * later", "Fifteen years after the invasion, ..." (at the head of its clause). Two such figures are
   * rarely about the same moment ("tried for three years" vs "a report three years ago"). Never compared.
   */
  pointInTime?: boolean;
  /** A percentage of change downwards ("a 23 percent cut", "fell 5 percent"): what remains is 100 minus it. */
  reduction?: boolean;
}

/** Days per time unit: durations compare in days. */
const DAYS: Record<string, number> = wordTable({
  seconds: 1 / 86400, minutes: 1 / 1440, hours: 1 / 24, days: 1, weeks: 7, months: 30, years: 365, decades: 3650,
});
const PERIODS = new Map<string, string>([
  ['day', 'day'], ['daily', 'day'], ['week', 'week'], ['weekly', 'week'], ['month', 'month'], ['monthly', 'month'],
  ['year', 'year'], ['yearly', 'year'], ['annually', 'year'], ['annual', 'year'], ['hour', 'hour'], ['hourly', 'hour'],
]);
/** An increment, or another set than the one counted elsewhere ("three other women"). */
const INCREMENT = new Set(['additional', 'another', 'other', 'extra', 'further', 'new', 'added', 'more']);
const TOTAL = new Set(['total', 'overall', 'cumulative', 'combined', 'altogether']);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** Words either side of the figure, inside its clause, read for its identity. */
const WINDOW = 6;
/** Words that end the figure's clause. */
const CLAUSE_END = /[;:()—–"“”]|\s-{1,2}\s/;

/** Lower-case words of a text, keeping digits and hyphenated words whole. */
function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{N}][\p{L}\p{N}'.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]|[$%]/gu) ?? [];
}

/**
 * Where a figure's text sits in its sentence: the `occurrence`-th match (0-based), else the first.
 * A text that starts or ends with a digit matches whole numbers only: the "1" of "a 97-1 vote" is
 * not the one in "2018", nor "10" the start of "100".
 */
export function locateFigure(sentence: string, text: string, occurrence: number): number {
  const digitBefore = (at: number) => /\d[.,]?$/.test(sentence.slice(Math.max(0, at - 2), at));
  const digitAfter = (end: number) => /^[.,]?\d/.test(sentence.slice(end, end + 2));
  const whole = (at: number) => !(/^\d/.test(text) && digitBefore(at)) && !(/\d$/.test(text) && digitAfter(at + text.length));
  const matches: number[] = [];
  for (let at = sentence.indexOf(text); at >= 0; at = sentence.indexOf(text, at + 1)) matches.push(at);
  const wholeMatches = matches.filter(whole);
  const list = wholeMatches.length ? wholeMatches : matches;
  return list.length ? list[Math.min(occurrence, list.length - 1)] : -1;
}

/** The clause around a figure: text before it and after it, cut at clause punctuation. */
function clauseAround(sentence: string, start: number, end: number): { before: string; after: string } {
  const beforeAll = sentence.slice(0, start);
  const cut = Math.max(...[...beforeAll.matchAll(new RegExp(CLAUSE_END.source, 'g'))].map((m) => m.index! + m[0].length), 0);
  const afterAll = sentence.slice(end);
  const stop = afterAll.search(new RegExp(`${CLAUSE_END.source}|,\\s|\\s\\d`));
  return { before: beforeAll.slice(cut), after: stop < 0 ? afterAll : afterAll.slice(0, stop) };
}

function roleOf(q: Quantity, before: string[], after: string[], sentence: string, at: number): QuantityRole {
  if (q.kind === 'year') return 'year';
  // The number reader reads votes and scores ("passed 52-48", "a 134-to-63 vote", "voted 52 to 48").
  if (q.kind === 'tally') return 'tally';
  if (q.kind === 'ordinal') return DAYS[pluralUnit(q.unit)] ? 'duration' : 'rank';
  // "a four-star general", "a five-star hotel": a grade on a scale, not a count of stars.
  if (q.unit === 'stars' && /^-star\b/i.test(sentence.slice(at + q.text.length))) return 'rank';
  if (q.kind === 'money') return 'money';
  if (q.kind === 'percent') return 'percent';
  if (q.unit === 'magnitudes' || before.slice(-2).includes('magnitude') || after[0] === 'magnitude') return 'magnitude';
  if (q.unit === 'years-old' || before.slice(-2).some((w) => w === 'aged' || w === 'age') || (after[0] === 'years' && after[1] === 'old')) return 'age';
  if (q.kind === 'duration') return 'duration';
  // "Mr. Mattis, 68, will leave": a bare number set off by commas after a name is an age.
  if (!q.unit && /^\d{1,3}$/.test(q.text) && q.value <= 120 && /\p{Lu}[\p{L}.]*,\s*$/u.test(sentence.slice(0, at)) && /^,/.test(sentence.slice(at + q.text.length))) return 'age';
  return 'count';
}

/** Hedges the segmenter does not read (it takes "nearly", "at least"... itself), as the last words before the figure. */
const NEARLY_BEFORE = [['closed', 'in', 'on'], ['closing', 'in', 'on'], ['closes', 'in', 'on'], ['close', 'in', 'on'], ['approaching'], ['nearing'], ['neared'], ['nears']];
const AT_LEAST_BEFORE = [['topped'], ['topping'], ['tops'], ['surpassed'], ['surpassing'], ['exceeded'], ['exceeding'], ['eclipsed']];
const REDUCTION = new Set(['cut', 'cuts', 'cutting', 'reduction', 'reductions', 'reduce', 'reduced', 'decrease', 'decreased', 'drop', 'dropped', 'decline', 'declined', 'fell', 'fall', 'lower', 'less', 'shortfall', 'loss']);

function hedgeBefore(q: Quantity, before: string[]): QuantityIdentity['hedge'] {
  if (q.qualifier !== 'exact') return undefined;
  // "closed in on the two-week mark", not "approaching a 14-year-old" (a person, not an amount).
  const last = before.filter((w) => w !== 'the' && w !== '$');
  const ends = (phrase: string[]) => phrase.every((w, k) => last[last.length - phrase.length + k] === w);
  if (NEARLY_BEFORE.some(ends)) return 'nearly';
  if (AT_LEAST_BEFORE.some(ends)) return 'at-least';
  return undefined;
}

const pluralUnit = (unit: string) => (unit.endsWith('s') ? unit : `${unit}s`);
/** "a 75-year period", "a ten-year window": the span of another claim. */
const HORIZON_NOUNS = new Set(['period', 'window', 'horizon']);
/** "three years ago", "two years later": a moment counted from another, not a length of time. */
const MOMENT_AFTER = new Set(['ago', 'later', 'earlier']);

/** Time markers of a whole sentence. */
export function momentsOf(sentence: string): string[] {
  const w = words(sentence);
  const out = new Set<string>();
  w.forEach((x, i) => {
    const next = w[i + 1] ?? '';
    if (x === 'so' && next === 'far') out.add('so-far');
    if (x === 'thus' && next === 'far') out.add('so-far');
    if (x === 'to' && next === 'date') out.add('so-far');
    if ((x === 'as' && next === 'of') || x === 'latest') out.add('so-far');
    if ((x === 'by' || x === 'until' || x === 'through') && (WEEKDAYS.has(next) || next === 'now' || next === 'then' || next === 'tonight')) out.add(`by:${next}`);
    if (WEEKDAYS.has(x)) out.add(`on:${x}`);
    if (x === 'yesterday' || x === 'today' || x === 'tonight') out.add(`on:${x}`);
    if ((x === 'rose' || x === 'risen' || x === 'climbed' || x === 'jumped' || x === 'grew') && (next === 'to' || next === 'by')) out.add('so-far');
  });
  return [...out].sort();
}

const SCALE_WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/**
 * A scale word the segmenter could not join to a money figure because a closing quotation mark sits
 * between them ("we're asking for $5.6” billion"): the figure's multiplier, else 1.
 */
function scaleWordAfter(sentence: string, end: number, q: Quantity): number {
  if (/(?:thousand|million|billion|trillion|bn|m)\b/i.test(q.text)) return 1;
  const m = /^\s*[”"’']\s*(thousand|million|billion|trillion)\b/i.exec(sentence.slice(end));
  return m ? SCALE_WORDS[m[1].toLowerCase()] : 1;
}

/** A figure in digits that is not a year ("21 percent", "$5.7 billion", "700,000"): it ends the stretch of a clause a name before it owns. */
const FIGURE_IN_TEXT = /(?<![\p{L}\p{N}])(?!(?:19|20)\d\d\b)\d[\d,.]*/gu;
/** A dash or colon before a clause: what follows it elaborates the clause before ("includes similar savings — roughly $700 billion"). */
const ELABORATES = /(?:[:—–]|\s-{1,2})\s*$/;

/**
 * Whose figure it is: people and organisations (places are where, not whose) named in the figure's
 * clause before it and in the window after it.
 * - A figure in brackets belongs to what the bracket follows: "followed by Romney (17 percent)".
 * - A name that another figure of the clause sits between belongs to that figure: in "Romney leads
 *   with 21 percent, followed by Trump and Huckabee at 17 percent each" the 17 percent is Trump's and
 *   Huckabee's (the stretch since the last figure, when it names anyone).
 * - A clause after a dash or colon that names nobody elaborates the clause before it: "Mr. Ryan's
 *   plan includes similar savings — roughly $700 billion"; "the Clintons' 2014 tax rate: 30 percent".
 */
function ownersOf(sentence: string, start: number, beforeText: string, after: string[], entities: readonly Pick<Entity, 'text' | 'name' | 'type'>[]): Pick<Entity, 'text' | 'name' | 'type'>[] {
  const candidates = entities.filter((e) => e.text && e.type !== 'place');
  const namedIn = (text: string) => {
    const joined = words(text).join(' ');
    return candidates.filter((e) => joined.includes(e.text.toLowerCase()));
  };
  const afterNamed = namedIn(after.join(' '));
  const bracketed = /\(\s*(?:at\s+)?(?:\$\s*)?$/.exec(sentence.slice(0, start));
  if (bracketed) {
    const beforeBracket = /[^,;:()—–]*$/.exec(sentence.slice(0, bracketed.index))?.[0] ?? '';
    return [...new Set([...namedIn(`${beforeBracket} ${beforeText}`), ...afterNamed])];
  }
  const figures = [...beforeText.matchAll(FIGURE_IN_TEXT)];
  const last = figures[figures.length - 1];
  const sinceLastFigure = last ? namedIn(beforeText.slice(last.index! + last[0].length)) : [];
  let own = sinceLastFigure.length ? sinceLastFigure : namedIn(beforeText);
  const clauseStart = start - beforeText.length;
  if (own.length === 0 && afterNamed.length === 0 && ELABORATES.test(sentence.slice(0, clauseStart))) {
    const previous = sentence.slice(0, clauseStart).replace(ELABORATES, '');
    const cut = Math.max(...[...previous.matchAll(new RegExp(CLAUSE_END.source, 'g'))].map((m) => m.index! + m[0].length), 0);
    const clause = previous.slice(cut);
    const inPrevious = [...clause.matchAll(FIGURE_IN_TEXT)];
    const tail = inPrevious.length ? clause.slice(inPrevious[inPrevious.length - 1].index! + inPrevious[inPrevious.length - 1][0].length) : clause;
    own = namedIn(tail).length ? namedIn(tail) : namedIn(clause);
  }
  return [...new Set([...own, ...afterNamed])];
}

/** The quantity a figure states (see the module comment). `occurrence` tells repeated figures apart. */
export function quantityIdentity(sentence: string, q: Quantity, occurrence = 0, entities: readonly Pick<Entity, 'text' | 'name' | 'type'>[] = []): QuantityIdentity {
  const start = Math.max(0, locateFigure(sentence, q.text, occurrence));
  const { before: beforeText, after: afterText } = clauseAround(sentence, start, start + q.text.length);
  const before = words(beforeText).slice(-WINDOW);
  const after = words(afterText).slice(0, WINDOW);
  const role = roleOf(q, before, after, sentence, start);
  const modifiers = new Set<string>();
  const near = [...before.slice(-3), ...after.slice(0, 3)];
  if (near.some((w) => INCREMENT.has(w)) && !(after[0] === 'more' && after[1] === 'than')) modifiers.add('increment');
  if (near.some((w) => TOTAL.has(w)) || (after.includes('in') && after[after.indexOf('in') + 1] === 'all')) modifiers.add('total');
  after.slice(0, 6).forEach((w, i) => {
    const period = PERIODS.get(w.replace(/s$/, '')) ?? PERIODS.get(w);
    if (!period) return;
    const prev = after[i - 1];
    if (w.endsWith('ly') || prev === 'per' || prev === 'a' || prev === 'an' || prev === 'each' || prev === 'every') modifiers.add(`rate:${period}`);
  });
  // "one day every two weeks": an interval between events, a rate, not a length of time.
  const lastWord = before[before.length - 1];
  if ((lastWord === 'every' || lastWord === 'each') && DAYS[pluralUnit(q.unit)] !== undefined) modifiers.add('rate:interval');
  if (role === 'percent' && (after.slice(0, 3).includes('of') || near.includes('share'))) modifiers.add('share');
  // "134 to 63": the winner's side meets only the winner's side.
  if (role === 'tally') modifiers.add(`tally:${q.tallySide ?? 'first'}`);
  let thing = q.subject || q.unit;
  if (role === 'duration') thing = 'days';
  if (role === 'percent') thing = 'percent';
  const scale = role === 'duration' ? (DAYS[pluralUnit(q.unit)] ?? 1) : role === 'money' ? scaleWordAfter(sentence, start + q.text.length, q) : 1;
  const thingStem = new Set(contentWords(q.unit));
  const context = [...new Set(contentWords(`${before.join(' ')} ${after.join(' ')}`))].filter((w) => !thingStem.has(w)).sort();
  const notYear = (w: string) => !/^\d+$/.test(w);
  const head = [...new Set([...contentWords(before.join(' ')).filter(notYear).slice(-2), ...contentWords(after.join(' ')).filter(notYear).slice(0, 2)])].filter((w) => !thingStem.has(w)).sort();
  // Whose figure it is: people and organisations in the figure's clause, the whole of it before the
  // figure (the subject often opens the clause more than six words before the figure) and the window after it.
  // A figure in brackets belongs to what the bracket follows: "followed by Romney (17 percent)".
  const named = ownersOf(sentence, start, beforeText, after, entities);
  const owners = named.map((e) => e.name);
  const people = named.filter((e) => e.type === 'person').map((e) => e.name.toLowerCase().split(/\s+/).pop() ?? '').filter(Boolean);
  const moments = momentsOf(sentence);
  if (q.kind === 'ordinal' && role === 'duration') moments.push('elapsed');
  const years = [...new Set([...sentence.matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => Number(m[0])))].sort();
  const hedge = hedgeBefore(q, before);
  const lastBefore = before.filter((w) => w !== 'a' && w !== 'an').slice(-1)[0];
  const unitAt = after.findIndex((w) => DAYS[pluralUnit(w)] !== undefined);
  const horizon = role === 'duration' && (lastBefore === 'next' || lastBefore === 'coming' || (unitAt >= 0 && unitAt <= 1 && HORIZON_NOUNS.has(after[unitAt + 1] ?? '')) || HORIZON_NOUNS.has(after[0] ?? ''));
  const afterUnit = unitAt >= 0 && unitAt <= 1 ? after[unitAt + 1] : undefined;
  const pointInTime =
    role === 'duration' &&
    afterUnit !== undefined &&
    // "two days later than planned" is a delay, a length of time.
    ((MOMENT_AFTER.has(afterUnit) && after[unitAt + 2] !== 'than') || ((afterUnit === 'after' || afterUnit === 'before') && before.length === 0));
  // "a 23 percent cut", "cut by 23 percent"; not "fell to 5 percent" (a level, not a change).
  const cutBefore = before.slice(-3).some((w, i, last) => REDUCTION.has(w) && last[i + 1] !== 'to');
  const reduction = role === 'percent' && (cutBefore || after.slice(0, 3).some((w) => REDUCTION.has(w)));
  return {
    role, thing, modifiers: [...modifiers].sort(), context, head, owners: [...new Set(owners)].sort(), people: [...new Set(people)].sort(), moments, years, value: q.value * scale, scale,
    ...(hedge ? { hedge } : {}),
    ...(reduction ? { reduction } : {}),
    ...(horizon ? { horizon } : {}),
    ...(pointInTime ? { pointInTime } : {}),
  };
}

/** Roles whose figures are never compared across outlets (a tally meets only a tally: "134 to 63" vs "134 to 63"). */
export const UNCOMPARED_ROLES: ReadonlySet<QuantityRole> = new Set(['year', 'rank']);

/**
 * Vague amounts ("billions", "tens of thousands") and the words "one" and "zero" alone ("even one
 * life", "ground zero") state no figure an outlet could get wrong: never compared.
 */
const NOT_A_FIGURE = /^(?:(?:tens|hundreds) of )?(?:dozens|scores|hundreds|thousands|millions|billions)$|^(?:one|zero|a|an)$/i;

export function isComparableFigure(q: Pick<Quantity, 'text'>, id: QuantityIdentity): boolean {
  if (UNCOMPARED_ROLES.has(id.role) || id.horizon || id.pointInTime) return false;
  const bare = q.text.replace(/^(?:at least|more than|over|about|nearly|almost|some|around|roughly|up to|as many as|fewer than|less than)\s+/i, '');
  if (NOT_A_FIGURE.test(bare)) return false;
  // A count of nothing named ("six are on the ballot", "Mattis, 68,") says too little to pair.
  return id.role !== 'count' || id.thing !== '';
}

/**
 * The guide's "ages of different people": two ages beside people with different surnames ("the
 * 76-year-old Pelosi" vs "Clyburn, 76") are never the same quantity, whatever the judge says.
 */
export function agesOfDifferentPeople(a: QuantityIdentity, b: QuantityIdentity): boolean {
  return a.role === 'age' && b.role === 'age' && figuresOfDifferentPeople(a, b);
}

/**
 * One surname, allowing an outlet's one-letter spelling variant of a longer name ("Stacy" /
 * "Stacey", "Cowen" / "Cowan"); "Bush" and "Rush" stay two people.
 */
export function sameSurname(x: string, y: string): boolean {
  return x === y || (Math.min(x.length, y.length) >= 5 && distance(x, y) <= 1);
}

/**
 * Both figures name the people they belong to and no person is on both sides: Bush's tax rate
 * and the Clintons' tax rate, Mr. Ryan's savings and Obama's cut are two quantities (issue 13:
 * figures are compared only when who they belong to agrees; the guide's "ages of different
 * people" is the case of ages). Organisations alone decide nothing here ("the Pentagon" and "the
 * White House" give one troop figure).
 */
export function figuresOfDifferentPeople(a: QuantityIdentity, b: QuantityIdentity): boolean {
  return a.people.length > 0 && b.people.length > 0 && !a.people.some((p) => b.people.some((q) => sameSurname(p, q)));
}

/**
 * Identities that are never the same quantity, whatever the judge says: figures of different people (ages among them),
 * different rates ("per month" vs a total, "a year" vs "a month"), and different sides of a tally
 * ("134 to 63": 134 never meets 63). The README and the hand rules state these as "never".
 */
export function neverSameQuantity(a: QuantityIdentity, b: QuantityIdentity): boolean {
  const conflict = identityConflict(a, b);
  return figuresOfDifferentPeople(a, b) || conflict === 'rate' || conflict === 'tally-side';
}

/**
 * Both figures have named owners and share none, by name or by a person's surname ("Cowan" and
 * "William Cowan", "the Hunters" and "Duncan Hunter" are not different owners).
 */
export function ownersDiffer(a: QuantityIdentity, b: QuantityIdentity): boolean {
  return a.owners.length > 0 && b.owners.length > 0 && !ownersShared(a, b);
}

/** The two figures name a common owner (by name, or a person's surname). */
export function ownersShared(a: QuantityIdentity, b: QuantityIdentity): boolean {
  return a.owners.some((o) => b.owners.includes(o)) || a.people.some((p) => b.people.some((q) => sameSurname(p, q)));
}

/** Why two figures are not the same quantity, or '' when their identities agree. */
export function identityConflict(a: QuantityIdentity, b: QuantityIdentity): string {
  if (UNCOMPARED_ROLES.has(a.role) || UNCOMPARED_ROLES.has(b.role)) return 'role-not-compared';
  if (a.role !== b.role) return 'role';
  if (a.thing !== b.thing) return 'thing';
  const flag = (x: QuantityIdentity, m: string) => x.modifiers.includes(m);
  if (flag(a, 'increment') !== flag(b, 'increment')) return 'increment';
  const rate = (x: QuantityIdentity) => x.modifiers.filter((m) => m.startsWith('rate:')).join();
  if (rate(a) !== rate(b)) return 'rate';
  const side = (x: QuantityIdentity) => x.modifiers.find((m) => m.startsWith('tally:')) ?? '';
  if (side(a) !== side(b)) return 'tally-side';
  // Named owners on both sides that share none: two people's ages, two outlets' tallies.
  if (ownersDiffer(a, b)) return 'owner';
  return '';
}

/**
 * One line of evidence for the CSV: "count of troops; increment; rate:month". A quantity named by
 * its role (a duration, a percent, one without a thing) is the role alone: "duration", "percent".
 */
export function describeIdentity(id: QuantityIdentity): string {
  const name = quantityName(id);
  return [name === id.role ? id.role : `${id.role} of ${name}`, ...id.modifiers].join('; ');
}

/**
 * What the reports call a figure's quantity: its thing, or its role when it has none or is a
 * duration (whose thing is the days it is compared in: "three years" was shown as "days").
 */
export function quantityName(id: Pick<QuantityIdentity, 'role' | 'thing'>): string {
  return id.role === 'duration' ? 'duration' : id.thing || id.role;
}
