/** The enrich stage on the real compact models, with a real (in-memory or on-disk) model cache. */
import fs from 'node:fs';
import path from 'node:path';
import enrich, { enrichSentences } from '../../pipeline/enrich.js';
import { callStage, emptyNotes, type TestStageContext } from '../pipeline/stageHarness.js';
import { configSchema } from '../../src/config/schema.js';
import { createModelHub } from '../../src/models/hub.js';
import type { Sentence, SentenceDigest } from '../../src/records.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';
import { compactModelsConfig, cosine, quietLog, removeTempDirs, tempDir } from '../models/compactModels.js';
import { openCatalog, type Catalog } from '../../pipeline/catalog.js';
import { runStageCall } from '../../pipeline/executor.js';
import { openStageStore } from '../../src/store/stageStore.js';
import { vectorSourceOf } from '../../src/store/vectorSource.js';

afterAll(removeTempDirs);

const ARTICLES: Record<string, string[]> = {
  'outlet-a-1': [
    'Heavy rain flooded hundreds of homes in the north on Tuesday.',
    'Residents praised the brilliant, generous volunteers who rebuilt the school.',
    'The storm killed three people and destroyed the old bridge.',
    'Officials said more rain is expected this week.',
  ],
  'outlet-b-7': [
    'Floods caused by heavy rain hit hundreds of northern houses.',
    'The government response was a disastrous, shameful failure, critics said.',
    'Officials said more rain is expected this week.',
  ],
};

function sentences(): Sentence[] {
  return Object.entries(ARTICLES).flatMap(([articleId, texts]) =>
    texts.map((text, index) => ({
      id: `${articleId}#${index}`,
      articleId,
      outlet: articleId.split('-').slice(0, 2).join('-'),
      index,
      paragraph: 0,
      text,
      quotes: [],
      numbers: [],
      entities: [],
      dates: [],
    })),
  );
}

function context(cache: ModelCache, batchSize = 2) {
  const models = compactModelsConfig({ batchSize });
  const config = { ...configSchema.parse({}), models };
  const notes = emptyNotes();
  const ticks: number[] = [];
  let done = 0;
  const hub = createModelHub(models, { offline: true, cache, log: quietLog });
  const ctx: TestStageContext = {
    config,
    warnings: [],
    log: quietLog,
    progress: () => ({ tick: (n = 1) => ticks.push(n), done: () => void done++ }),
    models: () => hub,
    modelCache: cache,
    notes,
  };
  return { ctx, notes, ticks, doneCount: () => done };
}

test('fills sentiment, sentence vectors and normalised article means; reports counters and models', async () => {
  const input = sentences();
  const { ctx, notes, ticks, doneCount } = context(openModelCache(':memory:'));
  const { enrichment } = await callStage(enrich, { sentences: input }, ctx);
  const { sentiment, sentenceVectors, articleVectors } = enrichment;

  expect(sentenceVectors.ids).toEqual(input.map((s) => s.id));
  expect(sentenceVectors.dim).toBe(192);
  expect(sentenceVectors.data).toHaveLength(input.length * 192);
  const row = (t: typeof sentenceVectors, i: number) => t.data.subarray(i * t.dim, (i + 1) * t.dim);
  for (let i = 0; i < input.length; i++) expect(Math.sqrt(cosine(row(sentenceVectors, i), row(sentenceVectors, i)))).toBeCloseTo(1, 5);

  expect(articleVectors.ids).toEqual(['outlet-a-1', 'outlet-b-7']);
  const mean = new Float32Array(192);
  for (let i = 0; i < 4; i++) row(sentenceVectors, i).forEach((v, k) => (mean[k] += v / 4));
  const norm = Math.sqrt(cosine(mean, mean));
  const articleA = row(articleVectors, 0);
  mean.forEach((v, k) => expect(articleA[k]).toBeCloseTo(v / norm, 5));

  expect(sentiment.map((s) => s.sentenceId)).toEqual(input.map((s) => s.id));
  const tone = Object.fromEntries(sentiment.map((s) => [s.sentenceId, s]));
  expect(tone['outlet-a-1#1'].label).toBe('positive');
  expect(tone['outlet-b-7#1'].label).toBe('negative');

  expect(ticks.reduce((a, b) => a + b, 0)).toBe(input.length);
  expect(doneCount()).toBe(1);
  // 7 sentences, 6 distinct texts, batches of 2.
  // Model calls and cache hits are this call's work; truncation is a fact about the data.
  expect(notes.work['enrich.computed.embedding']).toBe(6);
  expect(notes.work['enrich.modelCalls.embedding']).toBe(3);
  expect(notes.work['enrich.modelCalls']).toBe(6);
  expect(notes.work['enrich.cacheHits']).toBe(0);
  expect(notes.counters['enrich.truncated']).toBe(0);
  expect(notes.models.map((m) => m.role)).toEqual(['embedding', 'sentiment']); // NLI never loaded
  for (const m of notes.models) expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(enrich.summarize?.({ enrichment }, {})).toBe('7 sentences, 2 articles, 192-dim vectors');
  // From the counters, as a reused result's summary is made (the enrichment never loaded).
  expect(notes.counters['enrich.dimensions']).toBe(192);
  expect(enrich.summarize?.({} as never, notes.counters)).toBe('7 sentences, 2 articles, 192-dim vectors');
});

test('the next run over the same sentences makes zero model calls and gives identical output', async () => {
  const dir = tempDir('enrich-cache');
  const firstCache = openModelCache(dir);
  const first = await callStage(enrich, { sentences: sentences() }, context(firstCache).ctx);
  firstCache.close();

  const cache = openModelCache(dir);
  const { ctx, notes } = context(cache);
  const second = await callStage(enrich, { sentences: sentences() }, ctx);
  cache.close();
  expect(notes.work['enrich.modelCalls']).toBe(0);
  expect(notes.work['enrich.cacheHits']).toBe(12); // 6 distinct texts x 2 models
  expect(Array.from(second.enrichment.sentenceVectors.data)).toEqual(Array.from(first.enrichment.sentenceVectors.data));
  expect(Array.from(second.enrichment.articleVectors.data)).toEqual(Array.from(first.enrichment.articleVectors.data));
  expect(second.enrichment.sentiment).toEqual(first.enrichment.sentiment);
});

test('in a session the sentence vectors are filled in a file chunk by chunk: the same dataset as in memory', async () => {
  // 35 sentences in chunks of 16 (batch size 2): three chunks, the last one short.
  const many = [0, 1, 2, 3, 4].flatMap((copy) => sentences().map((s) => ({ ...s, id: `${s.articleId}-${copy}#${s.index}`, articleId: `${s.articleId}-${copy}` })));
  const cache = openModelCache(':memory:');
  const inMemory = await callStage(enrich, { sentences: many }, context(cache, 2).ctx);
  const dir = tempDir('cf-enrich-spill-');
  const catalog = openCatalog(dir);
  const sentencesHash = catalog.save(many);
  const { ctx } = context(cache, 2);
  const hub = await ctx.models();
  const result = await runStageCall(
    {
      stage: 'enrich',
      params: JSON.parse(JSON.stringify(enrich.params(ctx.config))),
      inputs: { sentences: sentencesHash },
      run: { runId: 'test', runDir: '', startedAt: new Date(0).toISOString(), models: [], warningsSoFar: 0 },
      env: { cacheDir: dir, outputDir: dir, models: ctx.config.models, offline: true },
    },
    catalog,
    { log: quietLog, progress: ctx.progress, models: async () => hub, hubIfLoaded: async () => hub, modelCache: () => ctx.modelCache },
  );
  expect(result.summary).toBe(`35 sentences, 10 articles, 192-dim vectors`);
  expect(result.outputs.enrichment).toBe(openCatalog(dir).save(inMemory.enrichment));
  expect(openCatalog(dir).load(result.outputs.enrichment)).toEqual(inMemory.enrichment);
  expect(fs.readdirSync(path.join(dir, 'datasets')).filter((f) => !f.endsWith('.v8'))).toEqual([]);
});

test('no sentences: empty tables and no model loaded', async () => {
  const { ctx, notes } = context(openModelCache(':memory:'));
  const { enrichment } = await callStage(enrich, { sentences: [] }, ctx);
  expect(enrichment).toEqual({ sentiment: [], sentenceVectors: { dim: 0, ids: [], data: new Float32Array(0) }, articleVectors: { dim: 0, ids: [], data: new Float32Array(0) } });
  expect(notes.models).toEqual([]);
});

describe('reusing the previous run\'s enrichment (previousReads)', () => {
  const rows = (e: { sentenceVectors: { data: Float32Array } }) => Array.from(e.sentenceVectors.data);

  test('the same sentences take their outputs from the previous value: no model cache read, identical output and counters', async () => {
    const cold = context(openModelCache(':memory:'), 2);
    const first = await callStage(enrich, { sentences: sentences() }, cold.ctx);
    expect(first.enrichment.reuse?.textDigests).toHaveLength(7 * 16);

    // A fresh cache: anything not reused would have to be computed again.
    const { ctx, notes } = context(openModelCache(':memory:'), 2);
    ctx.previous = { enrichment: first.enrichment };
    const second = await callStage(enrich, { sentences: sentences() }, ctx);
    expect(notes.work['enrich.sentencesReused']).toBe(7);
    expect(notes.work['enrich.modelCalls']).toBe(0);
    expect(notes.work['enrich.cacheHits']).toBe(0);
    expect(second.enrichment).toEqual(first.enrichment);
    expect(notes.counters).toEqual(cold.notes.counters);
  });

  test('an edited sentence is computed again, the others reused; the output equals a run without the previous value', async () => {
    // The reference is what the stage gave before: the same night over the previous run's model cache
    // (a model's output can differ in the last digits with the batch it was computed in).
    const warm = openModelCache(':memory:');
    const cold = context(warm, 2);
    const first = await callStage(enrich, { sentences: sentences() }, cold.ctx);
    const edited = sentences();
    edited[1] = { ...edited[1], text: 'Residents condemned the awful, cruel officials who closed the school.' };

    const { ctx, notes } = context(openModelCache(':memory:'), 2);
    ctx.previous = { enrichment: first.enrichment };
    const reused = await callStage(enrich, { sentences: edited }, ctx);
    expect(notes.work['enrich.sentencesReused']).toBe(6);
    expect(notes.work['enrich.computed.embedding']).toBe(1);

    const fresh = await callStage(enrich, { sentences: edited }, context(warm, 2).ctx);
    expect(rows(reused.enrichment)).toEqual(rows(fresh.enrichment));
    expect(Array.from(reused.enrichment.articleVectors.data)).toEqual(Array.from(fresh.enrichment.articleVectors.data));
    expect(reused.enrichment.sentiment).toEqual(fresh.enrichment.sentiment);
    expect(reused.enrichment.sentiment[1].label).toBe('negative');
    expect(rows(reused.enrichment)).not.toEqual(rows(first.enrichment));
  });

  test('sentences given as a stream (pieces of 1,000 and fewer, articles spread over them) give the enrichment the array gives', async () => {
  // 2,345 sentences of 61 articles, texts drawn from the seven above (the model cache computes each once).
  const texts = sentences().map((s) => s.text);
  const many: Sentence[] = Array.from({ length: 2345 }, (_, i) => {
    const articleId = `a${Math.floor(i / 39)}`;
    return { ...sentences()[0], id: `${articleId}#${i % 39}`, articleId, index: i % 39, text: texts[(i * 5) % texts.length] };
  });
  const cache = openModelCache(':memory:');
  const whole = await enrichSentences(many, { batchSize: 16 }, context(cache).ctx);
  const stream = { length: many.length, *pieces() { for (let at = 0; at < many.length; at += 1000) yield many.slice(at, at + 1000); } };
  const streamed = await enrichSentences(stream, { batchSize: 16 }, context(cache).ctx);
  expect(streamed.enrichment.articleVectors.ids).toHaveLength(61);
  expect(Buffer.from(streamed.enrichment.articleVectors.data.buffer).equals(Buffer.from(whole.enrichment.articleVectors.data.buffer))).toBe(true);
  expect(Buffer.from(streamed.enrichment.sentenceVectors.data.buffer).equals(Buffer.from(whole.enrichment.sentenceVectors.data.buffer))).toBe(true);
  expect({ ...streamed.enrichment, sentenceVectors: null, articleVectors: null }).toEqual({ ...whole.enrichment, sentenceVectors: null, articleVectors: null });
  expect(streamed.enrichment.sentenceVectors.ids).toEqual(many.map((s) => s.id));
  // A stream that gives fewer sentences than its length announced is an error, not a short table.
  await expect(enrichSentences({ length: 2346, pieces: stream.pieces }, { batchSize: 16 }, context(cache).ctx)).rejects.toThrow(/gave 2345 of the 2346/);
});

test('in a session a night takes the unchanged articles at the corpus\'s start whole: their sentences not read, their rows borrowed; the saved value is the same', async () => {
  // 2,345 sentences of 61 articles (three pieces of stored rows), texts drawn from the seven above.
  const texts = sentences().map((s) => s.text);
  const articleOf = (i: number) => `a${String(Math.floor(i / 39)).padStart(2, '0')}`;
  const corpus: Sentence[] = Array.from({ length: 2345 }, (_, i) => ({ ...sentences()[0], id: `${articleOf(i)}#${i % 39}`, articleId: articleOf(i), index: i % 39, text: texts[(i * 5) % texts.length] }));
  const added: Sentence[] = Array.from({ length: 12 }, (_, i) => ({ ...sentences()[1], id: `z-new#${i}`, articleId: 'z-new', index: i, text: texts[(i * 3) % texts.length] }));
  const digestsOf = (rows: Sentence[], edited = new Set<string>()): SentenceDigest[] =>
    [...new Set(rows.map((s) => s.articleId))].map((articleId) => {
      const count = rows.filter((s) => s.articleId === articleId).length;
      return { articleId, digest: `${articleId}${edited.has(articleId) ? '-edited' : ''}`, latestMentionedDay: null, made: { key: articleId, sentences: count, quotes: 0, numbers: 0, entities: 0 } };
    });
  const dir = tempDir('cf-enrich-whole-');
  // Inputs saved by another catalog, so that this one streams them from the store, as a session's enrich does.
  const writer = openCatalog(dir);
  const catalog = openCatalog(dir);
  const { ctx } = context(openModelCache(':memory:'), 16);
  const hub = await ctx.models();
  const previousLoads: (readonly string[] | undefined)[] = [];
  const startsRead: number[] = [];
  let previousHash = '';
  const watched: Catalog = {
    ...catalog,
    load: <T,>(hash: string, only?: readonly string[]) => {
      if (hash === previousHash) previousLoads.push(only);
      return catalog.load<T>(hash, only);
    },
    stream: (hash, field) => {
      const stream = catalog.stream(hash, field);
      return stream?.piecesFrom && { ...stream, pieces: stream.pieces.bind(stream), piecesFrom: (start: number) => (startsRead.push(start), stream.piecesFrom!(start)) };
    },
  };
  const call = (rows: Sentence[], digests: SentenceDigest[], previous?: string) =>
    runStageCall(
      {
        stage: 'enrich',
        params: JSON.parse(JSON.stringify(enrich.params(ctx.config))),
        inputs: { sentences: writer.save(rows), sentenceDigests: writer.save(digests) },
        ...(previous ? { previous: { enrichment: previous } } : {}),
        run: { runId: 'test', runDir: '', startedAt: new Date(0).toISOString(), models: [], warningsSoFar: 0 },
        env: { cacheDir: dir, outputDir: dir, models: ctx.config.models, offline: true },
      },
      watched,
      { log: quietLog, progress: ctx.progress, models: async () => hub, hubIfLoaded: async () => hub, modelCache: () => ctx.modelCache },
    );
  const first = await call(corpus, digestsOf(corpus));
  previousHash = first.outputs.enrichment;

  // The night: the corpus unchanged, a new article after it.
  const night = [...corpus, ...added];
  startsRead.length = 0;
  const grown = await call(night, digestsOf(night), previousHash);
  const read = [...startsRead];
  const plain = await call(night, digestsOf(night));
  expect(grown.work).toMatchObject({ 'enrich.articlesBorrowed': 61, 'enrich.sentencesReused': 2345, 'enrich.sentencesReusedByArticle': 2345 });
  // Their vectors (1.8 MB, one frame of the previous blob) were copied, not borrowed.
  expect(grown.work['enrich.rowsBorrowed']).toBeUndefined();
  // Only the new article's sentences were read (from the piece holding row 2,345), and the previous
  // sentiment rows were not loaded (their pieces are borrowed).
  expect(read).toEqual([2345]);
  expect(previousLoads).toEqual([['reuse', 'articleVectors']]);
  expect(openCatalog(dir).load(grown.outputs.enrichment)).toEqual(openCatalog(dir).load(plain.outputs.enrichment));
  expect(grown.counters).toEqual(plain.counters);

  // An article in the middle edited: the 30 before it taken whole, its rows looked up by text, the rest by article.
  const editedRow = 30 * 39 + 2;
  const edited = night.map((s, i) => (i === editedRow ? { ...s, text: 'Residents condemned the awful, cruel officials who closed the school.' } : s));
  const editedDigests = digestsOf(edited, new Set([articleOf(editedRow)]));
  const partly = await call(edited, editedDigests, previousHash);
  const expected = await call(edited, editedDigests);
  expect(partly.work['enrich.sentencesReused']).toBe(2345 - 1);
  expect(partly.work['enrich.articlesBorrowed']).toBe(30);
  expect(openCatalog(dir).load(partly.outputs.enrichment)).toEqual(openCatalog(dir).load(expected.outputs.enrichment));
  expect(partly.counters).toEqual(expected.counters);
}, 120_000);

test('in a session the previous value is read without its vector matrix: its rows come from the store, the output is the same', async () => {
    const first = await callStage(enrich, { sentences: sentences() }, context(openModelCache(':memory:'), 2).ctx);
    const dir = tempDir('cf-enrich-previous-');
    const writer = openCatalog(dir);
    const sentencesHash = writer.save(sentences());
    const previousHash = writer.save(first.enrichment);
    // A catalog with nothing in memory, as a night's executor finds the last run's enrichment.
    const catalog = openCatalog(dir);
    const previousLoads: (readonly string[] | undefined)[] = [];
    const sentenceReads: string[] = [];
    const tablesRead: string[] = [];
    const spills: number[] = [];
    let recordSpills = 0;
    const watched: Catalog = {
      ...catalog,
      load: <T,>(hash: string, only?: readonly string[]) => {
        if (hash === previousHash) previousLoads.push(only);
        if (hash === sentencesHash) sentenceReads.push('whole');
        return catalog.load<T>(hash, only);
      },
      stream: (hash, field) => {
        if (hash === sentencesHash) sentenceReads.push('stream');
        return catalog.stream(hash, field);
      },
      spillRecords: <T,>() => {
        recordSpills++;
        return catalog.spillRecords<T>();
      },
      vectorSource: (hash, key) => {
        tablesRead.push(`${hash === previousHash ? 'previous' : 'other'}:${key}`);
        return catalog.vectorSource(hash, key);
      },
      spillFloat32: (length) => {
        spills.push(length);
        return catalog.spillFloat32(length);
      },
    };
    const { ctx } = context(openModelCache(':memory:'), 2);
    const hub = await ctx.models();
    const result = await runStageCall(
      {
        stage: 'enrich',
        params: JSON.parse(JSON.stringify(enrich.params(ctx.config))),
        inputs: { sentences: sentencesHash },
        previous: { enrichment: previousHash },
        run: { runId: 'test', runDir: '', startedAt: new Date(0).toISOString(), models: [], warningsSoFar: 0 },
        env: { cacheDir: dir, outputDir: dir, models: ctx.config.models, offline: true },
      },
      watched,
      { log: quietLog, progress: ctx.progress, models: async () => hub, hubIfLoaded: async () => hub, modelCache: () => ctx.modelCache },
    );
    // Seven sentiment rows are one leaf, not pieces to read a piece at a time: loaded with the parts.
    expect(previousLoads).toEqual([['reuse', 'articleVectors', 'sentiment']]);
    expect(tablesRead).toEqual(['previous:sentenceVectors']);
    expect(result.work['enrich.sentencesReused']).toBe(7);
    expect(result.work['enrich.modelCalls']).toBe(0);
    expect(openCatalog(dir).load(result.outputs.enrichment)).toEqual(first.enrichment);
    // The night's sentence vectors were filled in a file (7 sentences x dim), saved as the blob the
    // array in memory gives, and no file is left beside the blobs.
    expect(spills).toEqual([7 * first.enrichment.sentenceVectors.dim]);
    // The sentences came from the store a piece at a time; the sentiment rows and the ids went to files too.
    expect(new Set(sentenceReads)).toEqual(new Set(['stream']));
    expect(recordSpills).toBe(2);
    expect(result.outputs.enrichment).toBe(writer.save(first.enrichment));
    expect(fs.readdirSync(path.join(dir, 'datasets')).filter((f) => !f.endsWith('.v8'))).toEqual([]);
  });

  test('with the sentence digests, an unchanged article takes its rows by position, an edited one by text, a new id reads the model cache; the output is the same', async () => {
    const digests = (ids: Record<string, string>) => Object.entries(ids).map(([articleId, digest]) => ({ articleId, digest, latestMentionedDay: null }));
    const warm = openModelCache(':memory:');
    const first = await callStage(enrich, { sentences: sentences(), sentenceDigests: digests({ 'outlet-a-1': 'a1', 'outlet-b-7': 'b7' }) }, context(warm, 2).ctx);
    expect(first.enrichment.reuse?.articles).toEqual({ ids: ['outlet-a-1', 'outlet-b-7'], digests: ['a1', 'b7'], firstRows: Uint32Array.from([0, 4]) });

    // Both unchanged: every row by position, no text hashed against the previous value, the same enrichment.
    const same = context(openModelCache(':memory:'), 2);
    same.ctx.previous = { enrichment: first.enrichment };
    const again = await callStage(enrich, { sentences: sentences(), sentenceDigests: digests({ 'outlet-a-1': 'a1', 'outlet-b-7': 'b7' }) }, same.ctx);
    expect(same.notes.work).toMatchObject({ 'enrich.sentencesReused': 7, 'enrich.sentencesReusedByArticle': 7, 'enrich.modelCalls': 0, 'enrich.cacheHits': 0 });
    expect(again.enrichment).toEqual(first.enrichment);

    // outlet-a-1 edited (a new digest: its three unchanged sentences found by text, the edited one computed);
    // outlet-b-7 comes under a new id (its texts are the previous value's, but a new id reads the model cache).
    const night = sentences().map((s) => (s.id === 'outlet-a-1#1' ? { ...s, text: 'Residents condemned the awful, cruel officials who closed the school.' } : s.articleId === 'outlet-b-7' ? { ...s, id: `outlet-b-8#${s.index}`, articleId: 'outlet-b-8' } : s));
    const nightDigests = digests({ 'outlet-a-1': 'a1-edited', 'outlet-b-8': 'b7' });
    const edited = context(warm, 2);
    edited.ctx.previous = { enrichment: first.enrichment };
    const reused = await callStage(enrich, { sentences: night, sentenceDigests: nightDigests }, edited.ctx);
    expect(edited.notes.work).toMatchObject({ 'enrich.sentencesReused': 3, 'enrich.sentencesReusedByArticle': 0, 'enrich.computed.embedding': 1, 'enrich.cacheHits.embedding': 3 });
    // The same enrichment as the night without a previous value (over the same model cache).
    const fresh = await callStage(enrich, { sentences: night, sentenceDigests: nightDigests }, context(warm, 2).ctx);
    expect(reused.enrichment).toEqual(fresh.enrichment);

    // A previous value whose rows are not the article's sentences (ids shifted): the texts are hashed instead.
    const shifted = { ...first.enrichment, sentiment: first.enrichment.sentiment.map((r, i) => ({ ...r, sentenceId: first.enrichment.sentiment[(i + 1) % 7].sentenceId })) };
    const wrong = context(openModelCache(':memory:'), 2);
    wrong.ctx.previous = { enrichment: shifted };
    await callStage(enrich, { sentences: sentences(), sentenceDigests: digests({ 'outlet-a-1': 'a1', 'outlet-b-7': 'b7' }) }, wrong.ctx);
    expect(wrong.notes.work).toMatchObject({ 'enrich.sentencesReusedByArticle': 0, 'enrich.sentencesReused': 7 });
  });

  test('in a session the leading rows that are the previous value\'s at the same place are borrowed from its blob, not written; the saved value is the same', async () => {
    const digests = (ids: Record<string, string>) => new Map(Object.entries(ids));
    const warm = openModelCache(':memory:');
    const before = digests({ 'outlet-a-1': 'a1', 'outlet-b-7': 'b7' });
    const first = await enrichSentences(sentences(), { batchSize: 2 }, context(warm, 2).ctx, undefined, before);
    // The night: the two articles unchanged, then a new one (texts of the first, under new ids).
    const added = sentences().filter((s) => s.articleId === 'outlet-a-1').map((s) => ({ ...s, id: `outlet-c-9#${s.index}`, articleId: 'outlet-c-9' }));
    const night = [...sentences(), ...added];
    const nightDigests = digests({ 'outlet-a-1': 'a1', 'outlet-b-7': 'b7', 'outlet-c-9': 'c9' });
    const expected = await enrichSentences(night, { batchSize: 2 }, context(warm, 2).ctx, undefined, nightDigests);
    // The previous vectors as a stored table's source: its floats in a file, frame by frame.
    const dir = tempDir('cf-enrich-borrow-');
    const old = first.enrichment.sentenceVectors;
    const file = path.join(dir, 'previous-vectors.bin');
    fs.writeFileSync(file, Buffer.concat([Buffer.alloc(13), Buffer.from(old.data.buffer, old.data.byteOffset, old.data.byteLength)]));
    const half = (old.ids.length >> 1) * old.dim * 4;
    const storedFrames = [
      { blob: 'a'.repeat(64), file, at: 13, bytes: half },
      { blob: 'a'.repeat(64), file, at: 13 + half, bytes: old.data.byteLength - half },
    ];
    const previous = { sentiment: first.enrichment.sentiment, reuse: first.enrichment.reuse, sentenceVectors: { ...vectorSourceOf(old), storedFrames } };
    const store = openStageStore(dir);
    const borrowed: number[] = [];
    const written: [number, number][] = [];
    const { ctx } = context(warm, 2);
    const services = {
      ...ctx,
      spillRecords: store.spillRecords,
      spillFloat32: (length: number) => {
        const spill = store.spillFloat32(length)!;
        return {
          ...spill,
          write: (values: Float32Array, at: number) => (written.push([at, values.length]), spill.write(values, at)),
          borrow: (frames: Parameters<typeof spill.borrow>[0], elements: number) => (borrowed.push(elements), spill.borrow(frames, elements)),
        };
      },
    };
    const night1 = await enrichSentences(night, { batchSize: 2 }, services, previous, nightDigests);
    const dim = old.dim;
    // The seven rows of the two unchanged articles borrowed; only the new article's four written.
    expect(borrowed).toEqual([7 * dim]);
    expect(written.reduce((n, [, length]) => n + length, 0)).toBe(4 * dim);
    expect(Math.min(...written.map(([at]) => at))).toBe(7 * dim);
    const hash = store.saveDataset(night1.enrichment);
    expect(hash).toBe(store.hashOf(expected.enrichment));
    expect(openStageStore(dir).loadDataset(hash)).toEqual(expected.enrichment);

    // The first article's second sentence edited: only its first (found by text, at the same place) is borrowed.
    borrowed.length = 0;
    written.length = 0;
    const edited = night.map((s) => (s.id === 'outlet-a-1#1' ? { ...s, text: 'Residents condemned the awful, cruel officials who closed the school.' } : s));
    const editedDigests = digests({ 'outlet-a-1': 'a1-edited', 'outlet-b-7': 'b7', 'outlet-c-9': 'c9' });
    const night2 = await enrichSentences(edited, { batchSize: 2 }, services, previous, editedDigests);
    expect(borrowed).toEqual([dim]);
    expect(written.reduce((n, [, length]) => n + length, 0)).toBe(10 * dim);
    const fresh = await enrichSentences(edited, { batchSize: 2 }, context(warm, 2).ctx, undefined, editedDigests);
    expect(openStageStore(dir).loadDataset(store.saveDataset(night2.enrichment))).toEqual(fresh.enrichment);
  });

  test('another maxTokens (a config key of the basis) reuses nothing; truncation counts match a run without the previous value', async () => {
    const first = await callStage(enrich, { sentences: sentences() }, context(openModelCache(':memory:'), 2).ctx);
    const short = (cache: ModelCache) => {
      const c = context(cache, 2);
      c.ctx.config = { ...c.ctx.config, models: { ...c.ctx.config.models, maxTokens: 8 } };
      c.ctx.models = async () => createModelHub(c.ctx.config.models, { offline: true, cache, log: quietLog });
      return c;
    };
    const a = short(openModelCache(':memory:'));
    a.ctx.previous = { enrichment: first.enrichment };
    const cut = await callStage(enrich, { sentences: sentences() }, a.ctx);
    expect(a.notes.work['enrich.sentencesReused']).toBe(0);
    expect(a.notes.counters['enrich.truncated.embedding']).toBeGreaterThan(0);

    // Reused under the short basis: the same truncation counts as computing them.
    const b = short(openModelCache(':memory:'));
    b.ctx.previous = { enrichment: cut.enrichment };
    const again = await callStage(enrich, { sentences: sentences() }, b.ctx);
    expect(b.notes.work['enrich.sentencesReused']).toBe(7);
    expect(b.notes.counters).toEqual(a.notes.counters);
    expect(again.enrichment).toEqual(cut.enrichment);
  });
});
