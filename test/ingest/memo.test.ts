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

describe('a JSON Lines file whose bytes did not change', () => {
  /** A feed with every kind of line: two articles, a blank, a malformed line, a record without text, one too short to analyse. */
  const writeFeed = (file: string, extra: string[] = []) =>
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 'f1', outlet: 'Reuters', published: '2024-03-01', title: 'Harbour works', text: `${paragraph('harbour works')}\n\n${paragraph('dredging')}` }),
        '',
        '{"id": "broken", "text": ',
        JSON.stringify({ id: 'f2', title: 'no text here' }),
        JSON.stringify({ id: 'f3', outlet: 'AP', published: '2024-03-02', title: 'Short', text: 'Too short to analyse.' }),
        JSON.stringify({ id: 'f4', outlet: 'AP', published: '2024-03-02', title: 'Bridge', text: `${paragraph('bridge repair')}\n\n${paragraph('traffic plan')}` }),
        ...extra,
      ].join('\n') + '\n',
    );
  let feedDir: string;
  let feed: string;
  beforeEach(() => {
    feedDir = path.join(dir, 'feed');
    fs.mkdirSync(feedDir);
    feed = path.join(feedDir, 'feed.jsonl');
    writeFeed(feed);
  });
  const runFeed = () => ingestInputs({ input: inputConfig({ paths: [feedDir], outletsFile: outlets }), cache });

  test('is not parsed again: the same articles, skips and inputs from the memo, in the same order', async () => {
    const first = await runFeed();
    expect(first.articles.map((a) => a.id)).toEqual(['feed:f1', 'feed:f4']);
    expect(first.skipped.map((s) => s.reason)).toEqual(expect.arrayContaining(['malformed-json', 'missing-text']));
    expect(first.counters).toMatchObject({ 'ingest.jsonlFilesReused': 0, 'ingest.articlesReused': 0 });
    const second = await runFeed();
    expect(second.counters).toMatchObject({ 'ingest.jsonlFilesReused': 1, 'ingest.articlesBuilt': 0, 'ingest.articlesReused': first.counters['ingest.articlesBuilt'] });
    expect(second.articles).toEqual(first.articles);
    expect(second.skipped).toEqual(first.skipped);
    expect(second.inputs).toEqual(first.inputs);
  });

  test('a changed file is read again, and only its new record is built', async () => {
    const first = await runFeed();
    writeFeed(feed, [JSON.stringify({ id: 'f5', outlet: 'AP', published: '2024-03-03', title: 'Ferry', text: `${paragraph('ferry timetable')}\n\n${paragraph('fares')}` })]);
    const second = await runFeed();
    expect(second.counters).toMatchObject({ 'ingest.jsonlFilesReused': 0, 'ingest.articlesBuilt': 1, 'ingest.articlesReused': first.counters['ingest.articlesBuilt'] });
    expect(second.articles.map((a) => a.id)).toEqual(['feed:f1', 'feed:f4', 'feed:f5']);
    const third = await runFeed();
    expect(third.counters).toMatchObject({ 'ingest.jsonlFilesReused': 1, 'ingest.articlesBuilt': 0 });
    expect(third.articles).toEqual(second.articles);
    // One entry per file: the appended file's outcome replaced the first one (a feed appended to nightly does not pile up).
    expect(cache.namespaces().filter((n) => n.namespace.startsWith('item|ingest-jsonl|')).map((n) => n.entries)).toEqual([1]);
  });

  test('is read again when the memo has lost one of its articles, or a setting changed', async () => {
    const first = await runFeed();
    const articleNamespace = cache.namespaces().find((n) => n.namespace.startsWith('item|ingest-article|'))!.namespace;
    expect(cache.deleteNamespace(articleNamespace)).toBeGreaterThan(0);
    const second = await runFeed();
    expect(second.counters).toMatchObject({ 'ingest.jsonlFilesReused': 0, 'ingest.articlesReused': 0, 'ingest.articlesBuilt': first.counters['ingest.articlesBuilt'] });
    expect(second.articles).toEqual(first.articles);
    expect(second.skipped).toEqual(first.skipped);
    const stricter = await ingestInputs({ input: inputConfig({ paths: [feedDir], outletsFile: outlets, minWords: 41 }), cache });
    expect(stricter.counters).toMatchObject({ 'ingest.jsonlFilesReused': 0, 'ingest.articlesReused': 0 });
  });
});
