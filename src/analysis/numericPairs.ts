/**
 * Which figures in one event are about the same quantity, and how they compare.
 *
 * Two figures are compared when they come from different outlets, count the same thing (same
 * category and kind, see quantityCategory) and sit in sentences that say much the same
 * (claim similarity at least `numericContext`), and when each is the other's best counterpart in
 * that outlet. The mutual-best rule keeps "Israel claims 1,400 were killed" from being compared
 * with "9,488 Palestinians have died": both are deaths, but each has a closer counterpart.
 */
import { createHash } from 'node:crypto';
import type { NumericComparison, Quantity, SentenceRef } from '../records.js';
import type { ClaimUnit } from './claimsUnits.js';
import { claimSimilarity, type ClaimSimilarityContext } from './claimsSimilarity.js';
import { compareQuantities, quantityCategory } from './numericCompare.js';

export interface NumericOptions {
  tolerance: number;
  aboutSlack: number;
  /** Minimum claim similarity of the two sentences. */
  context: number;
}

interface Figure {
  unit: ClaimUnit;
  quantity: Quantity;
  category: string;
}

export function sentenceRef(unit: ClaimUnit): SentenceRef {
  return { sentenceId: unit.sentence.id, articleId: unit.sentence.articleId, outlet: unit.outletKey, text: unit.sentence.text };
}

function figureKey(f: Figure): string {
  return `${f.unit.sentence.id}|${f.quantity.text}|${f.quantity.value}`;
}

export function compareEventFigures(
  eventId: string,
  units: readonly ClaimUnit[],
  ctx: ClaimSimilarityContext,
  options: NumericOptions,
): NumericComparison[] {
  const figures: Figure[] = [];
  for (const unit of units) {
    for (const quantity of unit.sentence.numbers) {
      const category = quantityCategory(quantity);
      if (category && Number.isFinite(quantity.value)) figures.push({ unit, quantity, category });
    }
  }
  // Best counterpart of each figure in each other outlet, by sentence similarity.
  const contextCache = new Map<string, number>();
  const contextOf = (a: ClaimUnit, b: ClaimUnit): number => {
    const key = a.sentence.id < b.sentence.id ? `${a.sentence.id}|${b.sentence.id}` : `${b.sentence.id}|${a.sentence.id}`;
    let score = contextCache.get(key);
    if (score === undefined) contextCache.set(key, (score = claimSimilarity(a, b, ctx).score));
    return score;
  };
  const best = new Map<string, { figure: Figure; score: number }>();
  for (const a of figures) {
    for (const b of figures) {
      if (a.unit.outletKey === b.unit.outletKey || a.category !== b.category || a.quantity.kind !== b.quantity.kind) continue;
      const score = contextOf(a.unit, b.unit);
      if (score < options.context) continue;
      const slot = `${figureKey(a)}>${b.unit.outletKey}`;
      const current = best.get(slot);
      if (!current || score > current.score) best.set(slot, { figure: b, score });
    }
  }
  const out: NumericComparison[] = [];
  const seen = new Set<string>();
  for (const [slot, { figure: b }] of best) {
    const aKey = slot.slice(0, slot.lastIndexOf('>'));
    const a = figures.find((f) => figureKey(f) === aKey)!;
    const back = best.get(`${figureKey(b)}>${a.unit.outletKey}`);
    if (!back || figureKey(back.figure) !== aKey) continue;
    const [first, second] = aKey < figureKey(b) ? [a, b] : [b, a];
    const pairKey = `${figureKey(first)}~${figureKey(second)}`;
    if (seen.has(pairKey)) continue;
    seen.add(pairKey);
    const result = compareQuantities(first.quantity, second.quantity, options.tolerance, options.aboutSlack);
    out.push({
      id: `num-${createHash('sha256').update(`${eventId}\n${pairKey}`).digest('hex').slice(0, 12)}`,
      eventId,
      quantity: first.category,
      a: { ...sentenceRef(first.unit), number: first.quantity },
      b: { ...sentenceRef(second.unit), number: second.quantity },
      relativeGap: Number(result.relativeGap.toFixed(4)),
      verdict: result.verdict,
    });
  }
  return out.sort((x, y) => x.a.sentenceId.localeCompare(y.a.sentenceId) || x.b.sentenceId.localeCompare(y.b.sentenceId) || x.id.localeCompare(y.id));
}
