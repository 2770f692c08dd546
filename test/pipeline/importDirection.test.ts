/**
 * Imports run one way: pipeline/ (stages and runner) stands on src/ (building blocks), never the
 * reverse. src/cli.ts is the composition root that loads the runner. The eval and bench modules
 * listed below still run the pipeline themselves (they are applications on top of it, like the
 * CLI); the list may only shrink: a new upward import fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../analysis/pipelineHarness.js';

const ALLOWED = ['src/cli.ts', 'src/eval/eventSets.ts', 'src/eval/numericPairs.ts', 'src/eval/relationsRun.ts', 'src/bench/scaling.ts'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

test('no file in src/ imports from pipeline/ except the composition root and the listed applications', () => {
  const upward = sources(path.join(REPO_ROOT, 'src'))
    .filter((file) => /(?:from|import\()\s*'(?:\.\.\/)+pipeline\//.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(REPO_ROOT, file))
    .sort();
  expect(upward.filter((f) => !ALLOWED.includes(f))).toEqual([]);
  // The building blocks the stages share (logger, progress, run notes, datasets) live in src/runtime.
  expect(upward.filter((f) => f.startsWith('src/runtime/') || f.startsWith('src/report/') || f.startsWith('src/learn/'))).toEqual([]);
});
