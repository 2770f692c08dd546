/**
 * Natural language inference on the SNLI test set: accuracy and macro-F1 of the configured NLI
 * model (argmax of entailment / neutral / contradiction, through the model hub and its label
 * mapping), next to the majority-class reference computed on the same pairs.
 */
import { readJsonl, str } from '../measure/jsonl.js';
import { accuracy, classPrf, round } from './metrics.js';
import { take, type EvalContext } from './context.js';

const CLASSES = ['entailment', 'neutral', 'contradiction'] as const;
type NliClass = (typeof CLASSES)[number];

export interface NliPair {
  id: string;
  premise: string;
  hypothesis: string;
  label: NliClass;
}

export interface NliEvalResult {
  file: string;
  pairs: number;
  model: string;
  accuracy: number;
  macroF1: number;
  /** Recall of the contradiction class: what claim matching relies on. */
  contradictionRecall: number;
  /** Always answering the most frequent gold class. */
  majorityBaseline: { label: NliClass; accuracy: number };
}

export function readNliPairs(file: string): NliPair[] {
  return readJsonl(
    file,
    (r) => {
      const label = str(r, 'label');
      if (!(CLASSES as readonly string[]).includes(label)) throw new Error(`field "label" must be one of ${CLASSES.join(', ')}, found "${label}"`);
      return { id: str(r, 'id'), premise: str(r, 'premise'), hypothesis: str(r, 'hypothesis'), label: label as NliClass };
    },
    '--nli FILE',
  );
}

export async function evalNli(ctx: EvalContext, file: string): Promise<NliEvalResult> {
  const pairs = take(readNliPairs(file), ctx.limit);
  const hub = await ctx.hub();
  const results = await hub.nli(pairs.map((p) => [p.premise, p.hypothesis]));
  const predicted = results.map((r) => CLASSES.reduce((best, c) => (r[c] > r[best] ? c : best), CLASSES[0] as NliClass));
  const gold = pairs.map((p) => p.label);
  const stats = CLASSES.map((cls) => classPrf(predicted, gold, cls));
  const counts = CLASSES.map((c) => gold.filter((g) => g === c).length);
  const majority = CLASSES[counts.indexOf(Math.max(...counts))];
  return {
    file,
    pairs: pairs.length,
    model: ctx.loaded.config.models.nli.id,
    accuracy: round(accuracy(predicted, gold)),
    macroF1: round(stats.reduce((t, s) => t + s.f1, 0) / CLASSES.length),
    contradictionRecall: round(stats[2].recall),
    majorityBaseline: { label: majority, accuracy: round(accuracy(gold.map(() => majority), gold)) },
  };
}
