/**
 * Where a model's files are. crossframe decides the folder itself (models.dir first, then the
 * models bundled with crossframe, then the hub download cache, then the hub) instead of leaving
 * it to transformers.js, so that the manifest can say exactly which file was used and a missing
 * model is one clear error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../runtime/errors.js';

export const MODELS_DIR_ENV = 'CROSSFRAME_MODELS_DIR';
/** onnxruntime threads per session when models.threads is null (jest.config.cjs sets 1). */
export const MODEL_THREADS_ENV = 'CROSSFRAME_MODEL_THREADS';

/**
 * The models shipped inside crossframe (`models/` at the package root: compact/embedding,
 * compact/sentiment, compact/nli, int8). Found from this file, not the working directory, so a
 * cron line started anywhere (or a global install) still finds them.
 */
export const BUNDLED_MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');

export interface ModelSettings {
  /** Absolute local model folder (transformers.js localModelPath), or null when none is configured. */
  modelsDir: string | null;
  /** Which setting named modelsDir, for messages. */
  modelsDirFrom: typeof MODELS_DIR_ENV | 'models.dir' | null;
  /** The models shipped with crossframe (BUNDLED_MODELS_DIR; tests may point elsewhere). */
  bundledDir: string;
  /** Absolute folder where hub downloads are cached. */
  downloadDir: string;
  allowRemote: boolean;
  /** Where downloads come from (models.remoteHost), ending in "/". */
  remoteHost: string;
  /** onnxruntime intra- and inter-op threads per session (models.threads, else CROSSFRAME_MODEL_THREADS); null = onnxruntime's own. */
  threads: number | null;
}

export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

/** Where a loaded model came from, as recorded in the run manifest. */
export type ModelSource = 'models.dir' | 'bundled' | 'hub-cache' | 'hub-download';

export interface LocalModel {
  source: Exclude<ModelSource, 'hub-download'>;
  /** The folder that holds `<id>/` (what transformers.js gets as localModelPath). */
  root: string;
  onnxFile: string;
}

export interface LocalSearch {
  found: LocalModel | null;
  /** `<root>/<id>` folders looked in, in order. */
  searched: string[];
  /** First required file that no folder had complete, relative to the model folder. */
  missingFile: string;
  /** The other ONNX variant, when a folder has it instead (quantized vs fp32). */
  otherVariant: string | null;
  /** models.dir was set but lacked this model, which came from a later folder: worth a warning. */
  modelsDirLacked: string | null;
  /** models.dir (or --models DIR / CROSSFRAME_MODELS_DIR) names a folder that does not exist: an error, never a fallback. */
  modelsDirMissing: boolean;
}

/**
 * Env CROSSFRAME_MODELS_DIR overrides models.dir; relative paths resolve against the working
 * directory (where crossframe is started), like every other path in the config. Env
 * CROSSFRAME_MODEL_THREADS is used only when models.threads is null: a config that sets it wins.
 */
export function resolveModelSettings(
  models: Config['models'],
  offline: boolean,
  environ: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ModelSettings {
  const fromEnv = environ[MODELS_DIR_ENV]?.trim();
  const dir = fromEnv || models.dir;
  return {
    modelsDir: dir ? path.resolve(cwd, dir) : null,
    modelsDirFrom: fromEnv ? MODELS_DIR_ENV : dir ? 'models.dir' : null,
    bundledDir: BUNDLED_MODELS_DIR,
    downloadDir: path.resolve(cwd, models.downloadDir ?? path.join(models.cacheDir, 'hub')),
    allowRemote: models.allowRemote && !offline,
    remoteHost: models.remoteHost ? models.remoteHost.replace(/\/*$/, '/') : DEFAULT_REMOTE_HOST,
    threads: models.threads ?? threadsFromEnv(environ[MODEL_THREADS_ENV]),
  };
}

function threadsFromEnv(value: string | undefined): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (!/^[1-9]\d*$/.test(text)) {
    throw new ConfigError(`${MODEL_THREADS_ENV}=${JSON.stringify(value)} is not a positive integer. Fix: set it to a thread count such as 1, or unset it (onnxruntime then uses one thread per core).`);
  }
  return Number(text);
}

export function onnxFileName(quantized: boolean): string {
  return quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Files transformers.js must read to build tokenizer and model. */
export function requiredFiles(quantized: boolean): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileName(quantized)];
}

/** Looks for a complete copy of the model in models.dir, then among the bundled models, then in the download cache. */
export function findLocalModel(id: string, quantized: boolean, settings: ModelSettings): LocalSearch {
  if (settings.modelsDir && !fs.existsSync(settings.modelsDir)) {
    return { found: null, searched: [path.join(settings.modelsDir, id)], missingFile: 'config.json', otherVariant: null, modelsDirLacked: null, modelsDirMissing: true };
  }
  const roots: { root: string; source: LocalModel['source'] }[] = [];
  if (settings.modelsDir) roots.push({ root: settings.modelsDir, source: 'models.dir' });
  for (const [root, source] of [[settings.bundledDir, 'bundled'], [settings.downloadDir, 'hub-cache']] as const) {
    if (!roots.some((r) => r.root === root)) roots.push({ root, source });
  }

  const files = requiredFiles(quantized);
  const other = onnxFileName(!quantized);
  let missingFile = files[files.length - 1];
  let otherVariant: string | null = null;
  for (const [i, { root, source }] of roots.entries()) {
    const folder = path.join(root, id);
    const missing = files.find((f) => !isFile(path.join(folder, f)));
    if (!missing) {
      const modelsDirLacked = i > 0 && roots[0].source === 'models.dir' ? path.join(roots[0].root, id) : null;
      return { found: { source, root, onnxFile: path.join(folder, onnxFileName(quantized)) }, searched: [], missingFile: '', otherVariant: null, modelsDirLacked, modelsDirMissing: false };
    }
    if (isFile(path.join(folder, other))) otherVariant ??= path.join(folder, other);
    // Report the most telling gap: a missing ONNX file in a folder that otherwise exists.
    if (fs.existsSync(folder)) missingFile = missing;
  }
  return { found: null, searched: roots.map((r) => path.join(r.root, id)), missingFile, otherVariant, modelsDirLacked: null, modelsDirMissing: false };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
