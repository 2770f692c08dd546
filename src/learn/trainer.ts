/**
 * What a trainer is (`crossframe train <judge>`): the options it gets and the report it returns.
 * Trainers import these types from here, the registry (trainers.ts) imports the trainers: the import
 * graph stays free of cycles.
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
