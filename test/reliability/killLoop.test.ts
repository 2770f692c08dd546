/**
 * Crash safety, short form for CI: five SIGKILLs at seeded random moments of real runs. After each,
 * `latest` still opens a whole, readable run; afterwards a normal run completes, takes over the
 * lock the killed runs left, calls no model (segment and enrich reused whole; events and claims
 * drop the last attempt's extra article by window) and writes the same findings' CSVs as before the kills. `npm run kill-loop` runs the same loop with 20+ kills.
 */
import { makeWorkspace, removeWorkspaces } from './cliHarness.js';
import { runKillLoop } from './killLoopCore.js';

afterAll(removeWorkspaces);

test('five kills -9 at random points leave latest intact; the next run completes from the cache', async () => {
  const summary = await runKillLoop({ workspace: makeWorkspace('killloop'), kills: 5, seed: 20261123 });
  expect(summary.kills).toHaveLength(5);
  // runKillLoop has checked after every kill that `latest` opens a whole run: the previous one, or
  // the killed attempt's own when the kill landed between publishing and exiting. Most kills land
  // mid-run, where the previous reports must stay.
  expect(summary.kills.filter((k) => k.latestAfter === k.latestBefore).length).toBeGreaterThanOrEqual(3);
  // Every run after a kill that had taken the lock found it stale and took it over.
  expect(summary.staleLocksTakenOver).toBeGreaterThan(0);
  expect(summary.final.modelCalls).toBe(0);
  // segment and enrich are reused whole. events and claims start from the last run's events, which
  // may be an attempt's corpus (the seeds plus one loop article): they drop that article by window and
  // recompute only what it touched, so they need not be whole-stage cache hits, and call no model.
  expect(summary.final.stagesReused).toEqual(expect.arrayContaining(['segment', 'enrich']));
  expect(summary.final.sameCsvsAsBaseline).toBe(true);
}, 240_000);
