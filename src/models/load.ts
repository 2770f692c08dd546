/**
 * Loading a model in two steps. `identifyModel` finds the files (downloading from the hub only
 * when allowed and needed), reads config.json and hashes the ONNX file: enough to key the
 * cache. `openSession` builds the tokenizer and the onnxruntime session, which a run whose
 * outputs all come from the cache never needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PreTrainedModel, PreTrainedTokenizer } from '@xenova/transformers';
import { ModelNotFoundError, type ModelMissingReason, type ModelRole } from './errors.js';
import { sha256File } from './fileHash.js';
import { findLocalModel, onnxFileName, requiredFiles, type ModelSettings, type ModelSource } from './locate.js';
import { CrossframeError } from '../runtime/errors.js';

export interface ModelSpec {
  id: string;
  quantized: boolean;
}

/** What the manifest and the cache key need: which file, from where, with which hash. */
export interface ModelIdentity {
  role: ModelRole;
  id: string;
  quantized: boolean;
  source: ModelSource;
  /** The folder that holds `<id>/` (transformers.js localModelPath for this model). */
  root: string;
  file: string;
  sha256: string;
  /** The model's config.json (id2label, hidden_size, max_position_embeddings...). */
  config: Record<string, unknown>;
}

export interface ModelSession {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  /** Longest input in tokens: models.maxTokens, capped by what the tokenizer and model accept. */
  maxTokens: number;
}

/** The parts of transformers.js' global `env` crossframe sets (its .d.ts declares them read-only). */
interface TransformersEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  useBrowserCache: boolean;
  useFSCache: boolean;
  cacheDir: string;
  remoteHost: string;
}

type Transformers = typeof import('@xenova/transformers');
let transformersLoading: Promise<Transformers> | undefined;
/**
 * transformers.js, imported when the first session is built: loading it (and onnxruntime) cost
 * ~0.4 s CPU at every CLI start, though a run whose model outputs all come from the cache, a
 * `check` or a refused run never builds a session.
 */
function transformers(): Promise<Transformers> {
  return (transformersLoading ??= import('@xenova/transformers'));
}

type OrtModule = typeof import('onnxruntime-node');
type SessionOptions = import('onnxruntime-node').InferenceSession.SessionOptions;

/**
 * What crossframe adds to the session transformers.js builds in the load under way (null: nothing):
 * session options, and the ONNX file transformers.js was pointed at. Set only inside `oneAtATime`,
 * around one `buildSession`, so two sessions built with different settings get their own.
 */
interface SessionExtras {
  options: SessionOptions;
  file: string;
}
let sessionExtras: SessionExtras | null = null;

/**
 * models.threads as onnxruntime session options; null leaves onnxruntime's defaults alone.
 * transformers.js 2.17 builds every session with `InferenceSession.create(buffer,
 * { executionProviders })` and no other option, so onnxruntime-node uses one intra-op thread per
 * core; two processes doing that at once on 2 cores took 17.1 s each against 11.1-11.4 s with 1
 * thread (README "Models").
 */
function threadOptions(threads: number | null): SessionOptions | null {
  return threads === null ? null : { intraOpNumThreads: threads, interOpNumThreads: threads };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}

let onnxruntimeLoading: Promise<OrtModule> | undefined;
/**
 * The onnxruntime-node module transformers.js builds its sessions with (its backends/onnx.js takes
 * `default ?? namespace` of the same package, and models.js its `InferenceSession` from that),
 * with `InferenceSession.create` wrapped once: during a load with `sessionExtras`, the options are
 * merged into the call's, and the model buffer is replaced by the file it was read from.
 * onnxruntime-node 1.14's binding reads session options only with a path: given a buffer it parses
 * its byteOffset argument as the options (js/node/src/inference_session_wrap.cc, LoadModel), so
 * every option is dropped, silently (transformers.js' `executionProviders` too). The file is the
 * one crossframe pointed transformers.js at (read a second time, by onnxruntime); a buffer whose
 * length differs from it is passed on unchanged, options unapplied. transformers.js exposes only the module's `env`
 * (`env.backends.onnx`), which proves it is the same instance.
 */
function onnxruntimeFor(lib: Transformers): Promise<OrtModule> {
  return (onnxruntimeLoading ??= import('onnxruntime-node').then((ns) => {
    const ort = (ns as { default?: OrtModule }).default ?? ns;
    if (ort.env !== (lib.env.backends as { onnx: unknown }).onnx) {
      throw new Error('transformers.js uses another copy of onnxruntime-node than crossframe resolves, so models.threads cannot reach its sessions');
    }
    const sessionClass = ort.InferenceSession;
    const create = sessionClass.create as (...args: unknown[]) => ReturnType<OrtModule['InferenceSession']['create']>;
    const merged = function (this: unknown, ...args: unknown[]) {
      const extras = sessionExtras;
      const [model, given] = args as [unknown, SessionOptions | undefined];
      // transformers.js' form: create(buffer, options). Others (byteOffset, byteLength) pass as they are.
      if (!extras || args.length > 2 || (given !== undefined && (typeof given !== 'object' || given === null))) return create.apply(this, args);
      const providers = (given?.executionProviders ?? ['cpu']).filter((ep) => (typeof ep === 'string' ? ep : ep.name) !== 'wasm');
      // transformers.js' fallback after a failed load names only wasm (onnxruntime-web), which cannot open a path.
      if (!providers.length || !(model instanceof Uint8Array) || model.byteLength !== fileSize(extras.file)) return create.apply(this, args);
      // Parsed, the options' ['cpu', 'wasm'] (transformers.js' list) would be refused: the binding knows no 'wasm'.
      return create.call(this, extras.file, { ...given, ...extras.options, executionProviders: providers });
    };
    sessionClass.create = merged as typeof sessionClass.create;
    return ort;
  }));
}

// transformers.js reads its settings from one global object across awaits, so two loads with
// different folders must not interleave. The same goes for `sessionExtras`.
let loadChain: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const next = loadChain.then(task, task);
  loadChain = next.catch(() => undefined);
  return next;
}

function pointTransformersAt(lib: Transformers, root: string, remote: boolean, downloadDir: string, remoteHost: string): void {
  const tjsEnv = lib.env as unknown as TransformersEnv;
  tjsEnv.remoteHost = remoteHost;
  tjsEnv.allowLocalModels = true;
  tjsEnv.useBrowserCache = false;
  tjsEnv.localModelPath = root;
  // A local load must read exactly the folder found, never a stale copy in the download cache.
  tjsEnv.useFSCache = remote;
  tjsEnv.cacheDir = downloadDir;
  tjsEnv.allowRemoteModels = remote;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'CERT_HAS_EXPIRED',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** Recognises "no network" and "hub has no such file" among transformers.js' load errors. */
export function classifyLoadError(err: unknown): { reason: ModelMissingReason; detail: string; file: string } | null {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  for (const e of chain) {
    const nested = (e as { errors?: unknown[] }).errors ?? [];
    for (const x of [e, ...nested]) {
      const code = (x as { code?: unknown }).code;
      if (typeof code === 'string' && NETWORK_CODES.has(code)) {
        const host = (x as { hostname?: string; address?: string }).hostname ?? (x as { address?: string }).address;
        return { reason: 'network', detail: host ? `${code} ${host}` : code, file: '' };
      }
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/fetch failed/i.test(message)) return { reason: 'network', detail: 'fetch failed', file: '' };
  const http = /^(Could not locate file|Unauthorized access to file|Forbidden access to file): "(.*)"/.exec(message);
  if (http) {
    const file = /\/resolve\/[^/]+\/(.+)$/.exec(http[2])?.[1] ?? '';
    return { reason: 'not-on-hub', detail: `${http[1].toLowerCase()} ${http[2]}`, file };
  }
  return null;
}

function readConfig(folder: string): Record<string, unknown> {
  const file = path.join(folder, 'config.json');
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (err) {
    throw new CrossframeError(`${file}: cannot read the model config (${(err as Error).message}). Fix: restore the model folder from its source.`);
  }
}

/** Called only inside `oneAtATime`; `file` is the ONNX file transformers.js will read (or download to). */
async function buildSession(lib: Transformers, role: ModelRole, spec: ModelSpec, maxTokens: number, threads: number | null, file: string): Promise<ModelSession> {
  const tokenizer = await lib.AutoTokenizer.from_pretrained(spec.id);
  const Model = role === 'embedding' ? lib.AutoModel : lib.AutoModelForSequenceClassification;
  const options = threadOptions(threads);
  try {
    // Nothing is wrapped until a thread count is set.
    if (options) {
      sessionExtras = { options, file };
      await onnxruntimeFor(lib);
    }
    const model = await Model.from_pretrained(spec.id, { quantized: spec.quantized });
    return { tokenizer, model, maxTokens: effectiveMaxTokens(maxTokens, tokenizer, model) };
  } finally {
    sessionExtras = null;
  }
}

function effectiveMaxTokens(configured: number, tokenizer: PreTrainedTokenizer, model: PreTrainedModel): number {
  const limits = [configured];
  const fromTokenizer = Number(tokenizer.model_max_length);
  if (Number.isFinite(fromTokenizer) && fromTokenizer > 2) limits.push(fromTokenizer);
  const fromModel = Number((model.config as { max_position_embeddings?: unknown }).max_position_embeddings);
  if (Number.isFinite(fromModel) && fromModel > 2) limits.push(fromModel);
  return Math.min(...limits);
}

/** Which setting a searched folder comes from, for messages. */
function folderLabel(folder: string, settings: ModelSettings): string {
  const inside = (root: string | null) => root !== null && folder.startsWith(root + path.sep);
  if (inside(settings.modelsDir)) return settings.modelsDirFrom === 'models.dir' ? 'models.dir' : '--models DIR / CROSSFRAME_MODELS_DIR';
  if (inside(settings.bundledDir)) return 'bundled with crossframe';
  return 'download cache';
}

export interface IdentifyResult {
  identity: ModelIdentity;
  /** models.dir was set but lacked the model, found in a later folder (bundled or download cache). */
  modelsDirLacked?: string;
  /** Set when identifying had to download, which builds the session anyway. */
  session?: ModelSession;
}

/**
 * Finds the model: models.dir, then the download cache, then (when allowed) the hub.
 * Throws ModelNotFoundError with the folders searched and the fix.
 */
export async function identifyModel(
  role: ModelRole,
  spec: ModelSpec,
  settings: ModelSettings,
  maxTokens: number,
): Promise<IdentifyResult> {
  const search = findLocalModel(spec.id, spec.quantized, settings);
  const notFound = (reason: ModelMissingReason, detail = '', file = search.missingFile) =>
    new ModelNotFoundError({
      role,
      modelId: spec.id,
      searched: search.searched,
      searchedLabels: search.searched.map((folder) => `${folder} (${folderLabel(folder, settings)})`),
      requiredFiles: requiredFiles(spec.quantized),
      downloadDir: settings.downloadDir,
      modelsDirFrom: settings.modelsDirFrom,
      remoteAllowed: settings.allowRemote,
      reason,
      missingFile: file || search.missingFile,
      detail,
      hint: search.otherVariant
        ? `${search.otherVariant} exists: set models.${role}.quantized: ${!spec.quantized} to use it.`
        : undefined,
    });

  if (search.modelsDirMissing) throw notFound('models-dir-missing');
  if (search.found) {
    const { root, source, onnxFile } = search.found;
    const config = readConfig(path.join(root, spec.id));
    return {
      identity: { role, id: spec.id, quantized: spec.quantized, source, root, file: onnxFile, sha256: await sha256File(onnxFile), config },
      ...(search.modelsDirLacked ? { modelsDirLacked: search.modelsDirLacked } : {}),
    };
  }
  if (!settings.allowRemote) throw notFound('remote-forbidden');

  const folder = path.join(settings.downloadDir, spec.id);
  const file = path.join(folder, onnxFileName(spec.quantized));
  const session = await oneAtATime(async () => {
    const lib = await transformers();
    pointTransformersAt(lib, settings.downloadDir, true, settings.downloadDir, settings.remoteHost);
    try {
      return await buildSession(lib, role, spec, maxTokens, settings.threads, file);
    } catch (err) {
      const known = classifyLoadError(err);
      if (known) throw notFound(known.reason, known.detail, known.file);
      throw new Error(`Model "${spec.id}" (models.${role}.id) could not be downloaded: ${(err as Error).message}`);
    }
  });
  if (!fs.existsSync(file)) {
    throw new Error(
      `Model "${spec.id}" was downloaded but ${file} was not written, so its hash cannot be recorded. Fix: check that ${settings.downloadDir} (models.downloadDir) is writable.`,
    );
  }
  return {
    identity: { role, id: spec.id, quantized: spec.quantized, source: 'hub-download', root: settings.downloadDir, file, sha256: await sha256File(file), config: readConfig(folder) },
    session,
  };
}

/** Builds tokenizer and onnxruntime session from the folder `identifyModel` found. */
export function openSession(identity: ModelIdentity, settings: ModelSettings, maxTokens: number): Promise<ModelSession> {
  return oneAtATime(async () => {
    const lib = await transformers();
    pointTransformersAt(lib, identity.root, false, settings.downloadDir, settings.remoteHost);
    try {
      return await buildSession(lib, identity.role, identity, maxTokens, settings.threads, identity.file);
    } catch (err) {
      const folder = path.join(identity.root, identity.id);
      // transformers.js writes downloads in place, so an interrupted download leaves a short file.
      const fix =
        identity.source === 'models.dir' || identity.source === 'bundled'
          ? `replace ${folder} with a complete copy (config.json, tokenizer files, ${onnxFileName(identity.quantized)})`
          : `delete ${folder} so that the next run with downloads allowed fetches it again`;
      throw new CrossframeError(`Model "${identity.id}" in ${folder} could not be loaded: ${(err as Error).message}. Fix: ${fix}.`);
    }
  });
}
