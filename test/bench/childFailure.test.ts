/** How the bench names a benchmarked run that did not finish (src/bench/endToEnd.ts describeChildFailure). */
import { spawnSync } from 'node:child_process';
import { describeChildFailure } from '../../src/bench/endToEnd.js';

test('a run that exhausts the V8 heap is reported as out of memory, not as a timeout', () => {
  // A real out-of-memory abort: a child with a 16 MB heap that keeps allocating.
  const child = spawnSync(process.execPath, ['--max-old-space-size=16', '-e', 'const kept = []; for (;;) kept.push(new Array(100000).fill(1));'], { encoding: 'utf8' });
  expect(child.signal).toBe('SIGABRT');
  const text = describeChildFailure(child.signal, false, 180, child.stderr);
  expect(text.split('\n')[0]).toMatch(/^out of memory: the V8 heap limit was reached .*heap out of memory/);
  expect(text).not.toMatch(/timeout/);
});

test('our own timeout and other signals are named as such', () => {
  expect(describeChildFailure('SIGKILL', true, 30, 'last line').split('\n')).toEqual(['killed after the 30-minute timeout', 'last line']);
  expect(describeChildFailure('SIGTERM', false, 30, 'a\nb').split('\n')).toEqual(['killed by SIGTERM', 'a', 'b']);
  expect(describeChildFailure(null, false, 30, 'Error: bad input')).toBe('Error: bad input');
});
