/**
 * Prints the repository's import graph as JSON, for test/importGraph.test.ts:
 *   { "files": [...], "edges": [[from, to], ...], "runtimeEdges": N, "cycles": [[a, b, ...], ...], "runtimeCycles": [...] }
 * `edges` holds every import inside the repository (type-only and lazy `import()` included);
 * `cycles` the cycles among all of them, `runtimeCycles` those left after tsc erases type-only imports.
 * dpdm parses with the TypeScript compiler and resolves `./x.js` to `./x.ts` as tsc does. It runs in
 * its own process because its CommonJS build requires an ES-module dependency, which Node loads and
 * Jest's module runtime does not.
 *
 *   node scripts/import-graph.mjs
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dpdm from 'dpdm';

const { parseCircular, parseDependencyTree, shortenTree } = dpdm;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['src/**/*.ts', 'pipeline/**/*.ts'];

async function graph(runtimeOnly) {
  const tree = await parseDependencyTree(ENTRIES, {
    cwd: REPO_ROOT,
    context: REPO_ROOT,
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    transform: runtimeOnly,
    skipDynamicImports: false,
  });
  return shortenTree(REPO_ROOT, tree);
}

const inRepo = (id) => id !== null && !id.startsWith('node:') && !id.includes('node_modules');
const all = await graph(false);
const runtime = await graph(true);
const files = Object.keys(all).filter(inRepo).sort();
const edges = files.flatMap((from) => (all[from] ?? []).filter((d) => inRepo(d.id)).map((d) => [from, d.id]));
const runtimeEdges = Object.values(runtime).reduce((n, deps) => n + (deps ?? []).filter((d) => inRepo(d.id)).length, 0);
const cycles = parseCircular(all, false);
const runtimeCycles = parseCircular(runtime, false);
process.stdout.write(JSON.stringify({ files, edges, runtimeEdges, cycles, runtimeCycles }) + '\n');
