/**
 * Drives the real CLI through the documented bin (`node bin/crossframe.js`, which runs the program
 * in-process) as a child process, the way cron does, in throw-away
 * workspaces: each has its own config (the default profile with a private cache folder) and output
 * folder, so tests never touch output/ and can run side by side.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
// report.yaml is read back with another parser than the one that wrote it (yaml): what an analyst's
// tools load must not depend on crossframe's own library, and js-yaml parsed the 19 MB report of
// 5,000 outlets in 0.9 s where yaml took 10.5 s (the check was 18 s of manyOutlets' 58 s alone).
import jsYaml from 'js-yaml';
import { readLatestTarget } from '../../src/report/runFolder.js';
import type { Manifest } from '../../src/report/manifest.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The CLI finds the bundled models (models/ in the repository) on its own, as on a fresh clone.
export const MODELS_DIR = path.join(REPO_ROOT, 'models');
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');
const BIN = path.join(REPO_ROOT, 'bin/crossframe.js');

export interface Workspace {
  dir: string;
  /** The --output folder. */
  out: string;
  /** models.cacheDir (model outputs and stage results). */
  cache: string;
  /** config.yaml: extends config/pipeline.yaml (bundled models), private cacheDir, plus any extra YAML. */
  config: string;
}

const made: string[] = [];

/**
 * A fresh workspace under the OS temp dir. `extraYaml` is appended to its config (top-level
 * sections other than `models`, which the workspace sets).
 */
export function makeWorkspace(prefix: string, extraYaml = ''): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crossframe-${prefix}-`));
  made.push(dir);
  const ws: Workspace = { dir, out: path.join(dir, 'out'), cache: path.join(dir, 'cache'), config: path.join(dir, 'config.yaml') };
  // `extends` is resolved relative to the config file's folder.
  const base = path.relative(dir, path.join(REPO_ROOT, 'config/pipeline.yaml'));
  fs.writeFileSync(ws.config, `extends: ${JSON.stringify(base)}\nmodels:\n  cacheDir: ${JSON.stringify(ws.cache)}\n${extraYaml}`);
  return ws;
}

export function removeWorkspaces(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface CliResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliProcess {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** stderr received so far (progress lines: one per finished stage). */
  stderrSoFar(): string;
  /** Signals the whole process group (the bin is one process; the group also covers the bash of `fileSizeLimitKb`). */
  killGroup(signal?: NodeJS.Signals): void;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Run under `ulimit -f` (in KiB) through bash: writes beyond it fail with EFBIG. */
  fileSizeLimitKb?: number;
}

/** The environment of a CLI child: the test's, minus Jest's NODE_OPTIONS and any model folder (the default profile's bundled models are used). */
function childEnv(extra: CliOptions['env'] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CROSSFRAME_MODELS_DIR;
  delete env.NODE_OPTIONS;
  delete env.CROSSFRAME_DEBUG;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts `crossframe ARGS` in the repository root, in its own process group. */
export function startCli(args: string[], opts: CliOptions = {}): CliProcess {
  const began = performance.now();
  const [cmd, argv] =
    opts.fileSizeLimitKb !== undefined
      ? ['bash', ['-c', `ulimit -f ${opts.fileSizeLimitKb} && exec "$@"`, 'bash', process.execPath, BIN, ...args]]
      : [process.execPath, [BIN, ...args]];
  const child = spawn(cmd, argv as string[], { cwd: REPO_ROOT, env: childEnv(opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - began) }));
  });
  return {
    child,
    result,
    stderrSoFar: () => stderr,
    killGroup(signal = 'SIGKILL') {
      try {
        process.kill(-(child.pid as number), signal);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    },
  };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).result;
}

/** `run` arguments for a workspace: its config and output folder, the given inputs. */
export function runArgs(ws: Workspace, inputs: string[] = [SEEDS_DIR], extra: string[] = []): string[] {
  return ['run', '--config', ws.config, '--output', ws.out, '--input', ...inputs, ...extra];
}

export function readManifest(runDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as Manifest;
}

export interface IntactRun {
  runId: string;
  runDir: string;
  manifest: Manifest;
  /** report.yaml as parsed by the check (undefined when the manifest lists none), so a test reads it without parsing it again. */
  reportYaml: unknown;
  /** Each CSV's rows as parsed by the check (`{ bom: true, columns: true }`), by file name: a test reads them without parsing again. */
  csvRows: Map<string, Record<string, string>[]>;
}

/**
 * Checks what an analyst opening `<out>/latest` would rely on: it points at a published (not
 * partial) run folder whose manifest parses and names this run, every file the manifest lists is
 * there with the size and sha256 it records, every CSV parses with as many rows as counted, and
 * report.yaml parses (the parsed value is returned). Throws an Error saying what is wrong.
 */
export function checkRunIntact(out: string): IntactRun {
  const runId = readLatestTarget(out);
  if (!runId) throw new Error(`${out}/latest is missing or not a symlink`);
  if (runId.endsWith('.partial')) throw new Error(`${out}/latest points at a partial run folder ${runId}`);
  const runDir = path.join(out, 'latest');
  if (!fs.statSync(runDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${out}/latest -> ${runId} is not a folder`);
  const manifest = readManifest(runDir);
  let reportYaml: unknown;
  const csvRows = new Map<string, Record<string, string>[]>();
  if (manifest.runId !== runId) throw new Error(`${runId}/manifest.json names run ${manifest.runId}`);
  for (const o of manifest.outputs) {
    const data = fs.readFileSync(path.join(runDir, o.file));
    if (data.length !== o.bytes) throw new Error(`${runId}/${o.file}: ${data.length} bytes, manifest says ${o.bytes}`);
    if (createHash('sha256').update(data).digest('hex') !== o.sha256) throw new Error(`${runId}/${o.file}: sha256 differs from the manifest`);
    if (o.file.endsWith('.csv')) {
      const rows = parseCsv(data, { bom: true, columns: true }) as Record<string, string>[];
      if (rows.length !== manifest.rowCounts[o.file]) throw new Error(`${runId}/${o.file}: ${rows.length} rows, manifest says ${manifest.rowCounts[o.file]}`);
      csvRows.set(o.file, rows);
    }
    if (o.file.endsWith('.yaml')) {
      // YAML 1.2's core schema, the one yaml writes in: no timestamps or other js-yaml extras.
      const parsed: unknown = jsYaml.load(data.toString('utf8'), { schema: jsYaml.CORE_SCHEMA, filename: path.join(runId, o.file) });
      if (o.file === 'report.yaml') reportYaml = parsed;
    }
  }
  if (!manifest.outputs.some((o) => o.file === 'articles.csv')) throw new Error(`${runId}/manifest.json lists no articles.csv`);
  return { runId, runDir: fs.realpathSync(runDir), manifest, reportYaml, csvRows };
}

/** The same seed gives the same kill points. */
export { seededRandom } from '../../src/runtime/seededRandom.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `predicate` holds (polling), or throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
