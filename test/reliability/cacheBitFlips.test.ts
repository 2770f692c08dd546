/**
 * Cache damage never reaches a report: 300 random byte flips in the cache (the model-output
 * database alone with the stage store deleted, or spread over the database, the stage blobs and
 * the stage results) give CSVs identical to a clean run's, exit 0, with a warning and the damaged
 * entries counted in manifest.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, seededRandom, type Workspace } from './cliHarness.js';
import { MODEL_CACHE_FILE } from '../../src/store/modelCache.js';

afterAll(removeWorkspaces);

const FLIPS = 300;

/** The findings' CSVs. changes.csv is left out: it compares with the previous run the store remembers, which damage may erase. */
function csvs(out: string): Record<string, string> {
  const { runDir, manifest } = checkRunIntact(out);
  const findings = manifest.outputs.filter((o) => o.file.endsWith('.csv') && o.file !== 'changes.csv');
  return Object.fromEntries(findings.map((o) => [o.file, fs.readFileSync(path.join(runDir, o.file), 'utf8')]));
}

/** Flips one random bit in each of `count` random bytes, spread over `files` by size. */
function flipBytes(files: string[], count: number, seed: number): void {
  const random = seededRandom(seed);
  const sizes = files.map((f) => fs.statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const buffers = files.map((f) => fs.readFileSync(f));
  for (let n = 0; n < count; n++) {
    let at = Math.floor(random() * total);
    let i = 0;
    while (at >= sizes[i]) at -= sizes[i++];
    buffers[i][at] ^= 1 << Math.floor(random() * 8);
  }
  files.forEach((f, i) => fs.writeFileSync(f, buffers[i]));
}

const listFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => path.join(dir, n)) : []);

let clean: Record<string, string>;
let cleanWs: Workspace;

/**
 * The clean run, once: each case damages a copy of its cache (a copied cache is reused whole: the
 * stage keys do not name the folder), instead of filling its own with another identical cold run.
 */
beforeAll(async () => {
  cleanWs = makeWorkspace('flips-clean');
  const run = await runCli(runArgs(cleanWs));
  expect(run.code).toBe(0);
  clean = csvs(cleanWs.out);
}, 300_000);

/** A workspace holding a copy of the clean run's output folder and cache. */
function copyOfClean(prefix: string): Workspace {
  const ws = makeWorkspace(prefix);
  // verbatimSymlinks: `latest` stays the relative link the run wrote.
  fs.cpSync(cleanWs.out, ws.out, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(cleanWs.cache, ws.cache, { recursive: true, verbatimSymlinks: true });
  return ws;
}

async function damagedRun(ws: Workspace): Promise<void> {
  const result = await runCli(runArgs(ws));
  expect(result.stderr).not.toMatch(/run failed/);
  expect(result.code).toBe(0);
  expect(csvs(ws.out)).toEqual(clean);
  expect(result.stderr).toMatch(/failed its checksum|model cache is damaged/);
  const { manifest } = checkRunIntact(ws.out);
  const counted = (manifest.cache.work['cache.damagedEntries'] ?? 0) > 0;
  const movedAside = fs.readdirSync(ws.cache).some((n) => n.includes('.corrupt-'));
  expect(counted || movedAside).toBe(true);
  console.log(`damaged entries counted: ${manifest.cache.work['cache.damagedEntries'] ?? 0}; database moved aside: ${movedAside}\n${result.stderr.split('\n').filter((l) => /warning/.test(l)).join('\n')}`);
}

test('300 flips in models.sqlite with the stage store deleted: the same CSVs as a clean run, with a warning', async () => {
  const ws = copyOfClean('flips-db');
  for (const dir of ['datasets', 'stages']) fs.rmSync(path.join(ws.cache, dir), { recursive: true, force: true });
  for (const f of fs.readdirSync(ws.cache)) if (f.startsWith('latest-datasets')) fs.rmSync(path.join(ws.cache, f));
  flipBytes([path.join(ws.cache, MODEL_CACHE_FILE)], FLIPS, 1);
  await damagedRun(ws);
}, 300_000);

test('300 flips over models.sqlite, stage blobs and stage results: the same CSVs as a clean run, with a warning', async () => {
  const ws = copyOfClean('flips-all');
  const files = [path.join(ws.cache, MODEL_CACHE_FILE), ...listFiles(path.join(ws.cache, 'datasets')), ...listFiles(path.join(ws.cache, 'stages'))];
  flipBytes(files, FLIPS, 2);
  await damagedRun(ws);
}, 300_000);
