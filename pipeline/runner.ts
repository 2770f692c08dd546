/**
 * The runner, in three parts (as in Kedro):
 *
 * - catalog.ts: datasets and resource files by name and content hash (binary blobs under
 *   models.cacheDir; stage results keyed by stage, version, params, inputs, models, resources);
 * - executor.ts: runs one stage call, JSON in and JSON out (`executeStage(call) -> result`):
 *   in this process (default), in a worker thread (workerExecutor.ts) or, for segment and
 *   enrich, as per-article jobs for `crossframe worker` processes (queueExecutor.ts, run --queue);
 * - session.ts: one run: stage selection, lock, run folder, cache lookups and replays, manifest,
 *   publishing `latest`. It throws; only the CLI (src/cli.ts) exits.
 *
 * The stages follow the contract in stage.ts and are listed in order in stages.ts. This file
 * gathers the runner's exports for pipeline/ and the tests; src/ never imports it: the CLI, eval,
 * bench and the trainers get the pipeline handed in as a `PipelineApp` (app.ts, implementing
 * src/runtime/pipelineApp.ts) by bin/crossframe.js.
 */
export { runPipeline, stageResources, SIGNAL_EXIT_CODES, StageInputMissingError, type RunOptions, type RunResult } from './session.js';
export { STAGES, selectStages } from './stages.js';
export { createQueueExecutor } from './queueExecutor.js';
export { pipelineApp, loadPipelineApp } from './app.js';
