/**
 * Preloaded (`node --import`) into the pipeline process the end-to-end benchmark starts: when
 * that process exits, it writes its own peak resident set size (getrusage ru_maxrss, which the
 * kernel keeps for the whole life of the process) to the file named by CROSSFRAME_PEAK_RSS_FILE.
 * This works wherever Node runs, unlike /usr/bin/time -v, and sees the true peak, unlike polling.
 *
 * With CROSSFRAME_MEMORY_SAMPLES_FILE set as well (the memory benchmark), a worker thread samples
 * the process's RSS every 100 ms into shared memory (the main thread is busy for seconds at a time
 * inside a stage, so it cannot sample itself), written there as [time ms, RSS MB] pairs at exit;
 * the benchmark attributes them to stages by the stages' start and end times. The sampler thread
 * costs a few MB of RSS; a spike shorter than 100 ms can be missed by the samples, not by the peak.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

const target = process.env.CROSSFRAME_PEAK_RSS_FILE;
const samplesFile = process.env.CROSSFRAME_MEMORY_SAMPLES_FILE;
/** Four hours of samples at 100 ms: [count, then time, rss pairs]. */
const CAPACITY = 4 * 3600 * 10;
const shared = samplesFile ? new Float64Array(new SharedArrayBuffer(8 * (1 + 2 * CAPACITY))) : undefined;
if (shared) {
  const sampler = new Worker(
    `const { workerData } = require('node:worker_threads');
     const s = workerData;
     const tick = () => {
       const n = s[0];
       if (n >= ${CAPACITY}) return;
       s[1 + 2 * n] = Date.now();
       s[2 + 2 * n] = Math.round(process.memoryUsage.rss() / 1048576);
       s[0] = n + 1;
     };
     tick();
     setInterval(tick, 100);`,
    { eval: true, workerData: shared },
  );
  sampler.unref();
}
if (target) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    // A run with runtime.heapLimitMB is two processes (src/runtime/heapLimit.ts): the relaunched
    // one exits first and writes here; this one, the parent that waited for it, adds itself. The
    // peak is the larger process's, the CPU time both processes', the samples both processes'.
    const before = readJson<{ maxRssKB: number; userCpuMs: number; systemCpuMs: number }>(target);
    // maxRSS is in kilobytes on Linux and macOS.
    fs.writeFileSync(
      target,
      JSON.stringify({
        maxRssKB: Math.max(usage.maxRSS, before?.maxRssKB ?? 0),
        userCpuMs: usage.userCPUTime / 1000 + (before?.userCpuMs ?? 0),
        systemCpuMs: usage.systemCPUTime / 1000 + (before?.systemCpuMs ?? 0),
        processes: 1 + ((before as { processes?: number } | undefined)?.processes ?? (before ? 1 : 0)),
        code,
      }),
    );
    if (shared && samplesFile) {
      const pairs: number[][] = readJson<number[][]>(samplesFile) ?? [];
      for (let i = 0; i < shared[0]; i++) pairs.push([shared[1 + 2 * i], shared[2 + 2 * i]]);
      pairs.sort((a, b) => a[0] - b[0]);
      fs.writeFileSync(samplesFile, JSON.stringify(pairs));
    }
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
