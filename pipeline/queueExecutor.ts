/**
 * The queue executor (`crossframe run --queue URL`, issue #20): a StageExecutor that wraps the
 * in-process one. Segment and enrich calls become per-article BullMQ jobs for `crossframe worker`
 * processes (src/queue/coordinator.ts); their outputs are saved in the catalog and their counters,
 * warnings and work returned in the StageCallResult, as any executor's, so a later run that reuses
 * the result replays the same manifest. Every other call goes to the in-process executor.
 *
 * Two things only this executor does, both through StageCallResult fields the session knows:
 * - `complete: false` when dead-lettered articles are missing from a segment result: the session
 *   does not cache it, so the next run tries those articles again;
 * - the segment result also names a new `skipped` dataset (the run's skipped inputs plus one
 *   `dead-letter` entry per such article), which replaces the run's `skipped` for the reports.
 *
 * Use: runPipeline({ ..., executor: createQueueExecutor(url, config) }).
 */
import type { Article, Sentence, SkippedInput } from '../src/records.js';
import type { Config } from '../src/config/schema.js';
import { createQueueCoordinator, type CoordinatedResult } from '../src/queue/coordinator.js';
import { redisConnection } from '../src/queue/connection.js';
import type { Catalog } from './catalog.js';
import type { StageSummary } from './stage.js';
import { createInProcessExecutor, producerOf, StageInputMissingError, stageNamed, type ServiceProvider, type StageCall, type StageCallResult, type StageExecutor } from './executor.js';

export function createQueueExecutor(url: string, config: Config): (catalog: Catalog, services: ServiceProvider) => StageExecutor {
  redisConnection(url); // a malformed URL fails here, before the session takes the lock
  return (catalog, services) => {
    const inner = createInProcessExecutor(catalog, services);
    const coordinator = createQueueCoordinator(url, config);
    /** Datasets the calls of this run produced (ingest's articles and skipped), by name. */
    const produced: Record<string, string> = {};
    /** A dataset of this run, else of the last run (as the session's own input lookup). */
    const dataset = <T>(name: string): T | undefined => {
      const hash = produced[name] ?? catalog.latestDatasets()[name];
      return hash === undefined ? undefined : catalog.load<T>(hash);
    };
    const input = <T>(call: StageCall, name: string): T => {
      const value = call.inputs[name] === undefined ? undefined : catalog.load<T>(call.inputs[name]);
      if (value === undefined) throw new StageInputMissingError(call.stage, name, producerOf(name));
      return value;
    };
    const answer = async (call: StageCall, result: CoordinatedResult<Record<string, unknown>>): Promise<StageCallResult> => {
      const stage = stageNamed(call.stage);
      const outputs = Object.fromEntries(Object.entries(result.outputs).map(([name, value]) => [name, catalog.save(value)]));
      const roles = new Set<string>(stage.modelRoles ?? []);
      const hub = roles.size ? await services.hubIfLoaded() : undefined;
      return {
        outputs,
        counters: result.counters,
        warnings: result.warnings,
        work: result.work,
        inputs: [],
        models: hub ? hub.describe().filter((m) => roles.has(m.role)).map((m) => ({ ...m })) : [],
        summary: stage.summarize ? (stage.summarize as StageSummary)(result.outputs, result.counters) : '',
        ...(result.complete ? {} : { complete: false }),
      };
    };
    return {
      async executeStage(call) {
        if (call.stage === 'segment') {
          const result = await coordinator.segment(input<Article[]>(call, 'articles'), dataset<SkippedInput[]>('skipped') ?? [], services);
          return answer(call, result);
        }
        if (call.stage === 'enrich') {
          const result = await coordinator.enrich(input<Sentence[]>(call, 'sentences'), dataset<Article[]>('articles'), services);
          return answer(call, result);
        }
        const result = await inner.executeStage(call);
        Object.assign(produced, result.outputs);
        return result;
      },
      close: () => inner.close(),
    };
  };
}
