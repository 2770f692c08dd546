/**
 * Progress bars on an interactive terminal only: cron, CI and `--quiet` / `--json-log` runs get
 * none, so log files stay free of carriage-return noise.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../../pipeline/stage.js';

/** Stages with fewer items than this finish too fast for a bar to help. */
const MIN_ITEMS_FOR_BAR = 20;

export function createProgressFactory(enabled: boolean): (label: string, total: number) => Progress {
  return (label, total) => {
    if (!enabled || total < MIN_ITEMS_FOR_BAR) return { tick: () => undefined, done: () => undefined };
    const bar = new cliProgress.SingleBar(
      { format: `  ${label.padEnd(9)} [{bar}] {value}/{total} {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    let done = false;
    return {
      tick: (n = 1) => bar.increment(n),
      done: () => {
        if (done) return;
        done = true;
        bar.stop();
      },
    };
  };
}
