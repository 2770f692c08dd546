/**
 * `crossframe train <judge>`: rebuilds a fitted judge file under config/models/ from labelled data,
 * so a newsroom can retrain on its own labels. Each judge registers one trainer here; the trainer
 * reads its labelled file(s), fits with cross-validation grouped by event, writes the judge file and
 * returns the cross-validated report it printed.
 *
 * Example:
 *   crossframe train relations --data ../shared/eval/claim-relations --out config/models/relations.json
 */
import type { Trainer } from './trainer.js';

export type { Trainer, TrainOptions, TrainResult } from './trainer.js';

/** Judge name -> trainer. Loaded lazily so `crossframe --help` does not import the models. */
export const TRAINERS: Record<string, () => Promise<Trainer>> = Object.assign(Object.create(null), {
  relations: () => import('../analysis/claims/train.js').then((m) => m.relationsTrainer),
  tone: () => import('../analysis/framing/toneTrain.js').then((m) => m.toneTrainer),
  'numeric-pairs': () => import('../eval/numericJudge.js').then((m) => m.numericPairsTrainer),
  events: () => import('../analysis/events/trainer.js').then((m) => m.eventsTrainer),
});
