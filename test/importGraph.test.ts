/**
 * Imports run one way (graph from scripts/import-graph.mjs, which uses dpdm):
 * - no import cycle, type-only imports included (a type-only loop cannot change the order modules
 *   initialise in, but it still ties two modules into one: neither can be read or moved alone);
 * - nothing in src/ imports pipeline/ (type-only and lazy `import()` included, no exception): the
 *   stages stand on src/, never the other way. src/ gets the pipeline handed in as a `PipelineApp`
 *   (src/runtime/pipelineApp.ts) by bin/crossframe.js; a specifier dpdm cannot resolve (a template
 *   literal) is caught by reading the sources;
 * - eval and bench share src/measure/ and never import each other;
 * - the stage folders of src/analysis/ (events/, claims/, framing/) stand on corpus/ alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ImportGraph {
  files: string[];
  edges: [string, string][];
  runtimeEdges: number;
  cycles: string[][];
  runtimeCycles: string[][];
}

const show = (edges: [string, string][]) => edges.map(([from, to]) => `${from} -> ${to}`);

describe('import graph', () => {
  let graph: ImportGraph;
  beforeAll(() => {
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/import-graph.mjs')], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    graph = JSON.parse(out) as ImportGraph;
  });

  test('covers the whole source tree', () => {
    expect(graph.files).toEqual(expect.arrayContaining(['src/cli.ts', 'pipeline/runner.ts', 'src/analysis/corpus/claimUnits.ts', 'src/measure/harness.ts']));
    // a resolver that missed `./x.js` -> `./x.ts` would find (almost) no edges
    expect(graph.edges.length).toBeGreaterThan(graph.files.length);
    expect(graph.runtimeEdges).toBeGreaterThan(graph.files.length / 2);
  });

  test('no import cycles, type-only imports included', () => {
    expect(graph.cycles.map((cycle) => cycle.join(' -> '))).toEqual([]);
    expect(graph.runtimeCycles.map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  test('nothing in src/ imports pipeline/', () => {
    expect(show(graph.edges.filter(([from, to]) => from.startsWith('src/') && to.startsWith('pipeline/')))).toEqual([]);
    // The same read from the text, for specifiers the graph cannot resolve (`import(`../../pipeline/${name}.js`)`).
    const upward = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)[`'"](?:\.\.?\/)+pipeline\//;
    const sources = graph.files.filter((f) => f.startsWith('src/')).filter((f) => upward.test(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(sources).toEqual([]);
  });

  test('eval and bench share src/measure/ instead of importing each other', () => {
    const across = graph.edges.filter(
      ([from, to]) => (from.startsWith('src/eval/') && to.startsWith('src/bench/')) || (from.startsWith('src/bench/') && to.startsWith('src/eval/')),
    );
    expect(show(across)).toEqual([]);
  });

  test('events/, claims/ and framing/ stand on corpus/ alone', () => {
    const owner = (file: string) => /^src\/analysis\/(events|claims|framing)\//.exec(file)?.[1];
    const sideways = graph.edges.filter(([from, to]) => owner(from) && owner(to) && owner(from) !== owner(to));
    const corpusUp = graph.edges.filter(([from, to]) => from.startsWith('src/analysis/corpus/') && owner(to));
    expect(show([...sideways, ...corpusUp])).toEqual([]);
  });
});
