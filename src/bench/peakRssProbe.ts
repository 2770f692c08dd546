/**
 * Preloaded (`node --import`) into the pipeline process the end-to-end benchmark starts: when
 * that process exits, it writes its own peak resident set size (getrusage ru_maxrss, which the
 * kernel keeps for the whole life of the process) to the file named by CROSSFRAME_PEAK_RSS_FILE.
 * This works wherever Node runs, unlike /usr/bin/time -v, and sees the true peak, unlike polling.
 */
import fs from 'node:fs';

const target = process.env.CROSSFRAME_PEAK_RSS_FILE;
if (target) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    // maxRSS is in kilobytes on Linux and macOS.
    fs.writeFileSync(target, JSON.stringify({ maxRssKB: usage.maxRSS, userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000, code }));
  });
}
