/**
 * A worker's model calls, gathered across the jobs it runs at once. One article is a few dozen
 * sentences: run alone, its batches are short and padded to its own longest sentence. The
 * in-process enrich stage sends models.batchSize x 8 sentences per call, sorted by length into
 * batches (src/models/hub.ts), which wastes far less compute on padding. This batcher gives a
 * worker the same: while one call runs, the jobs that finished segmenting wait, and the next call
 * takes all of them (up to `maxSentences`). Jobs stay per article (retries, dead letters and
 * idempotency are unchanged); only the model calls are shared.
 *
 * Segmentation and model calls take turns (one CpuTurn): segmenting one article while a model
 * call runs puts a third busy thread on onnxruntime's cores, whose parallel operators then wait
 * for a descheduled thread; measured, that overlap cost more CPU than it saved. The in-process
 * runner never overlaps them either (segment, then enrich).
 *
 * Model work (the hub's counters) of a shared call is credited to the first job in it, so the
 * coordinator's sums over all jobs are the work done. A shared call that fails is retried job by
 * job, so one article the models cannot take fails only its own job.
 */
import type { ModelHub, SentimentResult } from '../models/hub.js';
import type { ArticleJobCounters } from './jobCodec.js';

export interface ModelOutputs {
  vectors: Float32Array[];
  sentiment: SentimentResult[];
  /** Model work credited to this job (see above). */
  counters: ArticleJobCounters;
}

export type ModelBatcher = (texts: string[]) => Promise<ModelOutputs>;

const JOB_COUNTERS = ['modelCalls', 'cacheHits', 'computed', 'truncated', 'corruptEntries'] as const;

function countersSnapshot(hub: ModelHub): ArticleJobCounters {
  const c = hub.counters;
  return Object.fromEntries(JOB_COUNTERS.map((name) => [name, { embedding: c[name].embedding, sentiment: c[name].sentiment }])) as ArticleJobCounters;
}

function countersSince(before: ArticleJobCounters, after: ArticleJobCounters): ArticleJobCounters {
  return Object.fromEntries(
    JOB_COUNTERS.map((name) => [name, { embedding: after[name].embedding - before[name].embedding, sentiment: after[name].sentiment - before[name].sentiment }]),
  ) as ArticleJobCounters;
}

function zero(): ArticleJobCounters {
  return Object.fromEntries(JOB_COUNTERS.map((name) => [name, { embedding: 0, sentiment: 0 }])) as ArticleJobCounters;
}

interface Waiting {
  texts: string[];
  resolve: (out: ModelOutputs) => void;
  reject: (err: unknown) => void;
}

/** Runs one piece of CPU work at a time (pLimit(1)); the worker's segmentation goes through it too. */
export type CpuTurn = <T>(fn: () => T | Promise<T>) => Promise<T>;

export function createModelBatcher(hub: ModelHub, maxSentences: number, turn: CpuTurn): ModelBatcher {
  const queue: Waiting[] = [];
  let scheduled = false;

  /** One hub call for the texts of all `group`; outputs cut back per job. */
  const call = async (group: Waiting[]): Promise<void> => {
    const texts = group.flatMap((w) => w.texts);
    const before = countersSnapshot(hub);
    const [vectors, sentiment] = texts.length ? await Promise.all([hub.embed(texts), hub.sentiment(texts)]) : [[], []];
    const work = countersSince(before, countersSnapshot(hub));
    let at = 0;
    group.forEach((w, i) => {
      const n = w.texts.length;
      w.resolve({ vectors: vectors.slice(at, at + n), sentiment: sentiment.slice(at, at + n), counters: i === 0 ? work : zero() });
      at += n;
    });
  };

  /** Takes the waiting jobs (up to maxSentences) when its turn comes, not before: the jobs segmented meanwhile join. */
  const next = async () => {
    const group: Waiting[] = [queue.shift() as Waiting];
    let size = group[0].texts.length;
    while (queue.length && size + queue[0].texts.length <= maxSentences) {
      size += queue[0].texts.length;
      group.push(queue.shift() as Waiting);
    }
    try {
      await call(group);
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
      // One article may be what the models refuse: each job on its own, so only its job fails.
      for (const w of group) await call([w]).catch((e: unknown) => w.reject(e));
    }
  };

  const schedule = () => {
    if (scheduled || !queue.length) return;
    scheduled = true;
    void turn(next).finally(() => {
      scheduled = false;
      schedule();
    });
  };

  return (texts) =>
    new Promise<ModelOutputs>((resolve, reject) => {
      queue.push({ texts, resolve, reject });
      schedule();
    });
}
