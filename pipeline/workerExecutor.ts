/**
 * An executor that runs each stage call in a worker thread (pipeline/stageWorker.ts): the proof
 * that a stage call is JSON in, JSON out. The call and its answer cross the thread boundary as
 * structured-cloned JSON; the datasets stay in the catalog under models.cacheDir, written by one
 * side and read by hash on the other. The worker builds its own model hub and item caches; the
 * session's logger gets its log lines. Calls run one at a time, in the order given.
 *
 * Use: runPipeline({ ..., executor: createWorkerExecutor() }). The CSVs are byte-identical to the
 * in-process executor's (test/pipeline/workerExecutor.test.ts).
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../src/runtime/logger.js';
import type { Catalog } from './catalog.js';
import type { ServiceProvider, StageCall, StageCallResult, StageExecutor } from './executor.js';

export type WorkerRequest = { kind: 'call'; id: number; call: StageCall } | { kind: 'close' };
export type WorkerReply =
  | { kind: 'result'; id: number; result: StageCallResult }
  | { kind: 'error'; id: number; error: { name: string; message: string; stack?: string } }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields?: Record<string, unknown> }
  | { kind: 'closed' };

// From the TypeScript sources a small .mjs entry registers tsx in the thread first; a compiled build runs stageWorker.js.
const WORKER_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './stageWorker.boot.mjs' : './stageWorker.js', import.meta.url));

export function createWorkerExecutor(): (catalog: Catalog, services: ServiceProvider) => StageExecutor {
  return (_catalog, services) => startWorker(services.log);
}

function startWorker(log: Logger): StageExecutor {
  const worker = new Worker(WORKER_FILE, { execArgv: [] });
  const pending = new Map<number, { resolve: (r: StageCallResult) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closed: (() => void) | undefined;
  let failure: Error | undefined;
  const failAll = (err: Error) => {
    failure = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    if (reply.kind === 'log') return log[reply.level](reply.msg, reply.fields);
    if (reply.kind === 'closed') return closed?.();
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.kind === 'result') waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the stage worker thread exited (code ${code}) before answering`)));
  return {
    executeStage(call) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<StageCallResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ kind: 'call', id, call } satisfies WorkerRequest);
      });
    },
    async close() {
      if (!failure) {
        await new Promise<void>((resolve) => {
          closed = resolve;
          worker.postMessage({ kind: 'close' } satisfies WorkerRequest);
          setTimeout(resolve, 5000).unref();
        });
      }
      await worker.terminate();
    },
  };
}
