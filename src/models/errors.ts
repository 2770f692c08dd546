/**
 * Errors the model layer raises on purpose. Their messages are written for the person running
 * crossframe (what is wrong, where we looked, how to fix it), so the CLI prints them as they are,
 * without a stack trace, and exits 1.
 */

export type ModelRole = 'embedding' | 'sentiment' | 'nli';

/** Why a model could not be found: nowhere locally, and the hub was forbidden, unreachable or had no such file. */
export type ModelMissingReason = 'remote-forbidden' | 'network' | 'not-on-hub';

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
}

export class ModelNotFoundError extends Error {
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
    (d.modelsDirFrom === null ? '; no local model folder is set (models.dir, CROSSFRAME_MODELS_DIR)' : '');
  const remote =
    d.reason === 'remote-forbidden'
      ? 'Downloads from the model hub are not allowed (--offline or models.allowRemote: false).'
      : d.reason === 'network'
        ? `Downloads were allowed, but the model hub could not be reached${d.detail ? ` (${d.detail})` : ''}: this machine seems to have no internet access.`
        : `Downloads were allowed, but the model hub has no such file${d.detail ? ` (${d.detail})` : ''}: check models.${d.role}.id.`;
  const fix =
    `Fix: set CROSSFRAME_MODELS_DIR=/path/to/models (or models.dir in the config) to a folder that contains ` +
    `${d.modelId}/${d.missingFile}, or run with --offline (npm start -- --offline), which uses config/offline.yaml and its compact local models` +
    (d.reason === 'remote-forbidden' ? ', or allow downloads (drop --offline, set models.allowRemote: true).' : ', or run where the hub is reachable once so the model is downloaded and cached.');
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
export class ModelLabelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLabelError';
  }
}
