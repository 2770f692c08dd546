/**
 * Model profiles: which set of models a run uses, named so a cron line reads naturally
 * (`crossframe run` = bundled, `crossframe run --models hub`). A profile is a config file; this
 * module names them and says, in one sentence, which models ran (log, manifest, report.html).
 */
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { BUNDLED_MODELS_DIR } from './locate.js';
import { PACKAGE_ROOT } from '../config/load.js';

/** Profile name -> config file inside the package, so a profile name works from any folder. */
export const MODEL_PROFILES = {
  /** The int8 compact models inside crossframe's models/ folder: no network, ever. */
  bundled: path.join(PACKAGE_ROOT, 'config', 'pipeline.yaml'),
  /** Pretrained Hugging Face models: downloaded once, then cached. Stronger. */
  hub: path.join(PACKAGE_ROOT, 'config', 'hub.yaml'),
} as const;
export type ModelProfileName = keyof typeof MODEL_PROFILES;

export function isProfileName(value: string): value is ModelProfileName {
  return Object.prototype.hasOwnProperty.call(MODEL_PROFILES, value);
}

/** What the manifest (and the top of report.html) says about the models that ran. */
export interface ModelsRunSummary {
  /** bundled: all from crossframe's models/; hub: all from the hub (cache or download); local: from --models DIR; mixed. */
  kind: 'bundled' | 'hub' | 'local' | 'mixed' | 'none';
  text: string;
}

interface RanModel {
  role: string;
  id: string;
  source: string;
  file: string;
}

const HUB_HINT = 'stronger pretrained models: --models hub (config/hub.yaml; downloads once, then cached)';

export function summariseModelsRun(models: readonly RanModel[]): ModelsRunSummary {
  if (!models.length) return { kind: 'none', text: 'no model ran (every model output came from earlier stage results)' };
  const kinds = new Set(models.map((m) => (m.source === 'bundled' ? 'bundled' : m.source === 'models.dir' ? 'local' : 'hub')));
  const kind = kinds.size === 1 ? ([...kinds][0] as ModelsRunSummary['kind']) : 'mixed';
  const list = models.map((m) => `${m.role} ${m.id}${/_quantized\.onnx$/.test(m.file) ? ' (int8)' : ''}`).join(', ');
  const text =
    kind === 'bundled'
      ? `bundled compact models: ${list}. Small models trained from scratch, fit for trying crossframe and for plumbing; ${HUB_HINT}.`
      : kind === 'hub'
        ? `hub models: ${list}.`
        : kind === 'local'
          ? `models from a local folder: ${list}.`
          : `${list} (sources: ${models.map((m) => `${m.role} ${m.source}`).join(', ')}).`;
  return { kind, text };
}

/** The one line a run starts with: which models the config names, and where stronger ones are. */
export function describeModelChoice(models: Config['models'], configFile: string | null): string {
  const ids = [models.embedding.id, models.sentiment.id, models.nli.id];
  const bundled = ids.every((id) => id.startsWith('compact/'));
  const from = configFile ? path.normalize(configFile) : 'built-in defaults';
  return bundled
    ? `models: bundled compact int8 models (${ids.join(', ')}) from ${BUNDLED_MODELS_DIR} (profile ${from}); ${HUB_HINT}`
    : `models: ${ids.join(', ')} (profile ${from}; ${models.allowRemote ? 'downloaded once from the hub, then cached' : 'downloads not allowed'})`;
}
