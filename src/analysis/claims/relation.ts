/**
 * The previous hand-set rules, kept only for the eval's reference row (`crossframe eval --only
 * relations`, reference.previousRules) and figureConflict (a judge feature); a run labels pairs with
 * the learned relations judge (claims/judge.ts) and claims/contradiction.ts.
 *
 * agree / contradict / related for one candidate pair, with the reason an analyst can check.
 *
 * - contradict: the stance rule fires (same actor, same act, refuse vs accept); or nearly the
 *   same wording (term overlap at least `negationOverlap`) with a negation in only one sentence;
 *   or the NLI model
 *   says contradiction (either direction) at or above its threshold AND the sentences overlap in
 *   wording at least `contradictionOverlap` (the compact model also says "contradiction" for
 *   sentences about different things, so topical overlap is required).
 * - agree: combined similarity at or above `agreeThreshold`; or the two sentences are each
 *   other's closest match across the two outlets (mutual best, a standard alignment criterion
 *   that needs no absolute cut-off, which the weak models cannot provide); or NLI entailment in
 *   both directions at or above the contradiction threshold.
 *   Never when both sentences state figures and no figure counts the same thing ("killed 14" vs
 *   "closed for six months"): those are different facts that merely share names.
 * - related: everything else that made it through candidate generation.
 */
import type { ClaimRelation } from '../../records.js';
import type { NliResult } from '../../models/hub.js';
import type { ClaimCandidate } from './candidates.js';
import type { OpposedStance } from './stance.js';

export interface RelationOptions {
  agreeThreshold: number;
  contradictionThreshold: number;
  contradictionOverlap: number;
  negationOverlap: number;
}

export interface RelationVerdict {
  relation: ClaimRelation;
  reason: string;
  /** Max over both directions. */
  entailment: number;
  contradiction: number;
}

const fmt = (x: number) => x.toFixed(2);

/** "deaths vs months" when both sentences have figures and none counts the same thing, else null. */
export function figureConflict(candidate: Pick<ClaimCandidate, 'a' | 'b'>): string | null {
  const a = candidate.a.figureCategories ?? new Set<string>();
  const b = candidate.b.figureCategories ?? new Set<string>();
  if (a.size === 0 || b.size === 0) return null;
  for (const category of a) if (b.has(category)) return null;
  return `${[...a].sort().join(', ')} vs ${[...b].sort().join(', ')}`;
}

export function labelRelation(
  candidate: ClaimCandidate,
  nli: { ab: NliResult; ba: NliResult },
  stance: OpposedStance | null,
  /** The negation found in only one of the two sentences, if any (see negationMismatch). */
  negation: string | null,
  options: RelationOptions,
): RelationVerdict {
  const contradiction = Math.max(nli.ab.contradiction, nli.ba.contradiction);
  const entailment = Math.max(nli.ab.entailment, nli.ba.entailment);
  const mutualEntailment = Math.min(nli.ab.entailment, nli.ba.entailment);
  const base = { entailment, contradiction };
  if (stance) {
    const reason = `stance: ${stance.a.verb} vs ${stance.b.verb} (actor ${stance.actors.join(', ')}; act ${stance.act.join(', ')})`;
    return { ...base, relation: 'contradict', reason };
  }
  const overlap = candidate.similarity.lexical;
  if (negation && overlap >= options.negationOverlap) {
    return { ...base, relation: 'contradict', reason: `negation: "${negation}" in one sentence only, term overlap ${fmt(overlap)}` };
  }
  if (contradiction >= options.contradictionThreshold && overlap >= options.contradictionOverlap) {
    return { ...base, relation: 'contradict', reason: `nli-contradiction ${fmt(contradiction)}, term overlap ${fmt(overlap)}` };
  }
  const score = candidate.similarity.score;
  const conflict = figureConflict(candidate);
  if (conflict) {
    return { ...base, relation: 'related', reason: `similar ${fmt(score)}, but figures count different things (${conflict})` };
  }
  if (score >= options.agreeThreshold) {
    return { ...base, relation: 'agree', reason: `similar ${fmt(score)} (terms ${fmt(overlap)}, entities ${fmt(candidate.similarity.entities)})` };
  }
  if (candidate.mutualBest) {
    return { ...base, relation: 'agree', reason: `mutual best match ${fmt(score)} (terms ${fmt(overlap)}, entities ${fmt(candidate.similarity.entities)})` };
  }
  if (mutualEntailment >= options.contradictionThreshold) {
    return { ...base, relation: 'agree', reason: `nli-entailment both ways ${fmt(mutualEntailment)}` };
  }
  return { ...base, relation: 'related', reason: `similar ${fmt(score)}, below agree ${fmt(options.agreeThreshold)}` };
}
