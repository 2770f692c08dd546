/**
 * Ingest's memo in the run cache: a re-run over unchanged files rebuilds nothing and gives the
 * same articles; a changed file, a changed setting or an edited outlets file is rebuilt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ingestInputs, type IngestResult } from '../../src/ingest/ingestInputs.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';
import { cleanup, FIXTURES, inputConfig, paragraph, tempDir } from './ingestHelpers.js';

let dir: string;
let outlets: string;
let cache: ModelCache;

beforeEach(() => {
  dir = tempDir();
  fs.cpSync(path.join(FIXTURES, 'formats'), path.join(dir, 'in'), { recursive: true });
  outlets = path.join(dir, 'outlets.yaml');
  fs.copyFileSync(path.resolve('config/outlets.yaml'), outlets);
  cache = openModelCache(':memory:');
});

afterEach(() => {
  cache.close();
  cleanup(dir);
});

const run = (overrides: Parameters<typeof inputConfig>[0] = {}): Promise<IngestResult> =>
  ingestInputs({ input: inputConfig({ paths: [path.join(dir, 'in')], outletsFile: outlets, ...overrides }), cache });

test('a re-run over unchanged files reuses every article and the extracted HTML, with identical results', async () => {
  const first = await run();
  const n = first.articles.length;
  expect(n).toBeGreaterThanOrEqual(5);
  expect(first.counters).toMatchObject({ 'ingest.articlesBuilt': n, 'ingest.articlesReused': 0, 'ingest.htmlFilesReused': 0 });
  const second = await run();
  expect(second.counters).toMatchObject({ 'ingest.articlesBuilt': 0, 'ingest.articlesReused': n, 'ingest.htmlFilesReused': 1 });
  expect(second.articles).toEqual(first.articles);
  expect(second.skipped).toEqual(first.skipped);
  expect(second.inputs).toEqual(first.inputs);
});

test('only the changed file is rebuilt, and its new text is used', async () => {
  const first = await run();
  fs.appendFileSync(path.join(dir, 'in', 'plain.txt'), `\n${paragraph('late amendment')}\n`);
  const second = await run();
  expect(second.counters).toMatchObject({ 'ingest.articlesBuilt': 1, 'ingest.articlesReused': first.articles.length - 1 });
  const plain = second.articles.find((a) => a.sourceFile.endsWith('plain.txt'))!;
  expect(plain.text).toContain('late amendment');
});

test('a changed ingest setting or an edited outlets file rebuilds everything', async () => {
  const first = await run();
  const n = first.articles.length;
  const stricter = await run({ minWords: 41 });
  expect(stricter.counters).toMatchObject({ 'ingest.articlesBuilt': n, 'ingest.articlesReused': 0 });
  fs.appendFileSync(outlets, '\n# an editor was here\n');
  const edited = await run();
  expect(edited.counters).toMatchObject({ 'ingest.articlesBuilt': n, 'ingest.articlesReused': 0, 'ingest.htmlFilesReused': 0 });
  expect(edited.articles).toEqual(first.articles);
});
