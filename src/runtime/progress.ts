/**
 * Progress bars on an interactive terminal only: cron, CI and `--quiet` / `--json-log` runs get
 * none, so log files stay free of carriage-return noise.
 */
import cliProgress from 'cli-progress';

/** A progress bar for one stage (a no-op off a terminal). */
export interface Progress {
  tick(n?: number): void;
  done(): void;
}

/** Stages with fewer items than this finish too fast for a bar to help. */
const MIN_ITEMS_FOR_BAR = 20;

/** Bars still drawing: stopped (cursor shown again) on every exit, including process.exit on a signal or error. */
const active = new Set<cliProgress.SingleBar>();
let exitHookAdded = false;
function stopActiveBars(): void {
  for (const bar of active) bar.stop();
  active.clear();
}

export function createProgressFactory(enabled: boolean): (label: string, total: number) => Progress {
  if (enabled && !exitHookAdded) {
    exitHookAdded = true;
    process.on('exit', stopActiveBars);
  }
  return (label, total) => {
    if (!enabled || total < MIN_ITEMS_FOR_BAR) return { tick: () => undefined, done: () => undefined };
    const bar = new cliProgress.SingleBar(
      { format: `  ${label.padEnd(9)} [{bar}] {value}/{total} {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    active.add(bar);
    let done = false;
    return {
      tick: (n = 1) => bar.increment(n),
      done: () => {
        if (done) return;
        done = true;
        active.delete(bar);
        bar.stop();
      },
    };
  };
}
