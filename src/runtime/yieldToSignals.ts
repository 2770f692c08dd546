/**
 * Long stages loop over thousands of articles, events or files in synchronous code, and a signal
 * handler (SIGTERM from `timeout`, systemd or `docker stop`; Ctrl-C) runs only when the event loop
 * gets a turn. Awaiting this inside those loops gives it one at most every YIELD_EVERY_MS, so an
 * interrupted run cleans up and exits within a second instead of being killed half-way.
 */
const YIELD_EVERY_MS = 100;
let lastYield = 0;

export async function yieldToSignals(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < YIELD_EVERY_MS) return;
  lastYield = now;
  await new Promise<void>((resolve) => setImmediate(resolve));
}
