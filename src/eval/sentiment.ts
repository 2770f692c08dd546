/**
 * Sentiment on SST-2 dev: accuracy of the configured sentiment model through the model hub.
 * The hub turns any label set into a score in [-1, 1]; the sign is the binary prediction
 * (SST-2 has no neutral class), and the share that the neutral band would label neutral is
 * reported beside it because the pipeline's tone columns use that band.
 */
import { readJsonl, num, str } from '../measure/jsonl.js';
import { accuracy, classPrf, round } from './metrics.js';
import { take, type EvalContext } from './context.js';

export interface Sst2Sentence {
  id: string;
  sentence: string;
  label: 0 | 1;
}

export interface SentimentEvalResult {
  file: string;
  sentences: number;
  model: string;
  accuracy: number;
  macroF1: number;
  /** Share of sentences whose score falls inside models.sentiment.neutralBand. */
  neutralShare: number;
}

export function readSst2(file: string): Sst2Sentence[] {
  return readJsonl(
    file,
    (r) => {
      const label = num(r, 'label');
      if (label !== 0 && label !== 1) throw new Error(`field "label" must be 0 or 1, found ${label}`);
      return { id: str(r, 'id'), sentence: str(r, 'sentence'), label: label as 0 | 1 };
    },
    '--sst2 FILE',
  );
}

export async function evalSentiment(ctx: EvalContext, file: string): Promise<SentimentEvalResult> {
  const rows = take(readSst2(file), ctx.limit);
  const hub = await ctx.hub();
  const results = await hub.sentiment(rows.map((r) => r.sentence));
  const predicted = results.map((r) => (r.score >= 0 ? 1 : 0));
  const gold = rows.map((r) => r.label);
  const f1Of = (cls: 0 | 1) => classPrf(predicted, gold, cls).f1;
  return {
    file,
    sentences: rows.length,
    model: ctx.loaded.config.models.sentiment.id,
    accuracy: round(accuracy(predicted, gold)),
    macroF1: round((f1Of(0) + f1Of(1)) / 2),
    neutralShare: round(results.filter((r) => r.label === 'neutral').length / Math.max(1, results.length)),
  };
}
