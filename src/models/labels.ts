/**
 * Turning classifier outputs into what crossframe reports: a sentiment score in [-1, 1] with a
 * label, and NLI probabilities under fixed names. Label names come from the model's config.json
 * (id2label) and are matched case-insensitively; a label that cannot be mapped is an error that
 * names it, never a guess.
 */
import { ModelLabelError } from './errors.js';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** Sum over the model's labels of probability x polarity, in [-1, 1]. */
  score: number;
}

export interface NliResult {
  entailment: number;
  neutral: number;
  contradiction: number;
}

/** id2label from a model config as a list indexed by class id. */
export function labelList(config: Record<string, unknown>, modelId: string): string[] {
  const id2label = config.id2label;
  if (!id2label || typeof id2label !== 'object') {
    throw new ModelLabelError(`Model "${modelId}" has no id2label in its config.json, so its classes cannot be named. Fix: use a classification model whose config.json lists id2label.`);
  }
  const entries = Object.entries(id2label as Record<string, unknown>).map(([k, v]) => [Number(k), String(v)] as const);
  const labels: string[] = [];
  for (const [index, name] of entries) {
    if (!Number.isInteger(index) || index < 0 || index >= entries.length) {
      throw new ModelLabelError(`Model "${modelId}" config.json id2label has key "${index}"; expected class ids 0..${entries.length - 1}.`);
    }
    labels[index] = name;
  }
  return labels;
}

/**
 * Polarity of each model class, from `models.sentiment.labels` (keys matched case-insensitively).
 * Checked when the model is identified, so a bad mapping fails before any work is done.
 */
export function sentimentPolarities(modelLabels: string[], mapping: Record<string, number>, modelId: string): number[] {
  const byName = new Map(Object.entries(mapping).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return modelLabels.map((label) => {
    const polarity = byName.get(label.trim().toLowerCase());
    if (polarity === undefined) {
      throw new ModelLabelError(
        `Sentiment model "${modelId}" has the label "${label}" (its labels: ${modelLabels.join(', ')}), which models.sentiment.labels does not map. ` +
          `Fix: add "${label}" with a polarity between -1 and 1 under models.sentiment.labels in the config.`,
      );
    }
    return polarity;
  });
}

export function scoreSentiment(probabilities: ArrayLike<number>, polarities: number[], neutralBand: number): SentimentResult {
  let score = 0;
  for (let i = 0; i < polarities.length; i++) score += probabilities[i] * polarities[i];
  score = Math.max(-1, Math.min(1, score));
  const label: SentimentLabel = score > neutralBand ? 'positive' : score < -neutralBand ? 'negative' : 'neutral';
  return { label, score };
}

/** Each class with the stem its label must start with (so "ENTAILS" and "contradicts" map, "not_entailment" does not). */
const NLI_CLASSES = [
  ['entailment', 'entail'],
  ['neutral', 'neutral'],
  ['contradiction', 'contradict'],
] as const;

/** Class index of entailment, neutral and contradiction in the model's output. */
export function nliClassIndex(modelLabels: string[], modelId: string): [number, number, number] {
  const found = NLI_CLASSES.map(([, stem]) => {
    const hits = modelLabels.flatMap((l, i) => (l.trim().toLowerCase().startsWith(stem) ? [i] : []));
    return hits.length === 1 ? hits[0] : -1;
  });
  if (found.some((i) => i < 0)) {
    throw new ModelLabelError(
      `NLI model "${modelId}" has the labels ${modelLabels.map((l) => `"${l}"`).join(', ')}, which cannot be mapped one-to-one onto entailment, neutral and contradiction. ` +
        `Fix: use a three-class NLI model whose config.json id2label names those classes (models.nli.id).`,
    );
  }
  return found as [number, number, number];
}

export function nliResult(probabilities: ArrayLike<number>, index: [number, number, number]): NliResult {
  return { entailment: probabilities[index[0]], neutral: probabilities[index[1]], contradiction: probabilities[index[2]] };
}
