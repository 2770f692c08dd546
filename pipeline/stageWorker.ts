/**
 * The worker-thread side of workerExecutor.ts: answers stage calls with `runStageCall` over its
 * own catalog (the same models.cacheDir as the session, so datasets pass by hash) and its own
 * model hub and item caches. Log lines go back to the session's logger; progress bars stay off
 * (the session prints one line per stage).
 */
import { parentPort } from 'node:worker_threads';
import { createModelHub, type ModelHub } from '../src/models/hub.js';
import { openModelCache, type ModelCache } from '../src/store/modelCache.js';
import type { Logger } from '../src/runtime/logger.js';
import { openCatalog, type Catalog } from './catalog.js';
import { runStageCall, type ServiceProvider, type StageCall } from './executor.js';
import type { WorkerReply, WorkerRequest } from './workerExecutor.js';

const port = parentPort;
if (!port) throw new Error('pipeline/stageWorker.ts runs as a worker thread (see workerExecutor.ts)');

const log: Logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (msg: string, fields?: Record<string, unknown>) => port.postMessage({ kind: 'log', level, msg, fields } satisfies WorkerReply)]),
) as unknown as Logger;

/** One catalog, model cache and hub per cache folder and model settings, kept across calls. */
let open: { key: string; catalog: Catalog; cache?: ModelCache; hub?: Promise<ModelHub>; provider: ServiceProvider } | undefined;

function providerFor(call: StageCall) {
  const key = JSON.stringify([call.env.cacheDir, call.env.outputDir, call.env.models, call.env.offline]);
  if (open?.key === key) return open;
  closeAll();
  const state: NonNullable<typeof open> = {
    key,
    catalog: openCatalog(call.env.cacheDir, { outputDir: call.env.outputDir, warn: (m) => log.warn(m) }),
    provider: {
      log,
      progress: () => ({ tick: () => undefined, done: () => undefined }),
      models: () => (state.hub ??= createModelHub(call.env.models, { offline: call.env.offline, cache: state.provider.modelCache(), log })),
      hubIfLoaded: async () => (state.hub ? await state.hub : undefined),
      modelCache: () => (state.cache ??= openModelCache(call.env.cacheDir, { warn: (m: string) => log.warn(m), info: (m: string) => log.info(m) })),
    },
  };
  open = state;
  return state;
}

function closeAll(): void {
  open?.cache?.close();
  open = undefined;
}

port.on('message', async (request: WorkerRequest) => {
  if (request.kind === 'close') {
    closeAll();
    port.postMessage({ kind: 'closed' } satisfies WorkerReply);
    return;
  }
  try {
    const { catalog, provider } = providerFor(request.call);
    const result = await runStageCall(request.call, catalog, provider);
    // The session passes datasets by hash: this thread keeps none between calls (they are on disk).
    catalog.keepOnly([]);
    port.postMessage({ kind: 'result', id: request.id, result } satisfies WorkerReply);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ kind: 'error', id: request.id, error: { name: e.name, message: e.message, stack: e.stack } } satisfies WorkerReply);
  }
});
