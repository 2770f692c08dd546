/**
 * `crossframe worker --queue URL`: takes per-article jobs from BullMQ and runs runArticleJob on
 * them, with its own models and model cache (models.cacheDir of its config). Models are loaded
 * and warmed before the first job, so a job's lock is never starved by a model load.
 *
 * SIGTERM / SIGINT: stop taking jobs, finish the running ones, exit 143 / 130. A second signal
 * stops at once; a job cut short that way (or by SIGKILL, or a crash) stays locked until its lock
 * lapses and is then retried by any worker (BullMQ's stalled-job check, queue.stalledIntervalMs).
 */
import path from 'node:path';
import pLimit from 'p-limit';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../runtime/logger.js';
import { createModelHub } from '../models/hub.js';
import { openModelCache } from '../store/modelCache.js';
import { connectionWarner, redisConnection, describeQueueUrl } from './connection.js';
import { articleJobFingerprint, FingerprintMismatchError, runArticleJob, segmentOptionsOf, type ArticleJobServices } from './articleJob.js';
import type { ArticleJobInput } from './jobCodec.js';
import { createModelBatcher } from './modelBatcher.js';

/** Model batches per shared call, as BATCHES_PER_CHUNK in pipeline/enrich.ts (not imported: src/ never imports pipeline/). */
const MODEL_BATCHES_PER_CALL = 8;

/** As SIGNAL_EXIT_CODES in pipeline/session.ts (not imported: that would load every stage). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export interface WorkerOptions {
  loaded: LoadedConfig;
  url: string;
  offline: boolean;
  log: Logger;
  /** Exit 0 after this many seconds without a job (for a cron line); 0 = run until signalled. */
  idleExitSeconds: number;
}

export async function runWorker(opts: WorkerOptions): Promise<number> {
  const { config } = opts.loaded;
  const { log } = opts;
  const settings = config.queue;
  const connection = redisConnection(opts.url);
  const cache = openModelCache(path.resolve(config.models.cacheDir), { warn: (m: string) => log.warn(m), info: (m: string) => log.info(m) });
  const hub = await createModelHub(config.models, { offline: opts.offline, cache, log });
  const [embedding, sentiment] = await Promise.all([hub.identify('embedding'), hub.identify('sentiment')]);
  // Load both models now: the first job must not hold its lock through a model load.
  await Promise.all([hub.embed(['crossframe worker warm-up']), hub.sentiment(['crossframe worker warm-up'])]);
  const turn = pLimit(1);
  const services: ArticleJobServices = {
    segment: segmentOptionsOf(config),
    // As many sentences per model call as the in-process enrich stage sends (pipeline/enrich.ts).
    models: createModelBatcher(hub, config.models.batchSize * MODEL_BATCHES_PER_CALL, turn),
    turn,
    fingerprint: articleJobFingerprint(config, { embedding: embedding.sha256, sentiment: sentiment.sha256 }),
  };

  const { Worker } = await import('bullmq');
  let exitCode = 0;
  let lastJobAt = Date.now();
  let stopping: Promise<void> | undefined;
  let closed = () => {};
  const done = new Promise<void>((resolve) => (closed = resolve));
  const stop = (code: number) => {
    if (stopping) return stopping;
    exitCode = code;
    // close() waits for the running jobs, then tells Redis; with Redis unreachable it would wait
    // forever. After a job's lock time (plus 10 s) exit anyway: a job cut short is retried elsewhere.
    const graceMs = settings.lockDurationMs + 10_000;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`could not close cleanly within ${graceMs / 1000} s (is Redis reachable?): exiting; a job cut short is retried by another worker once its lock lapses`);
        resolve();
      }, graceMs);
    });
    stopping = Promise.race([worker.close().catch(() => undefined), giveUp]).finally(() => {
      clearTimeout(timer);
      closed();
    });
    return stopping;
  };
  const worker = new Worker<ArticleJobInput>(
    settings.name,
    async (job) => {
      lastJobAt = Date.now();
      log.debug(`job started: ${job.id} article ${job.data.article.id} (attempt ${job.attemptsMade + 1})`, { jobId: job.id, articleId: job.data.article.id });
      try {
        return await runArticleJob(job.data, services);
      } catch (err) {
        if (err instanceof FingerprintMismatchError) {
          // This worker would fail every job of that coordinator: leave them to the right workers.
          log.error(`${err.message} Stopping this worker.`);
          void stop(1);
        }
        throw err;
      } finally {
        lastJobAt = Date.now();
      }
    },
    {
      connection,
      concurrency: settings.workerConcurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: 1,
    },
  );
  worker.on('failed', (job, err) => log.warn(`job ${job?.id} (article ${job?.data.article.id}) failed on attempt ${job?.attemptsMade}: ${err.message}`));
  worker.on('error', connectionWarner((m) => log.warn(m), `worker ${describeQueueUrl(opts.url)}`));
  await worker.waitUntilReady();
  log.info(`worker ready: queue "${settings.name}" on ${describeQueueUrl(opts.url)}, ${settings.workerConcurrency} job(s) at a time, models ${embedding.id} and ${sentiment.id}`, {
    pid: process.pid,
    fingerprint: services.fingerprint,
  });

  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) {
      log.warn(`${signal} again: stopping now; a job cut short is retried by another worker once its lock lapses`);
      void worker.close(true).finally(() => process.exit(SIGNAL_EXIT_CODES[signal]));
      return;
    }
    log.info(`${signal}: finishing the running job(s), then exiting`);
    void stop(SIGNAL_EXIT_CODES[signal]);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const idleTimer =
    opts.idleExitSeconds > 0
      ? setInterval(() => {
          if (Date.now() - lastJobAt >= opts.idleExitSeconds * 1000 && !stopping) {
            log.info(`no job for ${opts.idleExitSeconds} s: exiting`);
            void stop(0);
          }
        }, 1000)
      : undefined;
  try {
    await done;
    return exitCode;
  } finally {
    if (idleTimer) clearInterval(idleTimer);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    cache.close();
  }
}
