/**
 * crossframe's command line: `run` (the nightly job), `check` (cron pre-flight), `eval`, `bench`
 * and `config`. Exit codes: 0 ok, 1 run failed, 2 bad usage or config, 3 another run holds the lock,
 * 130 / 143 a run interrupted by SIGINT / SIGTERM (see SIGNAL_EXIT_CODES in pipeline/runner.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig, hashConfig, type LoadedConfig, describeConfig } from './config/load.js';
import { createLogger } from './runtime/logger.js';
import { createProgressFactory } from './runtime/progress.js';
import { CODE_VERSION } from './runtime/version.js';
import { LockHeldError } from './store/lock.js';
import { BENCH_CLI_OPTIONS, EVAL_CLI_OPTIONS, benchOptionsFromCli, evalOptionsFromCli } from './eval/cliOptions.js';
import type { Logger } from '../pipeline/stage.js';
import { checkEditorFiles, editorFilesOf } from './config/editorFile.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3 } as const;

const DEFAULT_CONFIG = 'config/pipeline.yaml';
const OFFLINE_CONFIG = 'config/offline.yaml';

interface CommonOptions {
  config?: string;
  offline?: boolean;
  quiet?: boolean;
  jsonLog?: boolean;
  verbose?: boolean;
}

/** Errors whose message is the whole story: printed without a stack trace. */
function isExpected(err: unknown): err is Error {
  return (
    err instanceof Error &&
    ['ModelNotFoundError', 'StageInputMissingError', 'UnknownStageError', 'InputError', 'OutputError', 'ModelLabelError'].includes(err.name)
  );
}

/**
 * Which config file to read. `--offline` (or a local model folder in CROSSFRAME_MODELS_DIR) without
 * `--config` selects the offline profile, whose models live in that folder; this is said in the log.
 */
export function chooseConfigFile(opts: CommonOptions, log: Logger): string | null {
  if (opts.config) return opts.config;
  const wantsLocal = opts.offline || Boolean(process.env.CROSSFRAME_MODELS_DIR);
  if (wantsLocal && fs.existsSync(OFFLINE_CONFIG)) {
    log.info(
      `config: ${OFFLINE_CONFIG} (${opts.offline ? '--offline' : 'CROSSFRAME_MODELS_DIR is set'}); ` +
        `pass --config ${DEFAULT_CONFIG} to use the hub models`,
    );
    return OFFLINE_CONFIG;
  }
  return fs.existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
}

export interface RunCommandOptions extends CommonOptions {
  input?: string[];
  output?: string;
  stages?: string;
}

/** Applies command-line overrides to the loaded config (and re-hashes it). */
export function applyOverrides(loaded: LoadedConfig, opts: RunCommandOptions): LoadedConfig {
  const config = structuredClone(loaded.config);
  if (opts.input?.length) config.input.paths = opts.input;
  if (opts.output) config.report.dir = opts.output;
  if (opts.offline) config.models.allowRemote = false;
  return { ...loaded, config, hash: hashConfig(config) };
}

function loadOrExit(opts: CommonOptions, log: Logger): LoadedConfig {
  const file = chooseConfigFile(opts, log);
  const loaded = loadConfig(file);
  for (const w of loaded.warnings) log.warn(w);
  return loaded;
}

async function runCommand(opts: RunCommandOptions): Promise<number> {
  const log = createLogger({ quiet: Boolean(opts.quiet), json: Boolean(opts.jsonLog), verbose: opts.verbose });
  const loaded = applyOverrides(loadOrExit(opts, log), opts);
  // Before loading the pipeline (seconds of imports): a device or FIFO as an editor file fails at once.
  checkEditorFiles(editorFilesOf(loaded.config));
  const { runPipeline } = await import('../pipeline/runner.js');
  const progress = createProgressFactory(Boolean(process.stderr.isTTY) && !opts.quiet && !opts.jsonLog);
  const stages = opts.stages ? opts.stages.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const result = await runPipeline({ loaded, stages, offline: Boolean(opts.offline), log, progress });
  if (result.runDir) {
    log.info(`reports: ${path.relative(process.cwd(), result.runDir) || result.runDir} (also ${path.join(loaded.config.report.dir, 'latest')})`, {
      runId: result.runId,
      runDir: result.runDir,
    });
  }
  return EXIT.ok;
}

async function checkCommand(opts: RunCommandOptions): Promise<number> {
  const log = createLogger({ quiet: Boolean(opts.quiet), json: Boolean(opts.jsonLog), verbose: opts.verbose });
  const loaded = applyOverrides(loadOrExit(opts, log), opts);
  const { runChecks } = await import('../pipeline/check.js');
  const ok = await runChecks(loaded, { offline: Boolean(opts.offline), log });
  return ok ? EXIT.ok : EXIT.failed;
}

async function evalCommand(raw: Record<string, unknown>): Promise<number> {
  const log = createLogger({ quiet: Boolean(raw.quiet), json: Boolean(raw.jsonLog), verbose: Boolean(raw.verbose) });
  const { runEval } = await import('./eval/runEval.js');
  const result = await runEval(evalOptionsFromCli(raw, log));
  // A task that could not run is listed in the result; cron and CI must see it as a failure.
  return result.failures.length ? EXIT.failed : EXIT.ok;
}

async function benchCommand(raw: Record<string, unknown>): Promise<number> {
  const log = createLogger({ quiet: Boolean(raw.quiet), json: Boolean(raw.jsonLog), verbose: Boolean(raw.verbose) });
  const { runBench } = await import('./bench/runBench.js');
  const result = await runBench(benchOptionsFromCli(raw, log));
  return result.failures.length ? EXIT.failed : EXIT.ok;
}

async function trainCommand(judge: string, raw: Record<string, unknown>): Promise<number> {
  const log = createLogger({ quiet: Boolean(raw.quiet), json: Boolean(raw.jsonLog), verbose: Boolean(raw.verbose) });
  const { TRAINERS } = await import('./learn/trainers.js');
  const load = Object.hasOwn(TRAINERS, judge) ? TRAINERS[judge] : undefined;
  if (!load) throw Object.assign(new Error(`train: unknown judge "${judge}". Judges: ${Object.keys(TRAINERS).join(', ') || '(none)'}.`), { name: 'UsageError' });
  const opts = raw as CommonOptions;
  const loaded = loadConfig(opts.config ?? (fs.existsSync(OFFLINE_CONFIG) ? OFFLINE_CONFIG : DEFAULT_CONFIG));
  for (const w of loaded.warnings) log.warn(w);
  const offline = opts.config === undefined || Boolean(opts.offline);
  if (offline) loaded.config.models.allowRemote = false;
  const folds = typeof raw.folds === 'string' ? Number(raw.folds) : undefined;
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) throw Object.assign(new Error('--folds: an integer of at least 2'), { name: 'UsageError' });
  const trainer = await load();
  const result = await trainer.train({ data: raw.data as string | undefined, out: raw.out as string | undefined, folds, loaded, offline, log });
  log.info(`train ${judge}: wrote ${result.file}`, { crossValidated: result.crossValidated });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
    .option('-c, --config <file>', `YAML config (default ${DEFAULT_CONFIG}; ${OFFLINE_CONFIG} with --offline)`)
    .option('--offline', 'never download models; use the local model folder (CROSSFRAME_MODELS_DIR or models.dir)')
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--json-log', 'log JSON lines to stderr (for cron and log shippers)')
    .option('--verbose', 'print debug detail');
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('crossframe')
    .description('Compare how news outlets cover the same events, with sentence-level evidence.')
    .version(CODE_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError();

  addCommon(
    program
      .command('run', { isDefault: true })
      .description('run the pipeline: ingest, segment, enrich, events, claims, framing, report')
      .addOption(new Option('-i, --input <paths...>', 'folders or files to read (default: input.paths, i.e. seeds/)'))
      .option('-o, --output <dir>', 'folder for run folders (default: report.dir, i.e. output/)')
      .option('-s, --stages <names>', 'comma-separated subset of stages; missing inputs come from the last run'),
  ).action(async (opts: RunCommandOptions) => setExit(await runCommand(opts)));

  addCommon(
    program
      .command('check')
      .description('validate config, inputs and model availability without running models (cron pre-flight)')
      .addOption(new Option('-i, --input <paths...>', 'folders or files to read'))
      .option('-o, --output <dir>', 'folder for run folders'),
  ).action(async (opts: RunCommandOptions) => setExit(await checkCommand(opts)));

  const evalCmd = addCommon(
    program.command('eval').description('measure quality on public evaluation sets (offline profile by default); writes output/eval/<date>.json'),
  );
  for (const o of EVAL_CLI_OPTIONS) evalCmd.option(o.flags, o.description);
  evalCmd.action(async (raw: Record<string, unknown>) => setExit(await evalCommand(raw)));

  const benchCmd = addCommon(
    program.command('bench').description('measure speed, memory and scaling (offline profile by default); writes output/bench/<date>.json'),
  );
  for (const o of BENCH_CLI_OPTIONS) benchCmd.option(o.flags, o.description);
  benchCmd.action(async (raw: Record<string, unknown>) => setExit(await benchCommand(raw)));

  addCommon(
    program
      .command('train <judge>')
      .description('refit a learned judge (e.g. relations) from labelled data with cross-validation grouped by event; writes its file under config/models/')
      .option('--data <path>', 'labelled data (folder or file in the judge\'s format; default: the shared dev set)')
      .option('--out <file>', 'judge file to write (default: the file the config names)')
      .option('--folds <k>', 'folds for grouped cross-validation (default 5)'),
  ).action(async (judge: string, raw: Record<string, unknown>) => setExit(await trainCommand(judge, raw)));

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
function printFailure(argv: string[], message: string, exitCode: number): void {
  if (argv.includes('--json-log')) {
    const line = { level: 50, time: Date.now(), pid: process.pid, hostname: os.hostname(), app: 'crossframe', exitCode, msg: `crossframe: ${message}` };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  } else {
    process.stderr.write(`crossframe: ${message}\n`);
  }
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ConfigError) {
      printFailure(argv, `invalid config, nothing was run:\n${err.problems.map((p) => `  ${p}`).join('\n')}`, EXIT.usage);
      return EXIT.usage;
    }
    if (err instanceof LockHeldError) {
      printFailure(argv, err.message, EXIT.locked);
      return EXIT.locked;
    }
    if (err instanceof Error && (err.name === 'UnknownStageError' || err.name === 'UsageError' || err.name === 'EditorFileError')) {
      printFailure(argv, err.message, EXIT.usage);
      return EXIT.usage;
    }
    if (isExpected(err)) {
      printFailure(argv, err.message, EXIT.failed);
      return EXIT.failed;
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
  // Exit explicitly: onnxruntime and sqlite handles must not keep a finished cron job alive.
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
