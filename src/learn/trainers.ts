/**
 * `crossframe train <judge>`: rebuilds a fitted judge file under config/models/ from labelled data,
 * so a newsroom can retrain on its own labels. Each judge registers one trainer here; the trainer
 * reads its labelled file(s), fits with cross-validation grouped by event, writes the judge file and
 * returns the cross-validated report it printed.
 *
 * Example:
 *   crossframe train relations --data ../shared/eval/claim-relations --out config/models/relations.json
 */
import type { Logger } from '../runtime/logger.js';
import type { LoadedConfig } from '../config/load.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';

export interface TrainOptions {
  /** Labelled data: a folder or file in the judge's documented format. */
  data?: string;
  /** Where the judge file is written; default the path the config names. */
  out?: string;
  /** Folds for grouped cross-validation (default 5). */
  folds?: number;
  loaded: LoadedConfig;
  offline: boolean;
  log: Logger;
  /** The stages, for trainers that run them on their data (handed in by the CLI). */
  pipeline: PipelineApp;
}

export interface TrainResult {
  judge: string;
  file: string;
  /** Cross-validated figures, as written into the judge file's training report. */
  crossValidated: Record<string, unknown>;
}

export interface Trainer {
  /** One line for `crossframe train --help`. */
  description: string;
  /** What --data defaults to, for the help text. */
  defaultData: string;
  train(options: TrainOptions): Promise<TrainResult>;
}

/** Judge name -> trainer. Loaded lazily so `crossframe --help` does not import the models. */
export const TRAINERS: Record<string, () => Promise<Trainer>> = Object.assign(Object.create(null), {
  relations: () => import('../analysis/claims/train.js').then((m) => m.relationsTrainer),
  tone: () => import('../analysis/framing/toneTrain.js').then((m) => m.toneTrainer),
  'numeric-pairs': () => import('../eval/numericJudge.js').then((m) => m.numericPairsTrainer),
  events: () => import('../analysis/events/trainer.js').then((m) => m.eventsTrainer),
});
