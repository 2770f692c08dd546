/**
 * The evidence that two figures state the same quantity, as numbers a fitted judge weighs
 * (config/models/numeric-pairs.json, `crossframe train numeric-pairs`): identity agreement
 * (quantityIdentity.ts), the words around each figure, the two sentences' similarity, and whether
 * the values the wordings allow meet. Values are evidence too: figures for the same quantity from
 * different outlets mostly agree, so two that disagree need stronger identity evidence.
 */
import type { Quantity } from '../../records.js';
import type { ClaimUnit } from '../corpus/claimUnits.js';
import type { ClaimSimilarity } from '../corpus/claimSimilarity.js';
import { compareQuantities, type QuantityComparison } from './numericCompare.js';
import { ownersDiffer, ownersShared, type QuantityIdentity } from './quantityIdentity.js';
import { contentWords } from '../corpus/terms.js';

const stem = (word: string) => contentWords(word)[0] ?? '';
import { probabilityOf, type LogisticModel } from '../../learn/logisticRegression.js';
import type { JudgeFile } from '../../learn/modelFile.js';
import { readJudge } from '../../config/judgeFile.js';

export interface Figure {
  unit: ClaimUnit;
  quantity: Quantity;
  category: string;
  identity: QuantityIdentity;
  /** Stable order key: sentence id, then position among the sentence's figures. */
  order: [string, number];
  /**
   * The same value as its own article words it elsewhere with a qualifier ("$5 billion" where the
   * article also says "more than $5 billion"): the bare figure is read with that qualifier.
   */
  restated?: Quantity;
}

/** The wording a figure is compared by: its own, with a hedge the segmenter missed, or its article's qualified restatement. */
export function readingOf(f: Figure): Quantity {
  const q = f.quantity;
  if (f.identity.hedge === 'nearly') return { ...q, qualifier: 'about', approx: true, text: `nearly ${q.text}` };
  if (f.identity.hedge === 'at-least') return { ...q, qualifier: 'at-least', approx: true, min: q.value, max: Number.MAX_SAFE_INTEGER, text: `more than ${q.text}` };
  if (f.restated) return { ...q, qualifier: f.restated.qualifier, approx: f.restated.approx, min: f.restated.min, max: f.restated.max, text: f.restated.text };
  return q;
}

/** What remains after a percentage cut: "a 23 percent cut" leaves 77 percent. */
function remainder(q: Quantity): Quantity {
  return { ...q, value: 100 - q.value, min: 100 - q.max, max: 100 - q.min };
}

/**
 * Two figures compared as the labelling guide reads them (numericCompare.ts), each by its reading
 * (readingOf); a percentage cut on one side only also meets the share that remains ("a 23 percent
 * cut in benefits" / "pay 77 percent of promised benefits"). `note` says which reading decided.
 */
export function compareFigures(a: Figure, b: Figure, tolerance: number, aboutSlack: number): QuantityComparison & { note: string } {
  const qa = readingOf(a);
  const qb = readingOf(b);
  const direct = compareQuantities(qa, qb, tolerance, aboutSlack, true, a.identity.scale, b.identity.scale);
  const read = [a, b].filter((f) => readingOf(f) !== f.quantity).map((f) => `"${f.quantity.text}" read as "${readingOf(f).text}"${f.restated && !f.identity.hedge ? ' (same article)' : ''}`);
  const note = read.join('; ');
  if (direct.verdict === 'consistent' || a.identity.role !== 'percent' || !!a.identity.reduction === !!b.identity.reduction) return { ...direct, note };
  const exact = (q: Quantity) => q.qualifier === 'exact' || q.qualifier === 'about';
  const [cut, other] = a.identity.reduction ? [qa, qb] : [qb, qa];
  if (!exact(cut)) return { ...direct, note };
  const complement = compareQuantities(remainder(cut), other, tolerance, aboutSlack, true);
  if (complement.verdict !== 'consistent') return { ...direct, note };
  return { ...complement, note: [...read, `a ${cut.text} cut leaves ${remainder(cut).value} percent`].join('; ') };
}

export interface FigurePair {
  a: Figure;
  b: Figure;
  /** JSON [sentenceA, positionA, sentenceB, positionB]: stable across runs. */
  key: string;
  similarity: ClaimSimilarity;
  clauseOverlap: number;
  features: number[];
}

export const FEATURE_NAMES = [
  'clauseOverlap', 'sentenceSimilarity', 'cosine', 'lexical', 'sameThing', 'thingMissing', 'modifierConflict',
  'ownerConflict', 'ownerShared', 'thingInContext', 'mutualBest', 'oneSideBest', 'valuesMeet', 'sameValue', 'logRatio', 'bothExact', 'money', 'percent', 'duration', 'age',
  'yearsDiffer', 'rivalMeets', 'sharedValueSize', 'headShared', 'fitMargin',
  // The same evidence again for figures that disagree only: a linear judge then weighs identity
  // differently when the values do not meet (the rare same-quantity pair with another value).
  'disagree:clauseOverlap', 'disagree:sentenceSimilarity', 'disagree:sameThing', 'disagree:thingMissing', 'disagree:mutualBest',
  'disagree:thingInContext', 'disagree:ownerShared', 'disagree:modifierConflict', 'disagree:headShared', 'disagree:fitMargin',
] as const;

const INTERACTED = ['clauseOverlap', 'sentenceSimilarity', 'sameThing', 'thingMissing', 'mutualBest', 'thingInContext', 'ownerShared', 'modifierConflict', 'headShared', 'fitMargin'] as const;

export const JUDGE_KIND = 'numeric-pairs';
export const JUDGE_VERSION = 2;
export const SAME = 'same';
export const OTHER = 'other';

export function figureKey(a: Figure, b: Figure): string {
  return JSON.stringify([a.order[0], a.order[1], b.order[0], b.order[1]]);
}

/** Weighted overlap of the content words around two figures (term weights of their sentences). */
export function clauseOverlap(a: Figure, b: Figure): number {
  const weight = (f: Figure, w: string) => f.unit.terms.get(w) ?? 1;
  const bSet = new Set(b.identity.context);
  let shared = 0;
  let totalA = 0;
  let totalB = 0;
  for (const w of a.identity.context) {
    totalA += weight(a, w);
    if (bSet.has(w)) shared += Math.sqrt(weight(a, w) * weight(b, w));
  }
  for (const w of b.identity.context) totalB += weight(b, w);
  return shared === 0 ? 0 : shared / Math.sqrt(totalA * totalB);
}

export function valuesMeet(a: Figure, b: Figure, tolerance: number, aboutSlack: number): boolean {
  return compareFigures(a, b, tolerance, aboutSlack).verdict === 'consistent';
}

/**
 * How well two figures fit on context alone (no values): the words around them, their sentences,
 * the counted thing. Used to rank each figure's counterparts in another outlet: the best
 * counterpart on both sides is strong evidence (the rule before this judge relied on it alone).
 */
export function contextFit(a: Figure, b: Figure, similarity: ClaimSimilarity, overlap: number): number {
  return (overlap + similarity.score) / 2 + (a.identity.thing !== '' && a.identity.thing === b.identity.thing ? 0.5 : 0);
}

/**
 * `best`: 0, 1 or 2 of the two figures for which the other is its best-fitting counterpart in that outlet.
 * `rival`: for figures that disagree, whether either has, in the other's outlet, another figure whose
 * value it meets and that fits at least as well: outlets mostly agree on one quantity, so the
 * disagreeing one is likely another quantity ("35.7 percent in 2014" has its match; "31.55 percent
 * from 2007 to 2014" is another rate).
 */
export function pairFeatures(a: Figure, b: Figure, similarity: ClaimSimilarity, overlap: number, tolerance: number, aboutSlack: number, best = 0, rival = false, fitMargin = 0): number[] {
  const x = a.identity;
  const y = b.identity;
  const flag = (v: boolean) => (v ? 1 : 0);
  const rate = (i: QuantityIdentity) => i.modifiers.filter((m) => m !== 'total' && m !== 'share').join();
  const va = Math.abs(x.value);
  const vb = Math.abs(y.value);
  const exact = (q: Quantity) => q.qualifier === 'exact' && !q.approx;
  const base = [
    overlap,
    similarity.score,
    similarity.cosine,
    similarity.lexical,
    flag(x.thing !== '' && x.thing === y.thing),
    flag(x.thing === '' || y.thing === ''),
    flag(rate(x) !== rate(y)),
    flag(ownersDiffer(x, y)),
    flag(ownersShared(x, y)),
    // "23 steps ... without congressional action" and "19 separate actions": one's counted thing in the other's words.
    flag(x.thing !== y.thing && (x.context.includes(stem(y.thing)) || y.context.includes(stem(x.thing)))),
    flag(best === 2),
    flag(best === 1),
    flag(valuesMeet(a, b, tolerance, aboutSlack)),
    flag(x.value === y.value),
    va > 0 && vb > 0 ? Math.min(3, Math.abs(Math.log(va / vb))) : 3,
    flag(exact(a.quantity) && exact(b.quantity)),
    flag(x.role === 'money'),
    flag(x.role === 'percent'),
    flag(x.role === 'duration'),
    flag(x.role === 'age'),
    // Both sentences name years and not the same ones: another period ("for 2014" vs "from 2007 through 2014").
    flag(x.years.length > 0 && y.years.length > 0 && x.years.join() !== y.years.join()),
    flag(rival),
    // Equal small numbers meet by chance ("two phones", "two sides"); "$716 billion" twice rarely does.
    // In the units written (a duration's days would make "21 years" look like a rare number).
    valuesMeet(a, b, tolerance, aboutSlack) ? Math.min(6, Math.log10(Math.max(Math.abs(a.quantity.value * (x.role === 'duration' ? 1 : x.scale)), Math.abs(b.quantity.value * (y.role === 'duration' ? 1 : y.scale)), 1))) : 0,
    // Words next to both figures: "the 48-page indictment" / "the 47-page indictment", "earned $139 million" / "earned roughly $141 million".
    Math.min(2, x.head.filter((w) => y.head.includes(w)).length),
    fitMargin,
  ];
  const disagree = base[FEATURE_NAMES.indexOf('valuesMeet')] ? 0 : 1;
  return [...base, ...INTERACTED.map((name) => disagree * base[FEATURE_NAMES.indexOf(name)])];
}

/**
 * A fitted same-quantity judge and the probabilities at which a pair counts as the same quantity:
 * one for figures whose values meet, a stricter one for figures that disagree (shown as a
 * discrepancy, so held to the discrepancy precision target).
 */
export interface NumericJudge {
  model: LogisticModel;
  threshold: number;
  disagreeingThreshold: number;
}

export const SAME_DISAGREEING = 'sameDisagreeing';
export const VALUES_MEET = FEATURE_NAMES.indexOf('valuesMeet');

export function judgeProbability(judge: NumericJudge, features: readonly number[]): number {
  return probabilityOf(judge.model, features, SAME);
}

export function loadNumericJudge(file: string): NumericJudge {
  const judge: JudgeFile = readJudge(file, JUDGE_KIND, JUDGE_VERSION, 'claims.numericJudge');
  // A disagreeing threshold written as null (JSON has no Infinity) means: no disagreeing figures are
  // compared, the trainer found no threshold precise enough; an absent one, the older single threshold.
  const disagreeing = judge.thresholds[SAME_DISAGREEING] as number | null | undefined;
  return { model: judge.model, threshold: judge.thresholds[SAME], disagreeingThreshold: disagreeing === null ? Infinity : (disagreeing ?? judge.thresholds[SAME]) };
}
