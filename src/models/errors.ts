/**
 * Errors the model layer raises on purpose. Their messages are written for the person running
 * crossframe (what is wrong, where we looked, how to fix it), so the CLI prints them as they are,
 * without a stack trace, and exits 1.
 */
import { CrossframeError } from '../runtime/errors.js';

export type ModelRole = 'embedding' | 'sentiment' | 'nli';

/** Why a model could not be found: nowhere locally, and the hub was forbidden, unreachable or had no such file. */
export type ModelMissingReason = 'remote-forbidden' | 'network' | 'not-on-hub' | 'models-dir-missing';

export interface ModelNotFoundDetails {
  role: ModelRole;
  modelId: string;
  /** Folders searched, in the order they were searched. */
  searched: string[];
  /** The same folders as the message shows them, e.g. "/m/compact/nli (models.dir)". */
  searchedLabels?: string[];
  /** Null when neither models.dir nor CROSSFRAME_MODELS_DIR is set. */
  modelsDirFrom?: string | null;
  remoteAllowed: boolean;
  reason: ModelMissingReason;
  /** The file that was missing or failed (e.g. onnx/model_quantized.onnx), and any extra hint. */
  missingFile: string;
  detail?: string;
  hint?: string;
  /** Every file the model folder must hold, relative to it (config.json, tokenizer files, the ONNX file). */
  requiredFiles?: string[];
  /** Where hub downloads are kept (models.downloadDir). */
  downloadDir?: string;
}

export class ModelNotFoundError extends CrossframeError {
  readonly role: ModelRole;
  readonly modelId: string;
  readonly searched: string[];
  readonly remoteAllowed: boolean;
  readonly reason: ModelMissingReason;

  constructor(d: ModelNotFoundDetails) {
    super(modelNotFoundMessage(d));
    this.name = 'ModelNotFoundError';
    this.role = d.role;
    this.modelId = d.modelId;
    this.searched = d.searched;
    this.remoteAllowed = d.remoteAllowed;
    this.reason = d.reason;
  }
}

function modelNotFoundMessage(d: ModelNotFoundDetails): string {
  const labels = d.searchedLabels ?? d.searched;
  const searched =
    (labels.length ? labels.join(', ') : '(no folder)') +
    (d.modelsDirFrom === null ? '; no local model folder is set (--models DIR, CROSSFRAME_MODELS_DIR or models.dir)' : '');
  if (d.reason === 'models-dir-missing') {
    const dir = d.searched[0] ? d.searched[0].slice(0, d.searched[0].length - d.modelId.length - 1) : '';
    return (
      `Model "${d.modelId}" (models.${d.role}.id) was not found: the model folder ${dir} (${d.modelsDirFrom ?? 'models.dir'}) does not exist. ` +
      `Searched: ${labels.join(', ')}. Fix: point it at a folder that holds ${(d.requiredFiles ?? [d.missingFile]).map((f) => `${d.modelId}/${f}`).join(', ')} ` +
      `(the files the profile in use names), or unset it to use the profile's own models.`
    );
  }
  const remote =
    d.reason === 'remote-forbidden'
      ? 'Downloads from the model hub are not allowed (--offline or models.allowRemote: false).'
      : d.reason === 'network'
        ? `Downloads were allowed, but the model hub could not be reached${d.detail ? ` (${d.detail})` : ''}: this machine seems to have no internet access.`
        : `Downloads were allowed, but the model hub has no such file${d.detail ? ` (${d.detail})` : ''}: check models.${d.role}.id.`;
  // What a local folder must hold for the profile in use: the same files transformers.js reads.
  const holds = d.requiredFiles?.length ? d.requiredFiles.map((f) => `${d.modelId}/${f}`).join(', ') : `${d.modelId}/${d.missingFile}`;
  const folder = `give a model folder with --models DIR (or CROSSFRAME_MODELS_DIR, models.dir) that holds ${holds}`;
  const bundled = 'or use the bundled models, which need no network: run without --models hub / --config (the default profile, config/pipeline.yaml)';
  const fix =
    d.reason === 'remote-forbidden'
      ? `Fix: ${folder}; or allow downloads (drop --offline, models.allowRemote: true); ${bundled}.`
      : d.reason === 'network'
        ? `Fix: run once where the hub is reachable (the model is then kept in ${d.downloadDir ?? 'models.downloadDir'} and later runs need no network); or ${folder}; ${bundled}.`
        : `Fix: correct models.${d.role}.id (and models.${d.role}.quantized) in the config; or ${folder}; ${bundled}.`;
  return [
    `Model "${d.modelId}" (models.${d.role}.id) was not found: ${d.missingFile} is missing.`,
    `Searched: ${searched}.`,
    remote,
    d.hint ?? '',
    fix,
  ]
    .filter(Boolean)
    .join(' ');
}

/** A model whose label names cannot be mapped onto what crossframe needs (sentiment polarity, NLI classes). */
export class ModelLabelError extends CrossframeError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLabelError';
  }
}
