/**
 * The full crash-safety loop (issue 6): `npm run kill-loop [-- --kills 20 --seed N --keep]`.
 * Kills runs with SIGKILL at seeded random moments, checks after each that output/latest of the
 * loop's own workspace is whole and readable, then checks that a normal run completes from the
 * cache. Prints one line per kill and a summary; exits 1 on the first broken promise.
 */
import { parseArgs } from 'node:util';
import { makeWorkspace, removeWorkspaces } from '../test/reliability/cliHarness.js';
import { runKillLoop } from '../test/reliability/killLoopCore.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    keep: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run kill-loop -- [--kills N (default 20)] [--seed N] [--keep]\n');
  process.exit(2);
}

const workspace = makeWorkspace('kill-loop');
process.stdout.write(`kill loop: ${kills} kills, seed ${seed}, workspace ${workspace.dir}\n`);
const began = Date.now();
try {
  const s = await runKillLoop({ workspace, kills, seed, log: (line) => process.stdout.write(`  ${line}\n`) });
  const byStage = new Map<string, number>();
  for (const k of s.kills) byStage.set(k.afterStage || 'none', (byStage.get(k.afterStage || 'none') ?? 0) + 1);
  const ok = s.final.modelCalls === 0 && s.final.sameCsvsAsBaseline;
  process.stdout.write(
    [
      '',
      `summary (seed ${seed}, ${((Date.now() - began) / 1000).toFixed(0)} s):`,
      `  kills: ${s.kills.length}, latest intact after every one; runs that finished first: ${s.completed}`,
      `  killed after stage: ${[...byStage].map(([st, n]) => `${st} ${n}`).join(', ')}`,
      `  stale locks taken over: ${s.staleLocksTakenOver}`,
      `  final run: ${(s.final.ms / 1000).toFixed(1)} s (baseline ${(s.baselineMs / 1000).toFixed(1)} s), ${s.final.modelCalls} model calls, reused ${s.final.stagesReused.join(', ')}`,
      `  final CSVs identical to the baseline's: ${s.final.sameCsvsAsBaseline ? 'yes' : 'NO'}`,
      `  result: ${ok ? 'PASS' : 'FAIL'}`,
      '',
    ].join('\n'),
  );
  process.exitCode = ok ? 0 : 1;
} catch (err) {
  process.stdout.write(`\nFAIL: ${(err as Error).message}\n(workspace kept: ${workspace.dir})\n`);
  process.exitCode = 1;
} finally {
  if (!values.keep && process.exitCode === 0) removeWorkspaces();
}
