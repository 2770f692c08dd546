/**
 * Runtime choice: the same local models through @xenova/transformers 2.17.2 (what crossframe
 * ships, onnxruntime-node 1.14) and @huggingface/transformers 4.x (its successor, onnxruntime-node
 * 1.30), fp32 in both (`quantized: false` / `dtype: 'fp32'`), same sentences, same batches.
 * The 4.x package is installed into a scratch folder under the OS temp dir by `npm install`, so it
 * never becomes a dependency; a failed install is reported in the result, not thrown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../runtime/logger.js';
import type { RuntimeRequest, RuntimeResponse } from './runtimeWorker.js';

export const HF4_DEFAULT_VERSION = '4.3.1';

export interface RuntimeCompareModel {
  id: string;
  task: RuntimeRequest['models'][number]['task'];
}

export interface RuntimeCompareRow {
  model: string;
  batch: number;
  xenovaSentencesPerSecond: number;
  hf4SentencesPerSecond: number;
  /** hf4 / xenova: above 1 means 4.x is faster. */
  speedup: number;
}

export type RuntimeCompareResult =
  | {
      status: 'ok';
      xenova: { package: string; version: string };
      hf4: { package: string; version: string; onnxruntimeNode: string; scratchDir: string };
      rows: RuntimeCompareRow[];
      /** Per model: largest |xenova - hf4| over all outputs (vector components or class probabilities). */
      maxAbsDiff: Record<string, number>;
    }
  | { status: 'install-failed' | 'run-failed'; reason: string; xenova?: RuntimeCompareRow[] };

export interface RuntimeCompareOptions {
  repoRoot: string;
  modelsDir: string;
  models: RuntimeCompareModel[];
  sentences: string[];
  batchSizes: number[];
  repeats: number;
  /** 2 runs each runtime twice, in both orders, and keeps the faster figure (1 in smoke tests). */
  rounds: number;
  hf4Version: string;
  log: Logger;
}

/** Runs a command to completion (or kills it after `timeoutMs`), keeping the tail of its output. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(stopped after ${Math.round(timeoutMs / 1000)} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      // A command that cannot start: its kill timer (up to 30 min) must not keep this process alive.
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** A registry that cannot be reached must not hold a benchmark (or CI) for npm's own retry budget. */
const INSTALL_TIMEOUT_MS = 5 * 60_000;
/** A worker measures a few models over a few hundred sentences; far longer means it hangs. */
const WORKER_TIMEOUT_MS = 30 * 60_000;

/** The installed 4.x package's entry (ESM build) in the scratch folder, or null. */
function installedEntry(dir: string, version: string): { url: string; onnxruntimeNode: string } | null {
  // Read from disk: the package's `exports` map does not expose package.json to require.resolve.
  const root = path.join(dir, 'node_modules', '@huggingface', 'transformers');
  const readVersion = (file: string): string | null => {
    try {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? null;
    } catch {
      return null;
    }
  };
  if (readVersion(path.join(root, 'package.json')) !== version) return null;
  const entry = path.join(root, 'dist', 'transformers.node.mjs');
  if (!fs.existsSync(entry)) return null;
  const ort =
    readVersion(path.join(root, 'node_modules', 'onnxruntime-node', 'package.json')) ??
    readVersion(path.join(dir, 'node_modules', 'onnxruntime-node', 'package.json')) ??
    'unknown';
  return { url: pathToFileURL(entry).href, onnxruntimeNode: ort };
}

/**
 * `npm install` into <tmp>/crossframe-hf4-<version> (reused when already there). Install scripts
 * are skipped: onnxruntime-node's would fetch CUDA libraries from nuget.org (unreachable offline,
 * and unused: the CPU binaries ship inside the npm package); sharp ships its binaries as packages.
 */
export async function installHf4(version: string, log: Logger): Promise<{ dir: string; url: string; onnxruntimeNode: string } | { reason: string }> {
  const dir = path.join(os.tmpdir(), `crossframe-hf4-${version}`);
  const present = installedEntry(dir, version);
  if (present) return { dir, ...present };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'crossframe-hf4-scratch', private: true, type: 'module' }));
  log.info(`bench runtime: npm install @huggingface/transformers@${version} into ${dir}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await run(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `@huggingface/transformers@${version}`], dir, INSTALL_TIMEOUT_MS);
  const entry = installedEntry(dir, version);
  if (result.code !== 0 || !entry) {
    return { reason: `npm install @huggingface/transformers@${version} in ${dir} failed (exit ${result.code}): ${result.output.trim().split('\n').slice(-6).join(' | ')}` };
  }
  return { dir, ...entry };
}

async function runWorker(repoRoot: string, request: RuntimeRequest): Promise<RuntimeResponse | { reason: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-bench-runtime-'));
  try {
    const reqFile = path.join(dir, 'request.json');
    const resFile = path.join(dir, 'response.json');
    fs.writeFileSync(reqFile, JSON.stringify(request));
    const worker = path.join(repoRoot, 'src', 'bench', 'runtimeWorker.ts');
    const result = await run(process.execPath, ['--import', 'tsx', worker, reqFile, resFile], repoRoot, WORKER_TIMEOUT_MS);
    if (result.code !== 0 || !fs.existsSync(resFile)) {
      return { reason: `${request.runtime} worker failed (exit ${result.code}): ${result.output.trim().split('\n').slice(-8).join(' | ')}` };
    }
    return JSON.parse(fs.readFileSync(resFile, 'utf8')) as RuntimeResponse;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function maxAbsDiff(a: RuntimeResponse, b: RuntimeResponse, model: string): number {
  const rowsA = a.outputs[model] ?? [];
  const rowsB = b.outputs[model] ?? [];
  const labelsA = a.labels[model] ?? [];
  const labelsB = b.labels[model] ?? [];
  if (rowsA.length !== rowsB.length) return Number.NaN;
  let max = 0;
  rowsA.forEach((row, i) => {
    row.forEach((v, j) => {
      // Classifier rows are aligned by label name (the runtimes may list classes in another order).
      const k = labelsA.length ? labelsB.indexOf(labelsA[j]) : j;
      max = Math.max(max, Math.abs(v - (rowsB[i][k] ?? Number.NaN)));
    });
  });
  return max;
}

/** Keeps each row's fastest measurement across rounds (the least disturbed one). */
function fastest(into: RuntimeResponse, from: RuntimeResponse): void {
  for (const row of from.rows) {
    const mine = into.rows.find((r) => r.model === row.model && r.batch === row.batch);
    if (mine) mine.sentencesPerSecond = Math.max(mine.sentencesPerSecond, row.sentencesPerSecond);
  }
}

export async function compareRuntimes(opts: RuntimeCompareOptions): Promise<RuntimeCompareResult> {
  const base = { modelsDir: opts.modelsDir, models: opts.models, sentences: opts.sentences, batchSizes: opts.batchSizes, repeats: opts.repeats };
  opts.log.info('bench runtime: @xenova/transformers 2.17 worker');
  const xenova = await runWorker(opts.repoRoot, { runtime: 'xenova', ...base });
  if ('reason' in xenova) return { status: 'run-failed', reason: xenova.reason };
  const asRows = (hf4?: RuntimeResponse): RuntimeCompareRow[] =>
    xenova.rows.map((x) => {
      const h = hf4?.rows.find((r) => r.model === x.model && r.batch === x.batch);
      const hf4Sps = h?.sentencesPerSecond ?? Number.NaN;
      return { model: x.model, batch: x.batch, xenovaSentencesPerSecond: x.sentencesPerSecond, hf4SentencesPerSecond: hf4Sps, speedup: hf4Sps / x.sentencesPerSecond };
    });

  const installed = await installHf4(opts.hf4Version, opts.log);
  if ('reason' in installed) return { status: 'install-failed', reason: installed.reason, xenova: asRows() };
  const hf4Request: RuntimeRequest = { runtime: 'hf4', packageUrl: installed.url, ...base };
  opts.log.info(`bench runtime: @huggingface/transformers ${opts.hf4Version} worker`);
  const hf4 = await runWorker(opts.repoRoot, hf4Request);
  if ('reason' in hf4) return { status: 'run-failed', reason: hf4.reason, xenova: asRows() };
  // A second round in the opposite order, so a busy spell on a shared machine cannot favour
  // whichever runtime happened to run first.
  if (opts.rounds > 1) {
    opts.log.info('bench runtime: second round (4.x first)');
    const hf4Again = await runWorker(opts.repoRoot, hf4Request);
    const xenovaAgain = await runWorker(opts.repoRoot, { runtime: 'xenova', ...base });
    if (!('reason' in hf4Again)) fastest(hf4, hf4Again);
    if (!('reason' in xenovaAgain)) fastest(xenova, xenovaAgain);
  }
  return {
    status: 'ok',
    xenova: { package: '@xenova/transformers', version: xenova.version },
    hf4: { package: '@huggingface/transformers', version: hf4.version, onnxruntimeNode: installed.onnxruntimeNode, scratchDir: installed.dir },
    rows: asRows(hf4),
    maxAbsDiff: Object.fromEntries(opts.models.map((m) => [m.id, maxAbsDiff(xenova, hf4, m.id)])),
  };
}
