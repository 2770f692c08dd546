/**
 * Contradictions only with evidence an analyst can check, and only on pairs the judge already
 * finds to be about the same thing (the caller checks that):
 *
 * - stance: the same actor refuses in one sentence and accepts in the other, about the same act
 *   ("rejected any pause" / "agreed to pauses"; lexicon config/lexicons/stance.yaml);
 * - negation: the same predicate asserted in one and negated in the other, with a shared actor
 *   ("Inspectors found cracks" / "Inspectors did not find cracks");
 * - slot: the same predicate and actor with a different explicit date in one slot ("signed on
 *   12 May 2021" / "signed on 14 May 2021"). Weekdays alone are not evidence: outlets publish on
 *   different days and say "Thursday" / "Friday" for the same act (on the claim-relations dev set,
 *   12 of the 19 contradictions a weekday rule helped raise were weekday-only; 1 of the 19 was right).
 *
 * Never on a shared quotation (two outlets printing the same words report the same thing), and
 * never from the NLI model alone (the compact model says "contradiction" for paraphrases).
 * Figures belong to the numbers comparison (numeric_comparisons.csv).
 */
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { mainVerbs, type PairFeatures } from './features.js';
import { entityPositions, nearestBefore, opposedStance, words, type StanceLexicon, type StanceMark } from './stance.js';
import { contentWords } from '../corpus/terms.js';
import { stemmer } from 'stemmer';

/** A quotation shared at this share of its words makes a pair uncontradictable. */
export const SHARED_QUOTE = 0.6;

/** A negation in a sentence: the phrase, its token index (words()), and the first content-word stem after it ('' when the verb is left out: "a state that does not."). */
interface Negation {
  negation: string;
  token: number;
  word: string;
  before: string;
}

/** Each negation that denies something ("without" and "nor" set conditions or lists: "rejected any pause without hostages released"). */
function negations(text: string, lexicon: StanceLexicon): Negation[] {
  const toks = words(text);
  const out: Negation[] = [];
  for (let i = 0; i < toks.length; i++) {
    const phrase = lexicon.negations.find((n) => n.every((w, k) => toks[i + k] === w));
    if (!phrase) continue;
    const after = contentWords(toks.slice(i + phrase.length, i + phrase.length + 3).join(' '));
    if (!CONDITIONAL.has(phrase.join(' '))) out.push({ negation: phrase.join(' '), token: i, word: after[0] ?? '', before: i > 0 ? stemmer(toks[i - 1]) : '' });
    i += phrase.length - 1;
  }
  return out;
}

/** Each negation and the first content-word stem after it ("did not find cracks" -> not / find). */
export function negatedPredicates(text: string, lexicon: StanceLexicon): { negation: string; word: string; before: string }[] {
  return negations(text, lexicon)
    .filter((n) => n.word)
    .map(({ negation, word, before }) => ({ negation, word, before }));
}

const CONDITIONAL = new Set(['without', 'nor', 'neither']);

/** Words that set a sentence's claim at another time than the other's: a change, not a dispute. */
const TIME_SHIFT = /\b(?:previously|formerly|again|no longer|any ?more|used to)\b/i;

/** Shared named entities, else the same subject head (first content word: "Inspectors ..."). */
function sharedActors(a: ClaimUnit, b: ClaimUnit): string[] {
  const names = [...a.entities.keys()].filter((n) => b.entities.has(n));
  if (names.length > 0) return names;
  const [ha, hb] = [contentWords(a.sentence.text)[0], contentWords(b.sentence.text)[0]];
  return ha && ha === hb ? [ha] : [];
}

/**
 * The same predicate asserted in one sentence and negated in the other: the negated word is a verb
 * of the other sentence ("did not sign" / "signed"), or its object while both share their main
 * verb, right after it ("found no cracks" / "found cracks"); plus a shared actor. `overTime` when
 * either sentence sets its claim at another time ("Previously, agencies were required to ..." /
 * "the regulations don't require ..."): a change, not a dispute.
 */
export type PairNegation = { text: string; overTime: boolean } | null;

function oneSidedNegation(a: ClaimUnit, b: ClaimUnit, lexicon: StanceLexicon): PairNegation {
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const negated = negations(x.sentence.text, lexicon).filter((n) => n.word);
    // The other sentence negates something too, if only with its verb left out ("... a state that does not."): not one-sided.
    if (negated.length === 0 || negations(y.sentence.text, lexicon).length > 0) continue;
    const verbsY = mainVerbs(y.sentence.text);
    const verbsX = mainVerbs(x.sentence.text);
    const wordsY = new Set(contentWords(y.sentence.text));
    const actors = sharedActors(x, y);
    // The negation must be about a shared actor: the entity named nearest before it is one of them
    // ("... have pleaded guilty, while Roger Stone has pleaded not guilty" negates Stone's plea, not theirs).
    // (With no name shared, the actor is the same subject head, which the nearest name does not tell.)
    const named = actors.some((name) => x.entities.has(name));
    const positions = entityPositions(x.sentence.text, x.sentence.entities);
    const aboutShared = (n: Negation) => {
      const nearest = nearestBefore(positions, n.token);
      return !named || nearest === undefined || actors.includes(nearest);
    };
    // The negated verb itself, or the object right after a verb both sentences share ("found no cracks").
    const hit = negated.find((n) => (verbsY.has(n.word) || (verbsX.has(n.before) && verbsY.has(n.before) && wordsY.has(n.word))) && aboutShared(n));
    if (hit && actors.length > 0) {
      return { text: `"${hit.negation}" before "${hit.word}" in one sentence only (actor ${actors.join(', ')})`, overTime: TIME_SHIFT.test(x.sentence.text) || TIME_SHIFT.test(y.sentence.text) };
    }
  }
  return null;
}

/**
 * The pair's one-sided negation, worked out on the first call only: a pair the judge calls agree asks
 * both contradictionEvidence and changeOverTime, and each reading tokenises both sentences.
 */
export function pairNegation(a: ClaimUnit, b: ClaimUnit, lexicon: StanceLexicon): () => PairNegation {
  let found: PairNegation | undefined;
  return () => (found === undefined ? (found = oneSidedNegation(a, b, lexicon)) : found);
}

/**
 * A one-sided negation across a shift in time: the two sentences report a change ("Previously, agencies
 * were required to ..." / "the regulations don't require ..."), so they are related, never the same claim.
 */
export function changeOverTime(a: ClaimUnit, b: ClaimUnit, lexicon: StanceLexicon, negation: () => PairNegation = pairNegation(a, b, lexicon)): string | null {
  const found = negation();
  return found?.overTime ? `a change over time: ${found.text}, and one sentence set at another time` : null;
}

function slotEvidence(a: ClaimUnit, b: ClaimUnit, features: PairFeatures): string | null {
  if (features.named.verbOverlap === 0 || sharedActors(a, b).length === 0) return null;
  const [ta, tb] = [new Set(a.sentence.dates), new Set(b.sentence.dates)];
  if (ta.size > 0 && tb.size > 0 && ![...ta].some((d) => tb.has(d))) return `different date: ${[...ta].join(', ')} vs ${[...tb].join(', ')} (same predicate and actor)`;
  return null;
}

/** The checkable evidence that two same-topic sentences cannot both be true, or null. */
export function contradictionEvidence(
  a: ClaimUnit,
  b: ClaimUnit,
  marks: { a: readonly StanceMark[]; b: readonly StanceMark[] },
  features: PairFeatures,
  lexicon: StanceLexicon,
  negation: () => PairNegation = pairNegation(a, b, lexicon),
): string | null {
  if (features.named.sharedQuote >= SHARED_QUOTE) return null;
  // A sentence with both a refusal and an acceptance ("vetoed a bill allowing suits") has no single stance.
  const single = (m: readonly StanceMark[]) => m.length > 0 && m.every((x) => x.polarity === m[0].polarity);
  const opposed = single(marks.a) && single(marks.b) ? opposedStance(marks.a, marks.b) : null;
  // Each verb's nearest actor (its subject, most often) must be a shared one: "Unlike stars X, Y and Z,
  // Ross is not signed" says nothing against "X, Y and Z are signed".
  const subjectShared = (m: StanceMark, actors: readonly string[]) => m.nearest === undefined || actors.includes(m.nearest);
  const stance = opposed && subjectShared(opposed.a, opposed.actors) && subjectShared(opposed.b, opposed.actors) ? opposed : null;
  if (stance) return `stance: ${stance.a.verb} vs ${stance.b.verb} (actor ${stance.actors.join(', ')}; act ${stance.act.join(', ')})`;
  const negated = negation();
  return (negated && !negated.overTime ? `negation: ${negated.text}` : null) ?? slotEvidence(a, b, features);
}
