/**
 * The one door to the transformer models. Three roles (embedding, sentiment, nli), each loaded
 * on first use; every call is split into batches of models.batchSize, run under p-limit with
 * models.concurrency, and served from the model cache where the same model file has already
 * seen the same normalised text.
 */
import pLimit from 'p-limit';
import type { Config } from '../config/schema.js';
import type { ModelCache } from '../store/modelCache.js';
import { decodeEntry, encodeEntry } from './cacheEntry.js';
import type { ModelRole } from './errors.js';
import { labelList, nliClassIndex, nliResult, scoreSentiment, sentimentPolarities, type NliResult, type SentimentResult } from './labels.js';
import { identifyModel, openSession, type ModelIdentity, type ModelSession } from './load.js';
import { onnxFileName, resolveModelSettings, type ModelSettings, type ModelSource } from './locate.js';
import type { BatchOutput } from './run.js';
import { normaliseModelText, pairKey, textKey } from './textKey.js';

export { ModelNotFoundError, ModelLabelError, type ModelRole } from './errors.js';
export type { NliResult, SentimentResult } from './labels.js';

export const MODEL_ROLES: readonly ModelRole[] = ['embedding', 'sentiment', 'nli'];

/**
 * Fresh outputs are stored in one cache transaction per STORE_EVERY_ENTRIES outputs, or sooner once
 * STORE_EVERY_MS has passed, and always when the call ends (also when a batch failed). One transaction
 * per model batch (32 outputs) cost 45-75 us per NLI answer in a 10,000-article run's cache, against
 * 13-17 us per answer in transactions of 4,096 (each commit rewrites the index pages it touched); a
 * night storing 180,000 NLI answers spent about 20 s on it. A crash loses at most the outputs of the
 * last STORE_EVERY_MS of model work.
 */
const STORE_EVERY_ENTRIES = 4096;
const STORE_EVERY_MS = 10_000;

/** One model as the run manifest records it. */
export interface ModelDescription {
  role: ModelRole;
  id: string;
  /** models.dir | bundled (shipped in crossframe's models/) | hub-cache (downloaded on an earlier run) | hub-download (downloaded by this run). */
  source: ModelSource;
  /** Absolute path of the ONNX file used. */
  file: string;
  sha256: string;
}

type PerRole = Record<ModelRole, number>;

/** Running totals since the hub was created; stages report differences. Unique inputs per call. */
export interface HubCounters {
  /** Forward passes (one per batch). */
  modelCalls: PerRole;
  /** Inputs run through a model. */
  computed: PerRole;
  /** Inputs served from the model cache. */
  cacheHits: PerRole;
  /** Inputs longer than the token limit (computed now or when cached). */
  truncated: PerRole;
  /** Cache entries that failed to decode and were recomputed. */
  corruptEntries: PerRole;
}

export interface ModelHub {
  /** `truncated`, when given, receives per text whether the model saw it cut at maxTokens. */
  embed(texts: string[], truncated?: boolean[]): Promise<Float32Array[]>;
  sentiment(texts: string[], truncated?: boolean[]): Promise<SentimentResult[]>;
  nli(pairs: [string, string][]): Promise<NliResult[]>;
  /** Finds and hashes a role's model without loading it (for `crossframe check`). */
  identify(role: ModelRole): Promise<ModelDescription>;
  /** The models used so far, in role order. */
  describe(): ModelDescription[];
  /**
   * Lets go of these roles' model sessions: ONNX runtime's native memory for a session (its weights
   * and the buffers it grew for the largest batch; ~120 MB for the embedding model after enriching
   * 10,000 articles) is freed when the session is collected. A later call opens the session again.
   */
  releaseSessions(roles: readonly ModelRole[]): void;
  /** The roles whose model session is open (loaded, or being loaded). */
  openSessions(): ModelRole[];
  readonly counters: HubCounters;
  readonly settings: ModelSettings;
}

export interface HubLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  warn?(msg: string, fields?: Record<string, unknown>): void;
}

export interface ModelHubOptions {
  offline: boolean;
  cache: ModelCache;
  log: HubLogger;
}

interface RoleState {
  identity: ModelIdentity;
  namespace: string;
  /** Values per cached entry (classes) or null (embedding: any dimension). */
  entryLength: number | null;
  session: Promise<ModelSession> | null;
  polarities: number[];
  nliIndex: [number, number, number];
}

interface Item {
  key: string;
  text: string;
  pair: string | null;
}

const CACHE_FORMAT = 'v1';
const zeroes = (): PerRole => ({ embedding: 0, sentiment: 0, nli: 0 });

/** Sanity of a decoded entry beyond its bytes: unit-length vectors, probability distributions. */
function plausible(role: ModelRole, values: Float32Array): boolean {
  let sum = 0;
  if (role === 'embedding') {
    for (const v of values) sum += v * v;
    return Math.abs(Math.sqrt(sum) - 1) < 1e-3;
  }
  for (const v of values) {
    if (v < 0 || v > 1) return false;
    sum += v;
  }
  return Math.abs(sum - 1) < 1e-3;
}

export async function createModelHub(config: Config['models'], opts: ModelHubOptions): Promise<ModelHub> {
  const settings = resolveModelSettings(config, opts.offline);
  const limit = pLimit(config.concurrency);
  const counters: HubCounters = { modelCalls: zeroes(), computed: zeroes(), cacheHits: zeroes(), truncated: zeroes(), corruptEntries: zeroes() };
  const states = new Map<ModelRole, Promise<RoleState>>();
  const described = new Map<ModelRole, ModelDescription>();
  opts.log.debug('model settings', { ...settings });

  const prepare = async (role: ModelRole): Promise<RoleState> => {
    const spec = config[role];
    const { identity, session, modelsDirLacked } = await identifyModel(role, spec, settings, config.maxTokens);
    if (modelsDirLacked) {
      // The folder the user named did not hold this model: say so rather than quietly using another copy.
      const say = (msg: string) => (opts.log.warn ? opts.log.warn(msg) : opts.log.info(msg));
      say(
        `model ${role}: ${modelsDirLacked} (${settings.modelsDirFrom}) has no complete copy of ${spec.id} (needs config.json, tokenizer.json, tokenizer_config.json, ${onnxFileName(spec.quantized)}), the model the profile in use names (models.${role}.id); using ${identity.file}. For other models choose a profile (--models hub) or --config.`,
      );
    }
    const labels = role === 'embedding' ? [] : labelList(identity.config, spec.id);
    const state: RoleState = {
      identity,
      // maxTokens is part of the key: the same text cut at another length gives another output.
      namespace: `${role}|${spec.id}|${identity.sha256}|max${config.maxTokens}|${CACHE_FORMAT}`,
      entryLength: role === 'embedding' ? null : labels.length,
      session: session ? Promise.resolve(session) : null,
      polarities: role === 'sentiment' ? sentimentPolarities(labels, config.sentiment.labels, spec.id) : [],
      nliIndex: role === 'nli' ? nliClassIndex(labels, spec.id) : [0, 1, 2],
    };
    described.set(role, { role, id: spec.id, source: identity.source, file: identity.file, sha256: identity.sha256 });
    // A thread count changes speed only, not outputs, so it is said here (a benchmark's log shows it), not in the manifest.
    const threads = settings.threads === null ? '' : `, ${settings.threads} onnxruntime thread${settings.threads === 1 ? '' : 's'} (models.threads or CROSSFRAME_MODEL_THREADS)`;
    opts.log.info(`model ${role}: ${spec.id} (${identity.source}, ${identity.file}, sha256 ${identity.sha256.slice(0, 12)}${threads})`);
    return state;
  };
  // The states prepared so far, for releaseSessions (which must not wait on a promise).
  const prepared = new Map<ModelRole, RoleState>();
  const stateOf = (role: ModelRole): Promise<RoleState> => {
    let pending = states.get(role);
    if (!pending) {
      pending = prepare(role).then((state) => (prepared.set(role, state), state));
      states.set(role, pending);
    }
    return pending;
  };
  const sessionOf = (state: RoleState): Promise<ModelSession> =>
    (state.session ??= openSession(state.identity, settings, config.maxTokens));

  /** Values for each item, from the cache where possible, in item order. */
  const run = async (role: ModelRole, items: Item[], truncatedOut?: boolean[]): Promise<Float32Array[]> => {
    if (!items.length) return [];
    const cut = new Set<string>();
    const state = await stateOf(role);
    const unique = new Map<string, Item>();
    for (const item of items) if (!unique.has(item.key)) unique.set(item.key, item);
    const stored = opts.cache.getMany(state.namespace, [...unique.keys()]);
    const results = new Map<string, Float32Array>();
    const misses: Item[] = [];
    for (const [key, item] of unique) {
      const entry = decodeEntry(stored.get(key), state.entryLength);
      if (entry && plausible(role, entry.values)) {
        results.set(key, entry.values);
        counters.cacheHits[role]++;
        if (entry.truncated) {
          counters.truncated[role]++;
          cut.add(key);
        }
      } else {
        if (stored.has(key)) counters.corruptEntries[role]++;
        misses.push(item);
      }
    }
    // Similar lengths in one batch waste less compute on padding.
    misses.sort((a, b) => a.text.length + (a.pair?.length ?? 0) - (b.text.length + (b.pair?.length ?? 0)));
    const batches: Item[][] = [];
    for (let i = 0; i < misses.length; i += config.batchSize) batches.push(misses.slice(i, i + config.batchSize));
    const unstored: (readonly [string, Uint8Array])[] = [];
    let storedAt = Date.now();
    const store = () => {
      if (unstored.length) opts.cache.putMany(state.namespace, unstored.splice(0));
      storedAt = Date.now();
    };
    const computed = Promise.all(
      batches.map((batch) =>
        limit(async () => {
          const session = await sessionOf(state);
          // run.ts (and transformers.js with it) loads with the first batch: a run whose outputs all come from the cache never needs it.
          const { runClassifier, runEmbedding } = await import('./run.js');
          const texts = batch.map((m) => m.text);
          const pairs = role === 'nli' ? batch.map((m) => m.pair ?? '') : null;
          const out: BatchOutput = role === 'embedding' ? await runEmbedding(session, texts) : await runClassifier(session, texts, pairs);
          counters.modelCalls[role]++;
          counters.computed[role] += batch.length;
          counters.truncated[role] += out.truncated.filter(Boolean).length;
          batch.forEach((m, i) => {
            unstored.push([m.key, encodeEntry(out.values[i], out.truncated[i])]);
            results.set(m.key, out.values[i]);
            if (out.truncated[i]) cut.add(m.key);
          });
          if (unstored.length >= STORE_EVERY_ENTRIES || Date.now() - storedAt >= STORE_EVERY_MS) store();
        }),
      ),
    );
    // A failed batch fails the call at once; what the others computed so far is stored first.
    try {
      await computed;
    } finally {
      store();
    }
    if (truncatedOut) items.forEach((item, i) => (truncatedOut[i] = cut.has(item.key)));
    return items.map((item) => results.get(item.key) as Float32Array);
  };

  const single = (texts: string[]): Item[] =>
    texts.map((t) => {
      const text = normaliseModelText(t);
      return { key: textKey(t), text, pair: null };
    });

  return {
    counters,
    settings,
    embed: (texts, truncated) => run('embedding', single(texts), truncated),
    async sentiment(texts, truncated) {
      const values = await run('sentiment', single(texts), truncated);
      if (!values.length) return [];
      const { polarities } = await stateOf('sentiment');
      return values.map((v) => scoreSentiment(v, polarities, config.sentiment.neutralBand));
    },
    async nli(pairs) {
      const items = pairs.map(([a, b]) => {
        const text = normaliseModelText(a);
        const pair = normaliseModelText(b);
        return { key: pairKey(a, b), text, pair };
      });
      const values = await run('nli', items);
      if (!values.length) return [];
      const { nliIndex } = await stateOf('nli');
      return values.map((v) => nliResult(v, nliIndex));
    },
    async identify(role) {
      await stateOf(role);
      return described.get(role) as ModelDescription;
    },
    describe: () => MODEL_ROLES.flatMap((role) => described.get(role) ?? []),
    releaseSessions(roles) {
      for (const role of roles) {
        const state = prepared.get(role);
        if (state) state.session = null;
      }
    },
    openSessions: () => MODEL_ROLES.filter((role) => prepared.get(role)?.session),
  };
}
