/**
 * Shared statements as evidence that two articles report one event.
 *
 * Articles about the same people months apart share names and vocabulary; articles about the
 * same event share statements: the same quote, the same figure, the same decision. This counts
 * the sentences of each article that have a close counterpart in the other and turns their
 * summed similarity into evidence in [0, 1) that saturates (1 - e^-mass): a handful of shared
 * statements is decisive, a single loose one is not.
 */
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { claimSimilarity, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';

export interface SharedStatements {
  evidence: number;
  /** Sentences (of either article) with a counterpart at or above the threshold. */
  shared: number;
}

export function sharedStatementEvidence(
  unitsA: readonly ClaimUnit[],
  unitsB: readonly ClaimUnit[],
  ctx: ClaimSimilarityContext,
  threshold: number,
): SharedStatements {
  if (unitsA.length === 0 || unitsB.length === 0) return { evidence: 0, shared: 0 };
  const bestA = new Array<number>(unitsA.length).fill(0);
  const bestB = new Array<number>(unitsB.length).fill(0);
  for (let i = 0; i < unitsA.length; i++) {
    for (let j = 0; j < unitsB.length; j++) {
      const { score } = claimSimilarity(unitsA[i], unitsB[j], ctx);
      if (score > bestA[i]) bestA[i] = score;
      if (score > bestB[j]) bestB[j] = score;
    }
  }
  let mass = 0;
  let shared = 0;
  for (const score of [...bestA, ...bestB]) {
    if (score < threshold) continue;
    mass += score;
    shared++;
  }
  // Each shared statement is counted from both sides; halve so one statement is one unit.
  return { evidence: 1 - Math.exp(-mass / 2), shared };
}
