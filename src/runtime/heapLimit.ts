/**
 * `runtime.heapLimitMB` and `runtime.semiSpaceMB`: the V8 heap settings of a run or worker, from the config.
 *
 * V8 fixes its heap limit (`--max-old-space-size`) and its young generation (`--max-semi-space-size`)
 * when the process starts, so settings read from a config file can only apply to a new process:
 * `run` and `worker` start themselves once more with the flags and wait for that process (the
 * parent keeps only the CLI and the config loaded, about 100 MB). Why a limit at all: V8 lets
 * garbage grow to a multiple of the live data before it collects, so without one a run's resident
 * memory follows the garbage collector, not the corpus (README "Bounded memory"). Why a larger young
 * generation: a night allocates short-lived objects by the million (rows, cells, features) beside a
 * large live heap, and with V8's 16 MB semi-spaces many are promoted before they die; with 64 MB the
 * 10,000 + 500 night ran 7-16% faster, at up to 144 MB more resident memory (README "Speed").
 *
 * The parent forwards SIGINT, SIGTERM and SIGHUP to the child (whose own handlers clean up, as in
 * a run without a limit) and exits with the child's exit code, so cron, `timeout` and systemd see
 * what they would see without the relaunch. If the parent dies without a chance to forward (SIGKILL,
 * OOM killer), the child notices its IPC channel close and stops as on SIGTERM: no orphan run keeps
 * the output lock. (foreground-child does the forwarding too, but adds a watchdog process per run
 * and ends the child with SIGHUP, which skips the run's clean-up.)
 */
import { spawn } from 'node:child_process';
import v8 from 'node:v8';

/** Set in the relaunched process to the V8 flags it was started with, so it does not relaunch again. */
export const HEAP_FLAGS_ENV = 'CROSSFRAME_HEAP_FLAGS';

/** The config's V8 heap settings (runtime.heapLimitMB, runtime.semiSpaceMB); null: V8's own. */
export interface HeapSettings {
  heapLimitMB: number | null;
  semiSpaceMB: number | null;
}

/** The V8 flags the settings ask for (none when both are null). */
export function heapFlags({ heapLimitMB, semiSpaceMB }: HeapSettings): string[] {
  return [
    ...(heapLimitMB === null ? [] : [`--max-old-space-size=${heapLimitMB}`]),
    ...(semiSpaceMB === null ? [] : [`--max-semi-space-size=${semiSpaceMB}`]),
  ];
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGABRT: 6, SIGSEGV: 11 };

/** True when the config asks for heap settings this process was not started with. */
export function needsHeapRelaunch(settings: HeapSettings, environ: NodeJS.ProcessEnv = process.env): boolean {
  const flags = heapFlags(settings);
  return flags.length > 0 && environ[HEAP_FLAGS_ENV] !== flags.join(' ');
}

/**
 * The arguments of the relaunched process: this process's node flags, `--expose-gc` (for
 * collectBetweenStages), the settings' flags last (they win over NODE_OPTIONS and earlier flags),
 * the same script and arguments.
 */
export function relaunchArgs(settings: HeapSettings, execArgv: string[] = process.execArgv, argv: string[] = process.argv): string[] {
  return [...execArgv, '--expose-gc', ...heapFlags(settings), ...argv.slice(1)];
}

/**
 * A full collection, where the process was started with `--expose-gc` (a run under
 * runtime.heapLimitMB); null elsewhere. The session calls it when a stage is done and the datasets
 * no later stage reads are let go: V8 collects only when its heap fills, so the next stage would
 * otherwise start with the last one's garbage still resident beside its own data (at 10,000
 * articles the events stage's ~140 MB of typed arrays under claims, the sentence vectors' 340 MB
 * under framing), and the run's peak is the sum.
 */
export function collectBetweenStages(): { heapUsedBeforeMB: number; heapUsedAfterMB: number } | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return null;
  const before = process.memoryUsage().heapUsed;
  gc();
  return { heapUsedBeforeMB: Math.round(before / 1048576), heapUsedAfterMB: Math.round(process.memoryUsage().heapUsed / 1048576) };
}

/**
 * The environment of the relaunched process: this one's, the limit it runs under, and glibc's
 * mmap threshold fixed at 128 KB unless the environment sets it. glibc serves a large allocation
 * (typed arrays, stream buffers) from its own mapping and unmaps it when freed, but its default
 * raises that threshold, up to 32 MB, each time such a block is freed: later blocks then come from
 * its heap, which it rarely gives back, so a stage's freed buffers stayed resident under the next.
 * Fixed, the threshold keeps them mapped on their own (peak RSS at 10,000 articles: README "Bounded
 * memory", Ninth step).
 */
export function relaunchEnv(settings: HeapSettings, environ: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { MALLOC_MMAP_THRESHOLD_: String(128 * 1024), ...environ, [HEAP_FLAGS_ENV]: heapFlags(settings).join(' ') };
}

/**
 * Runs this command again in a process started with the settings' V8 flags and resolves
 * with its exit code (128 + the signal number when a signal ended it: 134 for V8's out-of-memory
 * abort, whose message the child writes to the shared stderr).
 */
export function relaunchWithHeapSettings(settings: HeapSettings): Promise<number> {
  const child = spawn(process.execPath, relaunchArgs(settings), {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: relaunchEnv(settings),
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      resolve(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0));
    });
  });
}

/**
 * In the relaunched process: stop as on SIGTERM when the parent is gone (its IPC channel closed
 * without a message), and say which heap limit V8 runs with. The channel must not keep a finished
 * run alive, so it is unref'd.
 */
export function followParent(): void {
  if (!process.env[HEAP_FLAGS_ENV] || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/** The heap limit V8 enforces in this process, MB (old space plus young generation). */
export function heapLimitInEffectMB(): number {
  return Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
}

/**
 * The V8 heap flags this process was started with (its node flags and NODE_OPTIONS), for reports
 * that measure it: a benchmark runs in its own process, so `runtime.semiSpaceMB` in its config does
 * not apply to it, and its timings say which young generation they were measured with.
 */
export function heapFlagsInEffect(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  return [...nodeOptions.split(/\s+/), ...execArgv].filter((f) => /^--max-(old|semi)-space-size=/.test(f.replace(/_/g, '-')));
}
