/**
 * Incremental nightly runs through the CLI: a second run over an unchanged corpus reuses every
 * cached stage and calls no model; adding one article computes model outputs for that article's
 * sentences only and segments only that article.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { checkRunIntact, makeWorkspace, removeWorkspaces, REPO_ROOT, runArgs, runCli, SEEDS_DIR, seededRandom, type CliResult } from './cliHarness.js';
import { loopArticle } from './killLoopCore.js';
import type { Manifest } from '../../src/report/manifest.js';

afterAll(removeWorkspaces);

const ws = makeWorkspace('incremental');
const input = path.join(ws.dir, 'articles');
fs.mkdirSync(input);
for (const f of fs.readdirSync(SEEDS_DIR)) fs.copyFileSync(path.join(SEEDS_DIR, f), path.join(input, f));

async function run(): Promise<{ result: CliResult; manifest: Manifest; runDir: string }> {
  const result = await runCli(runArgs(ws, [input]));
  if (result.code !== 0) throw new Error(`run failed (exit ${result.code}):\n${result.stderr}`);
  const { manifest, runDir } = checkRunIntact(ws.out);
  return { result, manifest, runDir };
}

let cold: Awaited<ReturnType<typeof run>>;
let warm: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  cold = await run();
  warm = await run();
}, 180_000);

test('a second run over an unchanged corpus reuses every cached stage, calls no model and rebuilds no article', () => {
  expect(cold.manifest.cache.modelCalls).toBeGreaterThan(0);
  expect(warm.manifest.cache.modelCalls).toBe(0);
  expect(warm.manifest.cache.stagesReused).toEqual(expect.arrayContaining(['segment', 'enrich', 'events', 'claims']));
  // Work avoided is counted, not timed: no article rebuilt by ingest.
  expect(warm.manifest.cache.work['ingest.articlesBuilt'] ?? 0).toBe(0);
  // The reused stages' counters and warnings are replayed: the manifest says what a fresh run says.
  expect(warm.manifest.counters).toEqual(cold.manifest.counters);
  expect(warm.manifest.warnings).toEqual(cold.manifest.warnings);
  // Same corpus, same findings: the CSVs are byte for byte the cold run's, except changes.csv, which
  // says what is new since the run before (every event on the cold run, nothing on the re-run).
  const csvs = (m: Manifest) => m.outputs.filter((o) => o.file.endsWith('.csv') && o.file !== 'changes.csv').map((o) => [o.file, o.sha256]);
  expect(csvs(warm.manifest)).toEqual(csvs(cold.manifest));
  const changeRows = (dir: string) => parseCsv(fs.readFileSync(path.join(dir, 'changes.csv'), 'utf8'), { bom: true, columns: true }).length;
  expect(changeRows(cold.runDir)).toBeGreaterThan(0);
  expect(changeRows(warm.runDir)).toBe(0);
});

test('adding one article computes model outputs for its sentences only and segments only it', async () => {
  fs.writeFileSync(path.join(input, 'added-council-vote.txt'), loopArticle(0, seededRandom(7)));
  const added = await run();
  const sentences = parseCsv(fs.readFileSync(path.join(added.runDir, 'sentences.csv')), { bom: true, columns: true }) as { article_id: string; text: string }[];
  const own = sentences.filter((s) => s.article_id === 'added-council-vote');
  expect(own.length).toBeGreaterThan(3);
  const c = added.manifest.cache.work;
  // Every sentence of the old articles comes from the previous run's enrichment (not even a model-cache
  // read); only the new ones are computed.
  expect(c['enrich.computed.embedding']).toBe(new Set(own.map((s) => s.text)).size);
  expect(c['enrich.computed.sentiment']).toBe(new Set(own.map((s) => s.text)).size);
  expect(c['enrich.sentencesReused']).toBe(sentences.filter((s) => s.article_id !== 'added-council-vote').length);
  expect(c['enrich.cacheHits.embedding']).toBe(0);
  expect(c['segment.articlesSegmented']).toBe(1);
  expect(c['segment.articlesReused']).toBe(fs.readdirSync(SEEDS_DIR).length);
}, 120_000);

describe('an edited resource file (lexicon, alias table) takes effect on the next run', () => {
  const res = makeWorkspace('resources');
  const loadedCopy = path.join(res.dir, 'loaded.yaml');
  const aliasCopy = path.join(res.dir, 'entities.yaml');
  fs.copyFileSync(path.join(REPO_ROOT, 'config/lexicons/loaded.yaml'), loadedCopy);
  fs.copyFileSync(path.join(REPO_ROOT, 'config/entities.yaml'), aliasCopy);
  fs.appendFileSync(res.config, `segment:\n  entityAliasesFile: ${JSON.stringify(aliasCopy)}\nframing:\n  loadedLexicon: ${JSON.stringify(loadedCopy)}\n`);

  async function runRes(): Promise<{ manifest: Manifest; runDir: string }> {
    const result = await runCli(runArgs(res, [SEEDS_DIR]));
    if (result.code !== 0) throw new Error(`run failed (exit ${result.code}):\n${result.stderr}`);
    return checkRunIntact(res.out);
  }
  const overallLoadedTerms = (runDir: string) =>
    (parseCsv(fs.readFileSync(path.join(runDir, 'outlet_framing.csv')), { bom: true, columns: true }) as { event_id: string; loaded_terms: string }[])
      .filter((r) => r.event_id === '*')
      .map((r) => r.loaded_terms)
      .join(' ');

  test('framing is reused while its lexicons are unchanged and recomputed after an edit; segment likewise for the alias table', async () => {
    await runRes();
    const same = await runRes();
    expect(same.manifest.cache.stagesReused).toEqual(expect.arrayContaining(['segment', 'framing']));
    expect(overallLoadedTerms(same.runDir)).not.toMatch(/ceasefire/);

    fs.appendFileSync(loadedCopy, '  - ceasefire\n');
    const lexiconEdited = await runRes();
    expect(lexiconEdited.manifest.cache.stagesReused).not.toContain('framing');
    expect(lexiconEdited.manifest.cache.stagesReused).toContain('segment');
    expect(overallLoadedTerms(lexiconEdited.runDir)).toMatch(/ceasefire/);

    fs.appendFileSync(aliasCopy, '  - name: Pause Proponents\n    type: organization\n    aliases: [humanitarian pauses]\n');
    const aliasesEdited = await runRes();
    expect(aliasesEdited.manifest.cache.stagesReused).not.toContain('segment');
    expect(fs.readFileSync(path.join(aliasesEdited.runDir, 'sentences.csv'), 'utf8')).toContain('Pause Proponents');
    // Both edited files are listed with their new hashes.
    const listed = aliasesEdited.manifest.inputs.filter((i) => i.file === loadedCopy || i.file === aliasCopy);
    expect(listed.map((i) => i.sha256).sort()).toEqual(
      [loadedCopy, aliasCopy].map((f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex')).sort(),
    );
  }, 240_000);
});
