/**
 * Contradictions only with evidence an analyst can check, and only on pairs the judge already
 * finds to be about the same thing (the caller checks that):
 *
 * - stance: the same actor refuses in one sentence and accepts in the other, about the same act
 *   ("rejected any pause" / "agreed to pauses"; lexicon config/lexicons/stance.yaml);
 * - negation: the same predicate asserted in one and negated in the other, with a shared actor
 *   ("Inspectors found cracks" / "Inspectors did not find cracks");
 * - slot: the same predicate and actor with a different day or date in one slot
 *   ("published Saturday" / "published Sunday").
 *
 * Never on a shared quotation (two outlets printing the same words report the same thing), and
 * never from the NLI model alone (the compact model says "contradiction" for paraphrases).
 * Figures belong to the numbers comparison (numeric_comparisons.csv).
 */
import type { ClaimUnit } from './claimsUnits.js';
import { mainVerbs, type PairFeatures } from './claimsFeatures.js';
import { opposedStance, type StanceLexicon, type StanceMark } from './claimsStance.js';
import { contentWords } from './eventsTerms.js';

/** A quotation shared at this share of its words makes a pair uncontradictable. */
export const SHARED_QUOTE = 0.6;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function tokens(text: string): string[] {
  return text.toLowerCase().replace(/[’']/g, "'").replace(/n't\b/g, ' not').match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
}

/** Content-word stems right after each negation ("did not find cracks" -> find). */
export function negatedPredicates(text: string, lexicon: StanceLexicon): string[] {
  const toks = tokens(text);
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const phrase = lexicon.negations.find((n) => n.every((w, k) => toks[i + k] === w));
    if (!phrase) continue;
    const after = contentWords(toks.slice(i + phrase.length, i + phrase.length + 3).join(' '));
    if (after[0]) out.push(after[0]);
    i += phrase.length - 1;
  }
  return out;
}

const sharedActors = (a: ClaimUnit, b: ClaimUnit) => [...a.entities.keys()].filter((n) => b.entities.has(n));

function negationEvidence(a: ClaimUnit, b: ClaimUnit, lexicon: StanceLexicon): string | null {
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const negated = negatedPredicates(x.sentence.text, lexicon);
    if (negated.length === 0 || negatedPredicates(y.sentence.text, lexicon).length > 0) continue;
    const asserted = new Set([...mainVerbs(y.sentence.text)]);
    const predicate = negated.find((p) => asserted.has(p));
    const actors = sharedActors(x, y);
    if (predicate && actors.length > 0) return `negation: "${predicate}" negated in one sentence only (actor ${actors.join(', ')})`;
  }
  return null;
}

function slotEvidence(a: ClaimUnit, b: ClaimUnit, features: PairFeatures): string | null {
  if (features.named.verbOverlap === 0 || sharedActors(a, b).length === 0) return null;
  const days = (u: ClaimUnit) => new Set(tokens(u.sentence.text).filter((t) => WEEKDAYS.includes(t)));
  const [da, db] = [days(a), days(b)];
  if (da.size > 0 && db.size > 0 && ![...da].some((d) => db.has(d))) return `different day: ${[...da].join(', ')} vs ${[...db].join(', ')} (same predicate and actor)`;
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
): string | null {
  if (features.named.sharedQuote >= SHARED_QUOTE) return null;
  // A sentence with both a refusal and an acceptance ("vetoed a bill allowing suits") has no single stance.
  const single = (m: readonly StanceMark[]) => m.length > 0 && m.every((x) => x.polarity === m[0].polarity);
  const stance = single(marks.a) && single(marks.b) ? opposedStance(marks.a, marks.b) : null;
  if (stance) return `stance: ${stance.a.verb} vs ${stance.b.verb} (actor ${stance.actors.join(', ')}; act ${stance.act.join(', ')})`;
  return negationEvidence(a, b, lexicon) ?? slotEvidence(a, b, features);
}
