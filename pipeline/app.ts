/**
 * The pipeline as src/ sees it: the one implementation of `PipelineApp` (src/runtime/pipelineApp.ts).
 * bin/crossframe.js, the composition root, loads this file only for the commands that run stages
 * and hands it to src/cli.ts's `main`, which passes it on to `run`, `check`, eval, bench and the
 * trainers; tests and scripts that call them in-process pass `pipelineApp` (or `loadPipelineApp`).
 */
import type { PipelineApp } from '../src/runtime/pipelineApp.js';
import type { Datasets } from '../src/runtime/datasets.js';
import { runPipeline, stageResources, storedDatasets } from './session.js';
import { STAGES, selectStages } from './stages.js';

export const pipelineApp: PipelineApp = {
  stages: STAGES,
  stageResources: (config) => stageResources(STAGES, config),
  // --queue picks the executor; everything else about the run is the session's. The queue executor
  // (BullMQ, and the segmenter for its jobs) is imported only for --queue: ~1 s CPU at every start.
  runPipeline: async (options) =>
    runPipeline({
      ...options,
      executor: options.queue ? (await import('./queueExecutor.js')).createQueueExecutor(options.queue, options.loaded.config) : undefined,
    }),
  storedDatasets,
  async runStage(name, datasets, config, services) {
    const [stage] = selectStages([name]);
    const inputs = Object.fromEntries(stage.reads.map((r) => [r, datasets[r]])) as Pick<Datasets, (typeof stage.reads)[number]>;
    const { outputs } = await stage.run(inputs, stage.params(config), services);
    return { outputs };
  },
};

/** The loader `main` takes: `main(argv, loadPipelineApp)`. */
export const loadPipelineApp = async (): Promise<PipelineApp> => pipelineApp;
