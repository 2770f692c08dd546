import fs from 'node:fs';
import path from 'node:path';
import { openCatalog, type Catalog } from '../../pipeline/catalog.js';
import { runStageCall } from '../../pipeline/executor.js';
import { tempDir } from '../tempDir.js';
import segment from '../../pipeline/segment.js';
import { configSchema } from '../../src/config/schema.js';
import { callStage, emptyNotes, type TestStageContext } from '../pipeline/stageHarness.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';
import { ROOT, seed } from '../text/seedArticle.js';
import { latestMentionedDay } from '../../src/analysis/events/dates.js';

function context(cache: ModelCache = openModelCache(':memory:')): { ctx: TestStageContext; ticks: number[]; warnings: string[] } {
  const config = configSchema.parse({ segment: { entityAliasesFile: path.join(ROOT, 'config/entities.yaml') } });
  const ticks: number[] = [];
  const warnings: string[] = [];
  const ctx = {
    config,
    warnings: [],
    log: { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} },
    progress: (_label: string, total: number) => {
      ticks.push(total);
      return { tick: (n = 1) => ticks.push(-n), done() {} };
    },
    models: () => Promise.reject(new Error('the segment stage needs no model')),
    modelCache: cache,
    notes: emptyNotes(),
  } as unknown as TestStageContext;
  return { ctx, ticks, warnings };
}

describe('segment stage', () => {
  it('segments analysable, non-duplicate articles only; the bar counts every article', async () => {
    const { ctx, ticks } = context();
    const articles = [seed('001'), { ...seed('002'), analysable: false }, { ...seed('003'), duplicateOf: '001' }, seed('004')];
    const { sentences, sentenceDigests } = await callStage(segment, { articles }, ctx);
    expect(new Set(sentences.map((s) => s.articleId))).toEqual(new Set(['001', '004']));
    // One digest per segmented article, in article order, with the latest day its sentences mention.
    expect(sentenceDigests.map((d) => d.articleId)).toEqual(['001', '004']);
    for (const d of sentenceDigests) {
      expect(d.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(d.latestMentionedDay).toBe(latestMentionedDay(sentences.filter((s) => s.articleId === d.articleId)));
    }
    expect(ticks).toEqual([4, -4]);
    expect(ctx.notes.counters['segment.sentences']).toBe(sentences.length);
    expect(ctx.notes.counters['segment.quotes']).toBeGreaterThan(5);
    // The alias table is a resource file: the catalog hashes it into the cache key and the manifest.
    expect(segment.resources?.(segment.params(ctx.config)).map((r) => [r.key, path.basename(r.file), r.kind])).toEqual([['segment.entityAliasesFile', 'entities.yaml', 'entities']]);
    expect(ctx.notes.counters['segment.articles']).toBe(2);
    expect(segment.summarize!({ sentences, sentenceDigests }, ctx.notes.counters)).toBe(`${sentences.length} sentences from 2 articles, ${ctx.notes.counters['segment.quotes']} quotes`);
    // A result stored before the articles were counted: the summary reads the sentences.
    expect(segment.summarize!({ sentences, sentenceDigests }, {})).toBe(segment.summarize!({ sentences, sentenceDigests }, ctx.notes.counters));
  });

  it('reuses the sentences of unchanged articles and segments only new or changed ones', async () => {
    const cache = openModelCache(':memory:');
    const first = context(cache);
    const before = await callStage(segment, { articles: [seed('001'), seed('004')] }, first.ctx);
    expect(first.ctx.notes.work['segment.articlesSegmented']).toBe(2);
    const second = context(cache);
    const edited = { ...seed('004'), contentHash: 'changed' };
    const after = await callStage(segment, { articles: [seed('001'), edited, seed('000')] }, second.ctx);
    expect(second.ctx.notes.work['segment.articlesReused']).toBe(1);
    expect(second.ctx.notes.work['segment.articlesSegmented']).toBe(2);
    expect(after.sentences.filter((s) => s.articleId === '001')).toEqual(before.sentences.filter((s) => s.articleId === '001'));
    // The reused article keeps its digest (read back with its memo entry); the changed one is segmented
    // again, and its digest is that of what was stored for its text.
    const digestOf = (run: typeof before, id: string) => run.sentenceDigests.find((d) => d.articleId === id)!.digest;
    expect(digestOf(after, '001')).toBe(digestOf(before, '001'));
    expect(digestOf(after, '004')).toBe(digestOf(before, '004'));
    expect(digestOf(after, '000')).not.toBe(digestOf(after, '001'));
    // Other sentences under the same id: another digest.
    const third = context(cache);
    const rewritten = { ...seed('001'), text: seed('004').text, contentHash: seed('004').contentHash };
    const again = await callStage(segment, { articles: [rewritten] }, third.ctx);
    expect(digestOf(again, '001')).not.toBe(digestOf(before, '001'));
  });

  it('reuses the sentences of the same text under another id and outlet, with that article\'s ids and outlet', async () => {
    const cache = openModelCache(':memory:');
    const first = context(cache);
    const original = await callStage(segment, { articles: [seed('001')] }, first.ctx);
    const second = context(cache);
    const copy = { ...seed('001'), id: '001~r1', outlet: 'Another Outlet' };
    const reused = await callStage(segment, { articles: [copy] }, second.ctx);
    expect(second.ctx.notes.work['segment.articlesReused']).toBe(1);
    // Exactly what segmenting the copy gives.
    const fresh = await callStage(segment, { articles: [copy] }, context().ctx);
    expect(reused.sentences).toEqual(fresh.sentences);
    expect(reused.sentences.map((s) => [s.id, s.articleId, s.outlet])).toEqual(original.sentences.map((s) => [s.id.replace('001#', '001~r1#'), '001~r1', 'Another Outlet']));
  });

  it('in a session, reads the articles piece by piece from the store and puts the sentences in a file that is stored as the array would be', async () => {
    // 1,203 articles (two pieces of the stored array and a bit), copies of the seeds under their own ids.
    const seeds = ['001', '002', '003', '004'].map((id) => seed(id));
    const articles = Array.from({ length: 1203 }, (_, i) => ({ ...seeds[i % seeds.length], id: `${seeds[i % seeds.length].id}~${i}`, ...(i % 10 === 9 ? { analysable: false } : {}) }));
    const alone = context();
    const inMemory = await callStage(segment, { articles }, alone.ctx);
    const dir = tempDir('cf-segment-session-');
    const writer = openCatalog(dir);
    const articlesHash = writer.save(articles);
    const catalog = openCatalog(dir);
    const loads: string[] = [];
    const streams: string[] = [];
    let spills = 0;
    const watched: Catalog = {
      ...catalog,
      load: <T,>(hash: string, only?: readonly string[]) => {
        loads.push(hash);
        return catalog.load<T>(hash, only);
      },
      stream: (hash, field) => {
        streams.push(hash);
        return catalog.stream(hash, field);
      },
      spillRecords: <T,>() => {
        spills++;
        return catalog.spillRecords<T>();
      },
    };
    // The same memo for both calls below: the sentences of every article come from it, the same objects either way.
    const call = (over: Catalog) =>
      runStageCall(
        {
          stage: 'segment',
          params: JSON.parse(JSON.stringify(segment.params(alone.ctx.config))),
          inputs: { articles: articlesHash },
          run: { runId: 'test', runDir: '', startedAt: new Date(0).toISOString(), models: [], warningsSoFar: 0 },
          env: { cacheDir: dir, outputDir: dir, models: alone.ctx.config.models, offline: true },
        },
        over,
        { log: alone.ctx.log, progress: alone.ctx.progress, models: alone.ctx.models, hubIfLoaded: async () => undefined, modelCache: () => alone.ctx.modelCache },
      );
    const result = await call(watched);
    expect(loads).toEqual([]);
    expect(new Set(streams)).toEqual(new Set([articlesHash]));
    expect(spills).toBe(1);
    expect(openCatalog(dir).load(result.outputs.sentences)).toEqual(inMemory.sentences);
    expect(result.counters).toEqual(alone.ctx.notes.counters);
    expect(result.counters['segment.articles']).toBe(1083);
    expect(result.summary).toBe(segment.summarize!(inMemory, alone.ctx.notes.counters));
    // Where no spill can be made the sentences stay in memory: the same blob.
    const held = await call({ ...openCatalog(dir), spillRecords: () => undefined });
    expect(held.outputs.sentences).toBe(result.outputs.sentences);
    expect(fs.readdirSync(path.join(dir, 'datasets')).filter((f) => !f.endsWith('.v8'))).toEqual([]);
  });

  it('in a session, a night borrows the sentences of the unchanged articles at the corpus\'s start from the previous value: the same sentences, digests and counters', async () => {
    const seeds = ['001', '002', '003', '004'].map((id) => seed(id));
    const copy = (i: number) => ({ ...seeds[i % seeds.length], id: `${seeds[i % seeds.length].id}~${i}`, ...(i % 10 === 9 ? { analysable: false } : {}) });
    // 123 articles (111 analysed, some 3,000 sentences: three whole pieces of the stored array and a bit).
    const corpus = Array.from({ length: 123 }, (_, i) => copy(i));
    const dir = tempDir('cf-segment-borrow-');
    const cache = openModelCache(':memory:');
    const { ctx } = context(cache);
    const catalog = openCatalog(dir);
    const loads: string[] = [];
    const watched: Catalog = {
      ...catalog,
      load: <T,>(hash: string, only?: readonly string[]) => {
        loads.push(hash);
        return catalog.load<T>(hash, only);
      },
    };
    const call = (articles: typeof corpus, previous?: Record<string, string>) =>
      runStageCall(
        {
          stage: 'segment',
          params: JSON.parse(JSON.stringify(segment.params(ctx.config))),
          inputs: { articles: catalog.save(articles) },
          ...(previous ? { previous } : {}),
          run: { runId: 'test', runDir: '', startedAt: new Date(0).toISOString(), models: [], warningsSoFar: 0 },
          env: { cacheDir: dir, outputDir: dir, models: ctx.config.models, offline: true },
        },
        watched,
        { log: ctx.log, progress: ctx.progress, models: ctx.models, hubIfLoaded: async () => undefined, modelCache: () => ctx.modelCache },
      );
    const first = await call(corpus);
    expect(first.work['segment.articlesBorrowed']).toBeUndefined();
    const sentencesFile = (hash: string) => fs.statSync(path.join(dir, 'datasets', `${hash}.v8`)).size;

    // The night: the corpus unchanged, 10 new articles after it.
    const night = [...corpus, ...Array.from({ length: 10 }, (_, i) => ({ ...copy(i), id: `new~${i}` }))];
    const expected = context();
    const inMemory = await callStage(segment, { articles: night }, expected.ctx);
    loads.length = 0;
    const grown = await call(night, first.outputs);
    // The 111 analysed articles borrowed; the 9 analysed new ones from the memo (their texts are known).
    expect(grown.work).toEqual({ 'segment.articlesReused': 120, 'segment.articlesSegmented': 0, 'segment.articlesBorrowed': 111 });
    // The previous sentences were not loaded (only where their pieces lie was read); the digests were.
    expect(loads).toEqual([first.outputs.sentenceDigests]);
    const fresh = openCatalog(dir);
    expect(fresh.load(grown.outputs.sentences)).toEqual(inMemory.sentences);
    // The digests a run without the previous value gives over the same memo (a digest is of the memo's
    // bytes, and a text's sentences made afresh may serialise otherwise: README "Noticed").
    const plain = await call(night);
    expect(fresh.load(grown.outputs.sentenceDigests)).toEqual(fresh.load(plain.outputs.sentenceDigests));
    expect(grown.counters).toEqual(expected.ctx.notes.counters);
    // Its whole pieces are references: the blob holds little more than the new articles' sentences.
    expect(sentencesFile(grown.outputs.sentences)).toBeLessThan(sentencesFile(first.outputs.sentences) / 2);

    // An article in the middle under another outlet: the articles before it borrowed, it and the rest not.
    const moved = night.map((a, i) => (i === 60 ? { ...a, outlet: 'Another Outlet' } : a));
    const expectedMoved = context();
    const movedInMemory = await callStage(segment, { articles: moved }, expectedMoved.ctx);
    const partly = await call(moved, grown.outputs);
    expect(partly.work['segment.articlesBorrowed']).toBe(moved.slice(0, 60).filter((a) => a.analysable !== false).length);
    expect(openCatalog(dir).load(partly.outputs.sentences)).toEqual(movedInMemory.sentences);
    expect(openCatalog(dir).load(partly.outputs.sentenceDigests)).toEqual(openCatalog(dir).load((await call(moved)).outputs.sentenceDigests));
    expect(partly.counters).toEqual(expectedMoved.ctx.notes.counters);

    // Digests of another run (their counts do not add up to the sentences): nothing borrowed, the same output.
    const mismatched = await call(night, { sentences: first.outputs.sentences, sentenceDigests: grown.outputs.sentenceDigests });
    expect(mismatched.work['segment.articlesBorrowed']).toBeUndefined();
    expect(mismatched.outputs.sentences).toBe(plain.outputs.sentences);
  });

  it('declares its contract', () => {
    expect([segment.name, segment.reads, segment.writes, segment.cacheable]).toEqual(['segment', ['articles'], ['sentences', 'sentenceDigests'], true]);
    // Params: the segment section and the one input setting it reads (a new input.paths keeps the sentences of unchanged articles).
    expect(Object.keys(segment.params(configSchema.parse({})))).toEqual(['segment', 'slashDates', 'aliasFile']);
  });
});
