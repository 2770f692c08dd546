import path from 'node:path';
import segment from '../../pipeline/segment.js';
import { configSchema } from '../../src/config/schema.js';
import { callStage, emptyNotes, type TestStageContext } from '../pipeline/stageHarness.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';
import { ROOT, seed } from '../text/seedArticle.js';

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
      return { tick: () => ticks.push(-1), done() {} };
    },
    models: () => Promise.reject(new Error('the segment stage needs no model')),
    modelCache: cache,
    notes: emptyNotes(),
  } as unknown as TestStageContext;
  return { ctx, ticks, warnings };
}

describe('segment stage', () => {
  it('segments analysable, non-duplicate articles only and ticks once per article', async () => {
    const { ctx, ticks } = context();
    const articles = [seed('001'), { ...seed('002'), analysable: false }, { ...seed('003'), duplicateOf: '001' }, seed('004')];
    const { sentences } = await callStage(segment, { articles }, ctx);
    expect(new Set(sentences.map((s) => s.articleId))).toEqual(new Set(['001', '004']));
    expect(ticks).toEqual([2, -1, -1]);
    expect(ctx.notes.counters['segment.sentences']).toBe(sentences.length);
    expect(ctx.notes.counters['segment.quotes']).toBeGreaterThan(5);
    // The alias table is a resource file: the catalog hashes it into the cache key and the manifest.
    expect(segment.resources?.(segment.params(ctx.config)).map((r) => [r.key, path.basename(r.file), r.kind])).toEqual([['segment.entityAliasesFile', 'entities.yaml', 'entities']]);
    expect(segment.summarize!({ sentences })).toMatch(/^\d+ sentences from 2 articles, \d+ quotes$/);
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

  it('declares its contract', () => {
    expect([segment.name, segment.reads, segment.writes, segment.cacheable]).toEqual(['segment', ['articles'], ['sentences'], true]);
    // Params: the segment section and the one input setting it reads (a new input.paths keeps the sentences of unchanged articles).
    expect(Object.keys(segment.params(configSchema.parse({})))).toEqual(['segment', 'slashDates', 'aliasFile']);
  });
});
