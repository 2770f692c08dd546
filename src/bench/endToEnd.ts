/**
 * End-to-end benchmark: the real pipeline (`crossframe run`) as a child process on the first N
 * articles of the benchmark corpus, once with an empty cache (cold: a first run) and once more
 * over the same cache (warm: the nightly re-run over an unchanged corpus). The child's peak RSS
 * comes from peakRssProbe (getrusage in the child itself); wall time is measured here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../runtime/logger.js';
import { writeCorpusFile, type CorpusRecord } from './corpus.js';

export interface PipelineRun {
  exitCode: number;
  seconds: number;
  articlesPerMinute: number;
  peakRssMB: number;
  /**
   * User + system CPU time of the run's processes (getrusage in the child itself, as the peak), s: read
   * beside wall time, which a wait on the disk or on another process lengthens and CPU time does not.
   */
  cpuSeconds: number;
  /** Per stage as the run manifest reports it (ms, reused from cache or not). */
  stages: { name: string; ms: number; cached: boolean }[];
  /** Inputs the run skipped (duplicates, too short, other language), from its manifest. */
  skipped: number;
  /** Last lines of the child's stderr when it failed. */
  errorTail?: string;
}

export interface EndToEndResult {
  articles: number;
  cold: PipelineRun;
  warm: PipelineRun;
  /** cold seconds / warm seconds (target >= 20). */
  warmSpeedup: number;
}

export interface EndToEndOptions {
  repoRoot: string;
  /** The config the pipeline runs with (resolved path); the benchmark extends it with temporary folders. */
  configFile: string;
  offline: boolean;
  log: Logger;
  /** Kill a run that takes longer than this. */
  timeoutMinutes: number;
}

/** A config that extends the user's profile and points cache and reports at temporary folders. */
export function writeBenchConfig(dir: string, baseConfig: string, cacheDir: string): string {
  const file = path.join(dir, 'bench.yaml');
  fs.writeFileSync(
    file,
    [
      '# Written by crossframe bench: the profile under test, with a throw-away cache and report folder.',
      // Relative: the config loader joins `extends` onto this file's folder.
      `extends: ${JSON.stringify(path.relative(dir, baseConfig))}`,
      'models:',
      `  cacheDir: ${JSON.stringify(cacheDir)}`,
      'report:',
      '  keepRuns: 2',
      '',
    ].join('\n'),
  );
  return file;
}

/** The probe's peak RSS (MB) and CPU time (s) of the child; NaN where it wrote none. */
function readUsage(file: string): { peakRssMB: number; cpuSeconds: number } {
  try {
    const { maxRssKB, userCpuMs, systemCpuMs } = JSON.parse(fs.readFileSync(file, 'utf8')) as { maxRssKB: number; userCpuMs: number; systemCpuMs: number };
    return { peakRssMB: Math.round(maxRssKB / 1024), cpuSeconds: Math.round(userCpuMs + systemCpuMs) / 1000 };
  } catch {
    return { peakRssMB: Number.NaN, cpuSeconds: Number.NaN };
  }
}

function readManifest(outputDir: string): Pick<PipelineRun, 'stages' | 'skipped'> {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outputDir, 'latest', 'manifest.json'), 'utf8')) as {
      stages?: PipelineRun['stages'];
      skipped?: unknown[];
    };
    return { stages: (manifest.stages ?? []).map((s) => ({ name: s.name, ms: s.ms, cached: s.cached })), skipped: manifest.skipped?.length ?? Number.NaN };
  } catch {
    return { stages: [], skipped: Number.NaN };
  }
}

/** Runs `crossframe run` once; never throws for a failed run (the result carries the exit code). */
export function runPipelineChild(
  opts: EndToEndOptions,
  config: string,
  /** Files or folders to read (`--input`). */
  input: string | readonly string[],
  output: string,
  articles: number,
  extraArgs: string[] = [],
  /** More environment for the child, a file that receives its whole stderr and the log flags instead of --quiet (the memory benchmark). */
  extra: { env?: Record<string, string>; stderrFile?: string; logArgs?: string[] } = {},
): Promise<PipelineRun> {
  const peakFile = path.join(output, `peak-${Date.now()}.json`);
  fs.mkdirSync(output, { recursive: true });
  const probe = pathToFileURL(path.join(opts.repoRoot, 'src', 'bench', 'peakRssProbe.ts')).href;
  // node itself with tsx as a loader (the tsx binary would fork a second process), so the probe
  // measures the process that runs the pipeline. `tsx` resolves from cwd, the repository. The bin
  // is the entry point (it hands the pipeline to src/cli.ts).
  const args = ['--import', 'tsx', '--import', probe, path.join(opts.repoRoot, 'bin', 'crossframe.js'), 'run', '--config', config, '--input', ...(typeof input === 'string' ? [input] : input), '--output', output, ...(extra.logArgs ?? ['--quiet'])];
  if (opts.offline) args.push('--offline');
  args.push(...extraArgs);
  const began = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.repoRoot,
      env: { ...process.env, ...extra.env, CROSSFRAME_PEAK_RSS_FILE: peakFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const fullLog = extra.stderrFile ? fs.createWriteStream(extra.stderrFile) : undefined;
    if (fullLog) child.stderr.pipe(fullLog);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-20000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMinutes * 60_000);
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      if (fullLog) await new Promise((done) => fullLog.end(done));
      const seconds = (performance.now() - began) / 1000;
      const exitCode = code ?? (signal ? 128 : 1);
      // A process a signal ended writes no peak; a run relaunched for runtime.heapLimitMB reports
      // its child's signal as 128 + n (130 and 143 are the run's own clean exits on SIGINT/SIGTERM),
      // and the file then holds only the small parent's peak.
      const diedBySignal = signal !== null || (exitCode > 128 && exitCode !== 130 && exitCode !== 143);
      const usage = diedBySignal ? { peakRssMB: Number.NaN, cpuSeconds: Number.NaN } : readUsage(peakFile);
      resolve({
        exitCode,
        seconds,
        articlesPerMinute: (articles / seconds) * 60,
        ...usage,
        ...readManifest(output),
        ...(exitCode === 0 ? {} : { errorTail: describeChildFailure(signal, timedOut, opts.timeoutMinutes, stderr) }),
      });
    });
  });
}

export async function benchEndToEnd(opts: EndToEndOptions, records: CorpusRecord[]): Promise<EndToEndResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crossframe-bench-e2e-${records.length}-`));
  try {
    const input = path.join(dir, `articles-${records.length}.jsonl`);
    writeCorpusFile(records, input);
    const config = writeBenchConfig(dir, opts.configFile, path.join(dir, 'cache'));
    opts.log.info(`bench end-to-end: ${records.length} articles, cold cache`);
    const cold = await runPipelineChild(opts, config, input, path.join(dir, 'out'), records.length);
    opts.log.info(`bench end-to-end: ${records.length} articles, warm cache`);
    const warm = await runPipelineChild(opts, config, input, path.join(dir, 'out'), records.length);
    return { articles: records.length, cold, warm, warmSpeedup: cold.seconds / warm.seconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Why a benchmarked run did not finish, for the bench's table: our own timeout, V8 running out of heap
 * (it aborts with SIGABRT and prints its stack, so the last lines alone say nothing) or another signal,
 * then the end of the run's stderr.
 */
export function describeChildFailure(signal: NodeJS.Signals | null, timedOut: boolean, timeoutMinutes: number, stderr: string): string {
  const lines = stderr.split('\n');
  const oom = lines.find((line) => /JavaScript heap out of memory|FatalProcessOutOfMemory|Reached heap limit/.test(line));
  const cause = timedOut
    ? `killed after the ${timeoutMinutes}-minute timeout\n`
    : oom
      ? `out of memory: the V8 heap limit was reached (raise or drop runtime.heapLimitMB, or --max-old-space-size in NODE_OPTIONS): ${oom.trim()}\n`
      : signal
        ? `killed by ${signal}\n`
        : '';
  return `${cause}${lines.slice(-15).join('\n')}`;
}
