/**
 * The coordinator's side of the queue: puts per-article jobs on BullMQ, at most
 * queue.maxInFlight at a time, and collects every result or final failure. Completion events
 * (QueueEvents) make it fast; a sweep of the jobs still pending every few seconds makes it safe:
 * a missed event, a job lost with a Redis restart (re-added under the same id) or a job that
 * failed for good (the dead-letter list) is found without any event.
 */
import type { Article } from '../records.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../runtime/logger.js';
import type { Progress } from '../runtime/progress.js';
import { connectionWarner, redisConnection, describeQueueUrl } from './connection.js';
import { articleJobId, fromWire, type ArticleJobInput, type ArticleJobOutput } from './jobCodec.js';

export interface DeadLetter {
  jobId: string;
  article: Article;
  reason: string;
  attempts: number;
}

export interface DispatchResult {
  results: Map<string, ArticleJobOutput>;
  deadLetters: DeadLetter[];
  jobs: number;
}

/**
 * The events stream carries every job's result (~60 KB) and needs only to outlast the coordinator's
 * reading lag: an event trimmed before it was read is found by the sweep.
 */
const EVENTS_MAX_LEN = 500;
const SWEEP_MS = 3000;
const ADD_CHUNK = 100;
const NO_PROGRESS_WARN_MS = 60_000;
/** Dead-letter entries kept in the Redis stream (about; the manifest of each run lists its own). */
const DEAD_LETTERS_KEPT = 1000;

export function deadLetterKey(queueName: string): string {
  return `crossframe:${queueName}:dead-letters`;
}

export async function dispatchArticleJobs(
  url: string,
  settings: Config['queue'],
  articles: readonly Article[],
  fingerprint: string,
  log: Logger,
  progress: Progress,
): Promise<DispatchResult> {
  const { Queue, QueueEvents, Job } = await import('bullmq');
  const connection = redisConnection(url);
  const queue = new Queue(settings.name, { connection, streams: { events: { maxLen: EVENTS_MAX_LEN } } });
  const events = new QueueEvents(settings.name, { connection });
  const warnRedis = connectionWarner((m) => log.warn(m), `queue ${describeQueueUrl(url)}`);
  queue.on('error', warnRedis);
  events.on('error', warnRedis);
  const results = new Map<string, ArticleJobOutput>();
  const deadLetters: DeadLetter[] = [];
  const pending = new Map<string, ArticleJobInput>();
  let wake = () => {};
  let lastProgress = Date.now();

  const finish = (jobId: string) => {
    pending.delete(jobId);
    lastProgress = Date.now();
    progress.tick();
    wake();
  };
  const takeResult = (jobId: string, returnvalue: unknown) => {
    const input = pending.get(jobId);
    if (!input) return; // a duplicate event, or another run's job
    const output = fromWire<ArticleJobOutput>(returnvalue);
    if (output.articleId !== input.article.id || output.fingerprint !== input.fingerprint) {
      throw new Error(`queue: job ${jobId} returned the result of article ${output.articleId}, expected ${input.article.id}; is another program using queue "${settings.name}"?`);
    }
    results.set(input.article.id, output);
    finish(jobId);
    // The result is in the coordinator's hands: the job's copy in Redis is no longer needed.
    queue.remove(jobId).catch(() => undefined);
  };
  const takeFailure = async (jobId: string) => {
    const input = pending.get(jobId);
    const job = input ? await Job.fromId(queue, jobId) : undefined;
    if (!input || !job || !pending.has(jobId) || (await job.getState()) !== 'failed') return;
    const dead: DeadLetter = { jobId, article: input.article, reason: job.failedReason || 'unknown failure', attempts: job.attemptsMade };
    deadLetters.push(dead);
    const client = await queue.client;
    await client.xadd(
      deadLetterKey(settings.name),
      '*',
      { jobId, articleId: dead.article.id, file: dead.article.sourceFile, reason: dead.reason, attempts: dead.attempts },
      { MAXLEN: DEAD_LETTERS_KEPT, approximate: true },
    );
    // Removed, so the next run tries the article afresh instead of finding it failed.
    await job.remove().catch(() => undefined);
    finish(jobId);
  };
  let failure: unknown;
  const guard = (p: Promise<unknown> | void) => {
    if (p) p.catch((err) => { failure ??= err; wake(); });
  };
  events.on('completed', ({ jobId, returnvalue }) => {
    try {
      takeResult(jobId, returnvalue);
    } catch (err) {
      failure ??= err;
      wake();
    }
  });
  events.on('failed', ({ jobId }) => guard(takeFailure(jobId)));

  const jobOptions = {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    // A safety net for results no coordinator collects (a run killed mid-way): gone after a day.
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: false,
  } as const;
  const add = (inputs: ArticleJobInput[]) =>
    queue.addBulk(inputs.map((data) => ({ name: 'article', data, opts: { ...jobOptions, jobId: articleJobId(data) } })));

  /** Looks at every pending job once: the events' backstop. */
  const sweep = async () => {
    for (const [jobId, input] of [...pending]) {
      if (!pending.has(jobId)) continue;
      const state = await queue.getJobState(jobId);
      if (state === 'completed') {
        const job = await Job.fromId(queue, jobId);
        if (job && pending.has(jobId)) takeResult(jobId, job.returnvalue);
      } else if (state === 'failed') {
        await takeFailure(jobId);
      } else if (state === 'unknown') {
        // Lost (Redis restarted without persistence, or removed by hand): the same id again.
        log.warn(`queue: job ${jobId} (article ${input.article.id}) is no longer in Redis; adding it again`);
        await add([input]);
      }
    }
  };

  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const inputs: ArticleJobInput[] = articles.map((article) => ({ article, fingerprint }));
    log.info(`queue: ${inputs.length} article jobs for workers on ${describeQueueUrl(url)} (queue "${settings.name}")`);
    let next = 0;
    let lastSweep = Date.now();
    let warnedAt = 0;
    while (next < inputs.length || pending.size) {
      if (failure) throw failure;
      if (next < inputs.length && pending.size < settings.maxInFlight) {
        const chunk = inputs.slice(next, next + Math.min(ADD_CHUNK, settings.maxInFlight - pending.size));
        next += chunk.length;
        for (const input of chunk) pending.set(articleJobId(input), input);
        await add(chunk);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, SWEEP_MS);
      });
      if (Date.now() - lastSweep >= SWEEP_MS) {
        await sweep();
        lastSweep = Date.now();
      }
      const idle = Date.now() - lastProgress;
      if (pending.size && idle >= NO_PROGRESS_WARN_MS && Date.now() - warnedAt >= NO_PROGRESS_WARN_MS) {
        warnedAt = Date.now();
        log.warn(
          `queue: no article job finished for ${Math.round(idle / 1000)} s (${pending.size} pending, ${results.size} done). ` +
            `Fix: start workers with \`crossframe worker --queue ${describeQueueUrl(url)}\` and the same config.`,
        );
      }
    }
    if (failure) throw failure;
    return { results, deadLetters, jobs: inputs.length };
  } finally {
    progress.done();
    await Promise.allSettled([events.close(), queue.close()]);
  }
}
