/**
 * crossframe's command line: `run` (the nightly job), `check` (cron pre-flight), `eval`, `bench`
 * and `config`. Exit codes: 0 ok, 1 run failed, 2 bad usage or config (also a bare `crossframe`,
 * which prints the help), 3 another run holds the lock, 130 / 143 a run interrupted by SIGINT /
 * SIGTERM (SIGNAL_EXIT_CODES in src/runtime/errors.ts). stdout carries results only (the run
 * folder, the check table); the log goes to stderr, as JSON lines with --json-log.
 *
 * This file never imports pipeline/: bin/crossframe.js (the composition root) calls
 * `main(argv, loadPipelineApp)`, and `main` hands the loaded `PipelineApp`
 * (src/runtime/pipelineApp.ts) to the commands that run stages: run, check, eval, bench, train.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, Option, type OutputConfiguration } from 'commander';
import { loadConfig, hashConfig, type LoadedConfig, describeConfig } from './config/load.js';
import { CODE_VERSION } from './runtime/version.js';
import { ConfigError, CrossframeError, EXIT, SIGNAL_EXIT_CODES, UsageError } from './runtime/errors.js';
import type { PipelineApp, PipelineAppLoader } from './runtime/pipelineApp.js';
import { EVAL_CLI_OPTIONS, evalOptionsFromCli } from './eval/cliOptions.js';
import { BENCH_CLI_OPTIONS, benchOptionsFromCli } from './bench/benchOptions.js';
import type { Logger } from './runtime/logger.js';
import type { PreflightResult } from './check/preflight.js';
import { MODEL_PROFILES, describeModelChoice, isProfileName } from './models/profile.js';
import { MODELS_DIR_ENV } from './models/locate.js';
import { checkEditorFiles, editorFilesOf } from './config/editorFile.js';

export { EXIT };

const DEFAULT_CONFIG = MODEL_PROFILES.bundled;

interface CommonOptions {
  config?: string;
  /** A profile name (bundled, hub) or a model folder (like CROSSFRAME_MODELS_DIR). */
  models?: string;
  offline?: boolean;
  quiet?: boolean;
  jsonLog?: boolean;
  verbose?: boolean;
  strict?: boolean;
}

/**
 * The logger, loaded when a command needs it: pino and its dependencies are dozens of modules, and
 * a config mistake (a `/dev/zero` lexicon, a typo) must fail before they load.
 */
async function openLogger(opts: { quiet?: unknown; jsonLog?: unknown; verbose?: unknown }): Promise<Logger> {
  const { createLogger } = await import('./runtime/logger.js');
  return createLogger({ quiet: Boolean(opts.quiet), json: Boolean(opts.jsonLog), verbose: Boolean(opts.verbose) });
}

/**
 * Which config file to read: --config, else the profile --models names (bundled, hub), else the
 * default profile (bundled models). A model folder (--models DIR, CROSSFRAME_MODELS_DIR) and
 * --offline never change the profile: they say where to look and whether to download.
 */
export function chooseConfigFile(opts: CommonOptions, _log?: Logger): string | null {
  const profile = opts.models && isProfileName(opts.models) ? opts.models : null;
  if (opts.config && profile) {
    throw new UsageError(`--models ${profile} and --config ${opts.config} both choose a profile. Fix: pass one of them (--models ${profile} is --config ${MODEL_PROFILES[profile]}).`);
  }
  if (opts.config) return opts.config;
  const file = profile ? MODEL_PROFILES[profile] : DEFAULT_CONFIG;
  if (profile && !fs.existsSync(file)) {
    throw new UsageError(`--models ${profile}: ${path.resolve(file)} does not exist. Fix: run crossframe from its own folder, or pass --config /path/to/${path.basename(file)}.`);
  }
  return fs.existsSync(file) ? file : null;
}

/**
 * `--models DIR`: any value that is not a profile name is a model folder, searched first exactly
 * like CROSSFRAME_MODELS_DIR (which it overrides). A folder literally called "hub" is `./hub`.
 */
export function applyModelsFolder(opts: CommonOptions, environ: NodeJS.ProcessEnv = process.env): void {
  if (!opts.models || isProfileName(opts.models)) return;
  const dir = path.resolve(opts.models);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`--models ${opts.models}: not a profile (${Object.keys(MODEL_PROFILES).join(', ')}) and not a folder (${dir}). Fix: pass a profile name or an existing model folder.`);
  }
  environ[MODELS_DIR_ENV] = dir;
}

export interface RunCommandOptions extends CommonOptions {
  input?: string[];
  output?: string;
  stages?: string;
  /** redis://HOST:PORT: this run is the coordinator of `crossframe worker` processes (src/queue/). */
  queue?: string;
  /** Recompute every window of the events (pipeline/events.ts) instead of the ones the new articles touch. */
  full?: boolean;
}

/** Applies command-line overrides to the loaded config (and re-hashes it). */
export function applyOverrides(loaded: LoadedConfig, opts: RunCommandOptions, positional: string[] = []): LoadedConfig {
  const config = structuredClone(loaded.config);
  const inputs = [...positional, ...(opts.input ?? [])];
  if (inputs.length) config.input.paths = inputs;
  if (opts.output) config.report.dir = opts.output;
  if (opts.offline) config.models.allowRemote = false;
  return { ...loaded, config, hash: hashConfig(config) };
}

/** The config of `run` and `check`, with --models, the inputs and the other command-line overrides applied. */
function loadCommandConfig(opts: RunCommandOptions, inputs: string[]): LoadedConfig {
  applyModelsFolder(opts);
  return applyOverrides(loadConfig(chooseConfigFile(opts), { strict: Boolean(opts.strict) }), opts, inputs);
}

/**
 * Every file the run reads, validated before anything runs (exit 2 on a mistake). The editor
 * files' kinds are checked before the logger, the pre-flight and the pipeline are loaded: a device
 * or FIFO as an editor file fails at once.
 */
async function prepare(app: PipelineAppLoader, opts: RunCommandOptions, loaded: LoadedConfig): Promise<{ preflight: PreflightResult; log: Logger; pipeline: PipelineApp }> {
  checkEditorFiles(editorFilesOf(loaded.config));
  const log = await openLogger(opts);
  for (const w of loaded.warnings) log.warn(w);
  // The files to validate are the ones the stages declare (the composition root hands them over).
  const pipeline = await app();
  const { preflight } = await import('./check/preflight.js');
  const result = preflight(loaded, { strict: Boolean(opts.strict), resources: pipeline.stageResources(loaded.config) });
  for (const w of result.warnings) log.warn(w);
  return { preflight: result, log, pipeline };
}

/**
 * runtime.heapLimitMB or runtime.semiSpaceMB ask for V8 heap settings this process was not started
 * with: run the command again in a process that has them (src/runtime/heapLimit.ts) and return its
 * exit code; else null. Decided from the config alone, before the logger, the pre-flight and the stages load.
 */
async function relaunchForHeapSettings(loaded: LoadedConfig): Promise<number | null> {
  const heap = await import('./runtime/heapLimit.js');
  const settings = loaded.config.runtime;
  if (!heap.needsHeapRelaunch(settings)) {
    heap.followParent();
    return null;
  }
  return heap.relaunchWithHeapSettings(settings);
}

/** Said once at the start of a run or worker whose config sets a heap limit or semi-space: what V8 enforces. */
async function describeHeapSettings(loaded: LoadedConfig, log: Logger): Promise<void> {
  const { heapLimitMB, semiSpaceMB } = loaded.config.runtime;
  if (heapLimitMB === null && semiSpaceMB === null) return;
  const { heapLimitInEffectMB } = await import('./runtime/heapLimit.js');
  const set = [...(heapLimitMB === null ? [] : [`runtime.heapLimitMB ${heapLimitMB}`]), ...(semiSpaceMB === null ? [] : [`runtime.semiSpaceMB ${semiSpaceMB}`])];
  log.info(`heap limit ${heapLimitInEffectMB()} MB (${set.join(', ')}; the limit is the old space plus V8's young generation)`);
}

async function runCommand(app: PipelineAppLoader, inputs: string[], opts: RunCommandOptions): Promise<number> {
  // A malformed --queue is a usage error (exit 2) before anything runs.
  if (opts.queue) (await import('./queue/connection.js')).redisConnection(opts.queue);
  const loaded = loadCommandConfig(opts, inputs);
  const relaunched = await relaunchForHeapSettings(loaded);
  if (relaunched !== null) return relaunched;
  const { log, pipeline } = await prepare(app, opts, loaded);
  await describeHeapSettings(loaded, log);
  // Said once, before any work: which models this run uses, and where stronger ones are.
  log.info(describeModelChoice(loaded.config.models, loaded.files[0] ?? null));
  const { createProgressFactory } = await import('./runtime/progress.js');
  const progress = createProgressFactory(Boolean(process.stderr.isTTY) && !opts.quiet && !opts.jsonLog);
  const stages = opts.stages ? opts.stages.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  // The session never exits: on SIGINT / SIGTERM (Ctrl-C, `timeout` in a crontab) it is told by
  // the abort signal, removes this run's folder and releases the lock synchronously, and the CLI
  // exits with 128 + the signal number. A second signal (Ctrl-C reaches both tsx and this process)
  // finds the clean-up done.
  const interrupt = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    try {
      if (!interrupt.signal.aborted) interrupt.abort(signal);
    } finally {
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let result;
  try {
    result = await pipeline.runPipeline({ loaded, stages, offline: Boolean(opts.offline), log, progress, signal: interrupt.signal, queue: opts.queue, full: Boolean(opts.full) });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  if (!result.runDir) return EXIT.ok;
  const summary = readSummary(result.runDir);
  log.info(`reports: ${path.relative(process.cwd(), result.runDir) || result.runDir} (also ${path.join(loaded.config.report.dir, 'latest')})`, {
    runId: result.runId,
    runDir: result.runDir,
    ...(summary ? { summary } : {}),
  });
  // The one line on stdout: `dir=$(crossframe run ...)` gets the run folder.
  process.stdout.write(opts.jsonLog ? `${JSON.stringify({ runDir: result.runDir, runId: result.runId, summary })}\n` : `${result.runDir}\n`);
  return EXIT.ok;
}

function readSummary(runDir: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `crossframe worker --queue URL`: takes per-article jobs of `run --queue` coordinators until signalled. */
async function workerCommand(raw: CommonOptions & { queue: string; idleExit?: string }): Promise<number> {
  const idleExitSeconds = raw.idleExit === undefined ? 0 : Number(raw.idleExit);
  if (!(Number.isFinite(idleExitSeconds) && idleExitSeconds >= 0)) throw new UsageError(`--idle-exit ${raw.idleExit}: not a number of seconds`, 'pass --idle-exit 600 (0 = never exit when idle)');
  const { redisConnection } = await import('./queue/connection.js');
  redisConnection(raw.queue); // a malformed URL is a usage error before any model loads
  applyModelsFolder(raw);
  const loaded = loadConfig(chooseConfigFile(raw), { strict: Boolean(raw.strict) });
  const relaunched = await relaunchForHeapSettings(loaded);
  if (relaunched !== null) return relaunched;
  const log = await openLogger(raw);
  checkEditorFiles(editorFilesOf(loaded.config));
  for (const w of loaded.warnings) log.warn(w);
  await describeHeapSettings(loaded, log);
  if (raw.offline) loaded.config.models.allowRemote = false;
  const { runWorker } = await import('./queue/worker.js');
  return runWorker({ loaded, url: raw.queue, offline: Boolean(raw.offline), log, idleExitSeconds });
}

async function checkCommand(app: PipelineAppLoader, inputs: string[], opts: RunCommandOptions): Promise<number> {
  const loaded = loadCommandConfig(opts, inputs);
  const { preflight, log, pipeline } = await prepare(app, opts, loaded);
  const { runChecks } = await import('./check/check.js');
  const modelRoles = [...new Set(pipeline.stages.flatMap((s) => s.modelRoles ?? []))];
  const ok = await runChecks(loaded, { offline: Boolean(opts.offline), log, json: Boolean(opts.jsonLog), preflight, modelRoles });
  return ok ? EXIT.ok : EXIT.failed;
}

/** eval and bench take --models too: a profile becomes their --config, a folder is searched first. */
function withModelsProfile(raw: Record<string, unknown>): Record<string, unknown> {
  const opts = raw as CommonOptions;
  applyModelsFolder(opts);
  return opts.models && isProfileName(opts.models) ? { ...raw, config: chooseConfigFile(opts) ?? undefined } : raw;
}

async function evalCommand(app: PipelineAppLoader, raw: Record<string, unknown>): Promise<number> {
  const log = await openLogger(raw);
  const { runEval } = await import('./eval/runEval.js');
  const options = evalOptionsFromCli(withModelsProfile(raw), log);
  const result = await runEval({ ...options, pipeline: await app() });
  // A task that could not run is listed in the result; cron and CI must see it as a failure.
  return result.failures.length ? EXIT.failed : EXIT.ok;
}

async function benchCommand(app: PipelineAppLoader, raw: Record<string, unknown>): Promise<number> {
  const log = await openLogger(raw);
  const { runBench } = await import('./bench/runBench.js');
  const options = benchOptionsFromCli(withModelsProfile(raw), log);
  const result = await runBench({ ...options, pipeline: await app() });
  return result.failures.length ? EXIT.failed : EXIT.ok;
}

async function trainCommand(app: PipelineAppLoader, judge: string, raw: Record<string, unknown>): Promise<number> {
  const log = await openLogger(raw);
  const { TRAINERS } = await import('./learn/trainers.js');
  const load = Object.hasOwn(TRAINERS, judge) ? TRAINERS[judge] : undefined;
  if (!load) throw new UsageError(`train: unknown judge "${judge}". Judges: ${Object.keys(TRAINERS).join(', ') || '(none)'}.`);
  const opts = raw as CommonOptions;
  applyModelsFolder(opts);
  const loaded = loadConfig(chooseConfigFile(opts));
  for (const w of loaded.warnings) log.warn(w);
  // The profile decides whether downloads are allowed (the bundled one never downloads); --offline forbids them.
  const offline = Boolean(opts.offline);
  if (offline) loaded.config.models.allowRemote = false;
  const folds = typeof raw.folds === 'string' ? Number(raw.folds) : undefined;
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) throw new UsageError('--folds: an integer of at least 2');
  const trainer = await load();
  const result = await trainer.train({ data: raw.data as string | undefined, out: raw.out as string | undefined, folds, loaded, offline, log, pipeline: await app() });
  log.info(`train ${judge}: wrote ${result.file}`, { crossValidated: result.crossValidated });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return EXIT.ok;
}

async function verdictsCommand(action: string, raw: Record<string, unknown>): Promise<number> {
  if (action !== 'pairs') throw new UsageError(`verdicts: unknown action "${action}". Actions: pairs.`);
  const log = await openLogger(raw);
  const loaded = loadConfig(chooseConfigFile(raw as CommonOptions));
  const { verdictPairs, writeVerdictPairs } = await import('./report/verdictPairs.js');
  const file = typeof raw.verdicts === 'string' ? raw.verdicts : loaded.config.report.verdictsFile;
  const runDir = typeof raw.run === 'string' ? raw.run : path.join(loaded.config.report.dir, 'latest');
  const outDir = typeof raw.out === 'string' ? raw.out : path.join(loaded.config.report.dir, 'verdict-pairs');
  const { loadVerdicts } = await import('./report/verdicts.js');
  // A malformed verdicts file is a config mistake (VerdictsFileError): located lines and exit 2, as in `check`.
  const verdicts = loadVerdicts(file);
  const result = verdictPairs(verdicts, runDir);
  for (const s of result.skipped) log.warn(`verdicts pairs: ${s.id} left out: ${s.why}`);
  const files = writeVerdictPairs(result, outDir);
  process.stdout.write(`${JSON.stringify({ claimPairs: result.claimPairs.length, numericPairs: result.numericPairs.length, skipped: result.skipped.length, files }, null, 2)}\n`);
  return EXIT.ok;
}

function printConfigDocs(): number {
  const rows = describeConfig().map(
    (d) => `| \`${d.key}\` | \`${JSON.stringify(d.default)}\` | ${d.description.replace(/\|/g, '\\|')} |`,
  );
  process.stdout.write(['| key | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n');
  return EXIT.ok;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', `YAML config (default ${DEFAULT_CONFIG}: the bundled models)`)
    .option('-m, --models <profile|dir>', `model profile: bundled (default, ${MODEL_PROFILES.bundled}) or hub (${MODEL_PROFILES.hub}); or a model folder searched first (like ${MODELS_DIR_ENV}), which keeps the profile`)
    .option('--offline', 'never download models (the bundled profile never does anyway)')
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--json-log', 'log JSON lines to stderr (for cron and log shippers)')
    .option('--verbose', 'print debug detail');
}

/** run and check: what to read and where to write; the pre-flight refuses unknown keys with --strict. */
function addInputs(cmd: Command, runs: boolean): Command {
  return cmd
    .argument('[inputs...]', 'folders or files to read (default: input.paths, i.e. seeds/ in the working directory)')
    .addOption(new Option('-i, --input <paths...>', 'folders or files to read, like the positional inputs'))
    .option('-o, --output <dir>', `folder for run folders (default: report.dir, i.e. output/ in the working directory)`)
    .option('--strict', 'unknown keys in any config or editor file are errors, not warnings (for cron)')
    .description(
      runs
        ? 'run the pipeline: ingest, segment, enrich, events, claims, framing, report; prints the run folder on stdout'
        : 'validate config, every file a run reads, inputs, output folder and models without running models (cron pre-flight); prints the table on stdout',
    );
}

export function buildProgram(app: PipelineAppLoader, setExit: (code: number) => void, output?: OutputConfiguration): Command {
  const program = new Command('crossframe')
    .description('Compare how news outlets cover the same events, with sentence-level evidence.')
    .version(CODE_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError()
    .showSuggestionAfterError()
    .allowExcessArguments(false);
  // Set before the commands are added: each command copies the output settings of its parent.
  if (output) program.configureOutput(output);

  addCommon(
    addInputs(program.command('run'), true)
      .option('-s, --stages <names>', 'comma-separated subset of stages; missing inputs come from the last run')
      .option('--full', 'recompute the events of every window (after a retrained judge or changed params this happens anyway); default: only the windows new, changed or removed articles touch')
      .option('--queue <redis-url>', 'coordinate workers: segment and enrich run as jobs on `crossframe worker` processes via BullMQ on this Redis (redis://HOST:PORT)'),
  ).action(async (inputs: string[], opts: RunCommandOptions) => setExit(await runCommand(app, inputs, opts)));

  addCommon(addInputs(program.command('check'), false)).action(async (inputs: string[], opts: RunCommandOptions) =>
    setExit(await checkCommand(app, inputs, opts)),
  );

  addCommon(
    program
      .command('worker')
      .description('take per-article jobs (segment + models) from the Redis queue of `crossframe run --queue` coordinators; SIGTERM finishes the running job and exits 143. One worker per machine, or one per core with models.threads: 1 (CROSSFRAME_MODEL_THREADS=1): several workers with one onnxruntime thread per core each only compete for the cores')
      .requiredOption('--queue <redis-url>', 'the Redis the coordinator uses (redis://HOST:PORT)')
      .option('--idle-exit <seconds>', 'exit 0 after this many seconds without a job (for cron); default: run until SIGTERM'),
  ).action(async (raw: CommonOptions & { queue: string; idleExit?: string }) => setExit(await workerCommand(raw)));

  const evalCmd = addCommon(
    program.command('eval').description('measure quality on public evaluation sets (bundled models by default); writes output/eval/<date>.json'),
  );
  for (const o of EVAL_CLI_OPTIONS) evalCmd.option(o.flags, o.description);
  evalCmd.action(async (raw: Record<string, unknown>) => setExit(await evalCommand(app, raw)));

  const benchCmd = addCommon(
    program.command('bench').description('measure speed, memory and scaling (bundled models by default); writes output/bench/<date>.json'),
  );
  for (const o of BENCH_CLI_OPTIONS) benchCmd.option(o.flags, o.description);
  benchCmd.action(async (raw: Record<string, unknown>) => setExit(await benchCommand(app, raw)));

  addCommon(
    program
      .command('train <judge>')
      .description('refit a learned judge (e.g. relations) from labelled data with cross-validation grouped by event; writes its file under config/models/')
      .option('--data <path>', 'labelled data (folder or file in the judge\'s format; default: the shared dev set)')
      .option('--out <file>', 'judge file to write (default: the file the config names)')
      .option('--folds <k>', 'folds for grouped cross-validation (default 5)'),
  ).action(async (judge: string, raw: Record<string, unknown>) => setExit(await trainCommand(app, judge, raw)));

  addCommon(
    program
      .command('verdicts <action>')
      .description('pairs: turn the verdicts file into labelled pairs (claim-relations and numeric-pairs format) for retraining')
      .option('--verdicts <file>', 'verdicts file (default: report.verdictsFile of the config)')
      .option('--run <dir>', 'run folder whose CSVs hold the findings (default: <report.dir>/latest)')
      .option('--out <dir>', 'folder for claim-relations/ and numeric-pairs/ (default: <report.dir>/verdict-pairs)'),
  ).action(async (action: string, raw: Record<string, unknown>) => setExit(await verdictsCommand(action, raw)));

  program
    .command('config')
    .description('print every config key with its default and meaning (Markdown table)')
    .action(() => setExit(printConfigDocs()));

  return program;
}

/**
 * Prints the error that ends the command: `crossframe: ...` lines, or with --json-log one JSON line
 * in pino's format (level 50 = error), so a log shipper parses the failure like every other line.
 */
function printFailure(argv: string[], message: string, exitCode: number, fields: Record<string, unknown> = {}): void {
  if (argv.includes('--json-log')) process.stderr.write(`${jsonLine(50, `crossframe: ${message}`, { exitCode, ...fields })}\n`);
  else process.stderr.write(`crossframe: ${message}\n${typeof fields.usage === 'string' ? `\n${fields.usage}` : ''}`);
}

function jsonLine(level: number, msg: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ level, time: Date.now(), pid: process.pid, hostname: os.hostname(), app: 'crossframe', ...fields, msg });
}

/**
 * commander's own output (usage errors, help, version). With --json-log it is held back and
 * printed as one JSON line, so every line a log shipper sees parses.
 */
function commanderOutput(argv: string[], held: string[]): OutputConfiguration | undefined {
  if (!argv.includes('--json-log')) return undefined;
  return {
    writeErr: (text) => void held.push(text),
    outputError: (text, write) => write(text),
    writeOut: (text) => void process.stdout.write(`${jsonLine(30, text.trim())}\n`),
  };
}

/** No command at all: `crossframe` alone or with options only. */
const isBare = (argv: string[]) => !argv.some((a) => !a.startsWith('-') || ['-h', '--help', '-V', '--version'].includes(a));

/**
 * Runs one command. `loadPipelineApp` gives the stages (bin/crossframe.js passes pipeline/app.ts's);
 * it is called only by the commands that run them.
 */
export async function main(argv: string[], loadPipelineApp: PipelineAppLoader): Promise<number> {
  let code: number = EXIT.ok;
  const held: string[] = [];
  let loading: Promise<PipelineApp> | undefined;
  const app: PipelineAppLoader = () => (loading ??= loadPipelineApp());
  const program = buildProgram(app, (c) => (code = c), commanderOutput(argv, held));
  if (isBare(argv)) {
    // Not a run: a cron line that lost its command must not look like a success.
    printFailure(argv, 'no command given. Fix: crossframe run [DIR...] (or check, eval, bench, train, config).', EXIT.usage, { usage: program.helpInformation() });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode !== 0 && held.length) {
        const text = held.join('');
        const at = text.indexOf('Usage:');
        const message = (at < 0 ? text : text.slice(0, at)).trim().replace(/^error: /, '').replace(/\n+/g, ' ');
        printFailure(argv, message, EXIT.usage, { code: err.code, ...(at < 0 ? {} : { usage: text.slice(at).trim() }) });
      }
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Every user-facing error is a CrossframeError: its lines and its exit code, no stack trace.
    if (err instanceof CrossframeError) {
      printFailure(argv, err.lines().join('\n'), err.exitCode, err instanceof ConfigError ? { problems: err.problems } : {});
      return err.exitCode;
    }
    const debug = Boolean(process.env.CROSSFRAME_DEBUG && err instanceof Error);
    printFailure(
      argv,
      `run failed: ${err instanceof Error ? err.message : String(err)}\n${debug ? (err as Error).stack : '  (set CROSSFRAME_DEBUG=1 for the stack trace)'}`,
      EXIT.failed,
    );
    return EXIT.failed;
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '');
if (invokedDirectly) {
  // The stages are handed in by the composition root; this file alone cannot run them.
  process.stderr.write(`crossframe: src/cli.ts is not the entry point. Fix: node bin/crossframe.js ${process.argv.slice(2).join(' ')} (or npx crossframe, npm run crossframe --).\n`);
  process.exit(EXIT.usage);
}
